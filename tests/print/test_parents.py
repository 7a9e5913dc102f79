"""The take-home sheet for parents: built through the pipeline, read back from the real PDF."""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from pathlib import Path

import pdfplumber
import pytest
import yaml
from pypdf import PdfReader

from kitgen.builder.view import project
from kitgen.errors import Report, SourceError, TextOverflowError
from kitgen.i18n.catalog import read_catalog
from kitgen.i18n.chrome_files import load_chrome
from kitgen.pipeline.registry import default_registry
from kitgen.print.parents import ParentsSheetBuilder
from kitgen.project import load_project
from tests.conftest import REPO, ScratchProject
from tests.pipeline.conftest import edit_translation
from tests.print.conftest import source_map, tiny_story_data

HEADINGS = ("For parents and carers", "What we learned", "Questions to ask at home", "Something to do together")
SAMPLE = "stop-think-tell"



def sheet(project: ScratchProject, locale: str) -> Path:
    return project.root / "output" / "tiny" / locale / "parents-sheet.pdf"


def flat(text: str) -> str:
    """Text as a reader sees it: NFC, soft hyphens gone, runs of white space as one space."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text).replace("\u00ad", "")).strip()


def page_texts(path: Path) -> list[str]:
    with pdfplumber.open(path) as pdf:
        return [flat(page.extract_text() or "") for page in pdf.pages]


def statuses(project: ScratchProject, only: str) -> tuple[int, dict[str, str], str]:
    result = project.kitgen("build", "--only", only, "--json", "report.json")
    report = json.loads((project.root / "report.json").read_text(encoding="utf-8"))
    return result.exit_code, {a["label"]: a["status"] for a in report["artifacts"]}, result.output


def translations(root: Path, locale: str) -> dict[str, str]:
    catalog = read_catalog(root / "sources" / "stories" / "tiny" / "locales" / f"{locale}.po")
    return {m.context: m.string for m in catalog if m.context}


def home_translations(root: Path, locale: str) -> dict[str, str]:
    return {context: text for context, text in translations(root, locale).items() if context.startswith("home/")}


def catalog_line(root: Path, locale: str, context: str) -> int:
    catalog = read_catalog(root / "sources" / "stories" / "tiny" / "locales" / f"{locale}.po")
    return next(m.lineno for m in catalog if m.context == context)


# -- through the pipeline -------------------------------------------------------------------------

def test_the_builder_is_registered_as_parents():
    registry = default_registry(plugins=False)
    assert isinstance(registry.get("parents"), ParentsSheetBuilder)
    assert "parents" in registry.groups(default_only=True)  # `kitgen build` makes it for every kit x locale
    assert ParentsSheetBuilder.filename == "parents-sheet.pdf"


def test_one_page_per_lesson_in_the_kit_locale(tiny):
    code, built, output = statuses(tiny, "parents")
    assert code == 0, output
    assert built == {"tiny/en parents-sheet.pdf": "built", "tiny/hy parents-sheet.pdf": "built"}
    story = tiny_story_data()
    path = sheet(tiny, "hy")
    texts = page_texts(path)
    assert len(texts) == len(story["lessons"]) == 1
    page = texts[0]
    chrome = load_chrome("hy")
    for heading in HEADINGS:
        assert flat(chrome.text(heading)) in page, heading
        assert heading not in page  # in Armenian, not English
    for context, translation in home_translations(tiny.root, "hy").items():
        assert translation and flat(translation) in page, context
    assert "Ծանոթացեք Պիպին" in page  # the lesson's title, translated
    assert flat(chrome.text("Lesson {number}", number=1)) in page
    assert flat(chrome.text("Page {page} of {pages}", page=1, pages=1)) in page
    # The three questions are numbered, in their order.
    questions = [home_translations(tiny.root, "hy")[f"home/lesson/questions/{n}"] for n in (1, 2, 3)]
    positions = [page.index(f"{n}. {flat(q)}") for n, q in enumerate(questions, 1)]
    assert positions == sorted(positions)
    english = page_texts(sheet(tiny, "en"))
    assert len(english) == 1 and all(heading in english[0] for heading in HEADINGS)
    assert "Pip the robot showed us that a password is a secret." in english[0]


def test_fonts_are_embedded_and_the_pdf_says_its_language(tiny):
    assert statuses(tiny, "parents")[0] == 0
    reader = PdfReader(sheet(tiny, "hy"))
    assert reader.trailer["/Root"]["/Lang"] == "hy"
    title = translations(tiny.root, "hy")["story/title"]
    assert reader.metadata.title == f"{title} — {load_chrome('hy').text('For parents and carers')}"
    fonts = {}
    for page in reader.pages:
        for font in (page["/Resources"].get_object().get("/Font") or {}).values():
            font = font.get_object()
            fonts[str(font["/BaseFont"])] = font
    assert any("NotoSansArmenian" in name for name in fonts) and any("Andika" in name for name in fonts)
    for name, font in fonts.items():
        assert re.match(r"^/[A-Z]{6}\+", name), f"{name} is not a subset"
        assert "/FontFile2" in font["/FontDescriptor"], f"{name} is not embedded"


def test_printable_in_black_and_white(tiny):
    assert statuses(tiny, "parents")[0] == 0
    with pdfplumber.open(sheet(tiny, "hy")) as pdf:
        page = pdf.pages[0]
        inks = {tuple(c["non_stroking_color"] or ()) for c in page.chars}
        strokes = {tuple(s["stroking_color"] or ()) for s in page.lines + page.rects + page.curves}
        fills = [s for s in page.rects + page.curves if s.get("fill")]
        frames = [s for s in page.rects + page.curves if s["width"] > page.width / 2 and s["height"] > 40]
    assert inks and all(len(set(colour)) == 1 for colour in inks), f"text should be black or grey: {inks}"
    assert strokes and all(len(set(colour)) <= 1 for colour in strokes), f"rules should be black or grey: {strokes}"
    assert fills == []
    assert len(frames) == 1  # the frame around "Something to do together"


def test_a_home_page_for_an_unknown_lesson_is_a_located_error(tiny):
    story = tiny.root / "sources" / "stories" / "tiny" / "story.yaml"
    tiny.edit(story, "  - lesson: lesson\n", "  - lesson: lessen\n")
    line = tiny.line_of(story, "lesson: lessen")
    result = tiny.kitgen("build", "--only", "parents")
    assert result.exit_code == 1
    assert re.search(rf"story\.yaml:{line}:\d+: error: home page for unknown lesson 'lessen'; did you mean 'lesson'\?", result.output)
    assert "lesson 'lesson' has no page under 'home'" in result.output  # and the lesson left without one is a warning
    assert not sheet(tiny, "en").exists() and not sheet(tiny, "hy").exists()


def test_overflow_names_the_lesson_and_locale_and_points_at_the_catalog(tiny):
    context = "home/lesson/together"
    # Each line of a text is a line on the page: 150 of them cannot fit, whatever the size.
    edit_translation(tiny.root, "hy", context, "Պիպ\n" * 150)
    code, built, output = statuses(tiny, "parents")
    assert code == 1
    assert built == {"tiny/en parents-sheet.pdf": "built", "tiny/hy parents-sheet.pdf": "failed"}
    line = catalog_line(tiny.root, "hy", context)
    assert re.search(
        rf"locales/hy\.po:{line}: error: home page of lesson 'lesson' \(hy\) does not fit on one page: it is \d+\.\d pt too tall "
        r"at the 9 pt floor; shorten the text, starting with the longest \(together\)",
        output,
    ), output
    assert not sheet(tiny, "hy").exists()  # nothing half-written
    assert sheet(tiny, "en").is_file()


def test_a_long_text_shrinks_to_stay_on_its_page(tiny):
    edit_translation(tiny.root, "hy", "home/lesson/learned", "Պիպ ռոբոտը։\n" * 30)
    assert statuses(tiny, "parents")[0] == 0
    sizes = {}
    for locale in ("en", "hy"):
        with pdfplumber.open(sheet(tiny, locale)) as pdf:
            assert len(pdf.pages) == 1
            sizes[locale] = Counter(round(c["size"], 1) for c in pdf.pages[0].chars).most_common(1)[0][0]  # the text's size
    assert 9 <= sizes["hy"] < sizes["en"] == 14.0


def test_second_build_is_up_to_date_and_a_home_translation_rebuilds_only_its_sheet(tiny):
    only = "parents,cards,readme"
    code, built, output = statuses(tiny, only)
    assert code == 0, output
    assert set(built.values()) == {"built"} and len(built) == 6
    code, built, output = statuses(tiny, only)
    assert set(built.values()) == {"up to date"}, built
    assert "up to date: 6 artifacts" in output
    edit_translation(tiny.root, "hy", "home/lesson/questions/2", "Ինչո՞ւ է գաղտնաբառը գաղտնի։")
    code, built, _ = statuses(tiny, only)
    assert code == 0
    assert sorted(label for label, status in built.items() if status != "up to date") == ["tiny/hy parents-sheet.pdf"]
    assert built["tiny/hy parents-sheet.pdf"] == "built"
    assert "Ինչո՞ւ է գաղտնաբառը գաղտնի։" in page_texts(sheet(tiny, "hy"))[0]


# -- the builder on its own ------------------------------------------------------------------------

def test_a_story_without_home_pages_plans_no_sheet(make_request):
    data = tiny_story_data()
    del data["home"]
    request = make_request(story=data)
    assert ParentsSheetBuilder().plan(request.story) == []
    with pytest.raises(SourceError, match="the story has no 'home' pages"):
        ParentsSheetBuilder().build(request)
    assert not request.output.exists()


def test_a_word_wider_than_the_page_is_a_located_overflow(make_request, story_dir):
    data = tiny_story_data()
    data["home"][0]["questions"][1] = "Why" + "y" * 160 + "?"
    (story_dir / "story.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    request = make_request(story=data)
    with pytest.raises(TextOverflowError) as info:
        ParentsSheetBuilder().build(request)
    assert info.value.message.startswith("home page of lesson 'lesson' (en): question 2 has a word ")
    assert "soft hyphen" in info.value.message
    line = next(n for n, text in enumerate((story_dir / "story.yaml").read_text().splitlines(), 1) if "Whyyy" in text)
    assert (Path(info.value.location.path).name, info.value.location.line) == ("story.yaml", line)
    assert not request.output.exists()


@pytest.mark.parametrize("locale", ["en", "ru", "kk", "ky", "uz-Latn", "tg", "tk", "hy", "az", "ka", "be", "uk", "ro"])
def test_the_sample_story_has_a_fitting_page_per_lesson_in_every_locale(make_request, locale):
    sample = load_project(REPO, Report())
    story = sample.localized(SAMPLE, locale)
    assert [page.lesson for page in story.home] == [lesson.id for lesson in story.lessons]
    folder = REPO / "sources" / "stories" / SAMPLE
    request = make_request(story=project(story, ParentsSheetBuilder.reads.model), locale=locale, directory=folder,
                           sources=source_map(folder, story, locale))  # projected: reading anything undeclared fails
    texts = page_texts(ParentsSheetBuilder().build(request))
    assert len(texts) == len(story.lessons) == 3
    chrome = load_chrome(locale)
    english = sample.stories[SAMPLE].story.home
    for page, home, source in zip(texts, story.home, english):
        assert all(flat(chrome.text(heading)) in page for heading in HEADINGS)
        assert " ".join(flat(home.together).split()[-2:]) in page  # the end of the page's last text is on it
        assert " ".join(flat(home.questions[2]).split()[:2]) in page
        if locale != "en":  # written for this locale, not left in English
            assert home.learned != source.learned and home.together != source.together
            assert all(ours != theirs for ours, theirs in zip(home.questions, source.questions))
