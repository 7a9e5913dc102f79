"""Subtitle cues: breaking and timing rules, reading speed, and the SRT and WebVTT files."""

from __future__ import annotations

import math
import re

import numpy as np
import pysubs2
import pytest

from kitgen.errors import Location, Severity
from kitgen.model.kit import Kit
from kitgen.video.reading import cps, cue_warnings, narration_warnings, too_fast
from kitgen.video.subtitles import (
    CLAUSE,
    HOLD,
    MAX_CHARS,
    MAX_LINES,
    MIN_SHOWN,
    SENTENCE,
    WORD,
    Cue,
    boundary,
    clean,
    cues,
    length,
    split,
    srt,
    vtt,
    wrap,
)
from kitgen.video.timeline import PlacedLine
from kitgen.voice.assemble import LineTiming
from tests.video.conftest import narrator

LONG = (
    "Grandma says that what we share online can fly very far, much further than we think, "
    "and once it is out there we cannot catch it back again, so we stop and think first."
)
GEORGIAN = "ჩვენ რასაც ინტერნეტში ვაზიარებთ, შეიძლება ძალიან შორს გაფრინდეს და ვეღარ დავიბრუნოთ."


def line(text: str, start: float, end: float, speaker: str | None = None, key: str = "ep/scene/1") -> PlacedLine:
    s, e = round(start * 48000), round(end * 48000)
    return PlacedLine(key, 0, speaker, text, s, e, LineTiming(key, text, speaker, "espeak", 0, e - s))


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


# --- cue breaking at sentence and clause boundaries ------------------------------------------

KAZAKH = (  # the sample story's first line in Kazakh: cut mid-sentence before
    "Ана сурет салуды жақсы көреді. Бүгін әжесі оған отбасылық планшетте жаңа сурет салу ойынын ойнап көруге рұқсат берді."
)
SAMPLES = [  # real lines of the sample story's catalogs, and long made-up ones
    KAZAKH,
    "Слышишь Киви? То, чем мы делимся в интернете, может улететь далеко, и назад это уже не поймаешь.",
    "Ане стало не по себе. Бесплатные кристаллы — это здорово, а вот секреты от бабушки — совсем нет.",
    "Լսո՞ւմ ես Կիվիին։ Այն, ինչով կիսվում ենք համացանցում, կարող է հեռու թռչել, և մենք այլևս չենք կարող այն հետ բերել։",
    "Անայի փորիկում տարօրինակ զգացում առաջացավ։ Անվճար գոհարները հիանալի էին հնչում, բայց տատիկից գաղտնիքներ պահելը՝ ոչ։",
    "ინტერნეტში ადამიანები ყოველთვის ისინი არ არიან, ვინც ამბობენ, რომ არიან. მოდი, სუპერვარსკვლავი დავბლოკოთ და გავასაჩივროთ.",
    "Demak, internetda biror narsa gʻalati tuyulsa, toʻxtab, oʻylab, katta odamga aytish kerak, shundaymi?",
    LONG,
    GEORGIAN * 3,
]


def pieces_of(text: str) -> list[str]:
    """The cues of ``text`` on one line each."""
    return [" ".join(chunk) for chunk in split(text)]


def test_the_mid_sentence_example_breaks_at_the_sentence_end() -> None:
    chunks = split(KAZAKH)
    assert chunks[0] == ("Ана сурет салуды жақсы көреді.",)  # not "... көреді. / Бүгін әжесі оған отбасылық"
    assert " ".join(chunks[1]).startswith("Бүгін")
    check_rules(chunks, KAZAKH)


@pytest.mark.parametrize("text", SAMPLES)
def test_no_cue_holds_more_than_two_lines_of_42(text: str) -> None:
    chunks = split(text)
    check_rules(chunks, text)
    assert all(sum(length(part) for part in chunk) + len(chunk) - 1 <= MAX_LINES * MAX_CHARS + 1 for chunk in chunks)


@pytest.mark.parametrize("text", SAMPLES)
def test_a_cue_holds_whole_sentences_or_part_of_one(text: str) -> None:
    ends = {m.end() for m in re.finditer(r"[.!?։](?=\s|$)", clean(text))}
    position = 0
    flat = clean(text)
    for cue in pieces_of(text):
        start = flat.index(cue, position)
        end = start + len(cue)
        inner = [e for e in ends if start < e < end]
        if inner:  # it holds a sentence end: then it starts and ends at one
            assert (start == 0 or start - 1 in ends) and end in ends | {len(flat)}, cue
        position = end


