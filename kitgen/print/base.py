"""What every print builder shares: paper, fonts, named styles, documents and illustrations.

Layout lives here and in :mod:`kitgen.print.styles`; content comes from the model. A
builder makes a list of flowables (platypus) or draws on a canvas, then calls
:func:`build_document` / :func:`open_canvas`, which write atomically, embed subset fonts,
set Title, Author and /Lang, and are byte-for-byte reproducible.

A draft (``request.draft``: unreviewed strings, unchecked help contacts) gets the band
"DRAFT — for review" in the kit's language on every page, drawn by the canvas of both
functions as each page ends, so that no builder can leave it out. It is white bold text on
a black bar (legible in black and white; in low-ink prints, black bold text in a bold black
frame), centred :data:`SAFE_MARGIN` above the foot of the page by default; a builder whose sheet has other things there passes ``band=`` a placement,
and keeps its own footer text above :func:`clear_of_band`.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from types import MappingProxyType
from typing import Callable, Iterator, Sequence

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, A5, LETTER
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, PageTemplate, Paragraph

from kitgen.builder import BuildRequest
from kitgen.errors import did_you_mean, OptionError
from kitgen.i18n.chrome import Chrome
from kitgen.output import atomic_path
from kitgen.print.styles import Styles, make_styles
from kitgen.text.fontset import FontSet
from kitgen.text.pdf import base_font_name, draw_string, paragraph_markup, register_reportlab, string_width

PAPER_SIZES = MappingProxyType({"a4": A4, "letter": LETTER, "a5": A5})

#: Nothing is printed nearer the sheet's edge than this: most printers cannot print there.
SAFE_MARGIN = 5 * mm
#: The chrome msgid of the band on every page of a draft.
DRAFT = "DRAFT \u2014 for review"
#: The band's text size (shrinking to the floor when the words are long), its height and its
#: padding at each end, in points; it is never wider than :data:`DRAFT_WIDEST`.
DRAFT_SIZE, DRAFT_FLOOR, DRAFT_HEIGHT, DRAFT_PADDING = 7.5, 5.5, 11.0, 2.5 * mm
DRAFT_WIDEST = 90 * mm
#: Footer text keeps this far above the band.
BAND_GAP = 4.0


def paper_size(name: str) -> tuple[float, float]:
    key = name.lower()
    if key not in PAPER_SIZES or key == "a5":
        choices = ("a4", "letter")
        raise OptionError(f"unknown paper size '{name}'{did_you_mean(key, choices)}; choose a4 or letter")
    return PAPER_SIZES[key]


@dataclass(frozen=True)
class PrintSetup:
    """The resolved, per-artifact print settings derived from a :class:`BuildRequest`."""

    request: BuildRequest
    fontset: FontSet
    chrome: Chrome
    styles: Styles
    paper: tuple[float, float]
    eco: bool

    @property
    def story(self):
        return self.request.story

    @property
    def locale(self) -> str:
        return self.request.locale

    def t(self, msgid: str, **fmt: object) -> str:
        """A chrome string in the artifact's locale."""
        return self.chrome.text(msgid, **fmt)


def setup(request: BuildRequest) -> PrintSetup:
    fontset = request.fonts
    register_reportlab(fontset)
    eco = bool(request.option("eco", False))
    return PrintSetup(
        request=request,
        fontset=fontset,
        chrome=request.chrome,
        styles=make_styles(fontset, request.locale, eco),
        paper=paper_size(request.option("paper", "a4")),
        eco=eco,
    )


def metadata(ps: PrintSetup, artifact_title: str) -> dict[str, str]:
    story = ps.story.story
    return {
        "title": f"{story.title} — {artifact_title}",
        "author": ps.request.branding or "kitgen",
        "subject": story.summary,
        "creator": "kitgen",
        "producer": "kitgen",
        "lang": ps.locale,
    }


# -- the draft band -----------------------------------------------------------------------

@dataclass(frozen=True)
class BandPlace:
    """Where the band goes on a page: the middle of its lower edge, and its angle.

    At ``angle`` 90 it reads upwards with its lower edge towards the right (for a right-hand
    margin): it then covers ``x - height`` to ``x`` across and is centred on ``y``.
    """

    x: float
    y: float
    angle: int = 0


def footer_band(pagesize: tuple[float, float]) -> BandPlace:
    """The default place: centred, :data:`SAFE_MARGIN` above the foot of the page."""
    return BandPlace(pagesize[0] / 2, SAFE_MARGIN)


@dataclass(frozen=True)
class DraftBand:
    """The band's words in the kit's locale, their size, and the bar's size (points)."""

    text: str
    size: float
    width: float
    height: float = DRAFT_HEIGHT
    outlined: bool = False  # low ink: black words in a bold black frame, no fill

    def box(self, place: BandPlace) -> tuple[float, float, float, float]:
        """The bar on the page: (x0, y0, x1, y1)."""
        if place.angle == 90:
            return (place.x - self.height, place.y - self.width / 2, place.x, place.y + self.width / 2)
        return (place.x - self.width / 2, place.y, place.x + self.width / 2, place.y + self.height)

    def draw(self, canvas: Canvas, fontset: FontSet, place: BandPlace) -> None:
        canvas.saveState()
        canvas.translate(place.x, place.y)
        if place.angle:
            canvas.rotate(place.angle)
        canvas.setFillColor(colors.black)
        if self.outlined:
            canvas.setStrokeColor(colors.black)
            canvas.setLineWidth(1.2)
            canvas.roundRect(-self.width / 2 + 0.6, 0.6, self.width - 1.2, self.height - 1.2, 1.5, stroke=1, fill=0)
        else:
            canvas.roundRect(-self.width / 2, 0, self.width, self.height, 1.5, stroke=0, fill=1)
            canvas.setFillColor(colors.white)
        baseline = (self.height - self.size * 0.7) / 2  # cap height centred in the bar
        draw_string(canvas, fontset, 0, baseline, self.text, self.size, bold=True, align="center")
        canvas.restoreState()


