"""The functions behind `kitgen voices` and `kitgen narrate`."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import soundfile

from kitgen.errors import EngineError, SourceError
from kitgen.i18n.locales import SUPPORTED_LOCALES
from kitgen.commands.voice import narrate_story, speak_sample, voices_table
from kitgen.voice.lines import story_line_keys

from .helpers import make_story, speech_wav


def test_voices_table_lists_every_locale(voices_dir: Path) -> None:
    story = make_story("en")
    folder = voices_dir / "recorded" / "tg" / "safe-chat"
    speech_wav(folder / "ep1.park.1.wav", "salom", voice="ru")
    speech_wav(folder / "ep1.home.2.wav", "xayr", voice="ru")
    rows = {row.locale: row for row in voices_table(voices_dir, SUPPORTED_LOCALES, voices_dir / "recorded", {"safe-chat": story_line_keys(story)})}
    assert list(rows) == list(SUPPORTED_LOCALES)
    assert (rows["kk"].engine, rows["kk"].voice, rows["kk"].available) == ("espeak", "kk", True)
    assert rows["kk"].detail.startswith("espeak 1.52")
    assert str(rows["kk"].recorded) == "0/4"
    # Tajik: Persian fa-Latn reads it transliterated, and the table says it is approximate
    assert (rows["tg"].engine, rows["tg"].voice, rows["tg"].available, str(rows["tg"].recorded)) == ("espeak", "fa-Latn", True, "2/4")
    assert rows["tg"].approximate == "approximate: transliterated to fa-Latn (tg-fa-latn)"
    assert rows["tg"].detail.startswith("approximate: transliterated to fa-Latn (tg-fa-latn); espeak 1.52")
    assert all(row.approximate is None for locale, row in rows.items() if locale != "tg")
    recorded = voices_table(voices_dir, ["tg"], voices_dir / "recorded", {"safe-chat": story_line_keys(story)}, engine="recorded")[0]
    assert (recorded.engine, recorded.available, recorded.approximate) == ("recorded", False, None)
    assert "2 line(s) without a clip" in recorded.detail


def test_voices_table_survives_a_broken_profile_and_a_missing_engine(voices_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (voices_dir / "ka.yaml").write_text("engine: espeak\nvoice: kaa\n")
    monkeypatch.setitem(sys.modules, "gtts", None)
    rows = {row.locale: row for row in voices_table(voices_dir, ["ka", "en"], voices_dir / "recorded", {}, engine=None)}
    assert not rows["ka"].available and "ka.yaml:2:8" in rows["ka"].detail
    gtts_rows = voices_table(voices_dir, ["en"], voices_dir / "recorded", {}, engine="gtts")
    assert not gtts_rows[0].available and "pip install 'kitgen[gtts]'" in gtts_rows[0].detail


def test_speak_sample(voices_dir: Path, tmp_path: Path) -> None:
    result = speak_sample(voices_dir, "hy", cache_dir=tmp_path / "cache", out=tmp_path / "hy.wav")
    assert (result.engine, result.voice, result.cached) == ("espeak", "hy", False)
    assert result.duration > 1.0
    assert soundfile.info(str(tmp_path / "hy.wav")).samplerate == 48000
    assert speak_sample(voices_dir, "hy", cache_dir=tmp_path / "cache").cached
    silent = speak_sample(voices_dir, "tg", engine="silent", text="Салом, дӯстам!")
    assert silent.engine == "silent" and silent.duration == pytest.approx(14 / 12.5)
    assert (silent.spoken, silent.approximate) == (None, None)
    tajik = speak_sample(voices_dir, "tg", cache_dir=tmp_path / "cache")
    assert (tajik.engine, tajik.voice, tajik.text) == ("espeak", "fa-Latn", "Салом! Ман ба ту ин ҳикояро мехонам.")
    assert tajik.spoken == "Salaam! Man ba tu in hikaayaraa mekhaanam."
    assert tajik.approximate == "approximate: transliterated to fa-Latn (tg-fa-latn)"
    assert 0.05 * len(tajik.text) < tajik.duration < 0.15 * len(tajik.text)
    with pytest.raises(SourceError, match="has no spelling for 'ә'"):
        speak_sample(voices_dir, "tg", text="Сәлем")
    with pytest.raises(EngineError, match="no voice can narrate 'tg'"):
        speak_sample(voices_dir, "tg", engine="recorded")


def test_unknown_locale_and_episode(voices_dir: Path, tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="no voice profile for 'kz'"):
        speak_sample(voices_dir, "kz")
    with pytest.raises(SourceError, match="has no episode 'ep2'; did you mean 'ep1'"):
        narrate_story(make_story("en"), "en", voices_dir=voices_dir, out_dir=tmp_path, cache_dir=None, episodes=["ep2"])
