"""The teacher's guide as a real PDF: overview, lessons, answer key, cards, episodes and printing."""

from __future__ import annotations

import re
from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4, LETTER

from kitgen.errors import MediaError, OptionError
from kitgen.i18n.chrome_files import load_chrome
from kitgen.model.story import Story
from kitgen.print.activities import filled
from kitgen.print.guide import DUPLEX_ADVICE, GuideBuilder, estimated_seconds
from kitgen.print.workbook import WorkbookBuilder
from kitgen.source.yamlpos import load_yaml

from .conftest import tiny_story_data

SAMPLE_DIR = Path(__file__).resolve().parents[2] / "sources" / "stories" / "stop-think-tell"


def build(make_request, builder=GuideBuilder, **kwargs) -> Path:
    request = make_request(**kwargs)
    builder().build(request)
    return request.output


def page_texts(path: Path) -> list[str]:
    with pdfplumber.open(path) as pdf:
        return [re.sub(r"\s+", " ", page.extract_text()) for page in pdf.pages]


def text_of(path: Path) -> str:
    return " ".join(page_texts(path))


def right_half_text(path: Path) -> str:
    """The text of the right half of every page: the workbook's shuffled matching column."""
    with pdfplumber.open(path) as pdf:
        halves = [page.crop((page.width / 2, 0, page.width, page.height)).extract_text() for page in pdf.pages]
    return re.sub(r"\s+", " ", " ".join(halves))


def answer_key_text(path: Path, locale: str = "en") -> str:
    """The text of the answer key section: from its heading to the card list."""
    chrome = load_chrome(locale)
    text = text_of(path)
    start = text.index(chrome.text("Answer key"))
    return text[start:text.index(chrome.text("Cards"), start)]


def assert_key_matches(key: str, story: Story, workbook: str, chrome) -> None:
    """Every answer of every activity is in the key, as the activity data says; the matching
    letters are those of the right column of ``workbook``."""
    for number, activity in enumerate(story.activities, 1):
        assert f"{chrome.text('Activity {number}', number=number)} \u2014 {activity.title}" in key
        if activity.type == "multiple_choice":
            for option in activity.options:
                assert (f"\u2713 {option.text}" in key) is option.correct, option
        elif activity.type == "true_false":
            for n, statement in enumerate(activity.statements, 1):
                answer = chrome.text("True") if statement.answer else chrome.text("False")
                assert f"{n}. {statement.text} \u2014 {answer}" in key
        elif activity.type == "matching":
            for n, pair in enumerate(activity.pairs, 1):
                letter = re.search(rf"(\w)\. {re.escape(pair.right)}", workbook).group(1)
                assert f"{n}. {pair.left} \u2192 {letter}. {pair.right}" in key
        elif activity.type == "fill_blank":
            for n, sentence in enumerate(activity.sentences, 1):
                assert f"{n}. {filled(sentence.text, sentence.answer)}" in key
        elif activity.type == "sort":
            for label, safe in (("Safe", True), ("Unsafe", False)):
                items = "; ".join(item.text for item in activity.items if item.safe is safe)
                assert f"{chrome.text(label)}: {items}" in key
    open_ended = sum(a.type in ("drawing", "pledge") for a in story.activities)
    assert key.count(chrome.text("Answers will vary")) == open_ended


def test_pages_are_a4_with_page_x_of_y(make_request) -> None:
    path = build(make_request)
    texts = page_texts(path)
    for page in PdfReader(path).pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(A4, abs=0.01)
    for number, text in enumerate(texts, 1):
        assert f"Page {number} of {len(texts)}" in text


def test_letter_paper_and_no_a4_advice(make_request) -> None:
    path = build(make_request, options={"paper": "letter"})
    assert all((float(p.mediabox.width), float(p.mediabox.height)) == pytest.approx(LETTER, abs=0.01) for p in PdfReader(path).pages)
    assert "Use A4 paper" not in text_of(path)


def test_overview_has_age_summary_objectives_and_characters(make_request) -> None:
    story = Story.model_validate(tiny_story_data())
    text = text_of(build(make_request))
    for expected in ("Teacher's guide", "Age 7–10", "Overview", story.story.summary, "Learning objectives",
                     *story.story.objectives, "How to use this kit", "Characters", story.characters[0].description):
        assert expected in text


def test_each_lesson_has_duration_materials_timed_steps_questions_and_uses(make_request) -> None:
    story = Story.model_validate(tiny_story_data())
    lesson = story.lessons[0]
    text = text_of(build(make_request))
    assert f"Lesson 1 {lesson.title}" in text
    assert f"Duration {lesson.duration} min" in text
    assert all(material in text for material in lesson.materials)
    for n, step in enumerate(lesson.steps, 1):
        assert f"{n}. {step.minutes} min {step.text}" in text
    assert all(question in text for question in lesson.questions)
    assert "Episode 1 \u2014 Hello, Pip" in text
    for n, activity in enumerate(story.activities, 1):
        assert f"Activity {n} \u2014 {activity.title}" in text
    assert "Card 1, Card 2" in text


