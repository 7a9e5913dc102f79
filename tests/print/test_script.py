"""The recording script: a real PDF read back and its CSV, grouped by character, timed by the
real espeak narration or estimated from the words."""

from __future__ import annotations

import csv
import dataclasses
import re
from pathlib import Path

import pdfplumber
import pytest

from kitgen.bundled import VOICES_DIR
from kitgen.errors import SourceError
from kitgen.i18n.messages import story_messages
from kitgen.model.story import Story
from kitgen.pipeline.voice import Narrator
from kitgen.print.script import CSV_NAME, PDF_NAME, RecordingScriptBuilder

from .conftest import tiny_story_data

DIRECTION = "cheerful, a little loud"


def story_with_direction() -> dict:
    data = tiny_story_data()
    data["episodes"][0]["scenes"][0]["lines"][1]["direction"] = DIRECTION  # Pip's "Hello!"
    return data


def build(make_request, tmp_path: Path, story=None, voice: bool = True, locale: str = "en"):
    request = make_request(story=story or story_with_direction(), locale=locale)
    folder = tmp_path / "script"
    narrator = Narrator(VOICES_DIR, locale, tmp_path / "cache") if voice else None
    request = dataclasses.replace(request, outputs=(folder / PDF_NAME, folder / CSV_NAME), voice=narrator)
    RecordingScriptBuilder().build(request)
    with pdfplumber.open(folder / PDF_NAME) as pdf:
        pages = [re.sub(r"\s+", " ", page.extract_text()) for page in pdf.pages]
    with (folder / CSV_NAME).open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return pages, rows


def test_lines_grouped_by_character_with_clip_text_context_and_direction(make_request, tmp_path: Path) -> None:
    pages, rows = build(make_request, tmp_path)
    assert [(r["clip"], r["speaker"]) for r in rows] == [("hello.wave.1", ""), ("hello.wave.2", "pip"), ("hello.bye.1", "pip")]
    assert [r["number"] for r in rows] == ["1", "1", "2"]  # numbered inside each voice's section
    assert rows[1]["text"] == "Hello!" and rows[1]["direction"] == DIRECTION and rows[0]["direction"] == ""
    assert rows[0]["context"] == "Episode 1: Hello, Pip \u2014 Pip waves."  # the scene caption
    assert rows[2]["context"].endswith("Pip stands next to a big padlock.")  # no caption: the picture's description
    assert rows[1]["file"] == "hello.wave.2.wav" and rows[1]["speaker_name"] == "Pip"
    assert all(r["timing"] == "timed by the narration (espeak)" for r in rows)
    seconds = [float(r["seconds"]) for r in rows]
    assert all(0.3 < s < 4 for s in seconds) and seconds[2] > seconds[1]  # "Keep your password secret." > "Hello!"

    first, *sections = pages
    assert "Pip Says Hello" in first and "Recording script" in first
    assert "3 lines" in first and "timed by the narration (espeak)" in first
    assert re.search(r"Narrator 1 .*Pip 2 ", first)
    assert len(sections) == 2  # one section (page) per voice: the narrator first
    assert "Narrator" in sections[0] and "hello.wave.1" in sections[0] and "This is Pip." in sections[0]
    assert sections[1].startswith("Pip ") and "A small, friendly robot." in sections[1]
    assert sections[1].index("hello.wave.2") < sections[1].index("hello.bye.1")
    assert f"\u2192 {DIRECTION}" in sections[1] and "--speaker pip" in sections[1]


def test_without_a_voice_the_length_is_estimated_from_the_words(make_request, tmp_path: Path) -> None:
    pages, rows = build(make_request, tmp_path, voice=False)
    assert all(r["timing"] == "estimated at 130 words per minute" for r in rows)
    assert [r["seconds"] for r in rows] == ["1.4", "0.6", "1.8"]  # 3, 1 and 4 words at 130 a minute (at least 0.6 s)
    assert "estimated at 130 words per minute" in pages[0]


def test_a_character_no_font_has_is_a_located_error(make_request, tmp_path: Path) -> None:
    data = story_with_direction()
    data["episodes"][0]["scenes"][1]["lines"][0]["direction"] = "say \u2d63 softly"  # Tifinagh YAZ
    with pytest.raises(SourceError, match="U\\+2D63") as caught:
        build(make_request, tmp_path, story=data, voice=False)
    assert caught.value.location is not None
    assert not (tmp_path / "script" / PDF_NAME).exists() and not (tmp_path / "script" / CSV_NAME).exists()


def test_direction_is_translatable_and_limited() -> None:
    story = Story.model_validate(story_with_direction())
    (message,) = [m for m in story_messages(story) if m.context.endswith("/direction")]
    assert message.context == "episodes/hello/scenes/wave/lines/2/direction"
    assert message.text == DIRECTION and message.limit == 80 and "recording script" in message.role
