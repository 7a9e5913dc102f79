"""The one build pipeline: ``kitgen build`` and every single-artifact command run through it.

0. When the plan kept by the last build still stands (no file it read has changed, see
   :mod:`kitgen.pipeline.plans`) and every job is up to date, that is all.
1. Load the project (a :class:`~kitgen.pipeline.session.BuildSession`) and plan the jobs.
2. Key each job by exactly what its builder declares (:mod:`kitgen.pipeline.keys`).
3. Up to date: the state record has the key and the files are unchanged (stat first).
   Otherwise, when the store has the key, the files are restored from it ("reused").
4. What is left is checked in full, then built once per distinct key, longest first, in
   warm worker processes; jobs sharing a key get the first one's files from the store.
5. Records are written, stale files of earlier builds removed, the store swept.
"""

from __future__ import annotations

import contextlib
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Iterable

from kitgen.errors import Report
from kitgen.output import output_lock, remove_stale
from kitgen.pipeline.digests import Digests
from kitgen.pipeline.execute import BUILT, FAILED, REUSED, UP_TO_DATE, Outcome
from kitgen.pipeline.jobs import Job, Settings, kit_jobs
from kitgen.pipeline.plan import plan, shard
from kitgen.pipeline.plans import PlanCache
from kitgen.pipeline.readiness import DraftRefused, formatted, today
from kitgen.pipeline.registry import Registry, default_registry
from kitgen.pipeline.session import BuildSession
from kitgen.pipeline.store import ArtifactStore, StateRecords

__all__ = ["BUILT", "FAILED", "REUSED", "UP_TO_DATE", "BuildOptions", "BuildResult", "Outcome", "Progress", "build", "run_jobs"]


@dataclass
class BuildResult:
    outcomes: list[Outcome] = field(default_factory=list)
    seconds: float = 0.0
    removed: list[str] = field(default_factory=list)  # stale files of earlier builds
    workers: int = 1
    notes: list[str] = field(default_factory=list)  # untranslated lines, approximate voices
    warnings: list[str] = field(default_factory=list)  # located: caption cues too fast to read
    drafts: dict[str, list[str]] = field(default_factory=dict)  # target -> why its artifacts are drafts

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == FAILED]

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    def as_json(self) -> dict:
        return {
            "seconds": round(self.seconds, 3),
            "jobs": self.workers,
            "built": self.count(BUILT),
            "reused": self.count(REUSED),
            "up_to_date": self.count(UP_TO_DATE),
            "failed": self.count(FAILED),
            "removed": self.removed,
            "notes": self.notes,
            "warnings": self.warnings,
            "drafts": self.drafts,
            "artifacts": [asdict(o) for o in self.outcomes],
        }


@dataclass(frozen=True)
class BuildOptions:
    kits: tuple[str, ...] = ()
    locales: tuple[str, ...] = ()
    only: tuple[str, ...] = ()  # builder groups; empty: all
    jobs: int = 1
    shard: tuple[int, int] | None = None
    output_root: Path | None = None
    force: bool = False
    settings: Settings = Settings()
    release: bool = False  # refuse drafts: list every reason, build nothing


class Progress:
    """What a build tells the user while it runs (see :mod:`kitgen.kits.progress`)."""

    def start(self, total: int) -> None: ...
    def started(self, job: Job) -> None: ...
    def advanced(self, job: Job, fraction: float) -> None: ...
    def finished(self, outcome: Outcome) -> None: ...
    def close(self) -> None: ...


def output_root(session: BuildSession, options_root: Path | None) -> Path:
    return (options_root or session.root / "output").resolve()


def build(root: Path, options: BuildOptions, progress: Progress | None = None,
          session: BuildSession | None = None, registry: Registry | None = None) -> BuildResult:
    """Build what is out of date in every kit x locale; source errors abort before any work."""
    started = time.perf_counter()
    session = session or BuildSession(root)
    registry = registry or default_registry()
    groups = options.only or registry.groups(default_only=True)
    out = output_root(session, options.output_root)
    kept = _plan_cache(session, registry, options, groups, out)
    if not options.force and not options.release:  # a release always runs the gate
        unchanged = _up_to_date(kept, out, options.jobs, progress, started)
        if unchanged is not None:
            return unchanged
    # Imported here, not above: a build with nothing to do (the kept plan) needs none of them.
    from kitgen.pipeline.captions import check_reading_speed
    from kitgen.pipeline.checks import check_kit
    from kitgen.pipeline.notes import narration_notes

    with session.pinned():  # the sources are read once for planning and keying
        project, report = session.load()
        for kit_id in project.kits:
            check_kit(project, kit_id, report)
        report.raise_if_errors()
        targets = plan(project, list(options.kits) or None, list(options.locales) or None)
        if options.shard:
            targets = shard(targets, *options.shard)
        jobs = kit_jobs(session, registry, targets, groups, out, options.settings)
        drafts = _draft_targets(session, registry, jobs, options.settings)
        if options.release and drafts:
            raise DraftRefused("the build", sorted({reason for reasons in drafts.values() for reason in reasons}))
        result = run_jobs(session, registry, jobs, out, options.jobs, options.force, progress, prune_groups=groups)
        notes = narration_notes(session, jobs)
    notes += [f"{target} is a draft: {len(reasons)} reason{'s' if len(reasons) != 1 else ''} "
              f"(unreviewed strings, unchecked help contacts, fallback lines or an approximate voice); "
              f"'kitgen build --release' lists them" for target, reasons in sorted(drafts.items())]
    result.notes += notes
    result.drafts = {target: formatted(reasons) for target, reasons in sorted(drafts.items())}
    _keep_plan(kept, jobs, out, result, notes)
    result.seconds = time.perf_counter() - started  # planning and keying included
    built = {(job.kit, job.locale) for job in jobs if job.group == "episodes" and job.kit
             and result_status(result, job) in (BUILT, REUSED)}
    if built and options.settings.cache_dir is not None:  # the narration is cached now: measuring costs little
        speed = Report()
        check_reading_speed(session, speed, options.settings.cache_dir, built)
        result.warnings = [d.format() for d in speed.warnings]
    return result


