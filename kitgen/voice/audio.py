"""Line audio: one sample rate, trimmed silence, EBU R128 loudness and a true-peak ceiling.

Every engine's output and every recorded clip goes through :func:`finish_line`, which gives
mono 16-bit samples at :data:`SAMPLE_RATE`:

1. resampled to 48 kHz (polyphase, ``scipy.signal.resample_poly``);
2. leading and trailing silence trimmed: a sample counts as sound when it is louder than
   :data:`TRIM_THRESHOLD_DB` below the clip's peak (and above :data:`TRIM_FLOOR_DB` dBFS);
   :data:`TRIM_MARGIN` seconds are kept on each side so that onsets are not clipped;
3. loudness normalized to :data:`TARGET_LUFS` (ITU-R BS.1770 integrated loudness through
   pyloudnorm). Clips shorter than one 400 ms gating block are normalized by RMS instead;
4. true peak (4x oversampled) limited to :data:`CEILING_DBTP` by a look-ahead limiter, so
   that the loudness target and the peak ceiling hold together even for speech whose
   peaks stand far above its loudness.

Steps 3 and 4 are :func:`kitgen.voice.loudness.normalize`, which the episode mix uses too.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from kitgen.voice.loudness import normalize
# Also importable from here under their old names (tests/voice/test_narrate.py uses them).
from kitgen.voice.loudness import integrated_loudness as loudness  # noqa: F401
from kitgen.voice.loudness import true_peak_db  # noqa: F401

# scipy and pyloudnorm take about a second to import; they are imported where used so that
# reading voice profiles (kitgen check) stays fast.

SAMPLE_RATE = 48_000
TARGET_LUFS = -16.0
CEILING_DBTP = -1.0
TRIM_THRESHOLD_DB = -40.0
TRIM_FLOOR_DB = -60.0
TRIM_MARGIN = 0.010

# Bumped whenever the processing changes, so that cached lines are made again.
PIPELINE = f"line-v1/{SAMPLE_RATE}/{TARGET_LUFS}/{CEILING_DBTP}/{TRIM_THRESHOLD_DB}/{TRIM_MARGIN}"


@dataclass(frozen=True, eq=False)
class Audio:
    """Mono audio: float32 samples in [-1, 1] at ``rate`` Hz."""

    samples: np.ndarray
    rate: int

    @property
    def duration(self) -> float:
        return len(self.samples) / self.rate


def mono(samples: np.ndarray) -> np.ndarray:
    """Average the channels of a (frames, channels) array into one float32 channel."""
    data = np.asarray(samples, dtype=np.float32)
    if data.ndim == 2:
        data = data.mean(axis=1, dtype=np.float32)
    return np.ascontiguousarray(data, dtype=np.float32)


def resample(samples: np.ndarray, rate: int, target: int = SAMPLE_RATE) -> np.ndarray:
    if rate == target or len(samples) == 0:
        return samples.astype(np.float32, copy=False)
    g = math.gcd(rate, target)
    from scipy.signal import resample_poly

    return resample_poly(samples, target // g, rate // g).astype(np.float32)


def sound_bounds(samples: np.ndarray, rate: int) -> tuple[int, int] | None:
    """First and one-past-last sample of sound (see the module notes), or None for silence."""
    if len(samples) == 0:
        return None
    magnitude = np.abs(samples)
    peak = float(magnitude.max())
    threshold = max(peak * 10 ** (TRIM_THRESHOLD_DB / 20), 10 ** (TRIM_FLOOR_DB / 20))
    loud = np.flatnonzero(magnitude > threshold)
    if len(loud) == 0:
        return None
    margin = int(round(TRIM_MARGIN * rate))
    return max(0, int(loud[0]) - margin), min(len(samples), int(loud[-1]) + 1 + margin)


def trim_silence(samples: np.ndarray, rate: int) -> np.ndarray:
    bounds = sound_bounds(samples, rate)
    if bounds is None:
        return samples[:0]
    return samples[bounds[0] : bounds[1]]


def to_pcm16(samples: np.ndarray) -> np.ndarray:
    return np.clip(np.round(samples * 32767.0), -32768, 32767).astype(np.int16)


def from_pcm16(samples: np.ndarray) -> np.ndarray:
    return (samples.astype(np.float32) / 32768.0).astype(np.float32)


def finish_line(audio: Audio) -> np.ndarray:
    """The full line pipeline (see the module notes). Returns 16-bit samples at 48 kHz, possibly empty."""
    samples = resample(mono(audio.samples), audio.rate)
    samples = trim_silence(samples, SAMPLE_RATE)
    if len(samples) == 0:
        return np.zeros(0, dtype=np.int16)
    return to_pcm16(normalize(samples, SAMPLE_RATE, TARGET_LUFS, CEILING_DBTP))
