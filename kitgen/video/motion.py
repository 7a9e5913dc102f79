"""Ken Burns motion: a slow zoom towards one side of a scene's picture.

Over the slide's frames the visible window shrinks linearly from the whole picture to
``1 / zoom`` of it, and its centre moves in a straight line from the picture's centre to the
``pan`` side, where the window ends flush with the edge (``none`` stays centred). A pan needs
room to move, so a panning scene zooms by at least :data:`MIN_PAN_ZOOM`.

The window is a cheap affine warp of the pre-rendered picture, which is rendered at ``zoom``
times its place on the frame so that even the last frame needs no upscaling.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from kitgen.model.story import Motion, Pan

MIN_PAN_ZOOM = 1.1

_DIRECTIONS = {
    Pan.NONE: (0.0, 0.0),
    Pan.LEFT: (-1.0, 0.0),
    Pan.RIGHT: (1.0, 0.0),
    Pan.UP: (0.0, -1.0),
    Pan.DOWN: (0.0, 1.0),
}


@dataclass(frozen=True)
class KenBurns:
    zoom: float = 1.0
    dx: float = 0.0  # -1 left, 1 right
    dy: float = 0.0  # -1 up, 1 down

    @classmethod
    def of(cls, motion: Motion) -> "KenBurns":
        dx, dy = _DIRECTIONS[Pan(motion.pan)]
        zoom = max(motion.zoom, MIN_PAN_ZOOM) if (dx or dy) else motion.zoom
        return cls(zoom, dx, dy)

    @property
    def still(self) -> bool:
        return self.zoom <= 1.0

    def window(self, progress: float) -> tuple[float, float, float]:
        """``(cx, cy, size)`` of the visible window at ``progress`` in [0, 1], as fractions of the picture."""
        p = min(max(progress, 0.0), 1.0)
        size = 1.0 / (1.0 + (self.zoom - 1.0) * p)
        reach = 0.5 - 0.5 / self.zoom  # how far the centre travels by the end
        return 0.5 + self.dx * reach * p, 0.5 + self.dy * reach * p, size

    def matrix(self, progress: float, source: tuple[int, int], target: tuple[int, int]) -> np.ndarray:
        """The 2x3 map from ``target`` pixel centres to ``source`` pixel coordinates (for an inverse warp)."""
        cx, cy, size = self.window(progress)
        (sw, sh), (tw, th) = source, target
        sx, sy = sw * size / tw, sh * size / th
        x0, y0 = (cx - size / 2) * sw, (cy - size / 2) * sh
        return np.array([[sx, 0.0, x0 + 0.5 * sx - 0.5], [0.0, sy, y0 + 0.5 * sy - 0.5]], dtype=np.float64)
