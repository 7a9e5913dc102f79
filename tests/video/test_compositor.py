"""Frames built from slides: motion, crossfades, overlays and the skipping of unchanged frames."""

from __future__ import annotations

import numpy as np
from PIL import Image

from kitgen.model.story import Motion
from kitgen.video.compositor import Compositor, Shown
from kitgen.video.layout import Box
from kitgen.video.motion import KenBurns
from kitgen.video.planes import to_overlay, to_planes
from kitgen.video.slides import SlideArt
from kitgen.video.timeline import Slide, Timeline

W, H = 64, 36


def flat(value: int) -> SlideArt:
    return SlideArt(to_planes(np.full((H, W, 3), value, np.uint8)))


def moving() -> SlideArt:
    gradient = np.tile(np.linspace(0, 255, W * 2).astype(np.uint8)[None, :, None], (H * 2, 1, 3))
    return SlideArt(to_planes(gradient[:H, :W]), to_planes(gradient), Box(0, 0, W, H), KenBurns.of(Motion(zoom=1.5, pan="right")))


def compositor(shown: list[Shown] | None = None) -> tuple[Compositor, list[int]]:
    slides = (Slide("title", None, 0, 20), Slide("scene", 0, 8, 40), Slide("outro", None, 28, 50))
    timeline = Timeline("ep", slides, (), 50, 12)
    arts = [flat(40), moving(), flat(200)]
    calls: list[int] = []

    def art(index: int) -> SlideArt:
        calls.append(index)
        return arts[index]

    return Compositor(timeline, art, (False, True, False), shown or [], W, H), calls


def luma(frame: np.ndarray) -> np.ndarray:
    return frame[: W * H].reshape(H, W).astype(int)


def test_still_frames_are_copied_and_not_rebuilt() -> None:
    comp, _ = compositor()
    canvas = comp.canvas()
    first = canvas.build(0).copy()
    assert comp.key(0) == comp.key(7)
    assert canvas.build(7) is canvas.data and np.array_equal(canvas.data, first)


def test_crossfade_mixes_the_two_slides_progressively() -> None:
    comp, _ = compositor()
    canvas = comp.canvas()
    levels = [luma(canvas.build(frame)).mean() for frame in range(8, 20)]
    title = luma(compositor()[0].canvas().build(0)).mean()
    assert all(b != a for a, b in zip(levels, levels[1:]))
    assert levels[0] != title  # even the first overlapping frame is a mix


def test_moving_picture_changes_every_frame_and_moves_right() -> None:
    comp, _ = compositor()
    canvas = comp.canvas()
    frames = [luma(canvas.build(frame).copy()) for frame in range(20, 28)]
    assert all(not np.array_equal(a, b) for a, b in zip(frames, frames[1:]))
    assert frames[-1].mean() > frames[0].mean()  # the window slides towards the bright right side


def test_overlays_show_only_in_their_frames() -> None:
    mark = to_overlay(Image.new("RGBA", (8, 8), (255, 255, 255, 255)), 2, 2)
    comp, _ = compositor([Shown(2, 5, mark)])
    canvas = comp.canvas()
    assert luma(canvas.build(1))[4, 4] == luma(canvas.build(6))[4, 4] != 235
    assert luma(canvas.build(3))[4, 4] == 235


def test_released_slides_are_reported_once_the_canvas_is_past_them() -> None:
    released: list[int] = []
    comp, _ = compositor()
    comp = Compositor(comp.timeline, comp.art, comp.moves, (), W, H, released.append)
    canvas = comp.canvas()
    for frame in range(0, 30):
        canvas.build(frame)
    assert released == [0]
    canvas.close()
    assert sorted(released) == [0, 1, 2]


def test_windows_never_read_outside_the_picture() -> None:
    """The warp uses OpenCV's transparent border (its fastest); that is only safe because
    every sample lies inside the picture, so it must equal a replicated border exactly."""
    import cv2

    rng = np.random.default_rng(5)
    for pan in ("none", "left", "right", "up", "down"):
        for zoom in (1.0001, 1.25, 1.5):
            motion = KenBurns.of(Motion(zoom=zoom, pan=pan))
            sw, sh = 2 * round(W * motion.zoom / 2 + 0.5), 2 * round(H * motion.zoom / 2 + 0.5)
            source = rng.integers(0, 256, (sh, sw), dtype=np.uint8)
            for progress in np.linspace(0, 1, 21):
                matrix = motion.matrix(progress, (sw, sh), (W, H))
                flags = cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP
                replicated = cv2.warpAffine(source, matrix, (W, H), flags=flags, borderMode=cv2.BORDER_REPLICATE)
                transparent = np.full((H, W), 7, np.uint8)
                cv2.warpAffine(source, matrix, (W, H), dst=transparent, flags=flags, borderMode=cv2.BORDER_TRANSPARENT)
                assert np.array_equal(replicated, transparent), (pan, zoom, progress)


def test_a_canvas_with_several_buffers_builds_each_new_frame_into_the_next_one() -> None:
    """Frames handed to an encoder's pipe must stay as built while it may still read them: a
    canvas with n buffers builds the same frames, each new one into the next buffer in turn,
    and leaves the n - 1 before it untouched; a held frame is not rebuilt."""
    mark = to_overlay(Image.new("RGBA", (8, 8), (255, 255, 255, 255)), 2, 2)
    comp, _ = compositor([Shown(22, 26, mark)])
    one, three = comp.canvas(), comp.canvas(3)
    kept: list[tuple[np.ndarray, np.ndarray]] = []
    for frame in range(50):
        expected = one.build(frame).copy()
        built = three.build(frame)
        assert np.array_equal(built, expected)
        if kept and built is kept[-1][0]:
            assert comp.key(frame) == comp.key(frame - 1)  # the same frame again: not rebuilt
            continue
        kept.append((built, expected))
        assert len({id(buffer) for buffer, _ in kept[-3:]}) == len(kept[-3:])
        for buffer, content in kept[-3:]:
            assert np.array_equal(buffer, content)  # the frames before it are as they were built
