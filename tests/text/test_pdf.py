from __future__ import annotations

import re
from pathlib import Path

import pdfplumber
import pypdfium2
import pytest
from pypdf import PdfReader
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from kitgen.text.fonts import (
    FontSet,
    base_font_name,
    draw_string,
    normalize,
    paragraph_markup,
    pdf_font_name,
    register_reportlab,
    string_width,
)

from .samples import MIXED_LINE, SENTENCES

PAGE = (842.0, 595.0)


def _face(fontname: str) -> str:
    """``AAAAAA+NotoSansArmenian-Regular`` -> ``NotoSansArmenian-Regular``."""
    return fontname.split("+", 1)[-1]


def _expected_faces(fontset: FontSet, text: str, bold: bool) -> list[str]:
    """The face each character of ``text`` should be drawn with, as the PDF names it."""
    faces = []
    for run in fontset.line_runs(text):
        stem = run.family.name
        face = f"{stem}-Bold" if bold else (stem if stem == "Andika" else f"{stem}-Regular")
        faces.extend([face] * len(run.text))
    return faces


def _paragraph(canvas: Canvas, fontset: FontSet, text: str, top: float, bold: bool = False) -> None:
    style = ParagraphStyle("body", fontName=base_font_name(fontset), fontSize=14, leading=20)
    paragraph = Paragraph(paragraph_markup(fontset, text, bold=bold), style)
    _, height = paragraph.wrapOn(canvas, 700, 200)
    paragraph.drawOn(canvas, 50, top - height)


