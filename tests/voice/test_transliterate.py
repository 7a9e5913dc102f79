"""Transliteration: Tajik Cyrillic rewritten for espeak's Persian fa-Latn voice, with real speech."""

from __future__ import annotations

import ctypes
import dataclasses
from pathlib import Path
from types import MappingProxyType

import numpy as np
import pytest
from babel.messages.pofile import read_po

from kitgen.voice.audio import SAMPLE_RATE
from kitgen.voice.cache import AudioCache, synth_key
from kitgen.voice.engines.base import VoiceParams
from kitgen.voice.engines.espeak import EspeakEngine, library
from kitgen.voice.lines import speech_text
from kitgen.voice.narrate import speak
from kitgen.pipeline.voices import load_profile
from kitgen.voice.transliterate import SCHEMES, TAJIK_ALPHABET, scheme_problem, transliterate

from ..text.samples import ALPHABETS
from .helpers import REPO, VOICES

SCHEME = SCHEMES["tg-fa-latn"]
ENGINE = EspeakEngine()

# Original Tajik sentences (not from the story).
SENTENCES = [
    "Ҳеҷ гоҳ рамзи худро ба касе нагӯ.",  # Never tell anyone your password.
    "Агар чизе туро тарсонад, ба калонсоле, ки ба ӯ бовар дорӣ, бигӯ.",  # If something scares you, tell a grown-up you trust.
    "Мо дар интернет бо ҳамдигар меҳрубон ҳастем.",  # We are kind to each other online.
    "Суроғаи хонаатро ба одамони ношинос нанавис.",  # Do not write your home address to strangers.
]


def test_every_letter_of_the_tajik_alphabet_is_mapped_in_both_cases() -> None:
    assert TAJIK_ALPHABET.upper() == ALPHABETS["tg"]  # the same 35 letters as the font tests use
    assert len(TAJIK_ALPHABET) == 35
    assert SCHEME.missing() == ()
    for letter in TAJIK_ALPHABET + TAJIK_ALPHABET.upper():
        assert SCHEME.unmapped(letter) == (), letter
        out = SCHEME.apply(f"а{letter}а")  # inside a word, where every letter has its own spelling
        assert out.isascii() and len(out) > 2, (letter, out)
    for letter in "ғӣқӯҳҷ":
        assert SCHEME.apply(letter.upper() + "а")[0].isupper()


@pytest.mark.parametrize(
    ("tajik", "latin"),
    [
        ("салом", "salaam"),
        ("Салом, дӯстам!", "Salaam, dustam!"),
        ("ғолиб қалам", "ghaalib qalam"),
        ("ҷавоб", "javaab"),
        ("чашм", "chashm"),
        ("жола", "jhaala"),
        ("хона ҳа", "khaana ha"),
        ("Ҳеҷ гоҳ", "Hej gaah"),
        ("Тоҷикистон", "Taajikistaan"),
        ("дӯст бӣ", "dust bi"),
        # е: "ye" at the start of a word, after a vowel and after ъ; "e" after a consonant
        ("Ереван", "Yerevan"),
        ("оед", "aayed"),
        ("ман", "man"),
        ("себ", "seb"),
        ("объект", "aab'yekt"),
        ("ёр дунё", "yaar dunyaa"),
        ("Юнус ҷоя", "Yunus jaaya"),
        ("Эҳтиёт", "Ehtiyaat"),
        # ъ is an apostrophe: silent, and it lengthens a preceding a as in Persian
        ("шеър маъно", "she'r ma'naa"),
        # letters that would merge into one fa-Latn sound are kept apart
        ("кӯдакҳо", "kudak'haa"),
        ("дастҳо", "dast'haa"),
        ("дарсҳо сагҳо", "dars'haa sag'haa"),
        ("тупҳо", "tup'haa"),
        ("таом", "ta-aam"),
        ("се эҳсос", "se ehsaas"),
        # a one-letter word would be read as the name of the Latin letter
        ("Ӯ гуфт", "Oo guft"),
        ("ӯ", "oo"),
        # all capitals, digits, punctuation and Latin pass through in their own way
        ("ШАҲР", "SHAHR"),
        ("тимур123", "timur123"),
        ("«Салом» — 500!", "«Salaam» — 500!"),
        ("SuperStar", "SuperStar"),
        ("Wi-Fi", "Wi-Fi"),
    ],
)
def test_known_words(tajik: str, latin: str) -> None:
    assert SCHEME.apply(tajik) == latin
    assert transliterate(tajik, "tg-fa-latn") == latin


def test_decomposed_letters_are_the_same_letters() -> None:
    decomposed = "ки\u0304 гу\u0304"  # и + combining macron = ӣ
    assert SCHEME.unmapped(decomposed) == ()
    assert SCHEME.apply(decomposed) == SCHEME.apply("кӣ гӯ") == "ki gu"


def test_letters_it_cannot_spell_are_reported() -> None:
    assert SCHEME.unmapped("Сәлем, ўртоқ! Wi-Fi 123") == ("ә", "ў")
    assert SCHEME.unmapped("ოთახი") == ("ო", "თ", "ა", "ხ", "ი")
    assert SCHEME.unmapped(" ".join(SENTENCES)) == ()


def test_the_registry_is_read_only() -> None:
    assert isinstance(SCHEMES, MappingProxyType)
    with pytest.raises(TypeError):
        SCHEMES["x"] = SCHEME  # type: ignore[index]
    with pytest.raises(TypeError):
        SCHEME.letters["а"] = "o"  # type: ignore[index]
    with pytest.raises(dataclasses.FrozenInstanceError):
        SCHEME.reads = "fa"  # type: ignore[misc]