def _draft_targets(session: BuildSession, registry: Registry, jobs: list[Job], settings: Settings) -> dict[str, list]:
    """Target -> the reasons its artifacts are drafts (only targets that have any)."""
    from kitgen.pipeline.jobs import target_readiness

    found: dict[str, dict] = {}
    speaking = {(job.target, job.story_id) for job in jobs if "voice" in registry.get(job.builder).reads.files}
    for target, kit, story_id, locale in dict.fromkeys((j.target, j.kit, j.story_id, j.locale) for j in jobs):
        reasons = target_readiness(session, kit, story_id, locale, settings.today).of((target, story_id) in speaking)
        if reasons:
            found.setdefault(target, {}).update(dict.fromkeys(reasons))
    return {target: list(reasons) for target, reasons in found.items()}


def _plan_cache(session: BuildSession, registry: Registry, options: BuildOptions, groups: tuple[str, ...], out: Path) -> PlanCache:
    from kitgen.project import Project  # already imported by the session; folders only, nothing read

    folders = Project(session.root)
    settings = options.settings
    request = {"kits": options.kits, "locales": options.locales, "only": groups, "shard": options.shard, "output": out,
               "settings": asdict(settings), "day": str(settings.today or today())}  # contacts' checks expire
    option_files = [Path(value).resolve() for value in settings.options.values() if isinstance(value, Path)]
    builders = [registry.get(name).__class__ for name in registry.names()]
    return PlanCache(out, request, builders, session.root, (folders.fonts_dir, folders.voices_dir), option_files)


def _up_to_date(kept: PlanCache, out: Path, jobs_count: int, progress: Progress | None, started: float) -> BuildResult | None:
    """The result of a build with nothing to do, by the kept plan alone; None when it cannot tell."""
    found = kept.kept()
    if found is None:
        return None
    jobs, notes = found
    records = StateRecords(out / ".kitgen" / "state")
    with output_lock(out):
        if not all(records.is_current(job, job.key) for job in jobs):
            return None
        stale = remove_stale(out)
    progress = progress or Progress()
    progress.start(len(jobs))
    outcomes = [Outcome(job.id, job.label, job.output, UP_TO_DATE) for job in jobs]
    for outcome in outcomes:
        progress.finished(outcome)
    progress.close()
    if stale:
        notes = notes + [f"removed {len(stale)} unfinished file(s) that an interrupted build left behind"]
    return BuildResult(outcomes, time.perf_counter() - started, [], jobs_count, notes)


def _keep_plan(kept: PlanCache, jobs: list[Job], out: Path, result: BuildResult, notes: list[str]) -> None:
    """Keep the plan when the build left every job up to date with its key recorded."""
    if result.failed or len(result.outcomes) != len(jobs):
        kept.forget()
        return
    records = StateRecords(out / ".kitgen" / "state")
    keys = {}
    for job in jobs:
        record = records.read(job)
        if not record or not isinstance(record.get("key"), str):
            kept.forget()
            return
        keys[job.id] = record["key"]
    kept.keep(jobs, keys, notes)


def result_status(result: BuildResult, job: Job) -> str | None:
    return next((o.status for o in result.outcomes if o.job == job.id), None)


