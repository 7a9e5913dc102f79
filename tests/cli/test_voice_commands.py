"""`kitgen voices` and `kitgen narrate` on the tiny fixture, with real offline speech."""

from __future__ import annotations

import json
import wave



def test_narrate_then_nothing_to_synthesize(tiny, tmp_path):
    cache = str(tmp_path / "cache")
    first = tiny.kitgen("narrate", "--locale", "hy", "--cache-dir", cache)
    assert first.exit_code == 0, first.output
    assert "synthesized 0," not in first.output
    folder = tiny.root / "output" / "tiny" / "hy" / "narration"
    timing_file = next(folder.glob("*.timing.json"))
    timing = json.loads(timing_file.read_text(encoding="utf-8"))
    with wave.open(str(timing_file.with_name(timing_file.name.replace(".timing.json", ".wav")))) as wav:
        assert wav.getframerate() == 48000
        seconds = wav.getnframes() / 48000
    assert abs(timing["lines"][-1]["end"] - seconds) < 0.02
    second = tiny.kitgen("narrate", "--locale", "hy", "--cache-dir", cache)
    assert second.exit_code == 0
    assert "synthesized 0," in second.output


def test_voices_table_and_tajik_is_marked_approximate(tiny):
    result = tiny.kitgen("voices")
    assert result.exit_code == 0, result.output
    rows = {line.split()[0]: line for line in result.output.splitlines()[1:]}
    assert len(rows) == 13
    assert rows["hy"].split()[1:4] == ["espeak", "hy", "yes"]
    assert "approximate" not in rows["hy"]
    assert rows["tg"].split()[1:4] == ["espeak", "fa-Latn", "yes"]
    assert "approximate: transliterated to fa-Latn (tg-fa-latn)" in rows["tg"]
    recorded = tiny.kitgen("voices", "--locale", "tg", "--engine", "recorded")
    assert recorded.exit_code == 0, recorded.output
    assert recorded.output.splitlines()[1].split()[1] == "recorded" and " no " in recorded.output.splitlines()[1]


def test_voices_test_speaks_tajik_approximately(tiny, tmp_path):
    result = tiny.kitgen("voices", "--test", "--locale", "tg", "--cache-dir", str(tmp_path / "c"))
    assert result.exit_code == 0, result.output
    assert result.output.startswith("tg: espeak ") and "voice fa-Latn" in result.output
    assert "approximate: transliterated to fa-Latn (tg-fa-latn), read as: Salaam! Man ba tu" in result.output


def test_voices_test_speaks_one_line(tiny, tmp_path):
    out = tmp_path / "sample.wav"
    result = tiny.kitgen("voices", "--test", "--locale", "ka", "--save", str(out), "--cache-dir", str(tmp_path / "c"))
    assert result.exit_code == 0, result.output
    assert result.output.startswith("ka: espeak ")
    assert out.stat().st_size > 10000


def test_unknown_locale_for_narration(tiny):
    result = tiny.kitgen("narrate", "--locale", "kz")
    assert result.exit_code == 2  # a bad option: a usage error
    assert "did you mean the language 'kk'" in result.output
