"""Text that fits its box: shrink a paragraph from its style's size down to a floor.

:func:`fit_paragraph` tries the style's size first, then steps down (leading scales with
the size) until the paragraph fits both the width and the height of its box. Words break
at spaces, at soft hyphens (U+00AD, in any language) and, where pyphen has the language
(the style's ``hyphenationLang``), at hyphenation points. A word is never split anywhere
else, and nothing is clipped: when the text does not fit even at the floor size,
:class:`TextDoesNotFit` says by how many points, and the caller turns it into a
:class:`~kitgen.errors.TextOverflowError` naming what overflowed.

:func:`fit_stack` fits several paragraphs in one box together: every style shrinks by the
same scale, so a heading stays larger than the text under it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
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


@dataclass(frozen=True)
class StackItem:
    """One paragraph of a stack: markup (or a function of the size giving it, for text broken
    by hand at that size), its style, a bullet and the space above it at full scale."""

    markup: str | Callable[[float], str]
    style: ParagraphStyle
    bullet: str | None = None
    before: float = 0.0


@dataclass(frozen=True)
class FittedStack:
    """Paragraphs fitted together: draw them top down with :meth:`draw`."""

    paragraphs: tuple[Fitted, ...]
    befores: tuple[float, ...]  # the space above each, at the fitted scale
    scale: float
    height: float

    def draw(self, canvas, x: float, top: float) -> None:
        y = top
        for fitted, before in zip(self.paragraphs, self.befores):
            y -= before
            fitted.draw(canvas, x, y)
            y -= fitted.height


def _stack_style(style: ParagraphStyle, scale: float) -> ParagraphStyle:
    sized = sized_style(style, round(style.fontSize * scale, 2))
    return ParagraphStyle(sized.name, parent=sized, leftIndent=style.leftIndent * scale,
                          bulletIndent=style.bulletIndent * scale, bulletFontSize=sized.fontSize)


def fit_stack(items: Sequence[StackItem], width: float, height: float, floor: float, step: float = 0.05) -> FittedStack:
    """The largest scale from 1 down to ``floor`` at which ``items`` fit ``width`` × ``height``.

    Raises :class:`TextDoesNotFit`, measured at the floor (its ``floor`` is the first item's size there).
    """
    scale, used, wide = 1.0, 0.0, 0.0
    scales = [round(s, 4) for s in sizes(1.0, floor, step)]
    for scale in scales:
        laid, befores = [], []
        wide = 0.0
        for item in items:
            style = _stack_style(item.style, scale)
            markup = item.markup(style.fontSize) if callable(item.markup) else item.markup
            paragraph = Paragraph(markup, style, bulletText=item.bullet)
            item_height, item_wide = measure(paragraph, width)
            laid.append(Fitted(paragraph, style.fontSize, width, item_height))
            befores.append(item.before * scale if laid[:-1] else 0.0)
            wide = max(wide, item_wide)
        used = sum(f.height for f in laid) + sum(befores)
        if used <= height + EPSILON and wide <= EPSILON:
            return FittedStack(tuple(laid), tuple(befores), scale, used)
    first = round(items[0].style.fontSize * scale, 2) if items else 0.0
    if wide > EPSILON:
        raise TextDoesNotFit(wide, first, "width")
    raise TextDoesNotFit(used - height, first, "height")