def run_jobs(session: BuildSession, registry: Registry, jobs: list[Job], out: Path, workers_count: int = 1,
             force: bool = False, progress: Progress | None = None, prune_groups: Iterable[str] | None = None) -> BuildResult:
    """Bring ``jobs`` up to date (the shared path of ``kitgen build`` and ``kitgen cards`` & co.).

    The output folder is locked meanwhile; first, what killed builds left in it is removed
    (see :func:`kitgen.output.remove_stale`). An interrupt stops the workers; what finished
    is kept and recorded, what did not leaves nothing behind.
    """
    with output_lock(out):
        stale = remove_stale(out)
        result = _run_jobs(session, registry, jobs, out, workers_count, force, progress, prune_groups)
    if stale:
        result.notes.append(f"removed {len(stale)} unfinished file(s) that an interrupted build left behind")
    return result


def _run_jobs(session: BuildSession, registry: Registry, jobs: list[Job], out: Path, workers_count: int,
              force: bool, progress: Progress | None, prune_groups: Iterable[str] | None) -> BuildResult:
    from kitgen.pipeline import workers
    from kitgen.pipeline.checks import check
    from kitgen.pipeline.keys import job_key

    started = time.perf_counter()
    progress = progress or Progress()
    kitgen_dir = out / ".kitgen"
    records, store = StateRecords(kitgen_dir / "state"), ArtifactStore(kitgen_dir / "store")
    digests = Digests.load(kitgen_dir / "digests.json")
    result = BuildResult(workers=workers_count)
    outcomes: dict[str, Outcome] = {}
    keys: dict[str, str] = {}
    pending: dict[str, list[Job]] = {}  # key -> the jobs that want it, the first one builds
    for job in jobs:
        key = keys[job.id] = job_key(session, registry.get(job.builder), job, digests)
        if not force and records.is_current(job, key):
            outcomes[job.id] = Outcome(job.id, job.label, str(job.output), UP_TO_DATE)
        elif not force and _reuse(store, records, job, key, result):
            outcomes[job.id] = Outcome(job.id, job.label, str(job.output), REUSED)
        else:
            pending.setdefault(key, []).append(job)
    if pending:
        _, report = check(session.root, session.project())
        report.raise_if_errors()
    progress.start(len(jobs))
    for outcome in outcomes.values():
        progress.finished(outcome)
    by_id = {job.id: job for job in jobs}
    firsts = schedule([group[0] for group in pending.values()])

    def on_event(event: tuple) -> None:
        kind, job_id, *rest = event
        if kind == "started":
            progress.started(by_id[job_id])
        elif kind == "progress":
            progress.advanced(by_id[job_id], rest[0])

    try:
        with contextlib.closing(workers.run(session, registry, firsts, _worth_starting(firsts, workers_count), on_event)) as finishing:
            for job, outcome in finishing:
                key = keys[job.id]
                finished = [outcome]
                if outcome.status == BUILT:
                    shas = store.put(key, job.files)
                    result.removed += [str(p) for p in records.record(job, key, shas)]
                    for twin in pending[key][1:]:
                        reused = _reuse(store, records, twin, key, result)
                        status = REUSED if reused else FAILED
                        finished.append(Outcome(twin.id, twin.label, str(twin.output), status,
                                                "" if reused else "internal error: the store lost a built artifact"))
                else:
                    finished += [Outcome(t.id, t.label, str(t.output), FAILED, outcome.reason) for t in pending[key][1:]]
                for item in finished:
                    outcomes[item.job] = item
                    progress.finished(item)
    finally:
        progress.close()
        if any(outcome.status != FAILED for outcome in outcomes.values()):
            digests.save()  # a build where everything failed leaves output/ as it was
    result.removed += [str(p) for p in records.prune(jobs, prune_groups or {job.group for job in jobs})]
    store.collect(records.keys())
    result.outcomes = [outcomes[job.id] for job in jobs if job.id in outcomes]
    result.seconds = time.perf_counter() - started
    return result


#: Where workers are fresh interpreters (not forked, see :mod:`kitgen.pipeline.workers`), fewer
#: pending jobs than this, none of them long (a video episode's cost is several hundred, a PDF's
#: 1), are built in this process: starting each worker (imports of every builder, the project,
#: the fonts: about 2 CPU-s) would take longer than the jobs themselves. Forking one costs
#: next to nothing, so there even two short jobs are built side by side.
FEW_JOBS, LONG_JOB = 6, 100.0


def _worth_starting(jobs: list[Job], workers_count: int) -> int:
    """How many worker processes to start for ``jobs`` (1: build them here)."""
    from kitgen.pipeline.workers import start_method

    if (workers_count > 1 and start_method() != "fork" and len(jobs) < FEW_JOBS
            and all(job.cost < LONG_JOB for job in jobs)):
        return 1
    return workers_count


def schedule(jobs: list[Job]) -> list[Job]:
    """The order jobs start in: the longest (episodes) first, so short ones fill the gaps at the end."""
    return sorted(jobs, key=lambda job: -job.cost)


def _reuse(store: ArtifactStore, records: StateRecords, job: Job, key: str, result: BuildResult) -> bool:
    shas = store.restore(key, job.files)
    if shas is None:
        return False
    result.removed += [str(p) for p in records.record(job, key, shas)]
    return True