def test_a_long_sentence_splits_at_clause_marks() -> None:
    text = (
        "When a stranger online asks for your photo, your address or your school, "
        "you stop, you think about it, and you tell a grown-up you trust straight away."
    )
    cues_ = pieces_of(text)
    assert len(cues_) >= 2
    assert all(cue[-1] in ",." for cue in cues_)  # every cue ends at a clause or the sentence end
    # with the Armenian comma ՝ (which has no space before the next word's clause) and Georgian commas
    armenian = "Անվճար գոհարները հիանալի էին հնչում ու շատ գեղեցիկ էին, բայց տատիկից գաղտնիքներ պահելը՝ ոչ մի դեպքում երբեք"
    georgian = "ინტერნეტში ადამიანები ყოველთვის ისინი არ არიან, ვინც ამბობენ, რომ არიან, და ეს ძალიან მნიშვნელოვანია"
    for other in (armenian, georgian):
        parts = pieces_of(other)
        assert len(parts) >= 2
        assert all(cue[-1] in ",՝" for cue in parts[:-1]), parts


def test_a_dash_ends_a_clause_and_stays_on_the_left() -> None:
    text = "Бесплатные кристаллы и большие подарки от незнакомцев — это очень здорово и интересно, но опасно"
    assert pieces_of(text)[0] == "Бесплатные кристаллы и большие подарки от незнакомцев —"


def test_only_a_clause_too_long_for_a_cue_is_cut_between_words() -> None:
    clause = "the tiny robot walked slowly across the big green park to find the old wooden bench where Grandma sat"
    text = f"Look, {clause}."
    cues_ = pieces_of(text)
    assert cues_[0] == "Look,"  # a cue holds whole clauses or a part of one
    assert " ".join(cues_[1:]) == f"{clause}." and len(cues_) == 3
    with_comma = "the tiny robot walked slowly across the big green park, to find the old wooden bench where Grandma sat."
    assert pieces_of(with_comma) == ["the tiny robot walked slowly across the big green park,", "to find the old wooden bench where Grandma sat."]


def test_a_dialogue_dash_belongs_to_its_phrase() -> None:
    text = "— Привет, — сказала Ана. — Я живу на Зелёной улице, в доме номер пять, а моя школа номер двенадцать рядом."
    cues_ = pieces_of(text)
    assert cues_[0] == "— Привет, — сказала Ана."
    assert all(cue.strip("—, ") for cue in cues_)


def test_line_breaks_prefer_sentence_ends() -> None:
    assert wrap("Слышишь Киви? То, чем мы делимся в интернете,") == ("Слышишь Киви?", "То, чем мы делимся в интернете,")
    assert wrap("Ух ты, как здорово ты рисуешь! А в какой школе ты учишься?") == (
        "Ух ты, как здорово ты рисуешь!",
        "А в какой школе ты учишься?",
    )


def test_no_break_spaces_are_never_broken() -> None:
    text = "Позвони по номеру 8\u00a0800\u00a0555\u00a035\u00a035 и скажи взрослому, что случилось"
    for chunk in split(text):
        for part in chunk:
            assert not part.startswith(("800", "555", "35"))


def test_boundaries() -> None:
    assert boundary("көреді.") == boundary("«Стоп!»") == boundary("Կիվիին։") == SENTENCE
    assert boundary("интернете,") == boundary("—") == boundary("պահելը՝") == boundary("masalan:") == CLAUSE
    assert boundary("Тимура") == boundary("что-то") == boundary("Լսո՞ւմ") == WORD


def test_every_cue_remembers_its_line() -> None:
    made = cues([line(KAZAKH, 1.0, 9.0)])
    assert len(made) >= 3 and {cue.key for cue in made} == {"ep/scene/1"}


# --- reading speed ---------------------------------------------------------------------------


def test_characters_per_second() -> None:
    assert cps(Cue(1.0, 3.0, ("Hello there",))) == pytest.approx(11 / 2)
    assert cps(Cue(0.0, 2.0, ("Hello", "there"))) == pytest.approx(11 / 2)  # the line break reads as a space
    assert cps(Cue(0.0, 1.0, ("e\u0301te\u0301",))) == pytest.approx(3)  # combining marks are not characters
    assert cps(Cue(2.0, 2.0, ("Hi",))) == math.inf


