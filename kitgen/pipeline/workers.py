"""Worker processes forked from the warm build process: nothing to import, load or register.

With ``--jobs N`` the build's own process, once it has planned and keyed the jobs, registers
the fonts with reportlab and forks N workers (on Linux; elsewhere, where forking a process
that has loaded native libraries is not safe, each worker is a fresh interpreter that reads
the project itself). A forked worker starts with this process's
:class:`~kitgen.pipeline.session.BuildSession` as the build left it: the project, fonts and
catalogs the jobs were keyed from (stamped once in the build's pinned block), so it builds
nothing older than the keys say. Workers live for one build. When this process forks it runs
no other Python thread (it only reads the queue the workers report on), and what native
libraries it has loaded keep no lock across the fork (OpenBLAS stops its threads for it;
libespeak-ng, synchronous, has none).

The workers take the next job from one shared counter, so the longest jobs, ordered first,
start first and short ones fill the gaps. They report ``started``, ``progress`` and ``done``
events on a queue. SIGINT and SIGTERM are blocked while a worker starts, until it has its own
handlers. Interrupting the build stops the workers and their children: each worker gets
SIGTERM, which it turns into :class:`~kitgen.interrupts.Interrupted`, so the job it was
running cleans up (temporary files and folders, ffmpeg processes) before the worker ends. A
worker whose parent is killed outright gets SIGTERM from the kernel and does the same.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import queue as queues
import signal
import sys
import threading
from typing import Callable, Iterator

from kitgen.interrupts import raise_on_signals, stop_with_parent
from kitgen.pipeline.execute import FAILED, Outcome, execute
from kitgen.pipeline.jobs import Job
from kitgen.pipeline.registry import Registry
from kitgen.pipeline.session import BuildSession

Events = Callable[[tuple], None]

#: Seconds an interrupted worker has to clean up before it is killed.
STOP_GRACE = 20

#: How workers start: forked from this process on Linux, a fresh interpreter elsewhere.
START_METHOD = "fork" if sys.platform.startswith("linux") else "spawn"

#: Blocked while a worker starts, so that it sets its own handlers before it can be stopped.
STOP_SIGNALS = frozenset({signal.SIGINT, signal.SIGTERM})


def warm(session: BuildSession) -> None:
    """What every job needs, done before the first: the project, the fonts (registered).
    A problem is left for each job to report."""
    from kitgen.text.pdf import register_reportlab

    with contextlib.suppress(Exception):
        session.project()
        register_reportlab(session.fonts())


def start_method() -> str:
    """:data:`START_METHOD`, unless this process runs other threads: a fork copies only the
    calling thread, and a lock another thread held at that moment would stay locked in the
    worker for ever (a program that drives kitgen from a thread gets fresh interpreters)."""
    return START_METHOD if threading.active_count() == 1 else "spawn"


def _take(taken, count: int) -> int | None:
    """The index of the next job nobody has started, or None when all have been."""
    with taken.get_lock():
        index = taken.value
        taken.value = index + 1
    return index if index < count else None


def _worker(session: BuildSession, registry: Registry, jobs: list[Job], taken, events, parent: int) -> None:  # in the worker
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides what an interrupt stops
    raise_on_signals(signal.SIGTERM)
    try:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)
        stop_with_parent(parent)
        warm(session)  # forked: already done
        while (index := _take(taken, len(jobs))) is not None:
            job = jobs[index]
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
    method = start_method()
    context = multiprocessing.get_context(method)
    if method == "fork":
        warm(session)  # once, here: every worker starts with it
    else:
        session = BuildSession(session.root)  # a fresh interpreter reads the project itself
    taken, events = context.Value("q", 0), context.Queue()
    count = min(workers, len(jobs))
    processes = [context.Process(target=_worker, args=(session, registry, jobs, taken, events, os.getpid()), daemon=True)
                 for _ in range(count)]
    by_id = {job.id: job for job in jobs}
    finished: set[str] = set()
    try:
        mask = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
        try:
            for process in processes:
                process.start()
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, mask)
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
