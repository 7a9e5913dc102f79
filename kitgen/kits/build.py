"""``kitgen build``: every artifact of every kit x locale, incrementally and in parallel.

Independent artifacts run in worker processes (``jobs``); a failure in one does not stop
the others. Each artifact is rebuilt only when the hash of its inputs changed or its file
is missing or altered; every file appears complete or not at all.
"""

from __future__ import annotations

import concurrent.futures as futures
import functools
import multiprocessing
import threading
import time
import traceback
from dataclasses import asdict, dataclass, field
from pathlib import Path

from kitgen.builders import BuildRequest, get_builder
from kitgen.errors import KitgenError, Report
from kitgen.kits.jobs import Job, jobs_for, target_dir
from kitgen.kits.plan import Target, plan, shard
from kitgen.kits.state import FileDigests, StateStore
from kitgen.project import Project, load_project

BUILT, UP_TO_DATE, FAILED = "built", "up to date", "failed"


@dataclass(frozen=True)
class Outcome:
    job: str
    label: str
    output: str
    status: str
    reason: str = ""
    seconds: float = 0.0


@dataclass
class BuildResult:
    outcomes: list[Outcome] = field(default_factory=list)
    seconds: float = 0.0
    removed: list[str] = field(default_factory=list)  # stale files of earlier builds

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == FAILED]

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    def as_json(self) -> dict:
        return {
            "seconds": round(self.seconds, 3),
            "built": self.count(BUILT),
            "up_to_date": self.count(UP_TO_DATE),
            "failed": self.count(FAILED),
            "removed": self.removed,
            "artifacts": [asdict(o) for o in self.outcomes],
        }


@dataclass(frozen=True)
class BuildOptions:
    kits: tuple[str, ...] = ()
    locales: tuple[str, ...] = ()
    only: tuple[str, ...] = ()
    jobs: int = 1
    shard: tuple[int, int] | None = None
    output_root: Path | None = None
    force: bool = False


class Progress:
    """What a build tells the user while it runs (see :mod:`kitgen.kits.progress`)."""

    def start(self, total: int) -> None: ...
    def started(self, job: Job) -> None: ...
    def advanced(self, job: Job, fraction: float) -> None: ...
    def finished(self, outcome: Outcome) -> None: ...
    def close(self) -> None: ...


def state_store(project: Project, output_root: Path | None) -> StateStore:
    return StateStore((output_root or project.output_dir) / ".kitgen" / "state")


def collect_jobs(project: Project, options: BuildOptions) -> list[Job]:
    targets = plan(project, list(options.kits) or None, list(options.locales) or None)
    if options.shard:
        targets = shard(targets, *options.shard)
    jobs: list[Job] = []
    for target in targets:
        for story_id in project.kit(target.kit).kit.stories:
            story = project.localized(story_id, target.locale)
            jobs.extend(jobs_for(project, target, options.only, story, story_id, options.output_root))
    return jobs


def build(root: Path, options: BuildOptions, progress: Progress | None = None) -> BuildResult:
    """Build what is out of date. Source errors abort before any work.

    The full check (references, illustrations, glyph coverage, voice profiles) runs only when
    something is to be built: an up-to-date artifact was built after a check of exactly its
    inputs, so a build with nothing to do stays fast.
    """
    from kitgen.commands.check import check

    started = time.perf_counter()
    progress = progress or Progress()
    from kitgen.commands.check import check_kit

    report = Report()
    project = load_project(root, report)
    for kit_id in project.kits:
        check_kit(project, kit_id, report)
    report.raise_if_errors()
    jobs = collect_jobs(project, options)
    store = state_store(project, options.output_root)
    digests = FileDigests()
    result = BuildResult()
    pending: list[tuple[Job, str]] = []
    for job in jobs:
        key = job.key(digests.of(job.inputs))
        if not options.force and store.is_current(job, key):
            result.outcomes.append(Outcome(job.id, job.label, str(job.output), UP_TO_DATE))
        else:
            pending.append((job, key))
    if pending:
        _, report = check(root, project)
        report.raise_if_errors()
    progress.start(len(jobs))
    for outcome in result.outcomes:
        progress.finished(outcome)
    try:
        for job, key, outcome in _run(project.root, pending, options.jobs, progress):
            if outcome.status == BUILT:
                result.removed += [str(p) for p in store.record(job, key)]
            result.outcomes.append(outcome)
            progress.finished(outcome)
    finally:
        progress.close()
    result.removed += [str(p) for p in store.prune(jobs, options.only)]
    order = {job.id: n for n, job in enumerate(jobs)}
    result.outcomes.sort(key=lambda o: order.get(o.job, 0))
    result.seconds = time.perf_counter() - started
    return result


