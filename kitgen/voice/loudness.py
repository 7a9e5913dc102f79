"""Loudness, true peak and a true-peak limiter: one implementation for speech clips
(:mod:`kitgen.voice.audio`) and for the whole episode soundtrack (:mod:`kitgen.video.mix`).

Samples are ``(n,)`` mono or ``(n, channels)`` arrays of floats in [-1, 1].

- :func:`integrated_loudness` is ITU-R BS.1770-4 as ``pyloudnorm.Meter`` measures it.
  Clips shorter than one 400 ms gating block have no gated loudness; they get their RMS
  level in dBFS instead (the channels' mean squares summed, as BS.1770 sums channels).
  Signals shorter than two :data:`PIECE` s pieces (every speech line) go to pyloudnorm whole.
  Longer ones are not copied to float64 and filtered whole (that costs about 275 MB for
  150 s of 48 kHz stereo): pyloudnorm measures them piece by piece, each piece starting :data:`WARM_UP` seconds early so that its K-weighting filter
  has settled, and the pieces' 400 ms blocks (``Meter.blockwise_loudness``, pyloudnorm 0.2
  and later) are gated together exactly as pyloudnorm gates one whole signal.
- :func:`true_peak_envelope` is the largest 4x oversampled magnitude around each frame over
  all channels, computed chunk by chunk with overlapping margins (the same values as for
  the whole signal at once). Asked only for the values above a level (the limiter's
  ceiling), it skips the stretches that cannot reach it: an oversampled value is a sum of
  filter taps times nearby samples, so it is at most the taps' largest absolute sum times
  the largest nearby sample; most of a speech signal is far enough under its peaks.
- :func:`limit_true_peak` is a look-ahead limiter with one gain curve for all channels, so
  a stereo image stays put and a mono signal and its dual-mono copy are limited alike.
- :func:`normalize` brings a signal to a loudness target with its true peak under a ceiling.

numpy is the only import at load time: scipy and pyloudnorm take about a second to import,
so they are imported where used (reading voice profiles and no-op builds stay fast).
"""

from __future__ import annotations

import math
import warnings

import numpy as np

OVERSAMPLING = 4  # true peak: 4x oversampling, as BS.1770-4 annex 2 suggests at 48 kHz
OVERSAMPLING_TAPS = 20 * OVERSAMPLING + 1  # resample_poly's default filter length at this rate
LOUDNESS_BLOCK = 0.4  # seconds: the BS.1770 gating block
BLOCK_STEP = 0.1  # seconds between gating blocks (75 % overlap)
PIECE = 5  # whole seconds of audio per loudness piece; signals under two pieces are measured at once
WARM_UP = 1  # whole seconds of audio before each piece (the K-weighting settles in milliseconds)
ENVELOPE_CHUNK = 48_000  # frames per chunk of the true-peak envelope and of the limiter
ENVELOPE_MARGIN = 64  # frames: longer than the half-length of the 4x oversampling filter
QUIET_BLOCK = 1024  # frames: the stretches the envelope may skip (at least ENVELOPE_MARGIN)
LIMITER_WINDOW = 0.005  # seconds: the limiter's attack and release
HEADROOM = 0.15  # dB: the limiter aims this far under the ceiling, so 16-bit rounding stays under it
TOLERANCE = 0.2  # LU: close enough to the loudness target
ABSOLUTE_GATE = -70.0  # LUFS
RELATIVE_GATE = -10.0  # LU


def frames(samples: np.ndarray) -> np.ndarray:
    """``samples`` as a ``(n, channels)`` view."""
    return samples[:, None] if samples.ndim == 1 else samples


def _db(power: float) -> float:
    return 10 * math.log10(power) if power > 0 else -math.inf


def integrated_loudness(samples: np.ndarray, rate: int) -> float:
    """Integrated loudness in LUFS (see the module notes): RMS level in dBFS below one gating
    block, -inf for silence."""
    data = frames(samples)
    n = len(data)
    if n < LOUDNESS_BLOCK * rate:
        return _db(float(np.mean(np.square(data, dtype=np.float64)) * data.shape[1])) if n else -math.inf
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pyloudnorm

        meter = pyloudnorm.Meter(rate)
        piece = PIECE * rate
        pieces = n // piece
        if pieces < 2:
            return float(meter.integrated_loudness(data.astype(np.float64)))
        levels: list[np.ndarray] = []
        per_piece = round(PIECE / BLOCK_STEP)
        skip = round(WARM_UP / BLOCK_STEP)
        for index in range(pieces):  # the last piece runs to the end, so pyloudnorm places the tail blocks
            start = index * piece
            lo = max(0, start - WARM_UP * rate)
            last = index == pieces - 1
            hi = n if last else start + piece + int(LOUDNESS_BLOCK * rate)
            meter.integrated_loudness(data[lo:hi].astype(np.float64))
            blocks = np.asarray(meter.blockwise_loudness, dtype=np.float64)[skip if lo else 0 :]
            levels.append(blocks if last else blocks[:per_piece])
    return _gate(np.concatenate(levels))


