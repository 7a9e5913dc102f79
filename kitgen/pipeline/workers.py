"""Warm worker processes: imports done, project loaded and fonts registered once per worker.

Each worker owns a :class:`~kitgen.pipeline.session.BuildSession` for its whole life and
takes jobs from one queue, so the longest jobs, queued first, start first and short ones
fill the gaps. Workers report ``started``, ``progress`` and ``done`` events on a second
queue. Interrupting the build stops the workers and their children: each worker gets
SIGTERM, which it turns into :class:`~kitgen.interrupts.Interrupted`, so the job it was
running cleans up (temporary files and folders, ffmpeg processes) before the worker ends. A
worker whose parent is killed outright gets SIGTERM from the kernel and does the same.
"""

from __future__ import annotations

import multiprocessing
import os
import queue as queues
import signal
from pathlib import Path
from typing import Callable, Iterator

from kitgen.interrupts import raise_on_signals, stop_with_parent
from kitgen.pipeline.execute import FAILED, Outcome, execute
from kitgen.pipeline.jobs import Job
from kitgen.pipeline.registry import Registry, default_registry
from kitgen.pipeline.session import BuildSession

Events = Callable[[tuple], None]

#: Seconds an interrupted worker has to clean up before it is killed.
STOP_GRACE = 20


def warm(session: BuildSession) -> None:
    """What every job needs, done before the first: the project, the fonts (registered)."""
    from kitgen.text.pdf import register_reportlab

    session.project()
    register_reportlab(session.fonts())


def _worker(root: str, tasks, events, parent: int) -> None:  # runs in the worker process
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides what an interrupt stops
    raise_on_signals(signal.SIGTERM)
    try:
        stop_with_parent(parent)
        session = BuildSession(Path(root))
        registry = default_registry()
        try:
            warm(session)
        except Exception:  # noqa: BLE001 - each job reports the problem itself
            pass
        while (job := tasks.get()) is not None:
            outcome = execute(session, registry, job, events.put)
            events.put(("done", job.id, outcome))
    except KeyboardInterrupt:  # told to stop: the job's own cleanup has run while this unwound
        events.cancel_join_thread()


def run(session: BuildSession, registry: Registry, jobs: list[Job], workers: int, on_event: Events) -> Iterator[tuple[Job, Outcome]]:
    """Build ``jobs`` (already in the order to start them); yields each as it finishes."""
    if not jobs:
        return
    if workers <= 1 or len(jobs) == 1:
        for job in jobs:
            yield job, execute(session, registry, job, on_event)
        return
    context = multiprocessing.get_context("spawn")
    tasks, events = context.Queue(), context.Queue()
    for job in jobs:
        tasks.put(job)
    count = min(workers, len(jobs))
    for _ in range(count):
        tasks.put(None)
    processes = [context.Process(target=_worker, args=(str(session.root), tasks, events, os.getpid()), daemon=True) for _ in range(count)]
    for process in processes:
        process.start()
    by_id = {job.id: job for job in jobs}
    finished: set[str] = set()
    try:
        while len(finished) < len(jobs):
            try:
                event = events.get(timeout=0.5)
            except queues.Empty:
                if not any(process.is_alive() for process in processes):
                    break
                continue
            kind, job_id, *rest = event
            if kind == "done":
                finished.add(job_id)
                yield by_id[job_id], rest[0]
            else:
                on_event(event)
        for job in jobs:
            if job.id not in finished:
                yield job, Outcome(job.id, job.label, str(job.output), FAILED, "internal error: the worker process died")
        for process in processes:
            process.join(timeout=10)
    finally:
        _stop(processes)
        tasks.cancel_join_thread()  # what the stopped workers never took must not hold this process
        tasks.close()
        events.close()


def _stop(processes: list) -> None:
    """SIGTERM to every live worker (each cleans up its job), then SIGKILL to any still alive."""
    alive = [process for process in processes if process.is_alive()]
    for process in alive:
        process.terminate()
    for process in alive:
        process.join(timeout=STOP_GRACE)
        if process.is_alive():
            process.kill()
            process.join(timeout=5)