def test_scheme_problems() -> None:
    assert scheme_problem("tg-fa-latn", "tg") is None
    assert scheme_problem("tg-fa-lat", "tg") == "unknown transliteration 'tg-fa-lat'; did you mean 'tg-fa-latn'?; choose one of: tg-fa-latn"
    assert "rewrites tg text, not 'ru'" in (scheme_problem("tg-fa-latn", "ru") or "")


def phonemes(text: str, voice: str = "fa-Latn") -> str:
    """espeak's IPA for ``text``; a switch to another language shows as ``(en)``."""
    espeak = library()
    lib = espeak.lib
    lib.espeak_TextToPhonemes.argtypes = [ctypes.POINTER(ctypes.c_void_p), ctypes.c_int, ctypes.c_int]
    lib.espeak_TextToPhonemes.restype = ctypes.c_char_p
    buffer = ctypes.create_string_buffer(text.encode("utf-8"))
    pointer = ctypes.c_void_p(ctypes.addressof(buffer))
    parts = []
    with espeak.lock:
        assert lib.espeak_SetVoiceByName(voice.encode()) == 0
        while pointer.value:
            parts.append((lib.espeak_TextToPhonemes(ctypes.byref(pointer), 1, 0x02) or b"").decode("utf-8"))
    return " ".join(parts)


def test_fa_latn_reads_the_output_as_persian_sounds() -> None:
    assert phonemes(SCHEME.apply("салом")) == "sˈalɑm"  # о is the Persian long ɑ
    assert phonemes(SCHEME.apply("хона")) == "xˈɑna"
    assert phonemes(SCHEME.apply("ғолиб")).startswith("q1")  # ғ and қ: the Persian uvular
    assert phonemes(SCHEME.apply("жола")).startswith("ʒ")
    assert phonemes(SCHEME.apply("ҷавоб")).startswith("dʒ")
    assert "(en)" in phonemes("dasthaa")  # why т + ҳ must not be written "th"
    assert "(en)" not in phonemes(SCHEME.apply("дастҳо"))


def test_no_line_of_the_tajik_story_switches_to_english() -> None:
    path = REPO / "sources" / "stories" / "stop-think-tell" / "locales" / "tg.po"
    with open(path, "rb") as handle:
        catalog = read_po(handle)
    lines = [m.string for m in catalog if m.id and m.context and m.context.endswith("/text") and "/lines/" in m.context]
    assert len(lines) >= 30 and all(lines)
    for text in lines:
        assert SCHEME.unmapped(text) == (), text
        spoken = SCHEME.apply(speech_text(text))
        assert "(en)" not in phonemes(spoken), (text, spoken)


def tajik_profile():  # type: ignore[no-untyped-def]
    return load_profile(VOICES / "tg.yaml")


@pytest.mark.parametrize("sentence", SENTENCES)
def test_real_tajik_speech_through_the_profile_has_a_plausible_length(sentence: str) -> None:
    profile = tajik_profile()
    samples, origin = speak(ENGINE, ENGINE.version(), profile.params(), sentence, None, profile.scheme_for())
    assert origin == "synthesized"
    x = samples.astype(np.float64) / 32768.0
    assert float(np.sqrt(np.mean(x**2))) > 0.02  # speech, not silence
    seconds = len(samples) / SAMPLE_RATE
    # measured 0.080-0.094 s a character at rate 140; letter-by-letter spelling is about 0.8
    assert 0.05 <= seconds / len(sentence) <= 0.15, seconds


def test_without_the_transliteration_persian_spells_the_cyrillic_out() -> None:
    profile = tajik_profile()
    sentence = SENTENCES[0]
    read, _ = speak(ENGINE, ENGINE.version(), profile.params(), sentence, None, profile.scheme_for())
    spelled = ENGINE.synthesize(sentence, VoiceParams("espeak", "fa", voice="fa", rate=profile.rate))
    assert spelled.duration > 5 * len(read) / SAMPLE_RATE


def test_the_cache_key_changes_with_the_scheme(tmp_path: Path) -> None:
    profile = tajik_profile()
    params = profile.params()
    cache = AudioCache(tmp_path)
    sentence = "Салом, дӯстам!"
    first, origin = speak(ENGINE, ENGINE.version(), params, sentence, cache, SCHEME)
    assert origin == "synthesized"
    assert speak(ENGINE, ENGINE.version(), params, sentence, cache, SCHEME)[1] == "cached"
    # another spelling of ӯ: synthesized again, not taken from the cache
    other = dataclasses.replace(SCHEME, name="tg-fa-latn-oo", letters=MappingProxyType({**SCHEME.letters, "ӯ": "oo"}))
    assert other.apply(sentence) == "Salaam, doostam!"
    again, origin = speak(ENGINE, ENGINE.version(), params, sentence, cache, other)
    assert origin == "synthesized" and len(again) > 0
    # the key holds the transliterated text and the scheme's name
    spoken = SCHEME.apply(sentence)
    assert synth_key("espeak", "1", "{}", spoken, scheme="tg-fa-latn") != synth_key("espeak", "1", "{}", spoken)
    assert synth_key("espeak", "1", "{}", spoken, scheme="tg-fa-latn") != synth_key("espeak", "1", "{}", spoken, scheme="other")
    assert synth_key("espeak", "1", "{}", spoken, scheme="tg-fa-latn") != synth_key("espeak", "1", "{}", sentence, scheme="tg-fa-latn")


def test_the_silent_engine_times_the_original_text() -> None:
    from kitgen.voice.engines.silent import SilentEngine

    profile = load_profile(VOICES / "tg.yaml", engine="silent")
    assert profile.scheme_for() is None and profile.params().locale == "tg"
    assert profile.spoken("Салом") == "Салом"
    samples, origin = speak(SilentEngine(), "1", profile.params(), "Салом", None, SCHEME)
    assert origin == "silent"
