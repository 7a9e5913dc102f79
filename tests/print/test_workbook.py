"""The student's workbook as a real PDF: pages, fonts, locales, metadata and no answers."""

from __future__ import annotations

import re
from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4, LETTER

from kitgen.errors import MediaError, OptionError
from kitgen.i18n.chrome_files import load_chrome
from kitgen.print.activities import filled
from kitgen.print.workbook import WorkbookBuilder

from .conftest import tiny_story_data

#: Inline translations of the tiny story's workbook strings (Armenian and Georgian).
TRANSLATIONS = {
    "hy": {
        "title": "Պիպը բարևում է",
        "question": "Ո՞վ կարող է իմանալ քո գաղտնաբառը։",
        "options": ("Քո ծնողները", "Անծանոթը"),
        "statement": "Պիպը ռոբոտ է։",
        "promise": "Ես գաղտնի եմ պահում իմ գաղտնաբառը։",
    },
    "ka": {
        "title": "პიპი გესალმება",
        "question": "ვის შეუძლია იცოდეს შენი პაროლი?",
        "options": ("შენს მშობლებს", "უცნობს"),
        "statement": "პიპი რობოტია.",
        "promise": "ჩემს პაროლს საიდუმლოდ ვინახავ.",
    },
}


def translated(locale: str) -> dict:
    words = TRANSLATIONS[locale]
    data = tiny_story_data()
    data["story"]["title"] = words["title"]
    choose, judge = data["activities"][0], data["activities"][1]
    choose["question"] = words["question"]
    for option, text in zip(choose["options"], words["options"]):
        option["text"] = text
    judge["statements"][0]["text"] = words["statement"]
    data["activities"][6]["items"][0] = words["promise"]
    return data


def build(make_request, **kwargs) -> Path:
    request = make_request(**kwargs)
    WorkbookBuilder().build(request)
    return request.output


def page_texts(path: Path) -> list[str]:
    with pdfplumber.open(path) as pdf:
        return [re.sub(r"\s+", " ", page.extract_text()) for page in pdf.pages]


def embedded_fonts(path: Path) -> dict[str, bool]:
    """Every font in the PDF's page resources: base name -> has an embedded TrueType file."""
    fonts = {}
    for page in PdfReader(path).pages:
        for ref in page["/Resources"].get("/Font", {}).values():
            font = ref.get_object()
            descriptor = font.get("/FontDescriptor")
            fonts[str(font["/BaseFont"])] = descriptor is not None and "/FontFile2" in descriptor.get_object()
    return fonts


def test_pages_are_a4_and_numbered_page_x_of_y(make_request) -> None:
    path = build(make_request)
    texts = page_texts(path)
    assert len(texts) >= 2
    for page in PdfReader(path).pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(A4, abs=0.01)
    for number, text in enumerate(texts, 1):
        assert f"Page {number} of {len(texts)}" in text


def test_letter_paper(make_request) -> None:
    path = build(make_request, options={"paper": "letter"})
    assert all((float(p.mediabox.width), float(p.mediabox.height)) == pytest.approx(LETTER, abs=0.01) for p in PdfReader(path).pages)


def test_cover_has_title_branding_age_and_name_class_date_lines(make_request) -> None:
    cover = page_texts(build(make_request))[0]
    for text in ("Pip Says Hello", "Workbook", "Safe online together", "Age 7–10", "Name", "Class", "Date"):
        assert text in cover


def test_footer_and_labels_in_russian(make_request) -> None:
    chrome = load_chrome("ru")
    footer = chrome.text("Page {page} of {pages}", page=1, pages=9)
    assert footer != "Page 1 of 9"
    texts = page_texts(build(make_request, locale="ru"))
    for number, text in enumerate(texts, 1):
        assert chrome.text("Page {page} of {pages}", page=number, pages=len(texts)) in text
        assert "Page 1 of" not in text
    for msgid in ("Workbook", "Name", "Class", "True", "False", "Safe", "Unsafe", "Word bank", "Signature"):
        assert chrome.text(msgid) in " ".join(texts)


@pytest.mark.parametrize(("locale", "font"), [("hy", "NotoSansArmenian"), ("ka", "NotoSansGeorgian")])
def test_armenian_and_georgian_text_is_drawn_with_embedded_subset_fonts(make_request, locale: str, font: str) -> None:
    words = TRANSLATIONS[locale]
    path = build(make_request, story=translated(locale), locale=locale)
    text = " ".join(page_texts(path))
    for expected in (words["title"], words["question"], *words["options"], words["statement"], words["promise"]):
        assert expected in text
    assert load_chrome(locale).text("Page {page} of {pages}", page=1, pages=len(PdfReader(path).pages)) in text
    fonts = embedded_fonts(path)
    assert any(f"+{font}" in name for name in fonts)
    assert all(fonts.values()), fonts
    assert all(re.match(r"/[A-Z]{6}\+", name) for name in fonts), "fonts are subset"


def test_metadata_title_author_and_language(make_request) -> None:
    reader = PdfReader(build(make_request, story=translated("hy"), locale="hy"))
    assert reader.metadata["/Title"] == f"{TRANSLATIONS['hy']['title']} — {load_chrome('hy').text('Workbook')}"
    assert reader.metadata["/Author"] == "Safe online together"
    assert reader.trailer["/Root"]["/Lang"] == "hy"


def test_the_workbook_holds_no_answers(make_request) -> None:
    data = tiny_story_data()
    text = " ".join(page_texts(build(make_request, story=data)))
    fill = next(a for a in data["activities"] if a["type"] == "fill_blank")
    for marker in ("\u2713", "\u2192", "Answer key", "Answers will vary"):
        assert marker not in text
    for sentence in fill["sentences"]:
        assert filled(sentence["text"], sentence["answer"]) not in text


def test_two_builds_are_byte_identical(make_request) -> None:
    first = build(make_request, output="one.pdf")
    second = build(make_request, output="two.pdf")
    assert first.read_bytes() == second.read_bytes()


def test_eco_prints_only_greys(make_request) -> None:
    path = build(make_request, options={"eco": True})
    content = b"".join(page.get_contents().get_data() for page in PdfReader(path).pages).decode("latin-1")
    colours = re.findall(r"([\d.]+) ([\d.]+) ([\d.]+) (?:rg|RG)\b", content)
    assert colours
    assert all(r == g == b for r, g, b in colours)


def test_a_cover_svg_that_is_not_xml_stops_before_any_pdf(make_request, story_dir: Path) -> None:
    (story_dir / "illustrations" / "cover.svg").write_text("<svg><g></svg", encoding="utf-8")
    request = make_request()
    with pytest.raises(MediaError) as error:
        WorkbookBuilder().build(request)
    assert "cover.svg" in str(error.value.location) and error.value.location.line == 1
    assert not request.output.parent.exists() or list(request.output.parent.iterdir()) == []


def test_without_a_cover_illustration_the_workbook_still_builds(make_request, story_dir: Path) -> None:
    (story_dir / "illustrations" / "cover.svg").unlink()
    assert "Pip Says Hello" in page_texts(build(make_request))[0]


def test_unknown_paper_is_a_source_error_and_no_file(make_request) -> None:
    request = make_request(options={"paper": "a3"})
    with pytest.raises(OptionError, match="unknown paper size 'a3'"):
        WorkbookBuilder().build(request)
    assert not request.output.exists()
