"""Episode assembly: exact sample timing."""

from __future__ import annotations

import numpy as np

from kitgen.voice.assemble import RenderedLine, assemble, pause_samples


def line(key: str, n: int) -> RenderedLine:
    return RenderedLine(key, f"text {key}", None, "espeak", np.full(n, 1000, dtype=np.int16))


def test_lines_and_pauses_add_up_exactly() -> None:
    audio = assemble("ep1", [line("a", 1001), line("b", 33), line("c", 48000)], pause_ms=437)
    gap = pause_samples(437)
    assert gap == 20976
    assert len(audio.samples) == 1001 + 33 + 48000 + 2 * gap
    assert [(t.start_sample, t.end_sample) for t in audio.lines] == [
        (0, 1001), (1001 + gap, 1034 + gap), (1034 + 2 * gap, 49034 + 2 * gap)
    ]
    assert not audio.samples[1001 : 1001 + gap].any()
    timing = audio.timing(story="s", locale="en")
    assert timing["samples"] == len(audio.samples)
    assert sum(l["end_sample"] - l["start_sample"] for l in timing["lines"]) + 2 * gap == len(audio.samples)
    assert timing["lines"][1]["start"] == round((1001 + gap) / 48000, 6)


def test_one_line_has_no_pause() -> None:
    audio = assemble("ep1", [line("a", 500)], pause_ms=400)
    assert len(audio.samples) == 500 and audio.lines[0].duration == 500 / 48000