@pytest.fixture(scope="module")
def mixed_pdf(fontset: FontSet, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pdf") / "mixed.pdf"
    canvas = Canvas(str(path), pagesize=PAGE)
    _paragraph(canvas, fontset, MIXED_LINE, 560)
    _paragraph(canvas, fontset, MIXED_LINE, 520, bold=True)
    draw_string(canvas, fontset, 50, 460, MIXED_LINE, 14)
    draw_string(canvas, fontset, 792, 430, MIXED_LINE, 14, bold=True, align="right")
    canvas.setFont("Helvetica", 10)
    draw_string(canvas, fontset, 421, 400, "Ա & ბ", 14, align="center")
    canvas.drawString(50, 380, "after the mixed line")
    canvas.showPage()
    canvas.save()
    return path


def _lines(path: Path) -> list[list[dict]]:
    """The characters of page 1 grouped into lines, top to bottom."""
    with pdfplumber.open(path) as pdf:
        chars = pdf.pages[0].chars
    lines: dict[float, list[dict]] = {}
    for char in chars:
        lines.setdefault(round(char["matrix"][5], 2), []).append(char)  # baseline y
    return [sorted(lines[key], key=lambda c: c["x0"]) for key in sorted(lines, reverse=True)]


def test_text_extracts_exactly(mixed_pdf: Path) -> None:
    with pdfplumber.open(mixed_pdf) as pdf:
        text = pdf.pages[0].extract_text()
    assert text.splitlines() == [MIXED_LINE] * 4 + ["Ա & ბ", "after the mixed line"]


def test_every_character_is_drawn_with_the_right_face(fontset: FontSet, mixed_pdf: Path) -> None:
    lines = _lines(mixed_pdf)
    for line, bold in zip(lines[:4], (False, True, False, True), strict=True):
        assert "".join(c["text"] for c in line) == MIXED_LINE
        assert [_face(c["fontname"]) for c in line] == _expected_faces(fontset, MIXED_LINE, bold)
        assert {_face(c["fontname"]) for c in line if c["text"] in "Բგ"} == {
            "NotoSansArmenian-Bold" if bold else "NotoSansArmenian-Regular",
            "NotoSansGeorgian-Bold" if bold else "NotoSansGeorgian-Regular",
        }
        for char in line:
            if not char["text"].isspace():
                assert char["width"] > 0.5, f"{char['text']!r} drawn with no width"


def test_canvas_font_is_restored(mixed_pdf: Path) -> None:
    last = _lines(mixed_pdf)[-1]
    assert {c["fontname"] for c in last} == {"Helvetica"}
    assert {round(c["size"]) for c in last} == {10}


def test_string_width_matches_the_drawn_line(fontset: FontSet, mixed_pdf: Path) -> None:
    width = string_width(fontset, MIXED_LINE, 14)
    bold_width = string_width(fontset, MIXED_LINE, 14, bold=True)
    assert bold_width > width > 200
    left, right, centred = _lines(mixed_pdf)[2], _lines(mixed_pdf)[3], _lines(mixed_pdf)[4]
    assert left[0]["x0"] == pytest.approx(50, abs=0.01)
    assert left[-1]["x1"] - left[0]["x0"] == pytest.approx(width, abs=0.01)
    assert right[-1]["x1"] == pytest.approx(792, abs=0.01)
    assert right[-1]["x1"] - right[0]["x0"] == pytest.approx(bold_width, abs=0.01)
    assert (centred[0]["x0"] + centred[-1]["x1"]) / 2 == pytest.approx(421, abs=0.01)


def test_fonts_are_embedded_subsets(mixed_pdf: Path) -> None:
    reader = PdfReader(mixed_pdf)
    fonts = reader.pages[0]["/Resources"]["/Font"]
    embedded = set()
    for ref in fonts.values():
        font = ref.get_object()
        base = str(font["/BaseFont"])
        if base == "/Helvetica":
            continue
        assert re.fullmatch(r"/[A-Z]{6}\+.+", base), base
        descriptor = font["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor, f"{base} is not embedded as TrueType"
        assert len(descriptor["/FontFile2"].get_object().get_data()) > 500
        embedded.add(_face(base[1:]))
    assert embedded == {
        "Andika",
        "Andika-Bold",
        "NotoSansArmenian-Regular",
        "NotoSansArmenian-Bold",
        "NotoSansGeorgian-Regular",
        "NotoSansGeorgian-Bold",
    }


def test_rasterized_page_has_ink_in_every_line(mixed_pdf: Path) -> None:
    image = pypdfium2.PdfDocument(mixed_pdf)[0].render(scale=2).to_pil().convert("L")
    for line in _lines(mixed_pdf)[:5]:
        for char in line:
            if char["text"].isspace():
                continue
            box = tuple(round(v * 2) for v in (char["x0"], char["top"], char["x1"], char["bottom"]))
            darkest, _ = image.crop(box).getextrema()
            assert darkest < 128, f"no ink for {char['text']!r}"


def test_markup_is_escaped(fontset: FontSet, tmp_path: Path) -> None:
    text = 'Ա <b>not bold</b> & "quoted" ბ\nsecond line'
    markup = paragraph_markup(fontset, text)
    assert "<b>" not in markup and "&lt;b&gt;" in markup and "&amp;" in markup
    assert markup.count("<br/>") == 1
    path = tmp_path / "escaped.pdf"
    canvas = Canvas(str(path), pagesize=PAGE)
    _paragraph(canvas, fontset, text, 560)
    canvas.save()
    with pdfplumber.open(path) as pdf:
        assert pdf.pages[0].extract_text().splitlines() == text.splitlines()


@pytest.mark.parametrize("bold", [False, True])
def test_markup_fonts_per_run(fontset: FontSet, bold: bool) -> None:
    markup = paragraph_markup(fontset, "Էջ 3", bold=bold)
    if bold:
        assert markup == '<font name="NotoSansArmenian"><b>Էջ </b></font><font name="Andika"><b>3</b></font>'
    else:
        assert markup == '<font name="NotoSansArmenian">Էջ </font><font name="Andika">3</font>'


def test_all_locales_round_trip(fontset: FontSet, tmp_path: Path) -> None:
    path = tmp_path / "locales.pdf"
    canvas = Canvas(str(path), pagesize=PAGE)
    locales = sorted(SENTENCES)
    for index, locale in enumerate(locales):
        draw_string(canvas, fontset, 30, 560 - index * 30, SENTENCES[locale], 11)
    canvas.save()
    with pdfplumber.open(path) as pdf:
        lines = pdf.pages[0].extract_text().splitlines()
    assert lines == [normalize(SENTENCES[locale]) for locale in locales]
    for line, locale in zip(_lines(path), locales, strict=True):
        assert [_face(c["fontname"]) for c in line] == _expected_faces(fontset, SENTENCES[locale], False)


def test_soft_hyphens_break_armenian_and_georgian(fontset: FontSet, tmp_path: Path) -> None:
    text = "Ինտեր\u00adնե\u00adտում ան\u00adվտանգ մնա\u00adլու ბავ\u00adშვე\u00adბი უსაფრ\u00adთხო\u00adე\u00adბა"
    path = tmp_path / "hyphens.pdf"
    canvas = Canvas(str(path), pagesize=PAGE)
    style = ParagraphStyle("narrow", fontName=base_font_name(fontset), fontSize=14, leading=20)
    paragraph = Paragraph(paragraph_markup(fontset, text), style)
    paragraph.wrapOn(canvas, 90, 500)
    paragraph.drawOn(canvas, 50, 100)
    canvas.save()
    lines = _lines(path)
    assert len(lines) > 3
    assert any(line[-1]["text"] == "-" for line in lines)
    for line in lines:
        assert line[-1]["x1"] <= 50 + 90 + 0.01
    rebuilt = "".join("".join(c["text"] for c in line if c["text"] != " ").removesuffix("-") for line in lines)
    assert rebuilt == text.replace("\u00ad", "").replace(" ", "")


def test_registration_is_idempotent(fontset: FontSet) -> None:
    register_reportlab(fontset)
    before = pdfmetrics.getRegisteredFontNames()
    register_reportlab(fontset)
    assert pdfmetrics.getRegisteredFontNames() == before
    for family in fontset.families:
        for bold in (False, True):
            assert pdf_font_name(family, bold) in before
    assert base_font_name(fontset, bold=True) == "Andika-Bold"


def test_draw_string_rejects_unknown_alignment(fontset: FontSet, tmp_path: Path) -> None:
    canvas = Canvas(str(tmp_path / "x.pdf"))
    with pytest.raises(ValueError, match="align"):
        draw_string(canvas, fontset, 0, 0, "a", 10, align="justify")
