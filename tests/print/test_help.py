"""Help contacts in print, read back from the text layer of real PDFs: the help card (front and
back, lined up like every card), the storybook's back cover, the guide and the README with
their sources, the workbook's last page and the parents sheet."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle

from kitgen.builder import HelpLine
from kitgen.errors import SourceError, TextOverflowError
from kitgen.i18n.chrome_files import load_chrome
from kitgen.print import imposition as imp
from kitgen.print.cards import CardsBuilder
from kitgen.print.fit import StackItem, TextDoesNotFit, fit_stack
from kitgen.print.help import break_address
from kitgen.print.styles import MEASURES
from kitgen.text.fontset import default_fonts_dir, load_fontset
from kitgen.text.pdf import string_width
from tests.print.conftest import HELP
from tests.print.test_cards import cards_story
from tests.print.test_draft import build as build_artifact

MM = 72 / 25.4
POKER = (63, 88)
STEPS = ("If something online worries or scares you:", "Stop. Do not reply.", "Keep what you saw: take a screenshot.",
         "Talk to an adult you trust")
HELPLINE_STEP = "You can also call or write to a helpline."
LONG = HelpLine(
    name="The Very Long Name of a Made-Up Helpline for Children, Young People and Their Families Online",
    phone="000 444 555 666",
    url="https://a-made-up-helpline-with-a-long-address.example.org/" + "/".join(["section-of-the-site"] * 6) + "/contact-us.html",
    hours="Every day from early in the morning until late in the evening",
    languages=("English", "Armenian", "Russian"),
    source="A made-up page with a very long title about help for children and young people online",
    source_url="https://example.org/" + "very-long-source-path/" * 6,
)
ARMENIAN = HelpLine(name="Օրինակ օգնության գիծ", phone="000 777", languages=("հայերեն",), source="Օրինակ էջ",
                    source_url="https://example.org/hy")


def flat(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def build(make_request, tmp_path: Path, kind: str, help=HELP, locale: str = "en", **options) -> Path:
    return build_artifact(make_request, tmp_path, kind, locale=locale, draft=False, help=help, **options)


def page_texts(path: Path) -> list[str]:
    with pdfplumber.open(path) as pdf:
        return [flat(page.extract_text()) for page in pdf.pages]


def box(rect: imp.Rect, page_height: float) -> tuple[float, float, float, float]:
    """A rectangle in pdfplumber's top-down coordinates."""
    return rect.x, page_height - rect.top, rect.right, page_height - rect.y


def card_text(path: Path, page: int, rect: imp.Rect) -> str:
    with pdfplumber.open(path) as pdf:
        sheet = pdf.pages[page]
        return flat(sheet.crop(box(rect, sheet.height)).extract_text())


def card_chars(path: Path, page: int, rect: imp.Rect) -> list[dict]:
    """The characters whose middle lies on the card."""
    with pdfplumber.open(path) as pdf:
        sheet = pdf.pages[page]
        x0, top, x1, bottom = box(rect, sheet.height)
        return [c for c in sheet.chars if x0 < (c["x0"] + c["x1"]) / 2 < x1 and top < (c["top"] + c["bottom"]) / 2 < bottom]


def help_card_faces(duplex: str, cards: int = 2) -> tuple[tuple[int, imp.Rect], tuple[int, imp.Rect]]:
    """(page, trim) of the help card's front and of its back, from the imposition."""
    layout = imp.impose(A4, POKER, 0, duplex, True)
    slot = layout.front_slots()[cards % layout.per_sheet]
    sheet = cards // layout.per_sheet
    front_page = sheet * (2 if duplex in ("long", "short") else 1)
    back_page = front_page + (1 if duplex in ("long", "short") else 0)
    return (front_page, layout.trim(slot)), (back_page, layout.trim(layout.back_slot(slot)))


# -- the help card -------------------------------------------------------------------------------

