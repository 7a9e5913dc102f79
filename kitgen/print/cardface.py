"""What every card face shares: the design measures, the art area, colours and fitted text.

Used by the play cards (:mod:`kitgen.print.cards`) and the help card
(:mod:`kitgen.print.helpcard`), so both are drawn, cut and turned over alike.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas

from kitgen.errors import Location, TextOverflowError
from kitgen.print import imposition as imp
from kitgen.print.base import PrintSetup
from kitgen.print.fit import Fitted, TextDoesNotFit, fit_paragraph
from kitgen.text.pdf import base_font_name, paragraph_markup

MM = imp.MM
DARK_INK = colors.HexColor("#1f2933")


@dataclass(frozen=True)
class CardDesign:
    """The card layout in millimetres, and the floor sizes (points) text may shrink to."""

    inset: float = 2.5  # art inset from the trim when there is no bleed
    corner: float = 3.0
    margin: float = 5.0  # text and pictures stay this far inside the trim
    band: float = 13.0  # category band height, from the top trim
    icon: float = 7.0
    gap: float = 2.2
    picture_min: float = 14.0
    picture_max: float = 32.0
    back_icon: float = 15.0
    title_floor: float = 9.0
    body_floor: float = 7.0
    category_floor: float = 7.0
    back_floor: float = 8.0
    small_floor: float = 5.5


DESIGN = CardDesign()


def art_inset(layout: imp.Imposition) -> float:
    """How far card art stays inside the trim: none with bleed, a white border without."""
    return 0.0 if layout.bleed > 0 else DESIGN.inset * MM


def label_bottom(inset: float) -> float:
    return max(DESIGN.margin * MM - 2 * MM, inset + 1.2 * MM)


def fit_text(ps: PrintSetup, text: str, style: ParagraphStyle, width: float, height: float, floor: float) -> Fitted:
    bold = style.fontName == base_font_name(ps.fontset, bold=True)
    return fit_paragraph(paragraph_markup(ps.fontset, text, bold), style, width, height, floor)


def fit_chrome(ps: PrintSetup, text: str, style: ParagraphStyle, width: float, height: float, floor: float, what: str) -> Fitted:
    """Fit kitgen's own words (or the kit's branding): an overflow points at the chrome catalog."""
    try:
        return fit_text(ps, text, style, width, height, floor)
    except TextDoesNotFit as exc:
        where = None if what == "branding" else Location.of(ps.chrome.path)
        raise TextOverflowError(f"play cards ({ps.locale}): {exc.describe(what)}", where) from None


def coloured(style: ParagraphStyle, colour: colors.Color) -> ParagraphStyle:
    return ParagraphStyle(f"{style.name}-{colour.hexval()}", parent=style, textColor=colour)


def colours(ps: PrintSetup, hex_colour: str) -> tuple[colors.Color, colors.Color]:
    """The category colour and the ink that reads best on it (eco: black on white)."""
    if ps.eco:
        return colors.black, colors.black
    colour = colors.HexColor(hex_colour)
    lum = luminance(colour)
    on_white, on_dark = (1.05) / (lum + 0.05), (lum + 0.05) / (luminance(DARK_INK) + 0.05)
    # White reads better than its contrast ratio suggests on saturated mid-tones: it wins near-ties.
    return colour, (colors.white if on_white * 1.2 >= on_dark else DARK_INK)


def luminance(colour: colors.Color) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    return 0.2126 * channel(colour.red) + 0.7152 * channel(colour.green) + 0.0722 * channel(colour.blue)


def at(canvas: Canvas, trim: imp.Rect, rotated: bool, draw) -> None:
    canvas.saveState()
    if rotated:
        canvas.translate(trim.right, trim.top)
        canvas.rotate(180)
    else:
        canvas.translate(trim.x, trim.y)
    draw(canvas)
    canvas.restoreState()


def art_path(canvas: Canvas, layout: imp.Imposition, inset: float | None = None):
    """The card's art area: the bleed rectangle, or a rounded rectangle ``inset`` inside the trim."""
    (w, h), bleed = layout.card, layout.bleed
    path = canvas.beginPath()
    if inset is None and bleed > 0:
        path.rect(-bleed, -bleed, w + 2 * bleed, h + 2 * bleed)
        return path
    inset = DESIGN.inset * MM if inset is None else inset
    path.roundRect(inset, inset, w - 2 * inset, h - 2 * inset, max(DESIGN.corner * MM - (inset - DESIGN.inset * MM) / 2, 1))
    return path


def draw_front_frame(canvas: Canvas, layout: imp.Imposition, eco: bool, colour: colors.Color) -> tuple[float, float, float]:
    """A card front's frame: its coloured band (outlines only in low-ink prints) and border.
    Returns ``(band_bottom, band_mid, margin)`` for laying out what goes in and under the band."""
    d, (w, h), bleed = DESIGN, layout.card, layout.bleed
    band_bottom = h - d.band * MM
    if eco:  # outlines only
        canvas.setStrokeColor(colors.Color(0.45, 0.45, 0.45))
        canvas.setLineWidth(0.6)
        canvas.drawPath(art_path(canvas, layout, d.inset * MM), stroke=1, fill=0)
        canvas.line(d.inset * MM, band_bottom, w - d.inset * MM, band_bottom)
    else:
        canvas.saveState()
        canvas.clipPath(art_path(canvas, layout), stroke=0, fill=0)
        canvas.setFillColor(colour)
        canvas.rect(-bleed - 1, band_bottom, w + 2 * bleed + 2, h, stroke=0, fill=1)
        canvas.restoreState()
        if not bleed:
            canvas.setStrokeColor(colour)
            canvas.setLineWidth(0.8)
            canvas.drawPath(art_path(canvas, layout), stroke=1, fill=0)
    return band_bottom, (band_bottom + h - art_inset(layout)) / 2, d.margin * MM


def draw_back_frame(canvas: Canvas, layout: imp.Imposition, eco: bool, colour: colors.Color, keyline: colors.Color,
                    keyline_inset: float, face_inset: float | None = None) -> None:
    """A card back's frame: filled with ``colour`` (low-ink prints: an outline only) and a
    keyline ``keyline_inset`` inside the trim in ``keyline`` (grey when low-ink); with
    ``face_inset``, a white face inside the colour (not in low-ink prints)."""
    d = DESIGN
    if eco:
        canvas.setStrokeColor(colors.black)
        canvas.setLineWidth(0.9)
        canvas.drawPath(art_path(canvas, layout, d.inset * MM), stroke=1, fill=0)
    else:
        canvas.setFillColor(colour)
        canvas.drawPath(art_path(canvas, layout), stroke=0, fill=1)
        if face_inset is not None:
            canvas.setFillColor(colors.white)
            canvas.drawPath(art_path(canvas, layout, face_inset), stroke=0, fill=1)
    canvas.setStrokeColor(colors.Color(0.55, 0.55, 0.55) if eco else keyline)
    canvas.setLineWidth(0.6)
    canvas.drawPath(art_path(canvas, layout, keyline_inset), stroke=1, fill=0)
