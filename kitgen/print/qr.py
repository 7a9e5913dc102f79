"""QR codes of episode links on printed pages, drawn as vector paths.

When the kit's manifest gives ``links.base_url``, the pipeline hands the print builders that
declare it the option ``base_url``; each episode's link is then
:func:`kitgen.builder.episodes.episode_url` (``<base_url>/<locale>/<NN-slug>``, the stem of
the episode's files). Without it, :func:`episode_link` is None and nothing is printed.

segno encodes the symbol (ISO/IEC 18004, error correction M or higher when that costs no
size); :class:`QRCode` draws its dark modules as one filled path of rectangles (a run of
modules per rectangle), with the 4-module quiet zone white, so it stays sharp at any print
resolution. A module is :data:`MODULE` (0.5 mm) unless a layout asks for less (0.4 mm beside
a lesson's heading); phone cameras read both from a desk's distance. A code is at least
:data:`SMALLEST` modules wide, so a short link is not printed smaller.

Layouts: :func:`link_block` sets a code beside a few lines of text and the link as printed
(:func:`kitgen.builder.episodes.printed_url`), :func:`link_grid` such blocks in columns (the
README), :func:`captioned_code` a code over a one-line caption (beside a lesson's heading in
the teacher's guide), :func:`with_link` a line of text followed by the link in small type.
"""

from __future__ import annotations

from typing import Sequence

import segno
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import FILL_NON_ZERO
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from kitgen.builder.episodes import episode_url, printed_url
from kitgen.print.base import PrintSetup, text_paragraph
from kitgen.text.pdf import paragraph_markup, string_width

QUIET = 4  # modules of white around the symbol, as the standard asks
MODULE = 0.5 * mm
SMALLEST = 40  # modules: a short link's code is drawn as large as a 40-module one
#: Rows of modules overlap by this share of a module, so that no hairline shows between them.
OVERLAP = 0.02
#: Table cells without padding.
_TIGHT = tuple((name, (0, 0), (-1, -1), 0) for name in ("LEFTPADDING", "RIGHTPADDING", "TOPPADDING", "BOTTOMPADDING"))


def episode_link(ps: PrintSetup, number: int) -> str | None:
    """The link of episode ``number`` (1-based) in the artifact's locale; None without a base URL."""
    base = ps.request.option("base_url")
    if not base:
        return None
    return episode_url(str(base), ps.locale, number, ps.story.episodes[number - 1].title)


class QRCode(Flowable):
    """The QR code of ``data``, quiet zone included, ``module`` points per module (the code is
    at least :data:`SMALLEST` modules wide)."""

    def __init__(self, data: str, module: float = MODULE) -> None:
        super().__init__()
        self.data = data
        self.symbol = segno.make_qr(data, error="m")
        self.width = self.height = max(SMALLEST, len(self.symbol.matrix) + 2 * QUIET) * module

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        matrix = self.symbol.matrix
        unit = self.width / (len(matrix) + 2 * QUIET)
        canvas = self.canv
        canvas.saveState()
        canvas.setFillColor(colors.white)
        canvas.rect(0, 0, self.width, self.height, stroke=0, fill=1)
        path = canvas.beginPath()
        for row, cells in enumerate(matrix):
            y = self.height - (QUIET + row + 1) * unit
            for start, end in _runs(cells):
                path.rect((QUIET + start) * unit, y - OVERLAP * unit, (end - start) * unit, (1 + 2 * OVERLAP) * unit)
        canvas.setFillColor(colors.black)
        canvas.drawPath(path, stroke=0, fill=1, fillMode=FILL_NON_ZERO)  # overlapping rows stay dark
        canvas.restoreState()


def _runs(cells: Sequence[int]) -> list[tuple[int, int]]:
    """``[start, end)`` of every run of dark modules in a row."""
    runs, start = [], None
    for index, dark in enumerate(cells):
        if dark and start is None:
            start = index
        elif not dark and start is not None:
            runs.append((start, index))
            start = None
    if start is not None:
        runs.append((start, len(cells)))
    return runs


def link_block(ps: PrintSetup, url: str, lines: Sequence[tuple[str, str]], width: float) -> Table:
    """A QR code of ``url`` with ``lines`` ((style, text) pairs) beside it and the link as
    printed under them, ``width`` wide in all."""
    code = QRCode(url)
    gap = 3 * mm
    text_width = max(width - code.width - gap, 20 * mm)
    texts: list[Flowable] = [text_paragraph(ps, text, style) for style, text in lines]
    texts.append(link_paragraph(ps, url, text_width))
    table = Table([[code, texts]], colWidths=[code.width + gap, text_width], hAlign="LEFT")
    table.setStyle(TableStyle([*_TIGHT, ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    return table


def captioned_code(ps: PrintSetup, url: str, caption: str, module: float = MODULE) -> Table:
    """A QR code of ``url`` with a one-line ``caption`` centred under it (e.g. "Episode 2")."""
    code = QRCode(url, module)
    style = ParagraphStyle("CodeCaption", parent=ps.styles["Small"], alignment=TA_CENTER, hyphenationLang="")
    caption_paragraph = Paragraph(paragraph_markup(ps.fontset, caption), style)
    table = Table([[code], [caption_paragraph]], colWidths=[code.width], hAlign="RIGHT")
    table.setStyle(TableStyle([*_TIGHT, ("ALIGN", (0, 0), (-1, -1), "CENTER")]))
    return table


def link_grid(blocks: Sequence[Flowable], width: float, columns: int) -> Table:
    """``blocks`` in rows of ``columns`` cells across ``width``."""
    cells = list(blocks) + [""] * (-len(blocks) % columns)
    rows = [cells[i:i + columns] for i in range(0, len(cells), columns)]
    grid = Table(rows, colWidths=[width / columns] * columns, hAlign="LEFT")
    grid.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2 * mm),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2 * mm),
    ]))
    return grid


def with_link(ps: PrintSetup, text: str, url: str, style: str) -> Paragraph:
    """``text`` in ``style`` followed by the link as printed, smaller and in the muted colour, on
    the same line when both fit (the link is never hyphenated, nor is ``text``)."""
    base = ps.styles[style]
    small = ps.styles["Small"]
    plain = ParagraphStyle(f"{style}WithLink", parent=base, hyphenationLang="", splitLongWords=1)
    link = f'<font size="{small.fontSize}" color="{small.textColor.hexval()}">{paragraph_markup(ps.fontset, printed_url(url))}</font>'
    return Paragraph(f"{paragraph_markup(ps.fontset, text)} {link}", plain)


def link_paragraph(ps: PrintSetup, url: str, width: float) -> Paragraph:
    """The link as printed, in small type, left-aligned and never hyphenated: when it is wider
    than ``width`` the episode's stem goes on a line of its own; a part still too wide breaks
    anywhere."""
    style = ParagraphStyle("Link", parent=ps.styles["Small"], hyphenationLang="", splitLongWords=1, alignment=TA_LEFT)
    text = printed_url(url)
    if string_width(ps.fontset, text, style.fontSize) > width and "/" in text:
        head, _, stem = text.rpartition("/")
        text = f"{head}/\n{stem}"
    return Paragraph(paragraph_markup(ps.fontset, text), style)
