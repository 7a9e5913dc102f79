"""Frame ``n`` of an episode, built from pre-rendered slides with a few cheap operations.

Per frame, at most: one resampling per plane of a moving picture (bilinear, sub-pixel exact:
see :class:`~kitgen.video.planes.Resampling`), one weighted blend during a crossfade, and a
premultiplied composite of the small overlays (speaker's name, burned-in caption) on their
own rectangles. A frame identical to the previous one (a title card, a still slide between
two lines) is not rebuilt at all. Everything works on the ``yuv420p`` planes the encoder
reads. OpenCV releases the GIL, so several threads can build frames for several encoders at
once.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Callable, Sequence

import cv2
import numpy as np

from kitgen.video.crossfade import Crossfade
from kitgen.video.planes import Overlay, Planes, Resampling, Scratch, frame_buffer, padded_size
from kitgen.video.slides import SlideArt
from kitgen.video.timeline import Timeline

# Every window lies inside its picture (see kitgen.video.motion), so no border pixel is ever
# read (the warp's BORDER_TRANSPARENT is simply OpenCV's fastest border mode).


@dataclass(frozen=True)
class Shown:
    """An overlay shown on frames ``[start, end)``."""

    start: int
    end: int
    overlay: Overlay


@dataclass(frozen=True, eq=False)
class Compositor:
    """Builds frames; shared by threads (it holds no per-frame state, see :class:`Canvas`)."""

    timeline: Timeline
    art: Callable[[int], SlideArt]  # slide index -> its art (may wait for it to be drawn)
    moves: Sequence[bool]  # per slide: does its picture move?
    shown: Sequence[Shown] = ()
    width: int = 0
    height: int = 0
    release: Callable[[int], None] | None = None  # called once per canvas when it is done with a slide

    def canvas(self, buffers: int = 1) -> "Canvas":
        """A canvas building into ``buffers`` frame buffers in turn (see :class:`Canvas`)."""
        return Canvas(self, buffers)

    def key(self, frame: int) -> tuple:
        """Everything frame ``frame`` depends on: equal keys mean equal frames."""
        return self._frames[frame].key

    def moving(self, index: int) -> bool:
        return self.moves[index]

    def release_range(self, start: int, end: int) -> None:
        """Release, once, each slide shown in frames ``[start, end)``: for a run of frames that
        was never built (its segment came from a cache), as its canvas would have on closing."""
        if self.release is not None:
            for index, slide in enumerate(self.timeline.slides):
                if slide.start < end and start < slide.end:
                    self.release(index)

    @functools.cached_property
    def _frames(self) -> list["_Frame"]:
        """What every frame shows, worked out once for all canvases (threads that ask at once
        may each work it out: the results are equal). Runs of frames share their tuples."""
        showing: list[list[int]] = [[] for _ in range(self.timeline.frames)]
        for number, item in enumerate(self.shown):
            for frame in range(max(0, item.start), min(item.end, self.timeline.frames)):
                showing[frame].append(number)
        shared: dict[tuple, tuple] = {}
        frames = []
        for frame in range(self.timeline.frames):
            active = shared.setdefault(("active", *self.timeline.active(frame)), tuple(self.timeline.active(frame)))
            overlays = shared.setdefault(("shown", *showing[frame]), tuple(showing[frame]))
            parts: list[object] = [(i, frame - self.timeline.slides[i].start if self.moving(i) else None) for i in active]
            if len(parts) == 2:
                parts.append(frame)  # a crossfade changes every frame
            parts.append(overlays)
            laid = shared.setdefault(("laid", *overlays), tuple(self.shown[i].overlay for i in overlays))
            frames.append(_Frame(active, tuple(parts), laid))
        return frames


@dataclass(frozen=True, slots=True)
class _Frame:
    active: tuple[int, ...]  # the slides shown: one, or (outgoing, incoming) in a crossfade
    key: tuple  # see Compositor.key
    overlays: tuple[Overlay, ...]  # laid over the slides, in order


@dataclass(eq=False)
class Canvas:
    """One thread's frame buffers: builds frames into ``data`` (a contiguous yuv420p frame).

    With ``buffers`` > 1, each frame that differs from the last is built into the next of
    that many buffers in turn, so the ones built before stay as they were: an encoder's pipe
    may still be reading them (see :class:`kitgen.video.pipe.FramePipe`)."""

    compositor: Compositor
    buffers: int = 1
    data: np.ndarray = field(init=False)
    planes: Planes = field(init=False)
    _ring: list[tuple[np.ndarray, Planes]] = field(init=False)
    _turn: int = field(init=False, default=0)
    _spare: np.ndarray = field(init=False)
    _spare_planes: Planes = field(init=False)
    _key: tuple | None = field(init=False, default=None)
    _held: set[int] = field(init=False, default_factory=set)
    _scratch: Scratch = field(init=False, default_factory=Scratch)

    def __post_init__(self) -> None:
        c = self.compositor
        self._ring = [frame_buffer(c.width, c.height) for _ in range(max(1, self.buffers))]
        self.data, self.planes = self._ring[0]
        self._spare, self._spare_planes = frame_buffer(c.width, c.height)

    def build(self, frame: int) -> np.ndarray:
        """Frame ``frame`` in ``data`` (rebuilt only when it differs from the last one built)."""
        c = self.compositor
        planned = c._frames[frame]
        active, key = planned.active, planned.key
        self._hold(active, frame)
        if key == self._key:
            return self.data
        if self._key is not None and len(self._ring) > 1:
            self._turn = (self._turn + 1) % len(self._ring)
            self.data, self.planes = self._ring[self._turn]
        self._draw(active[0], frame, self.planes)
        if len(active) == 2:
            self._draw(active[1], frame, self._spare_planes)
            fade = Crossfade(c.timeline.crossfade)
            incoming = c.timeline.slides[active[1]]
            fade.blend(self.data, self._spare, fade.weight(frame - incoming.start), self.data)
        for overlay in planned.overlays:
            composite(self.planes, overlay)
        self._key = key
        return self.data

    def close(self) -> None:
        """Release every slide this canvas still holds."""
        for index in sorted(self._held):
            self._release(index)
        self._held.clear()

    def _hold(self, active: Sequence[int], frame: int) -> None:
        self._held.update(active)
        for index in [i for i in self._held if self.compositor.timeline.slides[i].end <= frame]:
            self._held.discard(index)
            self._release(index)

    def _release(self, index: int) -> None:
        if self.compositor.release is not None:
            self.compositor.release(index)

    def _draw(self, index: int, frame: int, out: Planes) -> None:
        slide = self.compositor.timeline.slides[index]
        art = self.compositor.art(index)
        if art.still is not None:  # a still slide, or the background around a moving picture
            for target, source in zip((out.y, out.u, out.v), (art.still.y, art.still.u, art.still.v)):
                np.copyto(target, source)
        if not self.compositor.moving(index):
            return
        assert art.picture is not None and art.box is not None and art.motion is not None
        box, picture, margin = art.box, art.picture, art.margin
        progress = (frame - slide.start) / max(1, slide.frames - 1)
        width, height = padded_size(picture, margin)
        matrix = art.motion.matrix(progress, (width, height), box.size)
        matrix[:, 2] += margin
        Resampling.of(matrix, (picture.width, picture.height), box.size).apply(picture.y, out.y[box.y : box.bottom, box.x : box.right], self._scratch)
        half = (box.width // 2, box.height // 2)
        chroma = art.motion.matrix(progress, (width // 2, height // 2), half)
        chroma[:, 2] += margin
        sampling = Resampling.of(chroma, (picture.u.shape[1], picture.u.shape[0]), half)
        cbox = (slice(box.y // 2, box.bottom // 2), slice(box.x // 2, box.right // 2))
        for target, source in ((out.u, picture.u), (out.v, picture.v)):
            sampling.apply(source, target[cbox], self._scratch)


def composite(frame: Planes, overlay: Overlay) -> None:
    """Lay ``overlay`` over ``frame`` in place; parts outside the frame are cut off."""
    _blend(frame.y, overlay.planes.y, overlay.y_inv, overlay.x, overlay.y)
    for target, source in ((frame.u, overlay.planes.u), (frame.v, overlay.planes.v)):
        _blend(target, source, overlay.c_inv, overlay.x // 2, overlay.y // 2)


def _blend(target: np.ndarray, premultiplied: np.ndarray, inverse: np.ndarray, x: int, y: int) -> None:
    height, width = target.shape
    x0, y0 = max(x, 0), max(y, 0)
    x1, y1 = min(x + premultiplied.shape[1], width), min(y + premultiplied.shape[0], height)
    if x1 <= x0 or y1 <= y0:
        return
    region = target[y0:y1, x0:x1]
    cut = (slice(y0 - y, y1 - y), slice(x0 - x, x1 - x))
    kept = cv2.multiply(region, inverse[cut], scale=1 / 255)
    cv2.add(kept, premultiplied[cut], dst=region)
