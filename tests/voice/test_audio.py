"""Line processing: 48 kHz, trimmed silence, -16 LUFS and a -1 dBTP ceiling."""

from __future__ import annotations

import numpy as np
import pyloudnorm
import pytest

from kitgen.voice.audio import CEILING_DBTP, SAMPLE_RATE, TARGET_LUFS, Audio, finish_line, from_pcm16, resample, sound_bounds
from kitgen.voice.loudness import integrated_loudness, true_peak_db

from .helpers import tone


def test_resample_to_48k_keeps_duration() -> None:
    for rate in (8000, 16000, 22050, 24000, 44100, 48000):
        x = tone(1.5, rate)
        assert len(resample(x, rate)) == round(1.5 * SAMPLE_RATE)


def test_trims_leading_and_trailing_silence_with_a_small_margin() -> None:
    rate = 48000
    x = np.concatenate([np.zeros(rate), tone(1.0, rate), np.zeros(rate // 2)]).astype(np.float32)
    x[:rate] += 0.0001 * np.random.default_rng(1).standard_normal(rate).astype(np.float32)  # hiss, -80 dBFS
    start, end = sound_bounds(x, rate)  # type: ignore[misc]
    assert abs(start - (rate - 480)) <= 1 and abs(end - (2 * rate + 480)) <= 1
    assert sound_bounds(np.zeros(100, dtype=np.float32), rate) is None


def test_speech_like_signal_reaches_the_loudness_target_under_the_ceiling() -> None:
    rng = np.random.default_rng(7)
    rate = 22050
    # bursts with a crest factor far above 15 dB, as in speech: the limiter must act
    t = np.arange(3 * rate) / rate
    x = 0.05 * np.sin(2 * np.pi * 180 * t) * (1 + np.sin(2 * np.pi * 3 * t))
    clicks = rng.choice(len(x), 40, replace=False)
    x[clicks] += 0.9
    out = from_pcm16(finish_line(Audio(x.astype(np.float32), rate)))
    assert abs(pyloudnorm.Meter(SAMPLE_RATE).integrated_loudness(out.astype(np.float64)) - TARGET_LUFS) <= 0.5
    assert true_peak_db(out) <= CEILING_DBTP


def test_short_clip_uses_rms_loudness() -> None:
    x = tone(0.25, 48000, level=0.01)
    out = from_pcm16(finish_line(Audio(x, 48000)))
    assert len(out) < 0.4 * SAMPLE_RATE
    rms_db = 20 * np.log10(np.sqrt(np.mean(out.astype(np.float64) ** 2)))
    assert abs(rms_db - TARGET_LUFS) < 0.5
    assert abs(integrated_loudness(out, SAMPLE_RATE) - TARGET_LUFS) < 0.5
    assert true_peak_db(out) <= CEILING_DBTP


def pinkish(seconds: float, rate: int, level: float) -> np.ndarray:
    n = int(seconds * rate)
    spectrum = np.fft.rfft(np.random.default_rng(5).standard_normal(n))
    spectrum[1:] /= np.sqrt(np.fft.rfftfreq(n, 1 / rate)[1:])
    spectrum[0] = 0
    noise = np.fft.irfft(spectrum, n)
    return (level * noise / np.abs(noise).max()).astype(np.float32)


@pytest.mark.parametrize(
    "samples, rate",
    [(tone(2.0, 44100, freq=1000.0, level=0.95), 44100), (pinkish(3.0, 22050, level=0.02), 22050), (pinkish(3.0, 16000, level=0.99), 16000)],
    ids=["sine 1 kHz, loud, 44.1 kHz", "pink-ish noise, quiet, 22.05 kHz", "pink-ish noise, loud, 16 kHz"],
)
def test_lines_of_any_level_and_rate_come_out_at_the_target_in_16_bits(samples: np.ndarray, rate: int) -> None:
    pcm = finish_line(Audio(samples, rate))
    assert pcm.dtype == np.int16 and abs(len(pcm) - len(samples) * SAMPLE_RATE / rate) <= 2 * 0.010 * SAMPLE_RATE + 2
    out = from_pcm16(pcm)
    assert abs(pyloudnorm.Meter(SAMPLE_RATE).integrated_loudness(out.astype(np.float64)) - TARGET_LUFS) <= 0.5
    assert true_peak_db(out) <= CEILING_DBTP


def test_silence_stays_empty() -> None:
    assert len(finish_line(Audio(np.zeros(48000, dtype=np.float32), 48000))) == 0
    assert len(finish_line(Audio(np.zeros(0, dtype=np.float32), 22050))) == 0
