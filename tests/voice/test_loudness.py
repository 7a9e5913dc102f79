"""The one loudness implementation: BS.1770 loudness through pyloudnorm, true peak, the look-ahead
limiter and normalization, for speech clips and for the episode mix, mono and multi-channel."""

from __future__ import annotations

import math
import tracemalloc

import numpy as np
import pyloudnorm
import pytest
from scipy.signal import resample_poly

from kitgen.voice import loudness
from kitgen.voice.loudness import (
    ENVELOPE_CHUNK, LIMITER_WINDOW, PIECE, QUIET_BLOCK, integrated_loudness, limit_true_peak, normalize, true_peak_db, true_peak_envelope,
)

from .helpers import tone

RATE = 48000
TARGET, CEILING = -16.0, -1.0


def pyloudnorm_lufs(samples: np.ndarray, rate: int = RATE) -> float:
    return float(pyloudnorm.Meter(rate).integrated_loudness(np.asarray(samples, dtype=np.float64)))


def reference_true_peak_db(samples: np.ndarray) -> float:
    """True peak of the whole signal at once, per channel, with no chunks: the test's own measure."""
    data = np.asarray(samples, dtype=np.float64).reshape(len(samples), -1)
    peak = max(float(np.abs(resample_poly(data[:, c], 4, 1)).max()) for c in range(data.shape[1]))
    return 20 * math.log10(peak)


def pinkish_noise(seconds: float, seed: int, level: float = 0.1) -> np.ndarray:
    """Noise with a 1/f power spectrum (white noise shaped in the frequency domain)."""
    n = int(seconds * RATE)
    spectrum = np.fft.rfft(np.random.default_rng(seed).standard_normal(n))
    frequencies = np.fft.rfftfreq(n, 1 / RATE)
    spectrum[1:] /= np.sqrt(frequencies[1:])
    spectrum[0] = 0
    noise = np.fft.irfft(spectrum, n)
    return (level * noise / np.abs(noise).max()).astype(np.float32)


def stereo(left: np.ndarray, right: np.ndarray | None = None) -> np.ndarray:
    return np.ascontiguousarray(np.stack([left, left if right is None else right], axis=1), dtype=np.float32)


SIGNALS = {
    "sine 1 kHz, quiet": lambda: tone(3.0, RATE, freq=1000.0, level=0.01),
    "sine 1 kHz, too loud": lambda: tone(3.0, RATE, freq=1000.0, level=0.9),
    "pink-ish noise": lambda: pinkish_noise(4.0, seed=1),
    "pink-ish noise, stereo": lambda: stereo(pinkish_noise(4.0, seed=2), pinkish_noise(4.0, seed=3)),
    "pink-ish noise, 12 s (measured in pieces)": lambda: pinkish_noise(12.0, seed=4, level=0.5),
}


@pytest.mark.parametrize("name", list(SIGNALS))
def test_signals_are_normalized_to_the_target_under_the_ceiling(name: str) -> None:
    signal = SIGNALS[name]()
    out = normalize(signal, RATE, TARGET, CEILING)
    assert out.dtype == np.float32 and out.shape == signal.shape
    assert pyloudnorm_lufs(out) == pytest.approx(TARGET, abs=0.5)
    assert integrated_loudness(out, RATE) == pytest.approx(pyloudnorm_lufs(out), abs=1e-6)
    assert true_peak_db(out) <= CEILING
    assert reference_true_peak_db(out) <= CEILING
    assert not np.shares_memory(out, signal)  # a copy unless asked to work in place


