"""Drawing an episode's slides in worker processes while its frames are being encoded.

Rasterizing an illustration (resvg) and converting it to planes takes a good fraction of a
second and holds the GIL, so slides are drawn by a small process pool, submitted in the
order the encoders will first need them. :meth:`Artwork.__call__` waits for a slide only if
it is not ready yet. A kitgen error raised while drawing (a broken illustration, text that
does not fit) is re-raised in the caller with its message and location intact.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from typing import Protocol, Sequence

from kitgen.errors import KitgenError, Location
from kitgen.video.slides import SlideArt


class SlideJob(Protocol):
    def render(self) -> SlideArt: ...


@dataclass(frozen=True)
class _Failure:
    kind: type
    message: str
    location: Location | None


def _draw(job: SlideJob) -> SlideArt | _Failure:
    try:
        return job.render()
    except KitgenError as exc:  # click exceptions lose their location when pickled
        return _Failure(type(exc), exc.message, exc.location)


class Artwork:
    """Slide ``i`` of ``jobs`` on demand; use as a context manager (the pool is shut down on exit)."""

    def __init__(self, jobs: Sequence[SlideJob], order: Sequence[int], workers: int) -> None:
        self._jobs = list(jobs)
        self._order = [i for i in dict.fromkeys([*order, *range(len(jobs))])]
        self._workers = max(1, min(workers, len(jobs))) if os.environ.get("KG_POOL", "1") == "1" else 1
        self._pool: ProcessPoolExecutor | None = None
        self._futures: dict[int, Future] = {}
        self._done: dict[int, SlideArt] = {}
        self._locks = [threading.Lock() for _ in self._jobs]

    def __enter__(self) -> "Artwork":
        if self._workers > 1:
            self._pool = ProcessPoolExecutor(self._workers, mp_context=multiprocessing.get_context("spawn"))
            for index in self._order:
                self._futures[index] = self._pool.submit(_draw, self._jobs[index])
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def __call__(self, index: int) -> SlideArt:
        found = self._done.get(index)
        if found is not None:
            return found
        with self._locks[index]:
            found = self._done.get(index)
            if found is None:
                future = self._futures.get(index)
                result = future.result() if future is not None else _draw(self._jobs[index])
                if isinstance(result, _Failure):
                    raise result.kind(result.message, result.location)
                found = self._done[index] = result
        return found
