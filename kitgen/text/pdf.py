"""Mixed-script text in reportlab: font registration, Paragraph markup, canvas lines.

reportlab draws a character its font lacks as an empty box (Andika) or as nothing (Noto),
without a warning, and has no font fallback. These helpers split the text into runs with
:meth:`FontSet.runs` and give each run its own font.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from kitgen.text.fontset import FontFamily, FontSet


def pdf_font_name(family: FontFamily, bold: bool = False) -> str:
    """The name a family's face is registered under in reportlab (``Andika``, ``Andika-Bold``)."""
    return f"{family.name}-Bold" if bold else family.name


def base_font_name(fontset: FontSet, bold: bool = False) -> str:
    """The primary family's registered name, for ``ParagraphStyle(fontName=...)``."""
    return pdf_font_name(fontset.primary, bold)


def register_reportlab(fontset: FontSet) -> None:
    """Register every face of ``fontset`` with reportlab, and each family so ``<b>`` works.

    Safe to call any number of times. Registration is keyed by family name: the first font
    set registered under a name keeps it for the rest of the process.
    """
    registered = set(pdfmetrics.getRegisteredFontNames())
    for family in fontset.families:
        regular, bold = pdf_font_name(family), pdf_font_name(family, bold=True)
        if regular in registered and bold in registered:
            continue
        for name, path in ((regular, family.regular), (bold, family.bold)):
            if name not in registered:
                pdfmetrics.registerFont(TTFont(name, str(path)))
        pdfmetrics.registerFontFamily(regular, normal=regular, bold=bold, italic=regular, boldItalic=bold)


def paragraph_markup(fontset: FontSet, text: str, bold: bool = False) -> str:
    """Paragraph XML for plain ``text``: escaped, one ``<font name=...>`` per run.

    Line feeds become ``<br/>``; soft hyphens stay and act as hyphenation points. For bold
    text pass ``bold=True`` rather than wrapping the result in ``<b>``: reportlab drops the
    bold of an outer ``<b>`` at the inner ``<font>`` tag. Registers the fonts if needed.
    """
    register_reportlab(fontset)
    parts = []
    for run in fontset.runs(text.replace("\r\n", "\n")):
        body = escape(run.text.replace("\t", " ")).replace("\n", "<br/>")
        if bold:
            body = f"<b>{body}</b>"
        parts.append(f'<font name="{pdf_font_name(run.family)}">{body}</font>')
    return "".join(parts)


def string_width(fontset: FontSet, text: str, size: float, bold: bool = False) -> float:
    """Width in points of ``text`` drawn as one line at ``size`` (the sum of its runs)."""
    register_reportlab(fontset)
    return sum(
        pdfmetrics.stringWidth(run.text, pdf_font_name(run.family, bold), size) for run in fontset.line_runs(text)
    )


def draw_string(
    canvas: Canvas,
    fontset: FontSet,
    x: float,
    y: float,
    text: str,
    size: float,
    bold: bool = False,
    align: str = "left",
) -> float:
    """Draw ``text`` as one line with its baseline at ``y``; return its width in points.

    ``align`` is ``left`` (``x`` is the start), ``center`` or ``right`` (``x`` is the end).
    The canvas's font and other state are left as they were.
    """
    if align not in ("left", "center", "right"):
        raise ValueError(f"align must be left, center or right, not {align!r}")
    register_reportlab(fontset)
    runs = fontset.line_runs(text)
    widths = [pdfmetrics.stringWidth(run.text, pdf_font_name(run.family, bold), size) for run in runs]
    total = sum(widths)
    if align == "center":
        x -= total / 2
    elif align == "right":
        x -= total
    canvas.saveState()
    try:
        for run, width in zip(runs, widths, strict=True):
            canvas.setFont(pdf_font_name(run.family, bold), size)
            canvas.drawString(x, y, run.text)
            x += width
    finally:
        canvas.restoreState()
    return total
