"""The DRAFT band, read back from real PDFs: on every page of every printed artifact of a draft,
in the kit's language, inside the printer's safe margin and clear of everything else on the
page; absent when the kit is not a draft."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4, LETTER

from kitgen.i18n.chrome_files import load_chrome
from kitgen.print import imposition as imp
from kitgen.print.base import SAFE_MARGIN
from kitgen.print.cards import CardsBuilder
from kitgen.print.guide import GuideBuilder
from kitgen.print.parents import ParentsSheetBuilder
from kitgen.print.readme import ReadmeBuilder
from kitgen.print.script import CSV_NAME, PDF_NAME, RecordingScriptBuilder
from kitgen.print.storybook import StorybookBuilder
from kitgen.print.workbook import WorkbookBuilder
from tests.print.conftest import HELP, tiny_story_data, with_help

MM = 72 / 25.4
DRAFT = "DRAFT \u2014 for review"
BUILDERS = {
    "cards": CardsBuilder, "workbook": WorkbookBuilder, "guide": GuideBuilder, "storybook": StorybookBuilder,
    "readme": ReadmeBuilder, "parents": ParentsSheetBuilder, "script": RecordingScriptBuilder,
}
#: Every printed artifact, and the layouts that place pages differently.
VARIANTS = [
    ("cards", {}), ("cards", {"duplex": "short"}), ("cards", {"duplex": "foldover"}), ("cards", {"duplex": "none"}),
    ("cards", {"bleed": 3}), ("workbook", {}), ("guide", {}), ("storybook", {}), ("storybook", {"booklet": True}),
    ("readme", {}), ("parents", {}), ("script", {}),
]


def story_with_home() -> dict:
    """The tiny story with a take-home page for its lesson (the parents sheet needs one)."""
    data = tiny_story_data()
    data["home"] = [{
        "lesson": data["lessons"][0]["id"],
        "learned": "We met Pip and learned to keep passwords secret.",
        "questions": ["Who is Pip?", "What do you keep secret?", "Who can you tell?"],
        "together": "Make up a silly password together, then forget it.",
    }]
    return data


def build(make_request, tmp_path: Path, kind: str, locale: str = "en", draft: bool = True, help=HELP, **options) -> Path:
    """Build one artifact of the tiny story (``draft`` and ``help`` as the pipeline gives them); the PDF's path."""
    story = story_with_home() if kind == "parents" else None
    request = with_help(make_request(story=story, locale=locale, options=options, output=f"{kind}/{locale}/{kind}.pdf"), help, draft)
    if kind == "script":
        folder = request.output.parent
        request = dataclasses.replace(request, outputs=(folder / PDF_NAME, folder / CSV_NAME))
    BUILDERS[kind]().build(request)
    return request.output


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def band_text(locale: str) -> str:
    return load_chrome(locale).text(DRAFT)


def bands(page, text: str) -> list[dict]:
    """Where ``text`` is drawn on the page (pdfplumber's top-down coordinates)."""
    return page.search(re.escape(text), regex=True)