def test_cues_over_the_limit() -> None:
    slow, fast, edge = Cue(0.0, 4.0, ("Hello there",)), Cue(4.0, 4.5, ("A quick reply!",)), Cue(5.0, 6.0, ("x" * 15,))
    assert [cps(cue) for cue in (slow, fast, edge)] == pytest.approx([2.75, 28, 15])
    assert too_fast([slow, fast, edge], 15) == [fast]  # 15.0 is not over 15
    assert too_fast([slow, fast, edge], 14) == [fast, edge]
    assert too_fast([slow, fast, edge], 2) == [slow, fast, edge]
    assert too_fast([], 15) == []


def test_cue_warnings_name_the_line_and_the_locale() -> None:
    text = "Ана сурет салуды жақсы көреді. Бүгін әжесі оған отбасылық планшетте жаңа сурет салу ойынын ойнап көруге рұқсат берді."
    made = cues([line("Сәлем!", 0.0, 1.0), line(text, 1.2, 6.0, key="ep/scene/2")])  # about 24 characters a second
    assert [cue.key for cue in made] == ["ep/scene/1"] + ["ep/scene/2"] * 3
    warnings = cue_warnings(made, 15, locale="kk")
    assert [(w.key, w.part, w.parts) for w in warnings] == [("ep/scene/2", n, 3) for n in (1, 2, 3)]  # not the greeting
    first = warnings[0]
    assert (first.locale, first.limit, first.start) == ("kk", 15, pytest.approx(1.2))
    assert first.cps == pytest.approx(cps(made[1])) and first.cps > 20
    assert "[kk]" in first.message and "'ep/scene/2'" in first.message and "voices/kk.yaml" in first.message
    assert "caption 1 of 3" in first.message and f"{first.cps:.1f} characters per second" in first.message
    assert str(first).startswith("ep/scene/2: ")
    diagnostic = first.diagnostic()
    assert diagnostic.severity is Severity.WARNING and diagnostic.message == first.message
    located = cue_warnings(made, 15, locale="kk", locate=lambda key: Location("story.yaml", 12))
    assert str(located[0].location) == "story.yaml:12"
    assert cue_warnings(made, 30, locale="kk") == []


def test_narration_warnings_of_an_episode(tiny_project, voice_cache) -> None:  # type: ignore[no-untyped-def]
    """Real espeak narration of the tiny story, checked as ``kitgen check`` and the build will."""
    narration = narrator(tiny_project, "en", voice_cache)(["hello"])["hello"]
    story = tiny_project.localized("tiny", "en")
    names = {c.id: c.name for c in story.characters}
    assert narration_warnings(story.episodes[0], narration, 15, locale="en", names=names) == []
    strict = narration_warnings(story.episodes[0], narration, 8, locale="en", names=names)
    assert strict and all(w.key.startswith("hello/") and w.cps > 8 for w in strict)
    assert "hello/bye/1" in {w.key for w in strict}  # "Keep your password secret."


# --- files ---------------------------------------------------------------------------------


def unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def test_srt_and_vtt_parse_back_with_the_same_cues_and_times() -> None:
    lines = [line("This is Pip.", 3.12, 4.0), line("Hello & <welcome>!", 4.2, 4.5, "pip"), line(LONG, 6.0, 14.0)]
    made = cues(lines, {"pip": "Pip"})
    stamps = [(math.ceil(cue.start * 1000 - 1e-6), max(round(cue.end * 1000), math.ceil(cue.start * 1000 - 1e-6))) for cue in made]
    subrip = pysubs2.SSAFile.from_string(srt(made), format_="srt", keep_html_tags=True)
    assert [(e.start, e.end) for e in subrip] == stamps
    assert [e.plaintext for e in subrip] == [cue.text for cue in made]
    web = pysubs2.SSAFile.from_string(vtt(made), format_="vtt", keep_html_tags=True)
    assert [(e.start, e.end) for e in web] == stamps
    texts = [e.plaintext for e in web]
    assert texts[1] == "<v Pip>Hello &amp; &lt;welcome&gt;!"  # the voice span, and the text escaped
    assert [unescape(re.sub(r"^<v [^>]*>", "", t)) for t in texts] == [cue.text for cue in made]
    assert srt(cues(lines, {"pip": "Pip"})) == srt(made) and vtt(cues(lines, {"pip": "Pip"})) == vtt(made)  # reproducible


# --- the kit's reading speed -------------------------------------------------------------------


def test_the_default_reading_speed_is_the_kits() -> None:
    assert Kit.model_fields["reading_speed"].default == 15