class _Events:
    """Where a running job reports that it started and how far it is (a queue across processes)."""

    def __init__(self, progress: Progress, jobs: dict[str, Job]) -> None:
        self.progress = progress
        self.jobs = jobs

    def put(self, event: tuple) -> None:
        kind, job_id, *rest = event
        if kind == "started":
            self.progress.started(self.jobs[job_id])
        elif kind == "progress":
            self.progress.advanced(self.jobs[job_id], rest[0])


def _run(root: Path, pending: list[tuple[Job, str]], workers: int, progress: Progress):
    if not pending:
        return
    events = _Events(progress, {job.id: job for job, _ in pending})
    if workers <= 1:
        for job, key in pending:
            yield job, key, execute(str(root), job, None, events)
        return
    with multiprocessing.Manager() as manager, futures.ProcessPoolExecutor(max_workers=workers) as pool:
        queue = manager.Queue()
        relay = threading.Thread(target=_relay, args=(queue, events), daemon=True)
        relay.start()
        running = {pool.submit(execute, str(root), job, 1, queue): (job, key) for job, key in pending}
        try:
            for future in futures.as_completed(running):
                job, key = running[future]
                yield job, key, future.result()
        except BaseException:
            for future in running:
                future.cancel()
            raise
        finally:
            queue.put(None)
            relay.join(timeout=5)


def _relay(queue, events: _Events) -> None:
    while (event := queue.get()) is not None:
        events.put(event)


@functools.lru_cache(maxsize=2)
def _project(root: str) -> Project:
    report = Report()
    project = load_project(Path(root), report)
    report.raise_if_errors()
    return project


def execute(root: str, job: Job, encoders: int | None, events=None) -> Outcome:
    """Build one artifact (in a worker process or in-process). Never raises for bad input.

    ``encoders``: parallel video encoders inside this job (None: as many as cores allow;
    1 when the build itself runs artifacts in parallel). ``events`` receives
    ``("started", job id)`` and ``("progress", job id, fraction)``.
    """
    started = time.perf_counter()
    if events is not None:
        events.put(("started", job.id))
    try:
        project = _project(root)
        if job.artifact == "video":
            from kitgen.kits.video_job import build_episode

            def report(what: str, done: int, total: int) -> None:
                if events is not None and total:
                    events.put(("progress", job.id, done / total))

            build_episode(project, job, encoders, report)
        else:
            _run_print(project, job)
        return Outcome(job.id, job.label, str(job.output), BUILT, seconds=time.perf_counter() - started)
    except KitgenError as exc:
        return Outcome(job.id, job.label, str(job.output), FAILED, exc.format_message(), time.perf_counter() - started)
    except Exception as exc:  # a bug in one artifact must not stop the others
        detail = "".join(traceback.format_exception_only(exc)).strip()
        return Outcome(job.id, job.label, str(job.output), FAILED, f"internal error: {detail}", time.perf_counter() - started)


def _run_print(project: Project, job: Job) -> None:
    source = project.story(job.story_id)
    request = BuildRequest(
        story=project.localized(job.story_id, job.target.locale),
        story_dir=source.directory,
        locale=job.target.locale,
        fonts_dir=project.fonts_dir,
        branding=job.options.get("branding", ""),
        output=job.output,
        options=job.options,
    )
    get_builder(job.artifact).build(request)


def output_dir_for(project: Project, target: Target, output_root: Path | None = None) -> Path:
    return target_dir(project, target, output_root)
