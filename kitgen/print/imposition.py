"""Imposing cards N-up on a sheet: the grid, the backs' positions, crop marks and the fold line.

Cards sit in a grid centred on the sheet. Each cell is the card's trim size plus the bleed
on every side, and cells touch, so with no bleed two neighbours share one cut. Crop marks
sit outside the grid, in line with every cut.

Where a card's back goes depends on how the sheet is turned over:

- ``long``: duplex, flipped on the page's long edge. On a portrait page the columns are
  mirrored, so front ``(row, col)`` has its back at ``(row, cols - 1 - col)``.
- ``short``: duplex, flipped on the short edge; on a portrait page the rows are mirrored.
- ``foldover``: fronts on one half of the same page, backs mirrored on the other half
  across a fold line; folding the sheet puts each back behind its front.
- ``none``: no backs.

Because the grid is centred, a mirrored cell lies exactly behind the original one.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.pdfgen.canvas import Canvas

from kitgen.errors import did_you_mean, OptionError

MM = 72 / 25.4
DUPLEX_MODES = ("long", "short", "none", "foldover")
#: What the guide and the README tell teachers to choose in the print dialog, per duplex mode
#: (chrome msgids).
DUPLEX_ADVICE = {
    "long": "Print double-sided, flip on long edge",
    "short": "Print double-sided, flip on short edge",
    "foldover": "Print single-sided, then fold each sheet along the middle line",
    "none": "Print single-sided; the cards have no backs",
}
#: Crop marks start this far outside the grid (past any bleed) and are this long.
MARK_GAP_MM = 2.0
MARK_LENGTH_MM = 4.0
MARK_WIDTH = 0.3
#: Nothing is placed nearer the sheet's edge than this: most printers cannot print there.
MIN_MARGIN_MM = 5.0
MAX_BLEED_MM = 10.0

_UNITS = {"mm": 1.0, "cm": 10.0, "in": 25.4, "pt": 25.4 / 72}
_LENGTH = re.compile(r"^\s*([0-9]*\.?[0-9]+)\s*(mm|cm|in|pt)?\s*$", re.IGNORECASE)


def parse_length(value: str | float) -> float:
    """A length in millimetres from ``"3mm"``, ``"0.3cm"``, ``"0.125in"``, ``"9pt"`` or a bare number (mm)."""
    if isinstance(value, bool):
        raise OptionError(f"invalid length {value!r}; write it like 3mm")
    if isinstance(value, (int, float)):
        number = float(value)
        if not math.isfinite(number) or number < 0:
            raise OptionError(f"invalid length {value!r}; it must be zero or more, like 3mm")
        return number
    match = _LENGTH.match(str(value))
    if not match:
        raise OptionError(f"invalid length '{value}'; write a number with a unit: mm, cm, in or pt (for example 3mm)")
    return float(match.group(1)) * _UNITS[(match.group(2) or "mm").lower()]


def check_duplex(mode: str) -> str:
    if mode not in DUPLEX_MODES:
        raise OptionError(f"unknown duplex mode '{mode}'{did_you_mean(str(mode), DUPLEX_MODES)}; choose {', '.join(DUPLEX_MODES)}")
    return mode


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float

    @property
    def top(self) -> float:
        return self.y + self.height

    @property
    def right(self) -> float:
        return self.x + self.width

    def grow(self, by: float) -> Rect:
        return Rect(self.x - by, self.y - by, self.width + 2 * by, self.height + 2 * by)

    def box(self) -> tuple[float, float, float, float]:
        """As a PDF box: (x0, y0, x1, y1)."""
        return (round(self.x, 3), round(self.y, 3), round(self.right, 3), round(self.top, 3))


@dataclass(frozen=True)
class Imposition:
    """One sheet's grid. Rows count from the top, columns from the left; sizes are points."""

    page: tuple[float, float]
    card: tuple[float, float]
    bleed: float
    cols: int
    rows: int
    mode: str
    fold: str | None = None  # "vertical" or "horizontal" for foldover, else None

    @property
    def cell(self) -> tuple[float, float]:
        return self.card[0] + 2 * self.bleed, self.card[1] + 2 * self.bleed

    @property
    def grid(self) -> Rect:
        """The whole grid including the bleed, centred on the page."""
        width, height = self.cols * self.cell[0], self.rows * self.cell[1]
        return Rect((self.page[0] - width) / 2, (self.page[1] - height) / 2, width, height)

    @property
    def landscape(self) -> bool:
        return self.page[0] > self.page[1]

    def front_slots(self) -> list[tuple[int, int]]:
        """Where the fronts go, in reading order. In foldover, only the fronts' half."""
        rows = self.rows // 2 if self.fold == "horizontal" else self.rows
        cols = self.cols // 2 if self.fold == "vertical" else self.cols
        return [(r, c) for r in range(rows) for c in range(cols)]

    @property
    def per_sheet(self) -> int:
        return len(self.front_slots())

    def back_slot(self, slot: tuple[int, int]) -> tuple[int, int]:
        """The cell (on the back page, or the other half in foldover) behind ``slot``."""
        row, col = slot
        if self.mode == "foldover":
            return (row, self.cols - 1 - col) if self.fold == "vertical" else (self.rows - 1 - row, col)
        if self.mode not in ("long", "short"):
            raise ValueError(f"mode '{self.mode}' has no backs")
        # The sheet turns about its long edge ("long") or its short edge ("short").
        mirror_columns = (self.mode == "long") != self.landscape
        return (row, self.cols - 1 - col) if mirror_columns else (self.rows - 1 - row, col)

    @property
    def back_rotated(self) -> bool:
        """Backs are drawn upside down: folding on a horizontal line turns them over top to bottom."""
        return self.fold == "horizontal"

    def trim(self, slot: tuple[int, int]) -> Rect:
        """The card's trim rectangle at ``slot``."""
        row, col = slot
        grid, (cw, ch) = self.grid, self.cell
        return Rect(grid.x + col * cw + self.bleed, grid.top - (row + 1) * ch + self.bleed, *self.card)

    def trim_box(self) -> Rect:
        """The bounding box of every card's trim: the PDF TrimBox."""
        return self.grid.grow(-self.bleed)

    def cut_lines(self) -> tuple[list[float], list[float]]:
        """The x positions of vertical cuts and the y positions of horizontal cuts."""
        xs = {round(self.trim((0, c)).x, 3) for c in range(self.cols)} | {round(self.trim((0, c)).right, 3) for c in range(self.cols)}
        ys = {round(self.trim((r, 0)).y, 3) for r in range(self.rows)} | {round(self.trim((r, 0)).top, 3) for r in range(self.rows)}
        return sorted(xs), sorted(ys)

    def fold_line(self) -> tuple[float, float, float, float] | None:
        """(x0, y0, x1, y1) of the fold across the whole page, or None."""
        width, height = self.page
        if self.fold == "vertical":
            return (width / 2, 0.0, width / 2, height)
        if self.fold == "horizontal":
            return (0.0, height / 2, width, height / 2)
        return None


