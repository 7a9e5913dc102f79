"""The text model of the slides: what a card says, laid out and shrunk to fit before it is drawn.

- :class:`Text`: one string in one size, colour and weight, wrapped to at most ``max_lines``;
- :class:`Gap`: vertical space;
- :class:`Columns`: cells side by side, ``count`` to a row, each cell a stack of parts centred
  in its column (a row is as tall as its tallest cell; a short last row is centred);
- :class:`Block`: parts stacked and centred; the whole block shrinks by one factor (columns
  included) until it fits its height, down to :data:`SMALLEST`, else a
  :class:`~kitgen.errors.TextOverflowError`.

A card keeps its blocks, so :meth:`Block.texts` tells what it draws without reading pixels.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from PIL import ImageDraw

from kitgen.errors import TextOverflowError
from kitgen.text.fontset import FontSet
from kitgen.text.raster import draw_text, line_metrics, measure, wrap

LINE_SPACING = 1.12
SMALLEST = 0.6  # text shrinks to at most this share of its size before it is an error


@dataclass(frozen=True)
class Text:
    text: str
    size: float
    fill: tuple[int, ...]
    bold: bool = False
    max_lines: int = 2


@dataclass(frozen=True)
class Gap:
    size: float


@dataclass(frozen=True)
class Columns:
    """``cells`` laid ``count`` to a row, ``gutter`` pixels apart, rows ``row_gap`` apart (both scale with the block)."""

    cells: tuple[tuple[Text | Gap, ...], ...]
    count: int
    gutter: float
    row_gap: float

    def rows(self) -> list[tuple[tuple[Text | Gap, ...], ...]]:
        return [self.cells[i : i + self.count] for i in range(0, len(self.cells), self.count)]


Part = Text | Gap | Columns


@dataclass(frozen=True)
class _Laid:
    """One part laid out at a scale: its lines (Text), its cells per row (Columns), its height."""

    part: Part
    height: float
    lines: list[str] = field(default_factory=list)
    rows: list[list[list[_Laid]]] = field(default_factory=list)
    row_heights: list[float] = field(default_factory=list)
    column_width: float = 0.0


@dataclass(frozen=True)
class Block:
    """Lines of text stacked and centred; shrinks as a whole to fit ``limit`` pixels of height."""

    parts: list[Part]
    width: int

    def texts(self) -> tuple[str, ...]:
        """Every string the block draws, in reading order (cells row by row)."""
        return tuple(_texts(self.parts))

    def draw(
        self,
        draw: ImageDraw.ImageDraw,
        fonts: FontSet,
        cx: float,
        y: float,
        *,
        center: bool = False,
        bottom: bool = False,
        limit: float | None = None,
    ) -> float:
        """Draw with the block's top at ``y`` (or its middle with ``center``, its bottom with
        ``bottom``); returns the block's height."""
        scale = 1.0
        while True:
            laid = _lay_out(self.parts, fonts, scale, self.width)
            total = sum(item.height for item in laid)
            if math.isfinite(total) and (limit is None or total <= limit):
                break
            if scale * 0.92 < SMALLEST:
                shown = self.texts()[0] if self.texts() else ""
                raise TextOverflowError(f"the text '{shown[:60]}' does not fit on the video frame even at {int(SMALLEST * 100)}% size; shorten it")
            scale *= 0.92
        top = y - total / 2 if center else y - total if bottom else y
        _draw_laid(draw, fonts, laid, cx, top, scale, self.width)
        return total


def shrink_to(fonts: FontSet, text: str, size: float, max_width: float, bold: bool = False, floor: float = SMALLEST) -> float:
    """``size``, made smaller (down to ``floor`` of it) until ``text`` fits ``max_width``."""
    smallest = size * floor
    while size > smallest and measure(fonts, text, size, bold) > max_width:
        size *= 0.95
    return max(size, smallest)


def _texts(parts: list[Part] | tuple[Text | Gap, ...]) -> list[str]:
    found: list[str] = []
    for part in parts:
        if isinstance(part, Text):
            found.append(part.text)
        elif isinstance(part, Columns):
            for cell in part.cells:
                found += _texts(cell)
    return found


def _lay_out(parts: list[Part] | tuple[Text | Gap, ...], fonts: FontSet, scale: float, width: float) -> list[_Laid]:
    laid: list[_Laid] = []
    for part in parts:
        if isinstance(part, Gap):
            laid.append(_Laid(part, part.size * scale))
        elif isinstance(part, Columns):
            column = (width - (part.count - 1) * part.gutter * scale) / part.count
            rows = [[_lay_out(cell, fonts, scale, column) for cell in row] for row in part.rows()]
            heights = [max(sum(item.height for item in cell) for cell in row) for row in rows]
            total = sum(heights) + part.row_gap * scale * (len(rows) - 1)
            laid.append(_Laid(part, total, rows=rows, row_heights=heights, column_width=column))
        else:
            size = part.size * scale
            lines = wrap(fonts, part.text, width, size, part.bold)
            ascent, descent = line_metrics(fonts, size, part.bold)
            height = (ascent + descent) * LINE_SPACING * len(lines)
            laid.append(_Laid(part, float("inf") if len(lines) > part.max_lines else height, lines=lines))  # inf: shrink further
    return laid


def _draw_laid(draw: ImageDraw.ImageDraw, fonts: FontSet, laid: list[_Laid], cx: float, top: float, scale: float, width: float) -> None:
    for item in laid:
        part = item.part
        if isinstance(part, Text):
            size = part.size * scale
            ascent, descent = line_metrics(fonts, size, part.bold)
            step = (ascent + descent) * LINE_SPACING
            for index, line in enumerate(item.lines):
                draw_text(draw, fonts, (cx, top + index * step), line, size, part.fill, bold=part.bold, anchor="ma")
        elif isinstance(part, Columns):
            gutter, row_top = part.gutter * scale, top
            for row, height in zip(item.rows, item.row_heights, strict=True):
                used = len(row) * item.column_width + (len(row) - 1) * gutter  # a short row is centred
                left = cx - used / 2
                for index, cell in enumerate(row):
                    _draw_laid(draw, fonts, cell, left + index * (item.column_width + gutter) + item.column_width / 2, row_top, scale,
                               item.column_width)
                row_top += height + part.row_gap * scale
        top += item.height


@dataclass(frozen=True)
class Placed:
    """A block and where a card draws it (see :meth:`Block.draw` for the arguments)."""

    block: Block
    cx: float
    y: float
    center: bool = False
    bottom: bool = False
    limit: float | None = None

    def draw(self, draw: ImageDraw.ImageDraw, fonts: FontSet) -> float:
        return self.block.draw(draw, fonts, self.cx, self.y, center=self.center, bottom=self.bottom, limit=self.limit)
