from __future__ import annotations

import re
from pathlib import Path

import pdfplumber
import pytest
import yaml
from PIL import Image
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4, LETTER

from kitgen.builder import SourceMap
from kitgen.pipeline.registry import default_registry
from kitgen.errors import MediaError, OptionError, SourceError, TextOverflowError
from kitgen.print.cards import CardsBuilder
from tests.print.conftest import tiny_story_data

MM = 72 / 25.4
# Nine categories with one-word names, so each card's back can be told apart on the page.
NAMES = ["Amber", "Birch", "Cedar", "Dahlia", "Elm", "Fern", "Ginkgo", "Hazel", "Iris"]
COLOURS = ["#1f3f8f", "#7a3b9e", "#d6335f", "#e98a15", "#9fd23c", "#0f7b6c", "#5a5a5a", "#b03a2e", "#2e86c1"]
ICONS = ["lock", "key", "heart", "person", "hand", "shield", "star", "eye", "chat"]


def cards_story(count: int = 11, **card_fields) -> dict:
    """The tiny story with ``count`` cards; card n belongs to category n mod 9, titled ``Title<n>``."""
    data = tiny_story_data()
    data["categories"] = [
        {"id": name.lower(), "title": name, "colour": colour, "icon": icon} for name, colour, icon in zip(NAMES, COLOURS, ICONS)
    ]
    data["cards"] = [
        {"id": f"c{n:02d}", "category": NAMES[n % 9].lower(), "title": f"Title{n}", "body": "Stop, think and tell a grown-up you trust."}
        | card_fields
        for n in range(count)
    ]
    return data


def build(make_request, story=None, locale="en", **options) -> Path:
    request = make_request(story=story if story is not None else cards_story(), locale=locale, options=options)
    return CardsBuilder().build(request)


def words(path: Path, page: int) -> list[dict]:
    with pdfplumber.open(path) as pdf:
        return pdf.pages[page].extract_words()


def centre(path: Path, page: int, text: str, where=lambda word: True) -> tuple[float, float]:
    found = [w for w in words(path, page) if w["text"] == text and where(w)]
    assert len(found) == 1, f"{text!r} appears {len(found)} times on page {page}"
    return (found[0]["x0"] + found[0]["x1"]) / 2, (found[0]["top"] + found[0]["bottom"]) / 2


def cell_text(path: Path, page: int, row: int, col: int, size=(63 * MM, 88 * MM), grid=(3, 3)) -> str:
    """The text of one card on an A4 sheet, lines joined by spaces."""
    with pdfplumber.open(path) as pdf:
        sheet = pdf.pages[page]
        x0 = (sheet.width - grid[0] * size[0]) / 2 + col * size[0]
        top = (sheet.height - grid[1] * size[1]) / 2 + row * size[1]
        text = sheet.crop((x0, top, x0 + size[0], top + size[1])).extract_text()
    return re.sub(r"\s+", " ", text)


