"""BT.709 planes: conversions, overlays, the frame layout ffmpeg reads, and sub-pixel resampling."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from PIL import Image

from kitgen.model.story import Motion
from kitgen.video.compositor import composite
from kitgen.video.motion import KenBurns
from kitgen.video.planes import Planes, Resampling, Scratch, frame_buffer, margin_for, pad, to_overlay, to_planes, to_rgb


def test_round_trip_keeps_colours() -> None:
    rng = np.random.default_rng(1)
    blocks = rng.integers(0, 256, (9, 16, 3), dtype=np.uint8)
    rgb = blocks.repeat(8, axis=0).repeat(8, axis=1)  # flat 8x8 blocks: chroma subsampling loses nothing
    back = to_rgb(to_planes(rgb)).astype(int)
    assert np.abs(back - rgb).max() <= 3


def test_studio_range_and_bt709_levels() -> None:
    colours = {(0, 0, 0): (16, 128, 128), (255, 255, 255): (235, 128, 128), (255, 0, 0): (63, 102, 240)}
    for rgb, ycc in colours.items():
        planes = to_planes(np.full((4, 4, 3), rgb, np.uint8))
        assert (int(planes.y[0, 0]), int(planes.u[0, 0]), int(planes.v[0, 0])) == ycc


def test_large_pictures_convert_band_by_band_identically() -> None:
    rng = np.random.default_rng(2)
    rgb = rng.integers(0, 256, (300, 130, 3), dtype=np.uint8)
    small = to_planes(rgb[:64])
    whole = to_planes(rgb)
    assert np.array_equal(whole.y[:64], small.y) and np.array_equal(whole.u[:32], small.u)


def test_frame_buffer_is_one_contiguous_yuv420p_frame() -> None:
    data, planes = frame_buffer(6, 4)
    planes.y[...] = 1
    planes.u[...] = 2
    planes.v[...] = 3
    assert data.tolist() == [1] * 24 + [2] * 6 + [3] * 6


def test_overlay_blends_by_its_alpha_and_is_clipped_at_the_edges() -> None:
    _, frame = frame_buffer(8, 8)
    for plane in (frame.y, frame.u, frame.v):
        plane[...] = 100
    image = Image.new("RGBA", (4, 4), (255, 255, 255, 255))
    image.paste((255, 255, 255, 0), (0, 0, 2, 4))  # left half transparent
    overlay = to_overlay(image, 6, 2)  # half of it hangs off the right edge
    composite(frame, overlay)
    assert frame.y[2, 6] == 100 and frame.y[2, 7] == 100  # transparent part
    assert frame.y[5, 5] == 100  # outside the overlay
    image = Image.new("RGBA", (2, 2), (255, 255, 255, 128))
    composite(frame, to_overlay(image, 0, 0))
    assert abs(int(frame.y[0, 0]) - (100 * 127 / 255 + 235 * 128 / 255)) <= 1


def _moving_samples(motion: KenBurns, source: np.ndarray, target: tuple[int, int], margin: int, progress: float) -> tuple[np.ndarray, np.ndarray, bool]:
    """(warped by cv2.warpAffine, resampled by Resampling, whether the separable path was taken)."""
    height, width = source.shape
    matrix = motion.matrix(progress, (width, height), target)
    warped = cv2.warpAffine(source, matrix, target, flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP, borderMode=cv2.BORDER_REPLICATE)
    padded = pad(Planes(source, source[::2, ::2], source[::2, ::2]), margin).y
    shifted = matrix.copy()
    shifted[:, 2] += margin
    sampling = Resampling.of(shifted, (padded.shape[1], padded.shape[0]), target)
    out = np.zeros((target[1], target[0]), np.uint8)
    sampling.apply(padded, out, Scratch())
    return warped, out, sampling.separable


@pytest.mark.parametrize("pan", ["none", "left", "right", "up", "down"])
def test_resampling_takes_the_warps_samples(pan: str) -> None:
    """The separable resize lands where cv2.warpAffine samples (to 1/32 pixel), for most frames."""
    rng = np.random.default_rng(3)
    motion = KenBurns.of(Motion(zoom=1.25, pan=pan))
    target = (160, 90)
    source = cv2.GaussianBlur(rng.integers(0, 256, (114, 200), dtype=np.uint8), (0, 0), 1.2)
    margin = margin_for(motion.zoom)
    separable = 0
    for progress in np.linspace(0, 1, 120):
        warped, resampled, fast = _moving_samples(motion, source, target, margin, float(progress))
        separable += fast
        assert np.abs(warped.astype(int) - resampled.astype(int)).max() <= 3, (pan, progress)
    assert separable >= 100  # the warp is only the fallback


def test_sub_pixel_pans_move_smoothly() -> None:
    """An edge crossing the frame follows the motion to a small fraction of a pixel on every frame
    (as closely as cv2.warpAffine itself), so a slow pan glides instead of stepping pixel by pixel."""
    motion = KenBurns.of(Motion(zoom=1.1, pan="right"))
    target = (320, 16)
    width = 2 * round(target[0] * motion.zoom / 2 + 0.5)
    source = np.full((18, width), 16, np.uint8)
    source[:, width // 2 :] = 235
    source = cv2.GaussianBlur(source, (0, 0), 2.0)
    frames = 250  # a 10 s slide: the edge moves about 0.07 pixel a frame
    found: dict[str, list[float]] = {"warp": [], "resampled": []}
    ideal = []
    for frame in range(frames):
        progress = frame / (frames - 1)
        warped, resampled, _ = _moving_samples(motion, source, target, margin_for(motion.zoom), progress)
        for name, picture in (("warp", warped), ("resampled", resampled)):
            found[name].append(float(target[0] - (picture[8].astype(float) - 16).sum() / (235 - 16)))  # dark pixels, to a fraction
        (scale, _, offset), _ = motion.matrix(progress, (width, 18), target)
        ideal.append((width / 2 - 0.5 - offset) / scale)  # where the edge's middle is sampled
    ideal_path = np.array(ideal)
    assert ideal_path[0] - ideal_path[-1] > 10  # it really travels
    for name, path in found.items():
        error = np.array(path) - ideal_path
        error -= np.median(error)  # the estimate's own constant offset
        assert np.abs(error).max() < 0.08, name  # a whole-pixel step would be off by up to 0.5
    assert np.abs(np.array(found["resampled"]) - np.array(found["warp"])).max() < 0.06
