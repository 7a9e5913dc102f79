"""Subtitle cues: wrapping rules, timing rules, and the SRT and WebVTT files."""

from __future__ import annotations

import re

import numpy as np
import pytest

from kitgen.video.subtitles import (
    HOLD,
    MAX_CHARS,
    MIN_SHOWN,
    Cue,
    cues,
    length,
    split,
    srt,
    vtt,
    wrap,
)
from kitgen.video.timeline import PlacedLine
from kitgen.voice.assemble import LineTiming

LONG = (
    "Grandma says that what we share online can fly very far, much further than we think, "
    "and once it is out there we cannot catch it back again, so we stop and think first."
)
GEORGIAN = "ჩვენ რასაც ინტერნეტში ვაზიარებთ, შეიძლება ძალიან შორს გაფრინდეს და ვეღარ დავიბრუნოთ."


def line(text: str, start: float, end: float, speaker: str | None = None) -> PlacedLine:
    s, e = round(start * 48000), round(end * 48000)
    return PlacedLine("ep/scene/1", 0, speaker, text, s, e, LineTiming("ep/scene/1", text, speaker, "espeak", 0, e - s))


def check_rules(chunks: list[tuple[str, ...]], text: str) -> None:
    assert all(1 <= len(chunk) <= 2 for chunk in chunks)
    assert all(length(part) <= MAX_CHARS for chunk in chunks for part in chunk)
    assert " ".join(part for chunk in chunks for part in chunk).split() == text.split()  # whole words, in order


def test_short_text_is_one_line() -> None:
    assert wrap("Hello!") == ("Hello!",)
    assert split("  Hello,\n  Pip!  ") == [("Hello, Pip!",)]


def test_two_lines_are_balanced_and_broken_between_words() -> None:
    text = "Your address, school and photo are private. Let's pick a nickname."
    top, bottom = wrap(text)  # type: ignore[misc]
    assert f"{top} {bottom}" == text
    assert max(len(top), len(bottom)) <= MAX_CHARS
    assert abs(len(top) - len(bottom)) <= 12


def test_text_longer_than_two_lines_becomes_several_cues() -> None:
    chunks = split(LONG)
    assert len(chunks) >= 2
    check_rules(chunks, LONG)
    assert chunks[0][-1].endswith(",")  # cut after a clause, not mid-phrase


@pytest.mark.parametrize("text", [GEORGIAN, "Ана любит рисовать. " * 9, "Անան սիրում է նկարել։ " * 8])
def test_rules_hold_in_every_script(text: str) -> None:
    check_rules(split(text), text)


def test_combining_marks_do_not_count() -> None:
    decomposed = "e\u0301" * MAX_CHARS
    assert length(decomposed) == MAX_CHARS
    assert wrap(decomposed) is not None


def test_a_word_longer_than_a_line_is_cut() -> None:
    address = "https://example.org/" + "a" * 60
    chunks = split(f"Visit {address} now")
    assert all(length(part) <= MAX_CHARS for chunk in chunks for part in chunk)
    assert "".join("".join(chunk) for chunk in chunks).replace(" ", "") == f"Visit{address}now"


def test_cues_start_with_their_line_and_never_overlap_the_next() -> None:
    lines = [line("This is Pip.", 3.12, 4.0), line("Hello!", 4.2, 4.5, "pip"), line(LONG, 6.0, 14.0)]
    made = cues(lines, {"pip": "Pip"})
    assert made[0].start == pytest.approx(3.12, abs=1e-9)
    assert made[0].end == pytest.approx(4.2, abs=1e-9)  # min shown 1 s, but never past the next line
    assert made[1].speaker == "Pip" and made[1].end == pytest.approx(4.2 + MIN_SHOWN)
    long_cues = made[2:]
    assert len(long_cues) >= 2
    assert long_cues[0].start == pytest.approx(6.0, abs=1e-9)
    assert all(a.end == pytest.approx(b.start) for a, b in zip(long_cues, long_cues[1:]))
    assert long_cues[-1].end == pytest.approx(14.0 + HOLD)
    assert all(cue.end - cue.start >= 0.5 for cue in long_cues)


def test_short_line_is_shown_at_least_a_second_when_there_is_room() -> None:
    (cue,) = cues([line("Hi!", 1.0, 1.3)])
    assert cue.end == pytest.approx(1.0 + MIN_SHOWN)


def test_srt_times_never_start_before_the_line() -> None:
    cue = Cue(3.1204, 5.0, ("Hello",))
    text = srt([cue])
    assert "00:00:03,121 --> 00:00:05,000" in text  # rounded up, not to the nearest millisecond


def test_srt_and_vtt_have_one_block_per_cue() -> None:
    made = [Cue(1.0, 2.0, ("One", "two"), None), Cue(62.5, 3725.25, ("<b> & c",), "Kiwi")]
    subrip = srt(made)
    assert subrip == "1\n00:00:01,000 --> 00:00:02,000\nOne\ntwo\n\n2\n00:01:02,500 --> 01:02:05,250\n<b> & c\n"
    web = vtt(made)
    assert web.startswith("WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\nOne\ntwo\n")
    assert "<v Kiwi>&lt;b&gt; &amp; c" in web
    assert len(re.findall(r"-->", web)) == 2


def test_random_texts_always_fit() -> None:
    rng = np.random.default_rng(7)
    words = ["a", "tablet", "SuperStar", "password", "Grandma", "nickname,", "online.", "ოჯახის", "пароль", "գաղտնի"]
    for _ in range(200):
        text = " ".join(rng.choice(words, size=int(rng.integers(1, 40))))
        check_rules(split(text), text)
