"""Mixed-script text in Pillow: fonts, measuring, drawing and word wrapping.

Pillow has no font fallback either, so a line is drawn run by run, each run with its own
font, all on one shared baseline. Used for video slides and burned-in captions.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import Any

from PIL import ImageDraw

from kitgen.text.fontset import FontSet, normalize

#: Spaces a line may break at. No-break space, figure space and narrow no-break space
#: (U+00A0, U+2007, U+202F) are missing on purpose: they hold words together.
_BREAKING_SPACE = re.compile("[ \t\u1680\u2000-\u2006\u2008-\u200a\u205f\u3000]+")
#: Characters after which an over-long word may break: hyphens, dashes, slash, zero-width space.
_BREAK_AFTER = frozenset("-\u2010\u2012\u2013\u2014/\u200b")
_SOFT_HYPHEN = "\u00ad"


def line_metrics(fontset: FontSet, size: float, bold: bool = False) -> tuple[int, int]:
    """``(ascent, descent)`` in pixels of a line box that fits every family of the set."""
    metrics = [fontset.face(family, size, bold).getmetrics() for family in fontset.families]
    return max(a for a, _ in metrics), max(d for _, d in metrics)


def measure(fontset: FontSet, text: str, size: float, bold: bool = False) -> float:
    """Advance width in pixels of ``text`` drawn as one line (the sum of its runs)."""
    return sum(fontset.face(run.family, size, bold).getlength(run.text) for run in fontset.line_runs(text))


def draw_text(
    draw: ImageDraw.ImageDraw,
    fontset: FontSet,
    xy: tuple[float, float],
    text: str,
    size: float,
    fill: Any,
    bold: bool = False,
    anchor: str = "la",
    stroke_width: float = 0,
    stroke_fill: Any = None,
) -> float:
    """Draw ``text`` as one line and return its advance width in pixels.

    ``anchor`` is two letters, as in Pillow: horizontal ``l`` (left), ``m`` (middle) or ``r``
    (right), then vertical ``a`` (top of the line box), ``m`` (middle of the line box), ``s``
    (baseline) or ``d`` (bottom of the line box). The line box is :func:`line_metrics`, the
    same for every run, so all runs share one baseline. ``stroke_width`` and ``stroke_fill``
    outline the glyphs, for captions over pictures.
    """
    if len(anchor) != 2 or anchor[0] not in "lmr" or anchor[1] not in "amsd":
        raise ValueError(f"anchor must be one of l/m/r followed by a/m/s/d, not {anchor!r}")
    runs = fontset.line_runs(text)
    fonts = [fontset.face(run.family, size, bold) for run in runs]
    widths = [font.getlength(run.text) for run, font in zip(runs, fonts, strict=True)]
    total = sum(widths)
    ascent, descent = line_metrics(fontset, size, bold)
    x, y = xy
    x -= {"l": 0.0, "m": total / 2, "r": total}[anchor[0]]
    baseline = y + {"a": ascent, "m": (ascent - descent) / 2, "s": 0, "d": -descent}[anchor[1]]
    for run, font, width in zip(runs, fonts, widths, strict=True):
        draw.text(
            (x, baseline),
            run.text,
            font=font,
            fill=fill,
            anchor="ls",
            stroke_width=stroke_width,
            stroke_fill=stroke_fill,
        )
        x += width
    return total


def wrap(fontset: FontSet, text: str, max_width: float, size: float, bold: bool = False) -> list[str]:
    """Break ``text`` into lines no wider than ``max_width`` pixels, at spaces.

    Line feeds force a break (an empty line stays empty); blank ``text`` gives no lines. Runs of spaces collapse to one.
    A word wider than the line is broken after a soft hyphen (drawn as ``-``), a hyphen,
    dash, slash or zero-width space, and as a last resort between two characters. A single
    character wider than ``max_width`` gets a line of its own. Soft hyphens are removed from
    the returned lines.
    """
    if not text.strip():
        return []
    lines: list[str] = []
    for paragraph in normalize(text).replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        words = [word for word in _BREAKING_SPACE.split(paragraph) if word]
        line = ""
        for word in words:
            candidate = f"{line} {word}" if line else word
            if measure(fontset, candidate, size, bold) <= max_width:
                line = candidate
                continue
            if line:
                lines.append(line)
            pieces = _break_word(fontset, word, max_width, size, bold)
            lines.extend(pieces[:-1])
            line = pieces[-1]
        lines.append(line)
    return [line.replace(_SOFT_HYPHEN, "") for line in lines]


def _break_word(fontset: FontSet, word: str, max_width: float, size: float, bold: bool) -> list[str]:
    """Pieces of one word, each fitting ``max_width`` except single over-wide characters."""

    def fits(piece: str) -> bool:
        return measure(fontset, piece, size, bold) <= max_width

    pieces: list[str] = []
    rest = word
    while not fits(rest):
        head = _best_head(rest, fits)
        rest = rest[len(head) :]
        if head.endswith(_SOFT_HYPHEN):
            head = head[:-1] + "-"
        pieces.append(head)
        if not rest:
            return pieces
    pieces.append(rest)
    return pieces


def _best_head(word: str, fits: Callable[[str], bool]) -> str:
    """The longest fitting head of ``word``, preferring a hyphenation point or dash."""
    preferred = []
    anywhere = []
    for index in range(1, len(word)):
        if unicodedata.category(word[index]).startswith("M"):
            continue  # never split a letter from its combining mark
        before = word[index - 1]
        if before == _SOFT_HYPHEN:
            preferred.append((index, word[:index]))
        elif before in _BREAK_AFTER:
            preferred.append((index, word[:index]))
        anywhere.append((index, word[:index]))
    for options in (preferred, anywhere):
        for _, head in reversed(options):
            shown = head[:-1] + "-" if head.endswith(_SOFT_HYPHEN) else head
            if fits(shown):
                return head
    return anywhere[0][1] if anywhere else word