@pytest.mark.parametrize("duplex", ["long", "short", "foldover"])
def test_the_help_card_front_has_the_steps_and_its_back_the_contacts_behind_it(make_request, tmp_path: Path, duplex: str) -> None:
    path = build(make_request, tmp_path, "cards", duplex=duplex)
    (front_page, front), (back_page, back) = help_card_faces(duplex)
    face = card_text(path, front_page, front)
    assert face.startswith("Need help?")
    positions = [face.index(step) for step in STEPS + (HELPLINE_STEP,)]
    assert positions == sorted(positions)  # in order
    assert "1. Stop." in face and "5." not in face and "4. You can also call" in face
    reverse = card_text(path, back_page, back)
    assert reverse.startswith("Where to get help")
    for line in HELP:
        assert line.name in reverse and line.phone in reverse and line.address in reverse and line.hours in reverse
    assert "Languages: English, Armenian" in reverse and "Phone:" in reverse and "Website:" in reverse
    assert "Source" not in reverse and "Checked" not in reverse  # for teachers only


def test_the_back_lies_exactly_behind_the_front_in_long_edge_duplex(make_request, tmp_path: Path) -> None:
    path = build(make_request, tmp_path, "cards", duplex="long")
    (_, front), (_, back) = help_card_faces("long")
    assert back.x == pytest.approx(A4[0] - front.right) and back.y == pytest.approx(front.y)  # mirrored across the page
    with pdfplumber.open(path) as pdf:
        heading = pdf.pages[1].search("Where to get help")[0]
    assert back.x < heading["x0"] and heading["x1"] < back.right


def test_the_help_card_is_the_last_card_and_card_numbers_are_unchanged(make_request, tmp_path: Path) -> None:
    request = make_request(story=cards_story(9), options={"duplex": "long"}, output="cards.pdf")
    path = CardsBuilder().build(dataclasses.replace(request, help=HELP))
    reader = PdfReader(path)
    assert len(reader.pages) == 4  # nine cards fill the first sheet; the help card starts the second
    texts = page_texts(path)
    assert "Card 9" in texts[0] and "Need help?" not in texts[0]
    assert "Need help?" in texts[2] and "Card" not in texts[2]
    assert "Where to get help" in texts[3]


def test_without_contacts_the_card_says_talk_to_an_adult(make_request, tmp_path: Path) -> None:
    path = build(make_request, tmp_path, "cards", help=())
    (front_page, front), (back_page, back) = help_card_faces("long")
    face = card_text(path, front_page, front)
    assert all(step in face for step in STEPS) and HELPLINE_STEP not in face and "4." not in face
    assert card_text(path, back_page, back) == "Talk to an adult you trust"


def test_six_contacts_share_the_back_with_every_name_and_number(make_request, tmp_path: Path) -> None:
    contacts = tuple(dataclasses.replace(HELP[n % 2], name=f"{HELP[n % 2].name} {n + 1}", phone=f"000 00{n + 1}") for n in range(6))
    path = build(make_request, tmp_path, "cards", help=contacts)
    _, (back_page, back) = help_card_faces("long")
    reverse = card_text(path, back_page, back)
    for line in contacts:
        assert line.name in reverse and line.phone in reverse
    inset = 2.5 * MM
    for char in card_chars(path, back_page, back):
        assert back.x + inset <= char["x0"] and char["x1"] <= back.right - inset


def test_a_long_name_and_address_stay_inside_the_help_card(make_request, tmp_path: Path) -> None:
    path = build(make_request, tmp_path, "cards", help=(LONG,))
    _, (back_page, back) = help_card_faces("long")
    reverse = card_text(path, back_page, back)
    assert LONG.phone in reverse and "Very Long Name" in reverse
    assert LONG.address in reverse.replace(" ", "")  # broken over lines, every character kept
    page_height = A4[1]
    for char in card_chars(path, back_page, back):
        assert back.x + 2.5 * MM <= char["x0"] and char["x1"] <= back.right - 2.5 * MM
        assert page_height - back.top + 2.5 * MM <= char["top"] and char["bottom"] <= page_height - back.y - 2.5 * MM


def test_contacts_too_many_for_the_card_are_a_text_overflow_error(make_request, tmp_path: Path) -> None:
    crowd = tuple(dataclasses.replace(LONG, phone=f"000 {n:03d}") for n in range(12))
    request = dataclasses.replace(make_request(output="cards.pdf"), help=crowd)
    with pytest.raises(TextOverflowError, match=r"help card \(en\), back"):
        CardsBuilder().build(request)
    assert not request.output.exists()


# -- the other PDFs -------------------------------------------------------------------------------