def draft_band(ps: PrintSetup) -> DraftBand | None:
    """The band of a draft (None when the request is not a draft)."""
    if not ps.request.draft:
        return None
    text = ps.t(DRAFT)
    size = DRAFT_SIZE
    while size > DRAFT_FLOOR and string_width(ps.fontset, text, size, bold=True) + 2 * DRAFT_PADDING > DRAFT_WIDEST:
        size = round(size - 0.5, 2)
    return DraftBand(text, size, string_width(ps.fontset, text, size, bold=True) + 2 * DRAFT_PADDING, outlined=ps.eco)


def band_top(ps: PrintSetup) -> float:
    """How high the default band reaches from the foot of the page (0 when not a draft)."""
    band = draft_band(ps)
    return SAFE_MARGIN + band.height if band is not None else 0.0


def clear_of_band(ps: PrintSetup, baseline: float, size: float) -> float:
    """``baseline`` of a footer line of ``size`` points, raised when needed to clear the default band."""
    top = band_top(ps)
    return max(baseline, top + BAND_GAP + 0.3 * size) if top else baseline


Placement = Callable[[tuple[float, float]], BandPlace]


def banded(ps: PrintSetup, canvas_class: type[Canvas], place: Placement = footer_band) -> type[Canvas]:
    """``canvas_class`` drawing the draft band on each page as it ends (unchanged when not a draft).

    The band goes on last, above everything else on the page.
    """
    band = draft_band(ps)
    if band is None:
        return canvas_class

    class DraftCanvas(canvas_class):  # type: ignore[valid-type, misc]
        def showPage(self):  # noqa: N802 (reportlab's name)
            band.draw(self, ps.fontset, place(tuple(self._pagesize)))
            super().showPage()

    return DraftCanvas


# -- documents --------------------------------------------------------------------------

def build_document(
    ps: PrintSetup,
    flowables: Sequence[Flowable],
    artifact_title: str,
    templates: Sequence[PageTemplate],
    pagesize: tuple[float, float] | None = None,
    canvasmaker: Callable[..., Canvas] | None = None,
    margins: float = 0,
    band: Placement = footer_band,
) -> None:
    """Lay out ``flowables`` on ``templates`` and write the PDF atomically to the request's output.

    A draft has the band on every page, where ``band`` puts it.
    """
    with reproducible(), atomic_path(ps.request.output) as tmp:
        doc = BaseDocTemplate(
            str(tmp),
            pagesize=pagesize or ps.paper,
            pageTemplates=list(templates),
            invariant=1,
            leftMargin=margins,
            rightMargin=margins,
            topMargin=margins,
            bottomMargin=margins,
            displayDocTitle=1,
            initialFontName=base_font_name(ps.fontset),  # else every page lists an unembedded Helvetica
            **metadata(ps, artifact_title),
        )
        doc.build(list(flowables), canvasmaker=banded(ps, canvasmaker or Canvas, band))


@contextlib.contextmanager
def open_canvas(ps: PrintSetup, artifact_title: str, pagesize: tuple[float, float] | None = None,
                band: Placement = footer_band, **boxes) -> Iterator[Canvas]:
    """A canvas writing to a temporary file, renamed over the output when the block succeeds.

    A draft has the band on every page, where ``band`` puts it.
    """
    meta = metadata(ps, artifact_title)
    with reproducible(), atomic_path(ps.request.output) as tmp:
        # The bundled font as the initial font: otherwise every page lists an unembedded Helvetica.
        boxes.setdefault("initialFontName", base_font_name(ps.fontset))
        canvas = banded(ps, Canvas, band)(str(tmp), pagesize=pagesize or ps.paper, invariant=1, lang=meta["lang"], **boxes)
        canvas.setTitle(meta["title"])
        canvas.setAuthor(meta["author"])
        canvas.setSubject(meta["subject"])
        canvas.setCreator(meta["creator"])
        canvas.setProducer(meta["producer"])
        yield canvas
        canvas.save()


@contextlib.contextmanager
def reproducible() -> Iterator[None]:
    """reportlab writes fixed dates and ids while ``rl_config.invariant`` is on."""
    previous = rl_config.invariant
    rl_config.invariant = 1
    try:
        yield
    finally:
        rl_config.invariant = previous


def page_x_of_y_canvas(ps: PrintSetup, draw_footer: Callable[[Canvas, int, int], None]) -> type[Canvas]:
    """A Canvas class that knows the page count when it draws each page's footer."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            kwargs.setdefault("lang", ps.locale)
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self):  # noqa: N802 (reportlab's name)
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for number, state in enumerate(self._pages, 1):
                self.__dict__.update(state)
                draw_footer(self, number, total)
                super().showPage()
            super().save()

    return NumberedCanvas


def text_paragraph(ps: PrintSetup, text: str, style: str, bold: bool = False) -> Paragraph:
    """A Paragraph of plain ``text`` in the named style, each script run in its own font.

    The runs' ``<font>`` tags override the style's font, so a style whose font is the bold
    face makes the text bold here.
    """
    paragraph_style = ps.styles[style]
    bold = bold or paragraph_style.fontName == base_font_name(ps.fontset, bold=True)
    return Paragraph(paragraph_markup(ps.fontset, text, bold), paragraph_style)