def _gate(levels: np.ndarray) -> float:
    """BS.1770-4 gating of 400 ms block loudnesses, with pyloudnorm's comparisons."""
    power = np.power(10.0, (levels + 0.691) / 10)  # the blocks' summed channel powers; 0 for -inf
    above = levels >= ABSOLUTE_GATE
    if not above.any():
        return -math.inf
    relative = -0.691 + _db(float(power[above].mean())) + RELATIVE_GATE
    kept = (levels > relative) & (levels > ABSOLUTE_GATE)
    return -0.691 + _db(float(power[kept].mean())) if kept.any() else -math.inf


def true_peak_envelope(samples: np.ndarray, above: float | None = None) -> np.ndarray:
    """Per-frame true-peak magnitude (float64): the largest of the 4x oversampled values
    around each frame, over all channels. With ``above``, frames whose value cannot exceed
    ``above`` may be left 0 (see the module notes); every value above it is exact.

    ``scipy.signal.resample_poly`` oversamples each channel with its default filter (a
    Kaiser-windowed sinc, :data:`OVERSAMPLING_TAPS` long), designed here once per call rather
    than once per chunk; the values are the same bits as oversampling all channels at once.
    The maximum over the four phases and the channels is taken phase by phase
    (``np.maximum`` on whole columns), which is exact and several times cheaper than a
    reduction along a short axis."""
    data = frames(samples)
    n = len(data)
    out = np.zeros(n, dtype=np.float64)
    if n == 0:
        return out
    from scipy.signal import firwin, resample_poly

    taps = firwin(OVERSAMPLING_TAPS, 1 / OVERSAMPLING, window=("kaiser", 5.0))  # resample_poly's own design
    stretches = [(0, n)] if above is None else _loud_stretches(data, above / _reach(taps))
    for first, last in stretches:
        for start in range(first, last, ENVELOPE_CHUNK):
            end = min(start + ENVELOPE_CHUNK, last)
            lo, hi = max(0, start - ENVELOPE_MARGIN), min(n, end + ENVELOPE_MARGIN)
            peaks = out[start:end]
            for channel in range(data.shape[1]):
                up = resample_poly(data[lo:hi, channel].astype(np.float64), OVERSAMPLING, 1, window=taps)
                phases = np.abs(up[: (hi - lo) * OVERSAMPLING]).reshape(hi - lo, OVERSAMPLING)[start - lo : end - lo]
                for phase in range(OVERSAMPLING):
                    np.maximum(peaks, phases[:, phase], out=peaks)
    return out


def _reach(taps: np.ndarray) -> float:
    """How far above the largest input an oversampled value can go: the largest sum of the
    absolute taps of one phase (``resample_poly`` scales the taps by the oversampling),
    with a margin for rounding."""
    scaled = np.abs(taps) * OVERSAMPLING
    return float(max(scaled[phase::OVERSAMPLING].sum() for phase in range(OVERSAMPLING))) * 1.001