@pytest.mark.parametrize("booklet", [False, True])
def test_the_storybook_back_cover_has_the_contacts(make_request, tmp_path: Path, booklet: bool) -> None:
    path = build(make_request, tmp_path, "storybook", booklet=booklet)
    with pdfplumber.open(path) as pdf:
        if booklet:  # the outside of the folded booklet: the first sheet side, left half
            first = pdf.pages[0]
            back = flat(first.crop((0, 0, first.width / 2, first.height)).extract_text())
        else:
            back = flat(pdf.pages[-1].extract_text())
    assert back.startswith("Where to get help Talk to an adult you trust")
    for line in HELP:
        assert line.name in back and line.phone in back and line.address in back
    assert "Safe online together" in back  # the kit's branding
    assert "Source" not in back


def test_the_guide_lists_each_contact_with_its_source_and_check(make_request, tmp_path: Path) -> None:
    text = " ".join(page_texts(build(make_request, tmp_path, "guide")))
    section = text[text.index("Where to get help"):]
    checked, unchecked = HELP
    assert re.search(f"{checked.name} {checked.organisation} .*{checked.phone}.* Languages English, Armenian", section)
    assert "Source: Example source page https://example.org/sources/helpline Checked on 1 December 2026" in section
    assert re.search(f"{unchecked.name} .*{unchecked.phone}", section) and section.count("Phone") == 2
    assert "Source: Another example page https://example.org/sources/report Not checked yet" in section
    assert "Hours Mon–Fri 9:00–18:00" in section and "Website report.example.org" in section


def test_the_guide_links_the_web_addresses(make_request, tmp_path: Path) -> None:
    path = build(make_request, tmp_path, "guide")
    uris = {annotation.get_object()["/A"]["/URI"] for page in PdfReader(path).pages for annotation in page.get("/Annots", [])
            if "/A" in annotation.get_object()}
    assert {line.url for line in HELP} | {line.source_url for line in HELP} <= uris


def test_the_readme_keeps_one_page_with_the_contacts_and_their_sources(make_request, tmp_path: Path) -> None:
    texts = page_texts(build(make_request, tmp_path, "readme"))
    assert len(texts) == 1
    assert "Where to get help" in texts[0] and "Teaching order" in texts[0]
    for line in HELP:
        assert line.name in texts[0] and line.phone in texts[0]
    assert "Source: Example source page" in texts[0] and "Checked on 1 December 2026" in texts[0] and "Not checked yet" in texts[0]


def test_the_readme_still_holds_six_long_contacts(make_request, tmp_path: Path) -> None:
    contacts = tuple(dataclasses.replace(LONG, phone=f"000 00{n}") for n in range(6))
    path = build(make_request, tmp_path, "readme", help=contacts)
    texts = page_texts(path)
    assert len(texts) == 1 and all(line.phone in texts[0] for line in contacts)
    assert_inside(path, 16 * MM)


def test_the_workbook_ends_with_where_to_get_help(make_request, tmp_path: Path) -> None:
    texts = page_texts(build(make_request, tmp_path, "workbook"))
    assert "Where to get help" in texts[-1] and not any("Where to get help" in text for text in texts[:-1])
    for line in HELP:
        assert line.name in texts[-1] and line.phone in texts[-1]
    assert "Source" not in texts[-1]


def test_each_parents_page_has_the_contacts(make_request, tmp_path: Path) -> None:
    texts = page_texts(build(make_request, tmp_path, "parents"))
    assert texts
    for text in texts:
        assert "Where to get help" in text
        for line in HELP:
            assert line.name in text and f"Phone: {line.phone}" in text and f"Website: {line.address}" in text


@pytest.mark.parametrize("kind", ["guide", "readme", "workbook", "storybook"])
def test_without_contacts_there_is_no_list_but_the_adult_line(make_request, tmp_path: Path, kind: str) -> None:
    texts = page_texts(build(make_request, tmp_path, kind, help=()))
    assert not any("Where to get help" in text or "Phone" in text for text in texts)
    assert "Talk to an adult you trust" in texts[-1]


def test_without_contacts_the_parents_sheet_has_no_help_section(make_request, tmp_path: Path) -> None:
    texts = page_texts(build(make_request, tmp_path, "parents", help=()))
    assert texts and not any("Where to get help" in text for text in texts)


