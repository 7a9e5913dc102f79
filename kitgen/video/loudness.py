"""Loudness and true peak of a whole soundtrack, measured in chunks to keep memory flat.

:func:`integrated_loudness` is ITU-R BS.1770-4 as pyloudnorm implements it (K-weighting
from pyloudnorm's own filters, 400 ms blocks every 100 ms, the -70 LUFS absolute gate and the
-10 LU relative gate), but it filters one chunk at a time, carrying the filter state, and
keeps only per-100 ms sums: a 90 s stereo track needs a few MB instead of hundreds.
:func:`true_peak_envelope` is :func:`kitgen.voice.audio.true_peak_envelope` applied chunk by
chunk with overlapping margins, so its result is the same.
"""

from __future__ import annotations

import math

import numpy as np
import pyloudnorm
from scipy.signal import lfilter, lfilter_zi

from kitgen.voice.audio import SAMPLE_RATE
from kitgen.voice.audio import true_peak_envelope as _envelope

CHUNK = SAMPLE_RATE * 5
MARGIN = 64  # samples: longer than the half-length of the 4x oversampling filter
_STEP = 0.1  # seconds between gating blocks
_BLOCK_STEPS = 4  # 400 ms blocks


def integrated_loudness(samples: np.ndarray, rate: int = SAMPLE_RATE) -> float:
    """Integrated loudness in LUFS of ``(n,)`` or ``(n, channels)`` samples (-inf for silence)."""
    data = samples.reshape(len(samples), -1)
    step = int(round(_STEP * rate))
    steps = len(data) // step
    if steps < _BLOCK_STEPS:
        return -math.inf
    stages = list(pyloudnorm.Meter(rate)._filters.values())
    sums = np.zeros((data.shape[1], steps))
    for channel in range(data.shape[1]):
        states = [lfilter_zi(stage.b, stage.a) * 0.0 for stage in stages]
        squared = np.zeros(steps * step)
        for start in range(0, steps * step, CHUNK):
            chunk = data[start : min(start + CHUNK, steps * step), channel].astype(np.float64)
            for index, stage in enumerate(stages):
                chunk, states[index] = lfilter(stage.b, stage.a, chunk, zi=states[index])
                chunk = chunk * stage.passband_gain
            squared[start : start + len(chunk)] = np.square(chunk)
        sums[channel] = squared.reshape(steps, step).sum(axis=1)
    window = np.ones(_BLOCK_STEPS)
    blocks = np.stack([np.convolve(row, window, mode="valid") for row in sums]) / (step * _BLOCK_STEPS)
    power = blocks.sum(axis=0)  # channel gains are 1 for left and right
    with np.errstate(divide="ignore"):
        block_loudness = -0.691 + 10 * np.log10(power)
    gated = power[block_loudness >= -70.0]
    if len(gated) == 0:
        return -math.inf
    relative = -0.691 + 10 * math.log10(gated.mean()) - 10.0
    kept = power[(block_loudness >= -70.0) & (block_loudness >= relative)]
    return -0.691 + 10 * math.log10(kept.mean()) if len(kept) else -math.inf


def true_peak_envelope(samples: np.ndarray) -> np.ndarray:
    """Per-sample true-peak magnitude (4x oversampled) of a mono signal, chunk by chunk."""
    out = np.empty(len(samples), dtype=np.float64)
    for start in range(0, len(samples), CHUNK):
        end = min(start + CHUNK, len(samples))
        lo, hi = max(0, start - MARGIN), min(len(samples), end + MARGIN)
        envelope = _envelope(samples[lo:hi])
        out[start:end] = envelope[start - lo : start - lo + end - start]
    return out