def test_a_loud_transient_in_a_stereo_mix_is_limited_and_only_around_itself() -> None:
    noise = stereo(pinkish_noise(6.0, seed=5, level=0.02), pinkish_noise(6.0, seed=6, level=0.02))
    at = 3 * RATE
    noise[at : at + 48, 0] += 0.95  # a click in the left channel, far above the bed
    plain_gain = 10 ** ((TARGET - integrated_loudness(noise, RATE)) / 20)
    assert reference_true_peak_db(noise * plain_gain) > 6.0  # a plain gain would clip badly
    mixed = noise.copy()
    out = normalize(mixed, RATE, TARGET, CEILING, in_place=True)
    assert out is mixed
    assert pyloudnorm_lufs(out) == pytest.approx(TARGET, abs=0.5)
    assert true_peak_db(out) <= CEILING and reference_true_peak_db(out) <= CEILING
    gain = out / np.where(noise == 0, 1, noise)
    # away from the click the gain is one constant; both channels get the same gain around it
    reach = int(3 * LIMITER_WINDOW * RATE)
    far = np.r_[0 : at - reach, at + 48 + reach : len(noise)]
    assert np.ptp(gain[far]) < 1e-5
    near = slice(at - reach // 3, at + 48 + reach // 3)
    assert np.allclose(gain[near, 0], gain[near, 1], rtol=1e-4)
    assert gain[at, 0] < 0.3 * gain[0, 0]


def test_limiter_ramps_and_leaves_everything_under_the_ceiling_alone() -> None:
    x = tone(2.0, RATE, freq=200.0, level=0.2)
    x[RATE] = 1.5
    limited = limit_true_peak(x, RATE, CEILING)
    assert true_peak_db(limited) <= CEILING and reference_true_peak_db(limited) <= CEILING
    window = int(LIMITER_WINDOW * RATE)
    changed = np.flatnonzero(np.abs(limited - x) > 1e-7)
    assert RATE - 2 * window <= changed[0] and changed[-1] <= RATE + 2 * window
    ratio = limited[changed] / x[changed]
    assert np.abs(np.diff(ratio[np.abs(x[changed]) > 0.05])).max() < 0.05  # a ramp, not a step
    quiet = tone(1.0, RATE, level=0.5)
    assert np.array_equal(limit_true_peak(quiet, RATE, CEILING), quiet)
    with pytest.raises(ValueError, match="C-contiguous float32"):
        limit_true_peak(stereo(x)[:, 0], RATE, CEILING, in_place=True)


def test_mono_and_stereo_give_consistent_results() -> None:
    mono = pinkish_noise(5.0, seed=7, level=0.8)
    mono[2 * RATE : 2 * RATE + 20] = 0.99
    dual = stereo(mono)
    # BS.1770 sums the channels' powers: a dual-mono copy is 3.01 LU louder
    assert integrated_loudness(dual, RATE) == pytest.approx(integrated_loudness(mono, RATE) + 10 * math.log10(2), abs=1e-6)
    short = tone(0.25, RATE, level=0.1)
    assert integrated_loudness(stereo(short), RATE) == pytest.approx(integrated_loudness(short, RATE) + 10 * math.log10(2), abs=1e-6)
    assert np.array_equal(true_peak_envelope(dual), true_peak_envelope(mono))
    # one gain curve for all channels, the same as for the mono signal
    limited = limit_true_peak(dual, RATE, -3.0)
    assert np.array_equal(limited[:, 0], limited[:, 1])
    assert np.array_equal(limited[:, 0], limit_true_peak(mono, RATE, -3.0))
    out = normalize(dual, RATE, TARGET, CEILING)
    assert integrated_loudness(out, RATE) == pytest.approx(TARGET, abs=0.2)
    assert integrated_loudness(out[:, 0].copy(), RATE) == pytest.approx(TARGET - 10 * math.log10(2), abs=0.2)
    assert true_peak_db(out) <= CEILING


def test_short_clips_use_rms_level() -> None:
    clip = tone(0.25, RATE, level=0.01)
    with pytest.raises(ValueError):  # pyloudnorm has no gated loudness below one 400 ms block
        pyloudnorm_lufs(clip)
    rms_db = 20 * math.log10(float(np.sqrt(np.mean(clip.astype(np.float64) ** 2))))
    assert integrated_loudness(clip, RATE) == pytest.approx(rms_db, abs=1e-9)
    out = normalize(clip, RATE, TARGET, CEILING)
    assert 20 * math.log10(float(np.sqrt(np.mean(out.astype(np.float64) ** 2)))) == pytest.approx(TARGET, abs=0.5)
    assert true_peak_db(out) <= CEILING
    assert integrated_loudness(np.zeros(100, dtype=np.float32), RATE) == -math.inf
    assert integrated_loudness(np.zeros(0, dtype=np.float32), RATE) == -math.inf


def test_silence_is_left_as_it_is() -> None:
    for silence in (np.zeros(3 * RATE, dtype=np.float32), np.zeros((12 * RATE, 2), dtype=np.float32)):
        assert integrated_loudness(silence, RATE) == -math.inf
        assert not normalize(silence, RATE, TARGET, CEILING).any()


@pytest.mark.parametrize("seconds", [12.0 + 77 / RATE, 2 * PIECE, 3 * PIECE + 0.05, 3 * PIECE + 0.3, 31.7])
@pytest.mark.parametrize("channels", [1, 2])
def test_long_signals_measured_in_pieces_equal_pyloudnorm_on_the_whole_signal(seconds: float, channels: int) -> None:
    rng = np.random.default_rng(3)
    signal = (rng.standard_normal((int(round(seconds * RATE)), channels)) * 0.1).astype(np.float32)
    signal[RATE * 4 : RATE * 6] *= 0.001  # quiet blocks for the relative gate to drop
    signal[-RATE // 3 :] *= 0.0001  # and a tail under the absolute gate
    assert integrated_loudness(signal, RATE) == pytest.approx(pyloudnorm_lufs(signal), abs=1e-6)
    assert integrated_loudness(signal[:, 0].copy(), RATE) == pytest.approx(pyloudnorm_lufs(signal[:, 0]), abs=1e-6)


@pytest.mark.parametrize("rate", [22050, 44100])
def test_pieces_line_up_with_pyloudnorm_blocks_at_other_rates(rate: int) -> None:
    rng = np.random.default_rng(4)
    signal = rng.standard_normal((rate * 13 + 5, 2)) * 0.1
    signal[rate * 3 : rate * 5] *= 0.001
    assert integrated_loudness(signal, rate) == pytest.approx(pyloudnorm_lufs(signal, rate), abs=1e-6)


def test_true_peak_envelope_in_chunks_equals_the_whole_signal_envelope() -> None:
    rng = np.random.default_rng(3)
    signal = (rng.standard_normal((ENVELOPE_CHUNK * 2 + 77, 2)) * 0.1).astype(np.float32)

    def whole(channel: np.ndarray) -> np.ndarray:
        return np.abs(resample_poly(channel.astype(np.float64), 4, 1)).reshape(len(channel), 4).max(axis=1)

    assert np.array_equal(true_peak_envelope(signal[:, 0]), whole(signal[:, 0]))
    assert np.array_equal(true_peak_envelope(signal), np.maximum(whole(signal[:, 0]), whole(signal[:, 1])))


def speech_like(seconds: float, seed: int) -> np.ndarray:
    """Bursts of noise at varied levels with quiet gaps, peaking near full scale: loud
    stretches for the envelope to measure and quiet ones it may skip."""
    rng = np.random.default_rng(seed)
    signal = (rng.standard_normal(int(seconds * RATE)) * 0.002).astype(np.float32)
    for start in range(0, len(signal) - RATE // 2, RATE // 2):
        burst = slice(start, start + int(rng.integers(RATE // 20, RATE // 3)))
        signal[burst] *= np.float32(rng.uniform(5, 150))
    signal[RATE * 2 + 1000] = 0.98  # a click far from any burst edge
    return signal


def hard_to_skip(seconds: float) -> np.ndarray:
    """Silence with what a careless skip would miss: clicks on the first and the last frame of
    a block (the frames next to them, in silent blocks, ring above their level), and a sine at a
    quarter of the rate sampled at +-45 degrees (its true peak is 1.41 times its samples)."""
    signal = np.zeros(int(seconds * RATE), dtype=np.float32)
    signal[QUIET_BLOCK * 20] = 0.9
    signal[QUIET_BLOCK * 30 - 1] = -0.9
    n = np.arange(RATE // 2)
    signal[RATE : RATE + len(n)] = 0.25 * np.sin(2 * np.pi * n / 4 + np.pi / 4)
    return signal


@pytest.mark.parametrize("signal, levels", [
    (speech_like(6.0, seed=11), (0.05, 0.3, 0.8)),
    (hard_to_skip(3.0), (0.1, 0.2, 0.5)),
], ids=["speech-like", "hard to skip"])
def test_true_peak_envelope_above_a_level_is_exact_wherever_it_matters(signal: np.ndarray, levels: tuple[float, ...]) -> None:
    dense = true_peak_envelope(signal)
    for above in levels:
        sparse = true_peak_envelope(signal, above)
        loud = dense > above
        assert loud.any() and not loud.all()
        assert np.array_equal(sparse[loud], dense[loud])  # every value above the level, to the bit
        assert np.all((sparse[~loud] == 0) | (sparse[~loud] == dense[~loud]))
        assert (sparse == 0).mean() > 0.3  # and much of the signal was skipped


def test_the_limiter_gives_the_same_bits_as_with_the_whole_envelope(monkeypatch: pytest.MonkeyPatch) -> None:
    signal = np.ascontiguousarray(np.stack([speech_like(8.0, seed=12), speech_like(8.0, seed=13)], axis=1))
    signal[: 3 * RATE, 1] += hard_to_skip(3.0)
    for ceiling in (-1.0, -6.0):
        skipping = limit_true_peak(signal, RATE, ceiling)
        with monkeypatch.context() as patched:  # nothing can be ruled out: the envelope of every frame
            patched.setattr(loudness, "_reach", lambda taps: math.inf)
            whole = limit_true_peak(signal, RATE, ceiling)
        assert not np.array_equal(whole, signal)
        assert np.array_equal(skipping, whole)


def test_true_peak_sees_between_samples() -> None:
    # a sine at a quarter of the sample rate, sampled at +-45 degrees: samples peak at 0.707
    n = np.arange(4800)
    x = np.sin(2 * np.pi * n / 4 + np.pi / 4).astype(np.float32)
    assert abs(20 * np.log10(np.abs(x).max()) - (-3.01)) < 0.05
    assert true_peak_db(x) > -0.5
    assert true_peak_db(stereo(x * 0.5, x)) == pytest.approx(true_peak_db(x), abs=1e-9)


def test_memory_stays_flat_for_a_whole_episode_soundtrack() -> None:
    """150 s of 48 kHz stereo (55 MB of float32): pyloudnorm on a whole float64 copy needs
    about 275 MB more; measured in pieces, loudness and in-place normalization need about 12."""
    rng = np.random.default_rng(8)
    track = rng.standard_normal((150 * RATE, 2), dtype=np.float32)
    track *= np.float32(0.05)
    track[::RATE] = 0.99  # a peak every second, so the limiter works on every chunk
    size = track.nbytes
    tracemalloc.start()
    try:
        integrated_loudness(track, RATE)
        measured = tracemalloc.get_traced_memory()[1]
        tracemalloc.reset_peak()
        normalize(track, RATE, TARGET, CEILING, in_place=True)
        normalized = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert measured < 32 * 2**20 and measured < 0.6 * size
    assert normalized < 32 * 2**20 and normalized < 0.6 * size
    assert true_peak_db(track) <= CEILING
