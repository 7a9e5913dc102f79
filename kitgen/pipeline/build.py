"""The one build pipeline: ``kitgen build`` and every single-artifact command run through it.

1. Load the project (a :class:`~kitgen.pipeline.session.BuildSession`) and plan the jobs.
2. Key each job by exactly what its builder declares (:mod:`kitgen.pipeline.keys`).
3. Up to date: the state record has the key and the files are unchanged (stat first).
   Otherwise, when the store has the key, the files are restored from it ("reused").
4. What is left is checked in full, then built once per distinct key, longest first, in
   warm worker processes; jobs sharing a key get the first one's files from the store.
5. Records are written, stale files of earlier builds removed, the store swept.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Iterable

from kitgen.pipeline import workers
from kitgen.pipeline.checks import check, check_kit
from kitgen.pipeline.digests import Digests
from kitgen.pipeline.execute import BUILT, FAILED, REUSED, UP_TO_DATE, Outcome
from kitgen.pipeline.jobs import Job, Settings, kit_jobs
from kitgen.pipeline.keys import job_key
from kitgen.pipeline.notes import narration_notes
from kitgen.pipeline.plan import plan, shard
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
    session = session or BuildSession(root)
    registry = registry or default_registry()
    project, report = session.load()
    for kit_id in project.kits:
        check_kit(project, kit_id, report)
    report.raise_if_errors()
    targets = plan(project, list(options.kits) or None, list(options.locales) or None)
    if options.shard:
        targets = shard(targets, *options.shard)
    groups = options.only or registry.groups(default_only=True)
    out = output_root(session, options.output_root)
    jobs = kit_jobs(session, registry, targets, groups, out, options.settings)
    result = run_jobs(session, registry, jobs, out, options.jobs, options.force, progress, prune_groups=groups)
    result.notes = narration_notes(session, jobs)
    return result


def run_jobs(session: BuildSession, registry: Registry, jobs: list[Job], out: Path, workers_count: int = 1,
             force: bool = False, progress: Progress | None = None, prune_groups: Iterable[str] | None = None) -> BuildResult:
    """Bring ``jobs`` up to date (the shared path of ``kitgen build`` and ``kitgen cards`` & co.)."""
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
        for job, outcome in workers.run(session, registry, firsts, workers_count, on_event):
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
        digests.save()
    result.removed += [str(p) for p in records.prune(jobs, prune_groups or {job.group for job in jobs})]
    store.collect(records.keys())
    result.outcomes = [outcomes[job.id] for job in jobs if job.id in outcomes]
    result.seconds = time.perf_counter() - started
    return result


def schedule(jobs: list[Job]) -> list[Job]:
    """The order jobs start in: the longest (episodes) first, so short ones fill the gaps at the end."""
    return sorted(jobs, key=lambda job: -job.cost)


def _reuse(store: ArtifactStore, records: StateRecords, job: Job, key: str, result: BuildResult) -> bool:
    shas = store.restore(key, job.files)
    if shas is None:
        return False
    result.removed += [str(p) for p in records.record(job, key, shas)]
    return True
