"""Ken Burns windows stay inside the picture and move the way the scene asks."""

from __future__ import annotations

import numpy as np
import pytest

from kitgen.model.story import Motion
from kitgen.video.motion import MIN_PAN_ZOOM, KenBurns

STEPS = np.linspace(0, 1, 101)


@pytest.mark.parametrize("pan", ["none", "left", "right", "up", "down"])
@pytest.mark.parametrize("zoom", [1.0, 1.08, 1.5])
def test_window_stays_inside_the_picture(pan: str, zoom: float) -> None:
    motion = KenBurns.of(Motion(zoom=zoom, pan=pan))
    for p in STEPS:
        cx, cy, size = motion.window(p)
        assert size / 2 - 1e-9 <= cx <= 1 - size / 2 + 1e-9
        assert size / 2 - 1e-9 <= cy <= 1 - size / 2 + 1e-9


def test_zoom_reaches_its_amount_and_pans_end_at_the_edge() -> None:
    right = KenBurns.of(Motion(zoom=1.25, pan="right"))
    assert right.window(0) == (0.5, 0.5, 1.0)
    cx, cy, size = right.window(1)
    assert size == pytest.approx(1 / 1.25) and cx + size / 2 == pytest.approx(1.0) and cy == 0.5
    xs = [right.window(p)[0] for p in STEPS]
    assert all(b > a for a, b in zip(xs, xs[1:]))  # always moving right
    up = KenBurns.of(Motion(zoom=1.25, pan="up"))
    assert up.window(1)[1] - up.window(1)[2] / 2 == pytest.approx(0.0)


def test_a_pan_always_has_room_to_move() -> None:
    assert KenBurns.of(Motion(zoom=1.0, pan="left")).zoom == MIN_PAN_ZOOM
    assert KenBurns.of(Motion(zoom=1.0, pan="none")).still


def test_matrix_maps_frame_corners_onto_the_window() -> None:
    motion = KenBurns.of(Motion(zoom=1.5, pan="down"))
    source, target = (1920, 1080), (1280, 720)
    for p in (0.0, 0.3, 1.0):
        matrix = motion.matrix(p, source, target)
        cx, cy, size = motion.window(p)
        left_edge = matrix @ np.array([-0.5, -0.5, 1.0]) + 0.5  # pixel edges, not centres
        right_edge = matrix @ np.array([target[0] - 0.5, target[1] - 0.5, 1.0]) + 0.5
        assert left_edge == pytest.approx([(cx - size / 2) * source[0], (cy - size / 2) * source[1]])
        assert right_edge == pytest.approx([(cx + size / 2) * source[0], (cy + size / 2) * source[1]])