def impose(paper: tuple[float, float], card_mm: tuple[float, float], bleed_mm: float, mode: str, crop_marks: bool) -> Imposition:
    """The grid with the most cards per sheet, portrait preferred, for ``paper`` (points)."""
    check_duplex(mode)
    if not 0 <= bleed_mm <= MAX_BLEED_MM:
        raise OptionError(f"bleed of {bleed_mm:g} mm is out of range; use 0 to {MAX_BLEED_MM:g} mm (3mm is usual)")
    card = (card_mm[0] * MM, card_mm[1] * MM)
    bleed = bleed_mm * MM
    margin = (MARK_GAP_MM + MARK_LENGTH_MM if crop_marks else MIN_MARGIN_MM) * MM
    short, long_ = sorted(paper)
    candidates = []
    for page in ((short, long_), (long_, short)):
        folds = ("vertical", "horizontal") if mode == "foldover" else (None,)
        for fold in folds:
            imposition = _grid(page, card, bleed, margin, mode, fold)
            if imposition is not None:
                candidates.append(imposition)
    if not candidates:
        raise OptionError(
            f"a {card_mm[0]:g} × {card_mm[1]:g} mm card with {bleed_mm:g} mm bleed does not fit on the paper"
            f"{' twice (front and back)' if mode == 'foldover' else ''}; choose a smaller card size or larger paper"
        )
    return max(candidates, key=lambda imp: imp.per_sheet)  # max keeps the first of equals: portrait first


def _grid(page: tuple[float, float], card: tuple[float, float], bleed: float, margin: float, mode: str, fold: str | None) -> Imposition | None:
    cell_w, cell_h = card[0] + 2 * bleed, card[1] + 2 * bleed
    cols = int((page[0] - 2 * margin) // cell_w)
    rows = int((page[1] - 2 * margin) // cell_h)
    if fold == "vertical":
        cols -= cols % 2
    if fold == "horizontal":
        rows -= rows % 2
    if cols < 1 or rows < 1:
        return None
    return Imposition(page, card, bleed, cols, rows, mode, fold)


def draw_crop_marks(canvas: Canvas, imposition: Imposition, colour: colors.Color = colors.black) -> None:
    """Short lines outside the grid, in line with every cut."""
    grid, gap, length = imposition.grid, MARK_GAP_MM * MM, MARK_LENGTH_MM * MM
    xs, ys = imposition.cut_lines()
    lines = []
    for x in xs:
        lines.append((x, grid.top + gap, x, grid.top + gap + length))
        lines.append((x, grid.y - gap, x, grid.y - gap - length))
    for y in ys:
        lines.append((grid.x - gap, y, grid.x - gap - length, y))
        lines.append((grid.right + gap, y, grid.right + gap + length, y))
    canvas.saveState()
    canvas.setStrokeColor(colour)
    canvas.setLineWidth(MARK_WIDTH)
    canvas.lines(lines)
    canvas.restoreState()


def draw_cut_guides(canvas: Canvas, imposition: Imposition, colour: colors.Color) -> None:
    """Hairlines along every cut inside the grid, for cutting with scissors (only without bleed)."""
    grid = imposition.grid
    xs, ys = imposition.cut_lines()
    canvas.saveState()
    canvas.setStrokeColor(colour)
    canvas.setLineWidth(0.25)
    canvas.lines([(x, grid.y, x, grid.top) for x in xs] + [(grid.x, y, grid.right, y) for y in ys])
    canvas.restoreState()


def draw_fold_line(canvas: Canvas, imposition: Imposition, colour: colors.Color) -> None:
    line = imposition.fold_line()
    if line is None:
        return
    canvas.saveState()
    canvas.setStrokeColor(colour)
    canvas.setLineWidth(0.6)
    canvas.setDash(4, 3)
    canvas.line(*line)
    canvas.restoreState()
