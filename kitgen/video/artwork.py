"""An episode's slides, drawn when an encoder first needs them and dropped when none will again.

Slides are drawn lazily by the segment threads themselves, so drawing overlaps encoding.
Each slide knows how many segments show it; when the last of them has moved past it, its
pictures are released, so a long episode at 1080p holds only a few slides at a time.
"""

from __future__ import annotations

import ctypes
import threading
from typing import Protocol, Sequence

from kitgen.video.slides import SlideArt
from kitgen.video.timeline import Timeline


def give_back_memory() -> None:
    """Return freed heap memory to the system (glibc keeps it otherwise: drawing a slide frees
    tens of MB of temporary pictures). Does nothing where ``malloc_trim`` does not exist."""
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):
        pass


class SlideJob(Protocol):
    def render(self) -> SlideArt: ...


class Artwork:
    """Slide ``i`` of ``jobs`` on demand (thread-safe); :meth:`release` when a segment is done with it."""

    def __init__(self, jobs: Sequence[SlideJob], users: Sequence[int]) -> None:
        self._jobs = list(jobs)
        self._users = list(users)
        self._done: dict[int, SlideArt] = {}
        self._locks = [threading.Lock() for _ in self._jobs]

    @classmethod
    def for_segments(cls, jobs: Sequence[SlideJob], timeline: Timeline, ranges: Sequence[tuple[int, int]]) -> "Artwork":
        """Slides whose users are the segments (frame ranges ``[start, end)``) that show them."""
        users = [sum(1 for start, end in ranges if slide.start < end and start < slide.end) for slide in timeline.slides]
        return cls(jobs, users)

    def __call__(self, index: int) -> SlideArt:
        found = self._done.get(index)
        if found is not None:
            return found
        with self._locks[index]:
            found = self._done.get(index)
            if found is None:
                found = self._done[index] = self._jobs[index].render()
                give_back_memory()
        return found

    def release(self, index: int) -> None:
        with self._locks[index]:
            self._users[index] -= 1
            if self._users[index] <= 0:
                self._done.pop(index, None)

    @property
    def held(self) -> int:
        """Slides currently in memory."""
        return len(self._done)