def assert_inside(path: Path, margin: float) -> None:
    """Every character of every page lies inside the page's margins."""
    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            for char in page.chars:
                assert margin - 1 <= char["x0"] and char["x1"] <= page.width - margin + 1, (number, char["text"], char["x0"], char["x1"])
                assert 0 <= char["top"] and char["bottom"] <= page.height, (number, char["text"])


@pytest.mark.parametrize(("kind", "margin"), [("guide", MEASURES.margin), ("workbook", MEASURES.margin), ("readme", 16 * MM),
                                              ("storybook", MEASURES.story_margin), ("parents", MEASURES.margin)])
def test_a_long_name_and_address_wrap_inside_the_margins(make_request, tmp_path: Path, kind: str, margin: float) -> None:
    path = build(make_request, tmp_path, kind, help=(LONG, HELP[0]))
    text = " ".join(page_texts(path))
    assert LONG.phone in text and "Very Long Name" in text
    assert_inside(path, margin)


# -- Armenian ------------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", ["cards", "guide", "storybook"])
def test_armenian_contacts_and_labels(make_request, tmp_path: Path, kind: str) -> None:
    chrome = load_chrome("hy")
    path = build(make_request, tmp_path, kind, help=(ARMENIAN,), locale="hy")
    text = " ".join(page_texts(path))
    assert chrome.text("Where to get help") in text and ARMENIAN.name in text and ARMENIAN.phone in text
    assert chrome.text("Phone") in text and "Where to get help" not in text
    fonts = {str(f.get_object()["/BaseFont"]) for page in PdfReader(path).pages for f in page["/Resources"]["/Font"].values()}
    assert any("Armenian" in font for font in fonts)
    if kind == "guide":
        assert chrome.text("Source: {source}", source=ARMENIAN.source) in text and chrome.text("Not checked yet") in text
    if kind == "cards":
        (front_page, front), (back_page, back) = help_card_faces("long")
        face = card_text(path, front_page, front)
        assert chrome.text("Need help?") in face and chrome.text("You can also call or write to a helpline.") in face
        assert ARMENIAN.name in card_text(path, back_page, back)


@pytest.mark.parametrize("kind", ["cards", "guide", "workbook"])
def test_a_contact_no_font_can_draw_stops_before_any_file(make_request, tmp_path: Path, kind: str) -> None:
    strange = dataclasses.replace(HELP[0], name="Helpline \u2d63")  # Tifinagh YAZ
    with pytest.raises(SourceError, match="U\\+2D63"):
        build(make_request, tmp_path, kind, help=(strange,))
    assert not list((tmp_path / "output").rglob("*.pdf"))


# -- the pieces ----------------------------------------------------------------------------------

def test_an_address_breaks_after_slashes_and_dots_and_every_line_fits() -> None:
    fonts = load_fontset(default_fonts_dir())
    for width in (40.0, 90.0, 200.0):
        broken = break_address(fonts, LONG.address, 9, width)
        lines = broken.split("\n")
        assert "".join(lines) == LONG.address
        assert all(string_width(fonts, line, 9) <= width for line in lines)
        if width >= 90:  # wide enough for whole parts: every break is after a slash, dot or dash
            assert all(line[-1] in "/.-" for line in lines[:-1])
    assert break_address(fonts, "help.example.org", 9, 200) == "help.example.org"


def test_a_stack_shrinks_together_and_says_when_it_cannot() -> None:
    big = ParagraphStyle("big", fontName="Helvetica", fontSize=20, leading=24)
    small = ParagraphStyle("small", fontName="Helvetica", fontSize=10, leading=12)
    items = [StackItem("Heading words", big), StackItem("Some text under the heading, long enough to wrap.", small, before=4)]
    roomy = fit_stack(items, 300, 200, 0.5)
    assert roomy.scale == 1.0
    tight = fit_stack(items, 120, 60, 0.5)
    assert tight.scale < 1.0 and tight.height <= 60
    sizes = [fitted.size for fitted in tight.paragraphs]
    assert sizes[0] / sizes[1] == pytest.approx(2.0, abs=0.05)  # the heading stays twice the text
    with pytest.raises(TextDoesNotFit):
        fit_stack(items, 120, 10, 0.5)
