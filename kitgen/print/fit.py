"""Text that fits its box: shrink a paragraph from its style's size down to a floor.

:func:`fit_paragraph` tries the style's size first, then steps down (leading scales with
the size) until the paragraph fits both the width and the height of its box. Words break
at spaces, at soft hyphens (U+00AD, in any language) and, where pyphen has the language
(the style's ``hyphenationLang``), at hyphenation points. A word is never split anywhere
else, and nothing is clipped: when the text does not fit even at the floor size,
:class:`TextDoesNotFit` says by how many points, and the caller turns it into a
:class:`~kitgen.errors.TextOverflowError` naming what overflowed.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

#: Sizes are tried in steps of this many points.
STEP = 0.5
#: Rounding slack, in points, so that a line exactly as wide as its box fits.
EPSILON = 0.01


class TextDoesNotFit(Exception):
    """The text overflows its box at the floor size.

    ``direction`` is ``"height"`` (too many lines) or ``"width"`` (a word longer than a line);
    ``overflow`` is by how many points, measured at the ``floor`` size.
    """

    def __init__(self, overflow: float, floor: float, direction: str) -> None:
        self.overflow = overflow
        self.floor = floor
        self.direction = direction
        super().__init__(f"overflows its box {'height' if direction == 'height' else 'width'} by {overflow:.1f} pt at the {floor:g} pt floor")

    def describe(self, what: str) -> str:
        """A sentence for the user: ``'body overflows its box by 14.2 pt at the 7 pt floor'``."""
        if self.direction == "width":
            return (
                f"{what} has a word {self.overflow:.1f} pt wider than its box at the {self.floor:g} pt floor; "
                f"shorten it or mark where it may break with a soft hyphen (U+00AD)"
            )
        return f"{what} overflows its box by {self.overflow:.1f} pt at the {self.floor:g} pt floor; shorten the text"


@dataclass(frozen=True)
class Fitted:
    """A paragraph already wrapped to its box: draw it with ``paragraph.drawOn``."""

    paragraph: Paragraph
    size: float
    width: float
    height: float

    def draw(self, canvas, x: float, top: float) -> None:
        """Draw with the first line's top at ``top``."""
        self.paragraph.drawOn(canvas, x, top - self.height)


def sized_style(style: ParagraphStyle, size: float) -> ParagraphStyle:
    """``style`` at ``size`` points, its leading scaled in proportion; long words never split."""
    scale = size / style.fontSize
    return ParagraphStyle(
        f"{style.name}@{size:g}",
        parent=style,
        fontSize=size,
        leading=style.leading * scale,
        splitLongWords=0,
    )


def measure(paragraph: Paragraph, width: float) -> tuple[float, float]:
    """Wrap ``paragraph`` to ``width``; return (height, widest line's overflow past ``width``)."""
    _, height = paragraph.wrap(width, 1e6)
    lines = getattr(paragraph, "blPara", None)
    overflow = 0.0
    if lines is not None:
        for line in lines.lines:
            extra = line[0] if isinstance(line, tuple) else getattr(line, "extraSpace", 0.0)
            overflow = max(overflow, -extra)
    return height, overflow


def sizes(start: float, floor: float, step: float = STEP) -> list[float]:
    """``start``, then down by ``step`` to ``floor`` (always included, never passed)."""
    if floor > start:
        return [start]
    found, size = [], start
    while size > floor + EPSILON:
        found.append(round(size, 2))
        size -= step
    found.append(floor)
    return found


def fit_paragraph(markup: str, style: ParagraphStyle, width: float, height: float, floor: float, step: float = STEP) -> Fitted:
    """The largest size from ``style.fontSize`` down to ``floor`` at which ``markup`` fits.

    Raises :class:`TextDoesNotFit` with the overflow measured at the floor.
    """
    for size in sizes(style.fontSize, floor, step):
        paragraph = Paragraph(markup, sized_style(style, size))
        used, wide = measure(paragraph, width)
        if used <= height + EPSILON and wide <= EPSILON:
            return Fitted(paragraph, size, width, used)
    if wide > EPSILON:
        raise TextDoesNotFit(wide, floor, "width")
    raise TextDoesNotFit(used - height, floor, "height")