def overlaps(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def bar_of(page, found: dict) -> tuple[float, float, float, float]:
    """The bar drawn around the band's words: the smallest shape holding them."""
    middle = ((found["x0"] + found["x1"]) / 2, (found["top"] + found["bottom"]) / 2)
    shapes = [s for s in page.rects + page.curves
              if s["x0"] <= found["x0"] and s["x1"] >= found["x1"] and s["top"] <= middle[1] <= s["bottom"]
              and s["x0"] <= middle[0] <= s["x1"]]
    assert shapes, "the band's words have no bar around them"
    bar = min(shapes, key=lambda s: s["width"] * s["height"])
    return bar["x0"], bar["top"], bar["x1"], bar["bottom"]


def assert_clear(page, found: dict) -> None:
    """The band lies in the footer, inside the printer's safe margin, and touches no other text."""
    bar = bar_of(page, found)
    assert bar[0] >= SAFE_MARGIN - 0.01 and bar[2] <= page.width - SAFE_MARGIN + 0.01
    assert bar[3] <= page.height - SAFE_MARGIN + 0.01, "the band runs into the printer's margin"
    assert bar[1] >= page.height - 16 * MM, "the band is not in the footer"
    assert bar[3] - bar[1] >= 9.5, "the band is too thin to read"
    words = (found["x0"] - 0.5, found["top"] - 0.5, found["x1"] + 0.5, found["bottom"] + 0.5)
    others = [c for c in page.chars if not overlaps((c["x0"], c["top"], c["x1"], c["bottom"]), words)]
    crowding = [c["text"] for c in others if overlaps((c["x0"], c["top"], c["x1"], c["bottom"]), (bar[0] - 1, bar[1] - 1, bar[2] + 1, bar[3] + 1))]
    assert not crowding, f"text under or touching the band: {''.join(crowding)!r}"


@pytest.mark.parametrize(("kind", "options"), VARIANTS, ids=[f"{k}-{'-'.join(map(str, o.values())) or 'default'}" for k, o in VARIANTS])
def test_every_page_of_a_draft_has_the_band_in_its_footer(make_request, tmp_path: Path, kind: str, options: dict) -> None:
    path = build(make_request, tmp_path, kind, **options)
    with pdfplumber.open(path) as pdf:
        assert len(pdf.pages) >= 1
        for number, page in enumerate(pdf.pages, 1):
            assert DRAFT in flat(page.extract_text()), f"page {number} of {path.name} has no band"
            found = bands(page, DRAFT)
            assert len(found) == (2 if options.get("booklet") else 1), f"page {number}"  # a booklet sheet: two pages
            for match in found:
                assert_clear(page, match)


@pytest.mark.parametrize("kind", ["cards", "guide", "storybook", "parents", "readme"])
def test_the_band_is_in_the_kits_language(make_request, tmp_path: Path, kind: str) -> None:
    text = band_text("hy")
    assert text != DRAFT  # translated, with Armenian letters drawn in the Armenian font and the dash in Andika
    path = build(make_request, tmp_path, kind, locale="hy", **({"booklet": True} if kind == "storybook" else {}))
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            assert text in flat(page.extract_text())
            assert DRAFT not in flat(page.extract_text())
            for match in bands(page, text):
                assert_clear(page, match)


@pytest.mark.parametrize(("kind", "options"), VARIANTS, ids=[f"{k}-{'-'.join(map(str, o.values())) or 'default'}" for k, o in VARIANTS])
def test_no_band_when_the_kit_is_not_a_draft(make_request, tmp_path: Path, kind: str, options: dict) -> None:
    path = build(make_request, tmp_path, kind, draft=False, **options)
    with pdfplumber.open(path) as pdf:
        assert not any("DRAFT" in (page.extract_text() or "") for page in pdf.pages)


def test_the_same_layout_draft_or_not(make_request, tmp_path: Path) -> None:
    """The band takes no room from the content: a draft has the pages of the final kit."""
    for kind in ("workbook", "guide", "storybook", "readme"):
        draft, final = (build(make_request, tmp_path / str(flag), kind, draft=flag) for flag in (True, False))
        assert len(PdfReader(draft).pages) == len(PdfReader(final).pages), kind


def card_trims(layout: imp.Imposition, page_height: float) -> list[tuple[float, float, float, float]]:
    """Every card's trim on the sheet, in pdfplumber's top-down coordinates."""
    rects = [layout.trim((row, col)) for row in range(layout.rows) for col in range(layout.cols)]
    return [(r.x, page_height - r.top, r.right, page_height - r.y) for r in rects]


@pytest.mark.parametrize(("duplex", "bleed"), [("long", 0), ("short", 0), ("foldover", 0), ("long", 3)])
def test_on_a4_card_sheets_the_band_sits_under_the_cards_and_clear_of_crop_marks(make_request, tmp_path: Path, duplex, bleed) -> None:
    path = build(make_request, tmp_path, "cards", duplex=duplex, bleed=bleed)
    layout = imp.impose(A4, (63, 88), bleed, duplex, True)
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            (found,) = bands(page, DRAFT)
            box = bar_of(page, found)
            assert not any(overlaps(box, trim) for trim in card_trims(layout, page.height))
            marks = [line for line in page.lines if line["top"] > page.height - layout.grid.y]  # the crop marks below the grid
            assert not any(overlaps(box, (m["x0"] - 2, m["top"], m["x1"] + 2, m["bottom"])) for m in marks)
            if layout.fold == "vertical":
                assert found["x1"] < page.width / 2, "the band keeps off the fold"


def test_on_letter_card_sheets_the_band_stands_in_the_right_margin(make_request, tmp_path: Path) -> None:
    """On letter paper nine cards leave too little room under the grid: the band stands upright beside it."""
    path = build(make_request, tmp_path, "cards", paper="letter")
    layout = imp.impose(LETTER, (63, 88), 0, "long", True)
    for page in PdfReader(path).pages:
        assert DRAFT in page.extract_text()
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            upright = [c for c in page.chars if not c["upright"]]
            assert flat("".join(c["text"] for c in upright)).replace(" ", "") == DRAFT.replace(" ", "")
            middle = (sum(c["x0"] + c["x1"] for c in upright) / len(upright) / 2, sum(c["top"] + c["bottom"] for c in upright) / len(upright) / 2)
            bars = [s for s in page.curves + page.rects if s["x0"] <= middle[0] <= s["x1"] and s["top"] <= middle[1] <= s["bottom"]]
            bar = min(bars, key=lambda s: s["width"] * s["height"])
            assert bar["height"] > bar["width"] >= 9.5  # upright
            assert layout.grid.right < bar["x0"] and bar["x1"] <= page.width - SAFE_MARGIN + 0.01
            assert SAFE_MARGIN < bar["top"] and bar["bottom"] < page.height - SAFE_MARGIN
            box = (bar["x0"], bar["top"], bar["x1"], bar["bottom"])
            crop_marks = [line for line in page.lines if line["x0"] >= layout.grid.right]  # on the fronts' pages
            assert not any(overlaps(box, (m["x0"], m["top"] - 1, m["x1"], m["bottom"] + 1)) for m in crop_marks)


def test_the_low_ink_band_of_the_parents_sheet_is_an_outline_with_black_words(make_request, tmp_path: Path) -> None:
    path = build(make_request, tmp_path, "parents")
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[0]
        (found,) = bands(page, DRAFT)
        chars = [c for c in page.chars if overlaps((c["x0"], c["top"], c["x1"], c["bottom"]), (found["x0"], found["top"], found["x1"], found["bottom"]))]
        assert chars and all(set(c["non_stroking_color"] or (0,)) == {0} for c in chars)  # black words
        assert not [s for s in page.rects + page.curves if s.get("fill")]  # no ink-hungry fills
        bar_of(page, found)  # in a frame
