"""Parallel segments: balanced cuts, frame-exact joins, keyframes at scene starts."""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np
import pytest
import soundfile

from kitgen.video.encoder import DRAW_COST, ENCODER_BYTES_PER_PIXEL, FADE_COST, _cost, auto_jobs, encode_audio, segments
from kitgen.video.settings import PRESETS, SIZES
from kitgen.video.timeline import Slide, Timeline, plan
from tests.video.conftest import Rendered


def test_segments_cover_every_frame_once_with_balanced_work(tmp_path: Path) -> None:
    slides = (Slide("title", None, 0, 75), Slide("scene", 0, 63, 400), Slide("scene", 1, 388, 700), Slide("outro", None, 688, 813))
    timeline = Timeline("ep", slides, (), 813, 12)
    parts = segments(timeline, (False, True, True, False), 3, tmp_path)
    assert len(parts) == 4  # three of about equal work, then the outro
    assert parts[0].start == 0 and parts[-1].end == 813
    assert all(a.end == b.start for a, b in zip(parts, parts[1:]))
    assert (parts[-1].start, parts[-1].end) == (688, 813)
    work = [sum(_cost(timeline, (False, True, True, False), f) for f in range(p.start, p.end)) for p in parts[:-1]]
    assert max(work) - min(work) <= DRAW_COST + FADE_COST  # as even as whole frames allow
    stills = [sum(1 for f in range(p.start, p.end) if f < 63) for p in parts[:-1]]
    assert stills[0] == 63 and sum(1 for f in range(parts[0].start, parts[0].end) if f >= 75) > 60  # still frames count for little


def test_the_frames_before_the_outro_are_cut_alike_whatever_the_outro(tmp_path: Path) -> None:
    """Kits differ in their help contacts, so in how long the outro is held: the segments
    before it must not move, or no kit could reuse another's."""
    def cut(outro_frames: int) -> list[tuple[int, int]]:
        slides = (Slide("title", None, 0, 75), Slide("scene", 0, 63, 400), Slide("scene", 1, 388, 700),
                  Slide("outro", None, 688, 688 + outro_frames))
        timeline = Timeline("ep", slides, (), 688 + outro_frames, 12)
        return [(p.start, p.end) for p in segments(timeline, (False, True, True, False), 2, tmp_path)]

    short, held = cut(150), cut(150 + 5 * 25)
    assert short[:-1] == held[:-1] and len(short) == 3
    assert short[-1] == (688, 838) and held[-1] == (688, 963)


def test_short_episodes_are_not_split(tmp_path: Path) -> None:
    timeline = Timeline("ep", (Slide("title", None, 0, 60),), (), 60, 12)
    assert len(segments(timeline, (False,), 8, tmp_path)) == 1


def test_default_jobs_fit_encoder_memory() -> None:
    assert auto_jobs(SIZES["720p"]) >= min(2, len(__import__("os").sched_getaffinity(0)))
    assert auto_jobs(SIZES["1080p"]) == 1  # two 1080p x264 processes would not fit the budget
    assert ENCODER_BYTES_PER_PIXEL * 1920 * 1080 > 200 * 2**20


def test_joined_segments_are_frame_exact(rendered: Rendered) -> None:
    with av.open(str(rendered.result.video)) as container:
        stream = container.streams.video[0]
        frames = list(container.decode(stream))
        times = np.array([frame.time for frame in frames])
        keyframes = [round(frame.time * 25) for frame in frames if frame.key_frame]
    assert len(frames) == rendered.result.frames
    assert np.allclose(np.diff(times), 1 / 25)
    assert times[0] == 0
    episode = rendered.project.localized("tiny", rendered.locale).episodes[0]
    timeline = plan(episode, rendered.audio)
    scene_starts = [slide.start for slide in timeline.scenes]
    assert scene_starts[0] == 75 - 12  # the first scene begins as the title card fades out
    assert set(scene_starts) <= set(keyframes)  # chapters seek exactly


def test_a_mono_soundtrack_gets_the_mono_rate_and_a_stereo_one_the_stereo_rate(tmp_path: Path) -> None:
    """Noise needs every bit it is given, so each stream's rate shows the rate it was encoded at."""
    preset = PRESETS["release"]
    noise = np.random.default_rng(5).uniform(-0.5, 0.5, (10 * 48000, 2)).astype(np.float32)
    rates = {}
    for channels in (1, 2):
        wav, aac = tmp_path / f"{channels}.wav", tmp_path / f"{channels}.m4a"
        soundfile.write(str(wav), noise[:, :channels], 48000, subtype="PCM_16")
        encode_audio(wav, aac, preset.soundtrack_bitrate(channels), tmp_path)
        with av.open(str(aac)) as container:
            stream = container.streams.audio[0]
            assert stream.channels == channels
            rates[channels] = stream.bit_rate
    assert rates[1] == pytest.approx(1000 * int(preset.mono_audio_bitrate.rstrip("k")), rel=0.1)
    assert rates[2] == pytest.approx(1000 * int(preset.audio_bitrate.rstrip("k")), rel=0.1)
    assert rates[1] / 1 > rates[2] / 2  # more bits per channel in mono
