"""Crossfades: over the frames where two slides overlap, the later one fades in over the earlier."""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np


@dataclass(frozen=True)
class Crossfade:
    frames: int

    def weight(self, frame_in_overlap: int) -> float:
        """Opacity of the incoming slide in the ``frame_in_overlap``-th overlapping frame (0-based):
        never fully 0 or 1, so every overlapping frame is a real mix."""
        return (frame_in_overlap + 1) / (self.frames + 1)

    @staticmethod
    def blend(outgoing: np.ndarray, incoming: np.ndarray, weight: float, out: np.ndarray) -> None:
        """``out = outgoing * (1 - weight) + incoming * weight`` on whole frames (uint8)."""
        cv2.addWeighted(outgoing, 1.0 - weight, incoming, weight, 0.0, dst=out)
