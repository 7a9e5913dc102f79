"""Whole takes split into lines: real espeak-ng speech, varied pauses, background noise."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import soundfile

from kitgen.errors import Location
from kitgen.voice.audio import Audio
from kitgen.voice.takefile import read_take
from kitgen.voice.takes import TakeError, existing_clips, plan_take, write_clips

from .takebuild import RATE, boundary_errors, build_take, expected, ffmpeg_encode, sample_lines

WHERE = Location("take.wav")
TOLERANCE = 0.100  # seconds: every boundary must be found this close


@pytest.fixture(scope="module")
def lines():
    return sample_lines("ky", 0)  # the sample's first episode in Kyrgyz: 20 lines


def test_every_boundary_is_recovered_within_100_ms(lines):
    worst = []
    for seed, noise_db in ((1, -50.0), (2, -46.0)):
        take = build_take(lines, seed=seed, noise_db=noise_db)
        plan = plan_take(Audio(take.samples, RATE), expected(lines), WHERE)
        assert not plan.missing
        errors = boundary_errors(plan, take)
        print(f"seed {seed}, noise {noise_db:.0f} dBFS: {len(errors)} boundaries, "
              f"max {max(errors) * 1000:.0f} ms, mean {np.mean(errors) * 1000:.0f} ms, pace {plan.pace:.2f}")
        assert max(errors) < TOLERANCE, sorted(errors)[-3:]
        assert not plan.doubtful, [s.doubts for s in plan.doubtful]
        assert 1.05 < plan.pace < 1.3  # the reader is slower than the narration (130 vs 145 words per minute)
        worst.append(max(errors))
        for split in plan.splits:  # clips keep a little air, never past the middle of a pause
            assert split.clip_start <= split.start and split.clip_end >= split.end
        for before, after in zip(plan.splits, plan.splits[1:]):
            assert before.clip_end <= after.clip_start
    assert len(worst) == 2


@pytest.mark.parametrize("drop", [0, 1, 7, 13, 19])
def test_a_missing_line_is_detected_and_named(lines, drop):
    take = build_take(lines, seed=3, drop=drop)
    plan = plan_take(Audio(take.samples, RATE), expected(lines), WHERE)
    assert [line.clip_name for line in plan.missing] == [lines[drop].clip_name]
    assert plan.splits == ()  # nothing is assigned when a line is missing


def test_only_noise_or_only_silence_is_refused():
    rng = np.random.default_rng(5)
    for samples, message in (
        (np.zeros(RATE * 10, np.float32), "the take is silent"),
        ((rng.normal(0, 1, RATE * 10) * 10 ** (-70 / 20)).astype(np.float32), "the take is silent"),
        ((rng.normal(0, 1, RATE * 20) * 0.1).astype(np.float32), "steady noise"),
    ):
        with pytest.raises(TakeError, match=message) as caught:
            plan_take(Audio(samples, RATE), expected(sample_lines("ky", 0)[:3]), WHERE)
        assert caught.value.location == WHERE


def test_a_speaker_only_take_in_script_order(lines):
    grandma = [line for line in lines if line.speaker == "grandma"]
    assert len(grandma) >= 4
    take = build_take(grandma, seed=4, pauses=(1.0, 2.5))
    plan = plan_take(Audio(take.samples, RATE), expected(grandma), WHERE)
    assert max(boundary_errors(plan, take)) < TOLERANCE


@pytest.mark.parametrize(("suffix", "rate", "channels", "encoder"), [
    (".flac", 44_100, 2, None),
    (".ogg", 22_050, 1, None),
    (".mp3", 32_000, 2, ("-c:a", "libmp3lame", "-b:a", "128k")),
    (".m4a", 44_100, 2, ("-c:a", "aac", "-b:a", "128k")),
])
def test_formats_rates_and_channels(tmp_path: Path, lines, suffix, rate, channels, encoder):
    part = lines[:6]
    take = build_take(part, seed=6)
    from kitgen.voice.audio import resample

    samples = resample(take.samples, RATE, rate)
    stereo = np.stack([samples, samples * 0.8], axis=1) if channels == 2 else samples
    if encoder is None:
        path = tmp_path / f"take{suffix}"
        soundfile.write(path, stereo, rate)
    else:
        wav = tmp_path / "source.wav"
        soundfile.write(wav, stereo, rate, subtype="PCM_16")
        path = ffmpeg_encode(wav, tmp_path / f"take{suffix}", *encoder)
    audio = read_take(path)
    assert abs(audio.duration - len(take.samples) / RATE) < 0.1
    plan = plan_take(audio, expected(part), Location.of(path))
    errors = boundary_errors(plan, take)
    print(f"{suffix} at {rate} Hz, {channels} channel(s): max {max(errors) * 1000:.0f} ms")
    assert max(errors) < TOLERANCE


def test_clips_are_written_together_and_not_over_existing_ones(tmp_path: Path, lines):
    part = lines[:3]
    take = build_take(part, seed=7)
    audio = Audio(take.samples, RATE)
    plan = plan_take(audio, expected(part), WHERE)
    folder = tmp_path / "recorded" / "ky" / "stop-think-tell"
    written = write_clips(audio, plan, folder)
    assert [p.name for p in written] == [f"{name}.wav" for name in take.names]
    for path, split in zip(written, plan.splits):
        data, rate = soundfile.read(path)
        assert rate == RATE and data.ndim == 1
        assert abs(len(data) / rate - (split.clip_end - split.clip_start)) < 0.01
    assert not [p for p in folder.iterdir() if p.name.startswith(".")]  # no temporary file left
    (folder / f"{take.names[0]}.flac").write_bytes(written[0].read_bytes())
    with pytest.raises(TakeError, match="already have a clip"):
        write_clips(audio, plan, folder)
    assert len(existing_clips(folder, plan)) == 4
    write_clips(audio, plan, folder, replace=True)
    assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in written)  # the .flac twin is gone
