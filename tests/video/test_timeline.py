"""Planning the episode timeline from real per-line sample counts."""

from __future__ import annotations

import numpy as np
import pytest

from kitgen.errors import KitgenError
from kitgen.model.story import Episode
from kitgen.video import timeline as tl
from kitgen.video.timeline import SAMPLES_PER_FRAME, expected_duration, plan
from kitgen.voice.assemble import RenderedLine, assemble

EPISODE = Episode.model_validate(
    {
        "id": "ep",
        "title": "Episode",
        "scenes": [
            {"id": "a", "illustration": {"file": "a.svg", "alt": "A"}, "lines": [{"text": "One."}, {"speaker": "kiwi", "text": "Two."}]},
            {"id": "b", "illustration": {"file": "b.svg", "alt": "B"}, "lines": [{"text": "Three."}]},
            {"id": "c", "illustration": {"file": "c.svg", "alt": "C"}, "lines": [{"text": "Four."}, {"text": "Five."}]},
        ],
    }
)
LENGTHS = [51_234, 20_001, 77_777, 30_000, 48_000]  # samples of each line, deliberately not whole frames


def narration(lengths: list[int] = LENGTHS, keys: list[str] | None = None, pause_ms: int = 450):
    keys = keys or ["ep/a/1", "ep/a/2", "ep/b/1", "ep/c/1", "ep/c/2"]
    lines = [RenderedLine(key, key, None, "espeak", np.full(n, 1000, np.int16)) for key, n in zip(keys, lengths)]
    return assemble("ep", lines, pause_ms)


def test_slides_overlap_by_the_crossfade_and_cover_every_frame() -> None:
    timeline = plan(EPISODE, narration())
    kinds = [slide.kind for slide in timeline.slides]
    assert kinds == ["title", "scene", "scene", "scene", "outro"]
    assert timeline.slides[0].start == 0 and timeline.slides[-1].end == timeline.frames
    for before, after in zip(timeline.slides, timeline.slides[1:]):
        assert before.end - after.start == timeline.crossfade == 12
    assert all(1 <= len(timeline.active(frame)) <= 2 for frame in range(timeline.frames))


def test_lines_keep_their_narration_offsets_and_start_after_the_crossfade() -> None:
    audio = narration()
    timeline = plan(EPISODE, audio)
    assert [line.key for line in timeline.lines] == [line.key for line in audio.lines]
    for placed, original in zip(timeline.lines, audio.lines):
        assert placed.end_sample - placed.start_sample == original.end_sample - original.start_sample
    a1, a2 = timeline.lines[0], timeline.lines[1]
    assert a2.start_sample - a1.start_sample == audio.lines[1].start_sample - audio.lines[0].start_sample
    for placed in timeline.lines:
        slide = timeline.scenes[placed.scene]
        assert placed.start_sample >= (slide.start + timeline.crossfade) * SAMPLES_PER_FRAME
        assert placed.end_sample <= (slide.end - timeline.crossfade) * SAMPLES_PER_FRAME


def test_duration_is_speech_plus_padding_within_half_a_frame() -> None:
    audio = narration()
    timeline = plan(EPISODE, audio)
    pause = audio.pause_samples
    speech = [(LENGTHS[0] + pause + LENGTHS[1]) / 48000, LENGTHS[2] / 48000, (LENGTHS[3] + pause + LENGTHS[4]) / 48000]
    assert abs(timeline.duration - expected_duration(speech)) <= 0.5 / 25
    by_hand = tl.TITLE + tl.OUTRO + sum(tl.LEAD + s + tl.TAIL for s in speech) - 4 * 0.48
    assert expected_duration(speech) == pytest.approx(by_hand)


def test_narration_that_does_not_match_the_story_is_refused() -> None:
    with pytest.raises(KitgenError, match="no audio for line 'ep/c/2'"):
        plan(EPISODE, narration(LENGTHS[:4], ["ep/a/1", "ep/a/2", "ep/b/1", "ep/c/1"]))
