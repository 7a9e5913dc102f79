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
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

import numpy as np

# scipy and pyloudnorm take about a second to import; they are imported where used so that
# reading voice profiles (kitgen check) stays fast.

SAMPLE_RATE = 48_000
TARGET_LUFS = -16.0
CEILING_DBTP = -1.0
TRIM_THRESHOLD_DB = -40.0
TRIM_FLOOR_DB = -60.0
TRIM_MARGIN = 0.010
OVERSAMPLING = 4
LOUDNESS_BLOCK = 0.4
LIMITER_WINDOW = 0.005
# Aim a little under the ceiling so that rounding to 16 bits cannot push a peak over it.
_CEILING_AIM_DB = CEILING_DBTP - 0.15

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


def loudness(samples: np.ndarray, rate: int = SAMPLE_RATE) -> float:
    """Integrated loudness in LUFS; RMS level in dBFS for clips shorter than one gating block."""
    if len(samples) < LOUDNESS_BLOCK * rate:
        rms = float(np.sqrt(np.mean(np.square(samples, dtype=np.float64)))) if len(samples) else 0.0
        return 20 * math.log10(rms) if rms > 0 else -math.inf
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pyloudnorm

        return float(pyloudnorm.Meter(rate).integrated_loudness(samples.astype(np.float64)))


def true_peak_envelope(samples: np.ndarray) -> np.ndarray:
    """Per-sample true-peak magnitude: the largest of the 4x oversampled values around each sample."""
    if len(samples) == 0:
        return np.zeros(0, dtype=np.float32)
    from scipy.signal import resample_poly

    up = resample_poly(samples.astype(np.float64), OVERSAMPLING, 1)
    return np.abs(up[: len(samples) * OVERSAMPLING]).reshape(len(samples), OVERSAMPLING).max(axis=1)


def true_peak_db(samples: np.ndarray) -> float:
    """True peak in dBTP, measured with 4x oversampling."""
    peak = float(true_peak_envelope(samples).max()) if len(samples) else 0.0
    return 20 * math.log10(peak) if peak > 0 else -math.inf


def limit_true_peak(samples: np.ndarray, rate: int, ceiling_db: float = _CEILING_AIM_DB) -> np.ndarray:
    """Look-ahead peak limiter: smooth gain reduction around the peaks above ``ceiling_db``.

    The needed gain is spread with a minimum filter of twice the window and then smoothed by
    a moving average of the window, so at every peak the applied gain is at most the needed
    one, and it ramps in and out over ``LIMITER_WINDOW`` seconds.
    """
    ceiling = 10 ** (ceiling_db / 20)
    envelope = true_peak_envelope(samples)
    if len(envelope) == 0 or envelope.max() <= ceiling:
        return samples
    needed = np.minimum(1.0, ceiling / np.maximum(envelope, 1e-12))
    window = max(1, int(LIMITER_WINDOW * rate))
    from scipy.ndimage import minimum_filter1d, uniform_filter1d

    gain = uniform_filter1d(minimum_filter1d(needed, 2 * window + 1, mode="nearest"), window + 1, mode="nearest")
    limited = (samples * gain).astype(np.float32)
    residual = true_peak_db(limited)
    if residual > ceiling_db:  # the oversampled shape moved a little; finish with a plain scale
        limited = (limited * 10 ** ((ceiling_db - residual) / 20)).astype(np.float32)
    return limited


def normalize(samples: np.ndarray, rate: int = SAMPLE_RATE) -> np.ndarray:
    """Bring ``samples`` to :data:`TARGET_LUFS` with the true peak at most :data:`CEILING_DBTP`."""
    out = samples.astype(np.float32)
    for _ in range(3):  # limiting lowers loudness a little: re-aim, then limit again
        level = loudness(out, rate)
        if not math.isfinite(level):
            return out
        out = (out * 10 ** ((TARGET_LUFS - level) / 20)).astype(np.float32)
        out = limit_true_peak(out, rate)
        if abs(loudness(out, rate) - TARGET_LUFS) < 0.2:
            break
    return out


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
    return to_pcm16(normalize(samples))
