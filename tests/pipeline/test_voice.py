"""Narration in builds: in memory, and untranslated lines read by the source locale's voice."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import numpy as np

from kitgen.pipeline.jobs import kit_jobs
from kitgen.pipeline.plan import plan
from kitgen.pipeline.registry import default_registry
from kitgen.pipeline.session import BuildSession
from kitgen.pipeline.voice import Narrator
from tests.pipeline.conftest import edit_translation


def _line(audio, key):
    timing = next(line for line in audio.lines if line.key == key)
    return audio.samples[timing.start_sample:timing.end_sample], timing


def test_an_untranslated_line_is_read_by_the_source_voice_not_the_locale_voice(tiny, tmp_path):
    edit_translation(tiny.root, "hy", "episodes/hello/scenes/wave/lines/1/text", "")  # untranslated now
    session = BuildSession(tiny.root)
    fallback = session.fallback_lines("tiny", "hy")
    assert fallback == {"hello/wave/1"}
    job = next(j for j in kit_jobs(session, default_registry(), plan(session.project()), ("episodes",), tmp_path)
               if j.locale == "hy")
    assert dict(job.facts)["fallback_lines"] == ("hello/wave/1",)  # in the key: translating it rebuilds

    voices, cache = session.project().voices_dir, tmp_path / "speech"
    hy_story, en_story = session.localized("tiny", "hy"), session.localized("tiny", "en")
    hy = Narrator(voices, "hy", cache).narrate(hy_story, ["hello"], fallback_lines=sorted(fallback))["hello"]
    en = Narrator(voices, "en", cache).narrate(en_story, ["hello"])["hello"]
    plain_hy = Narrator(voices, "hy", cache).narrate(hy_story, ["hello"])["hello"]
    english, timing = _line(en, "hello/wave/1")
    fallen, fallen_timing = _line(hy, "hello/wave/1")
    assert fallen_timing.text == timing.text  # the English text, shown as is
    assert np.array_equal(fallen, english)  # spoken exactly as the English voice speaks it
    wrong, _ = _line(plain_hy, "hello/wave/1")
    assert not np.array_equal(wrong, english)  # (what the Armenian voice would have made of it)
    kept = next(line.key for line in hy.lines if line.key != "hello/wave/1")
    assert np.array_equal(_line(hy, kept)[0], _line(plain_hy, kept)[0])  # translated lines keep the hy voice


def test_an_episode_build_writes_no_narration_files(tiny, tmp_path, monkeypatch):
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setenv("TMPDIR", str(scratch))
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    result = tiny.kitgen("build", "--locale", "en", "--only", "episodes", "--jobs", "1")
    assert result.exit_code == 0, result.output
    written = [p for p in tiny.root.rglob("*") if p.suffix in (".wav", ".mp3")]
    leftovers = [p for p in scratch.rglob("*") if p.is_file()]
    assert written == [] and leftovers == []
    assert list((tiny.root / "output" / "tiny" / "en" / "episodes").glob("*.mp4"))
    assert os.environ["TMPDIR"] == str(scratch)


def test_the_build_summary_counts_lines_left_in_the_source_language(tiny):
    edit_translation(tiny.root, "hy", "episodes/hello/scenes/wave/lines/1/text", "")
    result = tiny.kitgen("build", "--locale", "hy", "--only", "episodes", "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert "note: tiny/hy: 1 line in en (not translated into hy; read by the en voice)" in result.output


def test_an_approximate_voice_is_named_in_the_summary_and_the_manifest(tiny):
    import json

    kit = tiny.root / "sources" / "kits" / "tiny.yaml"
    tiny.edit(kit, "locales: [en, hy]", "locales: [en, hy, tg]")
    tiny.edit(kit, "  hy: Փոքրիկ հավաքածու", "  hy: Փոքրիկ հավաքածու\n  tg: Маҷмӯаи хурд")
    assert tiny.kitgen("i18n", "update", "--locale", "tg").exit_code == 0  # an empty catalog
    result = tiny.kitgen("build", "--locale", "tg", "--only", "readme,episodes", "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert "note: tiny/tg: narration is approximate: approximate: transliterated to fa-Latn" in result.output
    assert "not translated into tg" in result.output  # the tiny story has no Tajik catalog: every line is English
    assert tiny.kitgen("build", "--only", "readme", "--jobs", "1").exit_code == 0
    packaged = tiny.kitgen("package", "--kit", "tiny")
    assert packaged.exit_code == 0, packaged.output
    manifest = json.loads(next((tiny.root / "output").glob("tiny-*.manifest.json")).read_text(encoding="utf-8"))
    tajik = next(entry for entry in manifest["locales"] if entry["code"] == "tg")
    assert tajik["voice_approximate"].startswith("approximate: transliterated to fa-Latn")
    assert "voice_approximate" not in next(entry for entry in manifest["locales"] if entry["code"] == "hy")