def _loud_stretches(data: np.ndarray, level: float) -> list[tuple[int, int]]:
    """``[start, end)`` runs of whole :data:`QUIET_BLOCK` blocks holding a sample above
    ``level`` or next to a block that does (a value near a block's edge sees the neighbour's
    samples, never further: the filter reaches less than :data:`ENVELOPE_MARGIN` frames)."""
    n = len(data)
    blocks = -(-n // QUIET_BLOCK)
    loud = np.zeros(blocks, dtype=bool)
    step = QUIET_BLOCK * (ENVELOPE_CHUNK // QUIET_BLOCK)  # a piece at a time: memory stays flat
    for start in range(0, n, step):
        piece = np.abs(data[start : start + step]).max(axis=1)
        ends = np.arange(0, len(piece), QUIET_BLOCK)
        loud[start // QUIET_BLOCK : start // QUIET_BLOCK + len(ends)] = np.maximum.reduceat(piece, ends) > level
    near = loud.copy()
    near[1:] |= loud[:-1]
    near[:-1] |= loud[1:]
    edges = np.flatnonzero(np.diff(np.concatenate(([False], near, [False])).astype(np.int8)))
    return [(int(a) * QUIET_BLOCK, min(n, int(b) * QUIET_BLOCK)) for a, b in zip(edges[::2], edges[1::2])]


def true_peak_db(samples: np.ndarray) -> float:
    """True peak in dBTP over all channels, measured with 4x oversampling (chunk by chunk)."""
    data = frames(samples)
    n = len(data)
    peak = max((_peak(data, start, min(start + ENVELOPE_CHUNK, n)) for start in range(0, n, ENVELOPE_CHUNK)), default=0.0)
    return 20 * math.log10(peak) if peak > 0 else -math.inf


def _peak(data: np.ndarray, start: int, end: int, above: float | None = None) -> float:
    """The largest true-peak magnitude of frames ``start:end``, their neighbours considered
    (with ``above``: exact only when it is above ``above``, else at most ``above``)."""
    lo, hi = max(0, start - ENVELOPE_MARGIN), min(len(data), end + ENVELOPE_MARGIN)
    return float(true_peak_envelope(data[lo:hi], above)[start - lo : end - lo].max())


def _writable(samples: np.ndarray, in_place: bool) -> np.ndarray:
    if not in_place:
        return np.array(samples, dtype=np.float32)
    if samples.dtype != np.float32 or not samples.flags.c_contiguous:
        raise ValueError("in-place loudness processing needs a C-contiguous float32 array")
    return samples


def limit_true_peak(samples: np.ndarray, rate: int, ceiling_dbtp: float, *, in_place: bool = False) -> np.ndarray:
    """Look-ahead limiter: smooth gain reduction around the peaks above ``ceiling_dbtp``.

    The needed gain (ceiling over the true-peak envelope, at most 1) is spread by a minimum
    filter over twice :data:`LIMITER_WINDOW` and smoothed by a moving average of the window,
    so at every peak the applied gain is at most the needed one, and it ramps in and out over
    the window. One gain curve serves all channels. Works chunk by chunk, each measured with
    margins longer than the filters' reach on samples not limited yet, so memory stays flat
    and the result is the whole-signal one; if the reshaped waveform still peaks over the
    ceiling, the whole signal is scaled down to it. Returns float32 samples: ``samples``
    themselves when ``in_place`` (they must be C-contiguous float32), else a copy.
    """
    out = _writable(samples, in_place)
    data = frames(out)
    n = len(data)
    ceiling = 10 ** (ceiling_dbtp / 20)
    window = max(1, int(LIMITER_WINDOW * rate))
    margin = 2 * window + 2 + ENVELOPE_MARGIN
    from scipy.ndimage import minimum_filter1d, uniform_filter1d

    limited: list[tuple[int, int]] = []
    pending: tuple[int, int, np.ndarray] | None = None
    for start in range(0, n, ENVELOPE_CHUNK):
        end = min(start + ENVELOPE_CHUNK, n)
        lo, hi = max(0, start - margin), min(n, end + margin)
        envelope = true_peak_envelope(data[lo:hi], ceiling)  # only the values above the ceiling matter
        # The previous chunk's gain is applied only now: this chunk's margin had to see it unlimited.
        if pending is not None:
            data[pending[0] : pending[1]] *= pending[2][:, None]
            pending = None
        if envelope.max() <= ceiling:
            continue
        needed = np.minimum(1.0, ceiling / np.maximum(envelope, 1e-12))
        gain = uniform_filter1d(minimum_filter1d(needed, 2 * window + 1, mode="nearest"), window + 1, mode="nearest")
        pending = (start, end, gain[start - lo : end - lo].astype(np.float32))
        limited.append((start, end))
    if pending is not None:
        data[pending[0] : pending[1]] *= pending[2][:, None]
    # Only the limited chunks can still poke out: the others were under the ceiling already.
    peak = max((_peak(data, start, end, ceiling) for start, end in limited), default=0.0)
    if peak > ceiling:
        data *= np.float32(ceiling / peak)
    return out


def normalize(samples: np.ndarray, rate: int, target_lufs: float, ceiling_dbtp: float, *, in_place: bool = False) -> np.ndarray:
    """``samples`` at ``target_lufs`` (within :data:`TOLERANCE`) with the true peak at most
    ``ceiling_dbtp``: a gain to the target, then the limiter (aimed :data:`HEADROOM` under the
    ceiling); limiting lowers the loudness a little, so that is repeated up to three times.
    Silence is returned as it is. Returns float32 samples: ``samples`` themselves when
    ``in_place`` (they must be C-contiguous float32), else a copy.
    """
    out = _writable(samples, in_place)
    level = integrated_loudness(out, rate)
    for _ in range(3):
        if not math.isfinite(level):
            break
        out *= np.float32(10 ** ((target_lufs - level) / 20))
        limit_true_peak(out, rate, ceiling_dbtp - HEADROOM, in_place=True)
        level = integrated_loudness(out, rate)
        if abs(level - target_lufs) < TOLERANCE:
            break
    return out
