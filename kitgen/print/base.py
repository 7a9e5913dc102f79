"""What every print builder shares: paper, fonts, named styles, documents and illustrations.

Layout lives here and in :mod:`kitgen.print.styles`; content comes from the model. A
builder makes a list of flowables (platypus) or draws on a canvas, then calls
:func:`build_document` / :func:`open_canvas`, which write atomically, embed subset fonts,
set Title, Author and /Lang, and are byte-for-byte reproducible.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from types import MappingProxyType
from typing import Callable, Iterator, Sequence

from reportlab import rl_config
from reportlab.lib.pagesizes import A4, A5, LETTER
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, PageTemplate, Paragraph

from kitgen.builder import BuildRequest
from kitgen.errors import did_you_mean, OptionError
from kitgen.i18n.chrome import Chrome
from kitgen.output import atomic_path
from kitgen.print.styles import Styles, make_styles
from kitgen.text.fontset import FontSet
from kitgen.text.pdf import base_font_name, paragraph_markup, register_reportlab

PAPER_SIZES = MappingProxyType({"a4": A4, "letter": LETTER, "a5": A5})


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


def build_document(
    ps: PrintSetup,
    flowables: Sequence[Flowable],
    artifact_title: str,
    templates: Sequence[PageTemplate],
    pagesize: tuple[float, float] | None = None,
    canvasmaker: Callable[..., Canvas] | None = None,
    margins: float = 0,
) -> None:
    """Lay out ``flowables`` on ``templates`` and write the PDF atomically to the request's output."""
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
        doc.build(list(flowables), canvasmaker=canvasmaker or Canvas)


@contextlib.contextmanager
def open_canvas(ps: PrintSetup, artifact_title: str, pagesize: tuple[float, float] | None = None, **boxes) -> Iterator[Canvas]:
    """A canvas writing to a temporary file, renamed over the output when the block succeeds."""
    meta = metadata(ps, artifact_title)
    with reproducible(), atomic_path(ps.request.output) as tmp:
        # The bundled font as the initial font: otherwise every page lists an unembedded Helvetica.
        boxes.setdefault("initialFontName", base_font_name(ps.fontset))
        canvas = Canvas(str(tmp), pagesize=pagesize or ps.paper, invariant=1, lang=meta["lang"], **boxes)
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