def test_answer_key_equals_the_activity_data(make_request) -> None:
    story = Story.model_validate(tiny_story_data())
    key = answer_key_text(build(make_request))
    workbook = right_half_text(build(make_request, WorkbookBuilder, output="workbook.pdf"))
    assert_key_matches(key, story, workbook, load_chrome("en"))


def test_answer_key_of_the_sample_story_in_russian_chrome(make_request) -> None:
    story = Story.model_validate(load_yaml(SAMPLE_DIR / "story.yaml").data)
    kwargs = {"story": story, "directory": SAMPLE_DIR, "locale": "ru"}
    key = answer_key_text(build(make_request, output="guide.pdf", **kwargs), "ru")
    workbook = right_half_text(build(make_request, WorkbookBuilder, output="workbook.pdf", **kwargs))
    assert_key_matches(key, story, workbook, load_chrome("ru"))


def test_card_list_shows_every_card_as_a_vector_thumbnail(make_request) -> None:
    story = Story.model_validate(tiny_story_data())
    path = build(make_request)
    texts = page_texts(path)
    number = next(i for i, t in enumerate(texts) if t.startswith("Cards ") or " Cards " in t[:40])
    for n, card in enumerate(story.cards, 1):
        assert f"Card {n}" in texts[number] and card.title in texts[number]
    page = PdfReader(path).pages[number]
    assert not [x for x in page["/Resources"].get("/XObject", {}).values() if x.get_object()["/Subtype"] == "/Image"]
    colour = story.categories[0].colour
    wanted = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    content = page.get_contents().get_data().decode("latin-1")
    fills = [[float(v) for v in m] for m in re.findall(r"([\d.]+) ([\d.]+) ([\d.]+) rg", content)]
    assert any(fill == pytest.approx(wanted, abs=0.002) for fill in fills), "the category colour band"


def test_episode_running_times_measured_or_estimated(make_request) -> None:
    story = Story.model_validate(tiny_story_data())
    measured = text_of(build(make_request, options={"episode_durations": {"hello": 65}}))
    assert "Episode 1 Hello, Pip 1:05" in measured and "\u2248" not in measured
    seconds = round(estimated_seconds(story.episodes[0]))
    estimated = text_of(build(make_request, output="estimated.pdf"))
    assert f"Episode 1 Hello, Pip \u2248 {seconds // 60}:{seconds % 60:02d}" in estimated


@pytest.mark.parametrize("duplex", sorted(DUPLEX_ADVICE))
def test_printing_page_names_the_duplex_setting(make_request, duplex: str) -> None:
    text = text_of(build(make_request, options={"duplex": duplex}))
    assert "Printing the cards" in text
    for setting, sentence in DUPLEX_ADVICE.items():
        assert (sentence in text) is (setting == duplex)
    assert "Use A4 paper. In the print dialog choose 'Actual size' (100%), not 'Fit to page'." in text


def test_unknown_duplex_setting_stops_before_any_file(make_request) -> None:
    request = make_request(options={"duplex": "sideways"})
    with pytest.raises(OptionError, match="unknown duplex setting 'sideways'"):
        GuideBuilder().build(request)
    assert not request.output.exists()


def test_russian_chrome_throughout(make_request) -> None:
    chrome = load_chrome("ru")
    texts = page_texts(build(make_request, locale="ru"))
    for msgid in ("Teacher's guide", "Overview", "Answer key", "Cards", "Episodes", "Printing", "Materials", "Steps"):
        assert chrome.text(msgid) != msgid
        assert chrome.text(msgid) in " ".join(texts)
    assert chrome.text("Page {page} of {pages}", page=len(texts), pages=len(texts)) in texts[-1]


@pytest.mark.parametrize(("locale", "objective", "lesson"), [
    ("hy", "Գաղտնաբառերը գաղտնի պահել։", "Ծանոթացեք Պիպին"),
    ("ka", "პაროლების საიდუმლოდ შენახვა.", "გაიცანით პიპი"),
])
def test_armenian_and_georgian_lessons(make_request, locale: str, objective: str, lesson: str) -> None:
    data = tiny_story_data()
    data["story"]["objectives"] = [objective]
    data["lessons"][0]["title"] = lesson
    path = build(make_request, story=data, locale=locale)
    text = text_of(path)
    assert objective in text and lesson in text
    assert load_chrome(locale).text("Answer key") in text
    reader = PdfReader(path)
    assert reader.trailer["/Root"]["/Lang"] == locale
    fonts = {str(f.get_object()["/BaseFont"]): f.get_object() for p in reader.pages for f in p["/Resources"]["/Font"].values()}
    assert any(("Armenian" if locale == "hy" else "Georgian") in name for name in fonts)
    assert all("/FontFile2" in f["/FontDescriptor"].get_object() for f in fonts.values())


def test_two_builds_are_byte_identical(make_request) -> None:
    assert build(make_request, output="one.pdf").read_bytes() == build(make_request, output="two.pdf").read_bytes()


def test_unknown_card_icon_is_a_media_error_and_no_file(make_request) -> None:
    data = tiny_story_data()
    data["categories"][0]["icon"] = "rocket"
    request = make_request(story=data)
    with pytest.raises(MediaError, match="unknown icon 'rocket'"):
        GuideBuilder().build(request)
    assert not request.output.exists()