def row_of(y_from_top: float, page_height: float, rows: int = 3, card_height: float = 88 * MM) -> int:
    grid_top = (page_height - rows * card_height) / 2
    return int((y_from_top - grid_top) // card_height)


# -- pages, sizes and layout ------------------------------------------------------------

def test_cards_builder_is_registered():
    builder = default_registry().get("cards")
    assert isinstance(builder, CardsBuilder)
    assert (builder.format, builder.filename) == ("pdf", "cards.pdf")


@pytest.mark.parametrize(("paper", "size"), [("a4", A4), ("letter", LETTER)])
def test_nine_poker_cards_per_sheet_with_a_back_page_each(make_request, paper, size):
    path = build(make_request, paper=paper)
    reader = PdfReader(path)
    assert len(reader.pages) == 4  # 11 cards: two sheets, fronts and backs
    for page in reader.pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(size, abs=0.01)
    labels = [sum(1 for w in words(path, page) if w["text"] == "Card") for page in range(4)]
    assert labels == [9, 0, 2, 0]
    assert [sum(1 for w in words(path, page) if w["text"] in NAMES and w["top"] > 0) for page in (1, 3)] == [9, 2]


def test_no_backs_mode_has_fronts_only(make_request):
    path = build(make_request, duplex="none")
    assert len(PdfReader(path).pages) == 2
    text = " ".join(w["text"] for page in range(2) for w in words(path, page))
    assert "trust" in text  # the card bodies
    assert "Safe online together" not in text  # the branding only appears on backs


def test_other_card_sizes_are_imposed_too(make_request):
    path = build(make_request, story=cards_story(15), card_size=(44, 68), duplex="none")
    assert len(PdfReader(path).pages) == 1  # 15 cards and the help card: 16 a sheet
    assert sum(1 for w in words(path, 0) if w["text"] == "Card") == 15


# -- backs ------------------------------------------------------------------------------

def test_long_edge_backs_have_their_columns_mirrored(make_request):
    path = build(make_request, story=cards_story(9), duplex="long")
    width = A4[0]
    for n in range(9):
        front_x, front_y = centre(path, 0, f"Title{n}")
        back_x, back_y = centre(path, 1, NAMES[n])
        assert back_x == pytest.approx(width - front_x, abs=1.0), f"card {n + 1}"
        assert row_of(back_y, A4[1]) == row_of(front_y, A4[1])
    # Position 1 (top left) has its back at the top right.
    assert centre(path, 1, NAMES[0])[0] > width * 2 / 3


def test_short_edge_backs_have_their_rows_mirrored(make_request):
    path = build(make_request, story=cards_story(9), duplex="short")
    for n in range(9):
        front_x, front_y = centre(path, 0, f"Title{n}")
        back_x, back_y = centre(path, 1, NAMES[n])
        assert back_x == pytest.approx(front_x, abs=1.0)
        assert row_of(back_y, A4[1]) == 2 - row_of(front_y, A4[1])


def test_foldover_puts_each_back_across_the_fold_from_its_front(make_request):
    path = build(make_request, story=cards_story(9), duplex="foldover")
    reader = PdfReader(path)
    assert len(reader.pages) == 3  # four cards a landscape sheet
    width, height = (float(reader.pages[0].mediabox.width), float(reader.pages[0].mediabox.height))
    assert width > height
    for n in range(4):
        front_x, front_y = centre(path, 0, f"Title{n}")
        back_x, back_y = centre(path, 0, NAMES[n], where=lambda w: w["x0"] > width / 2)  # not the band's
        assert front_x < width / 2 < back_x
        assert back_x == pytest.approx(width - front_x, abs=1.0)
        assert row_of(back_y, height, rows=2) == row_of(front_y, height, rows=2)
    assert "Fold" in [w["text"] for w in words(path, 0)]


def test_backs_show_branding_category_and_reminder(make_request):
    path = build(make_request, story=cards_story(1))
    text = pdfplumber.open(path).pages[1].extract_text()
    assert "Safe online together" in text
    assert "Amber" in text
    assert "Talk to an adult you trust" in text


# -- bleed, fonts, metadata, reproducibility ---------------------------------------------------

def test_bleed_sets_trim_and_bleed_boxes_on_every_page(make_request):
    path = build(make_request, bleed=3.0)
    reader = PdfReader(path)
    # 69 × 94 mm cells: A4 holds 4 × 2 of them in landscape, centred.
    width, height = 4 * 63 + 3 * 6, 2 * 88 + 6
    x0, y0 = (297 - width) / 2, (210 - height) / 2
    for page in reader.pages:
        trim = [float(v) / MM for v in page["/TrimBox"]]
        bleed = [float(v) / MM for v in page["/BleedBox"]]
        assert trim == pytest.approx([x0, y0, x0 + width, y0 + height], abs=0.01)
        assert bleed == pytest.approx([x0 - 3, y0 - 3, x0 + width + 3, y0 + height + 3], abs=0.01)
    # The back's colour runs into the bleed: it is drawn as wide as the whole cell.
    with pdfplumber.open(path) as pdf:
        fills = [o for o in pdf.pages[1].objects.get("rect", []) + pdf.pages[1].curves if o["fill"]]
        assert any(abs(o["width"] - 69 * MM) < 0.5 and abs(o["height"] - 94 * MM) < 0.5 for o in fills)


def test_no_boxes_without_bleed(make_request):
    page = PdfReader(build(make_request)).pages[0]
    assert "/TrimBox" not in page and "/BleedBox" not in page


def _fonts(reader: PdfReader) -> dict[str, object]:
    found = {}

    def collect(resources):
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            found[str(font["/BaseFont"])] = font
        for xobject in (resources.get("/XObject") or {}).values():
            xobject = xobject.get_object()
            if "/Resources" in xobject:
                collect(xobject["/Resources"].get_object())

    for page in reader.pages:
        collect(page["/Resources"].get_object())
    return found


def test_fonts_are_embedded_and_subset(make_request):
    story = cards_story(3)
    story["cards"][0]["body"] = "Բարի գալուստ, 2024!"
    fonts = _fonts(PdfReader(build(make_request, story=story)))
    assert any("Andika" in name for name in fonts) and any("NotoSansArmenian" in name for name in fonts)
    for name, font in fonts.items():
        assert re.match(r"^/[A-Z]{6}\+", name), f"{name} is not a subset"
        assert "/FontFile2" in font["/FontDescriptor"], f"{name} is not embedded"


def test_title_author_and_language(make_request):
    reader = PdfReader(build(make_request, locale="hy", story=cards_story(2)))
    assert reader.metadata.title == "Pip Says Hello — Խաղաքարտեր"
    assert reader.metadata.author == "Safe online together"
    assert reader.trailer["/Root"]["/Lang"] == "hy"


@pytest.mark.parametrize(
    ("locale", "title", "body"),
    [
        ("hy", "Գաղտնաբառը գաղտնի է", "Մի՛ ասա քո գաղտնաբառը ընկերներին, նույնիսկ լավագույնին։"),
        ("ka", "პაროლი საიდუმლოა", "ნუ ეტყვი შენს პაროლს მეგობრებს, საუკეთესოსაც კი."),
        ("kk", "Құпиясөз — құпия", "Құпиясөзіңді достарыңа да айтпа, ең жақын досыңа да."),
    ],
)
def test_localized_text_is_in_the_pdf(make_request, locale, title, body):
    story = cards_story(2)
    story["cards"][0] |= {"title": title, "body": body}
    story["categories"][0]["title"] = title.split()[0]
    path = build(make_request, story=story, locale=locale)
    front, back = cell_text(path, 0, 0, 0), cell_text(path, 1, 0, 2)
    assert title in front
    assert body.replace("\u00ad", "") in front
    assert title.split()[0] in back


def test_two_builds_are_byte_identical(make_request, tmp_path):
    first = CardsBuilder().build(make_request(story=cards_story(), output=tmp_path / "a" / "cards.pdf", options={"bleed": 3.0}))
    second = CardsBuilder().build(make_request(story=cards_story(), output=tmp_path / "b" / "cards.pdf", options={"bleed": 3.0}))
    assert first.read_bytes() == second.read_bytes()


# -- eco --------------------------------------------------------------------------------

def _coloured_fills(path: Path) -> list[dict]:
    found = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            for shape in page.rects + page.curves:
                colour = shape.get("non_stroking_color")
                area = shape["width"] * shape["height"]
                if shape["fill"] and area > 100 and colour is not None and tuple(colour) not in ((1.0, 1.0, 1.0), (1,), (1.0,)):
                    found.append(shape)
    return found


def test_eco_has_no_filled_backgrounds(make_request):
    assert _coloured_fills(build(make_request, story=cards_story(9))), "the colour build should have filled bands and backs"
    eco = build(make_request, story=cards_story(9), eco=True)
    assert _coloured_fills(eco) == []
    with pdfplumber.open(eco) as pdf:
        strokes = {tuple(s["stroking_color"] or ()) for page in pdf.pages for s in page.curves + page.lines}
    assert all(len(set(c)) <= 1 for c in strokes), f"eco outlines should be black or grey: {strokes}"


# -- bad input ------------------------------------------------------------------------------

def _leftovers(request) -> list[Path]:
    return list(request.output.parent.iterdir()) if request.output.parent.exists() else []


def test_overflow_names_card_locale_field_and_amount(make_request, story_dir):
    data = tiny_story_data()
    # Within the body's hard maximum (400 characters), but 71 lines: no card holds that.
    data["cards"][1]["body"] = "If something feels wrong online,\n" + "tell\n" * 70
    (story_dir / "story.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    request = make_request(story=data)
    with pytest.raises(TextOverflowError) as info:
        CardsBuilder().build(request)
    message = info.value.message
    assert message.startswith("card 'tell' (en): body overflows its box by ")
    assert re.search(r"by \d+\.\d pt at the 7 pt floor; shorten the text$", message)
    location = info.value.location
    assert location.path.endswith("story.yaml")
    body_line = next(n for n, line in enumerate((story_dir / "story.yaml").read_text().splitlines(), 1) if "feels wrong online" in line)
    assert location.line == body_line
    assert _leftovers(request) == []


def test_overflow_in_a_translation_points_at_the_catalog(make_request, story_dir):
    story = cards_story(3)
    story["cards"][2]["title"] = "Ата-аналарыңа\nжәне\nмұғалімдеріңе\nәрқашан\nайт,\nата-\nаналарыңа\nайт"  # eight lines, within the hard maximum
    po = story_dir / "locales" / "kk.po"
    sources = SourceMap(story_dir / "story.yaml", {}, po, {("cards", 2, "title"): 42})  # as the pipeline makes it
    request = make_request(story=story, locale="kk", sources=sources)
    with pytest.raises(TextOverflowError) as info:
        CardsBuilder().build(request)
    assert info.value.message.startswith("card 'c02' (kk): title overflows its box by ")
    assert "at the 9 pt floor" in info.value.message
    assert (info.value.location.path, info.value.location.line) == (str(po), 42)
    assert _leftovers(request) == []


def test_truncated_png_illustration_is_a_media_error(make_request, story_dir):
    png = story_dir / "illustrations" / "bye.png"
    png.write_bytes(png.read_bytes()[:80])
    story = cards_story(2, illustration={"file": "illustrations/bye.png", "alt": "Pip"})
    request = make_request(story=story)
    with pytest.raises(MediaError, match="bye.png"):
        CardsBuilder().build(request)
    assert not request.output.exists() and _leftovers(request) == []


def test_svg_that_is_not_xml_is_a_located_media_error(make_request, story_dir):
    (story_dir / "illustrations" / "wave.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg">\n<g>\n</svg', encoding="utf-8")
    request = make_request(story=cards_story(2, illustration={"file": "illustrations/wave.svg", "alt": "Pip"}))
    with pytest.raises(MediaError) as info:
        CardsBuilder().build(request)
    assert info.value.location.path.endswith("wave.svg") and info.value.location.line == 3
    assert _leftovers(request) == []


def test_image_too_large_to_decode_is_a_media_error(make_request, story_dir):
    Image.new("1", (8000, 6000)).save(story_dir / "illustrations" / "huge.png")
    request = make_request(story=cards_story(1, illustration={"file": "illustrations/huge.png", "alt": "Pip"}))
    with pytest.raises(MediaError, match="too large"):
        CardsBuilder().build(request)
    assert _leftovers(request) == []


def test_bad_story_icon_is_a_media_error(make_request, story_dir):
    (story_dir / "broken.svg").write_text("not xml at all", encoding="utf-8")
    story = cards_story(1)
    story["categories"][0]["icon"] = "broken.svg"
    with pytest.raises(MediaError, match="broken.svg"):
        CardsBuilder().build(make_request(story=story))


@pytest.mark.parametrize(
    ("options", "locale", "words"),
    [
        ({"paper": "a3"}, "en", "unknown paper size 'a3'"),
        ({"duplex": "sideways"}, "en", "unknown duplex mode"),
        ({"bleed": "3 furlongs"}, "en", "invalid length"),
        ({"card_size": "63"}, "en", "invalid card size"),
    ],
)
def test_bad_options_are_option_errors_and_write_nothing(make_request, options, locale, words):
    request = make_request(story=cards_story(2), locale=locale, options=options)
    with pytest.raises(OptionError, match=words):
        CardsBuilder().build(request)
    assert _leftovers(request) == []


def test_card_too_short_for_its_back_is_an_overflow(make_request):
    request = make_request(story=cards_story(2), options={"card_size": "63x38"})
    with pytest.raises(TextOverflowError, match=r"category 'amber' \(en\) on the card back: title leaves no room"):
        CardsBuilder().build(request)
    assert _leftovers(request) == []


def test_story_without_cards_or_with_an_unknown_category(make_request):
    empty = cards_story(0)
    with pytest.raises(SourceError, match="no cards"):
        CardsBuilder().build(make_request(story=empty))
    stray = cards_story(2)
    stray["cards"][1]["category"] = "ambr"
    with pytest.raises(SourceError, match="unknown category 'ambr'; did you mean 'amber'"):
        CardsBuilder().build(make_request(story=stray))
