"""Line processing: 48 kHz, trimmed silence, -16 LUFS and a -1 dBTP ceiling."""

from __future__ import annotations

import numpy as np
import pyloudnorm

from kitgen.voice.audio import (
    CEILING_DBTP, SAMPLE_RATE, TARGET_LUFS, Audio, finish_line, from_pcm16, loudness, resample, sound_bounds, true_peak_db,
)

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
    assert abs(loudness(out) - TARGET_LUFS) < 0.5
    assert true_peak_db(out) <= CEILING_DBTP


def test_true_peak_sees_between_samples() -> None:
    # a sine at a quarter of the sample rate, sampled at +-45 degrees: samples peak at 0.707
    n = np.arange(4800)
    x = np.sin(2 * np.pi * n / 4 + np.pi / 4).astype(np.float32)
    assert abs(20 * np.log10(np.abs(x).max()) - (-3.01)) < 0.05
    assert true_peak_db(x) > -0.5


def test_silence_stays_empty() -> None:
    assert len(finish_line(Audio(np.zeros(48000, dtype=np.float32), 48000))) == 0
    assert len(finish_line(Audio(np.zeros(0, dtype=np.float32), 22050))) == 0
