"""BT.709 planes: conversions, overlays and the frame layout ffmpeg reads."""

from __future__ import annotations

import numpy as np
from PIL import Image

from kitgen.video.compositor import composite
from kitgen.video.planes import frame_buffer, to_overlay, to_planes, to_rgb


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
