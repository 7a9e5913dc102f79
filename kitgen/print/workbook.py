"""The student's workbook: a cover with Name, Class and Date lines, then every activity.

Each activity is laid out by :mod:`kitgen.print.activities` for a child to answer on paper;
the workbook holds no answers. Every page ends with "Page X of Y" in the locale's words. The
last page has "Where to get help" with the kit's help contacts (:mod:`kitgen.print.help`).

The cover helpers here (:func:`cover_page`, :func:`cover_path`, :func:`footer_drawer`)
are shared by the teacher's guide and the storybook.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    Frame,
    KeepInFrame,
    PageBreak,
    PageTemplate,
    Spacer,
    Table,
    TableStyle,
)

from kitgen import media
from kitgen.builder import Builder, BuildRequest, Reads
from kitgen.print.activities import WriteLine, student_flowables, table_font
from kitgen.print.base import (
    PrintSetup,
    build_document,
    clear_of_band,
    page_x_of_y_canvas,
    setup,
    text_paragraph,
)
from kitgen.print.graphics import Graphic, GraphicFlowable, load_graphic
from kitgen.print.help import help_section
from kitgen.print.styles import MEASURES as M
from kitgen.text.pdf import draw_string, string_width

COVER_ILLUSTRATION = "illustrations/cover.svg"
#: Help contacts for children are set larger than in the teacher's guide.
HELP_SCALE = 1.15


def cover_path(request: BuildRequest) -> Path | None:
    """The story's cover illustration, when its folder has one."""
    path = media.resolve(request.story_dir, COVER_ILLUSTRATION)
    return path if path.is_file() else None


def check_cover(request: BuildRequest) -> None:
    """Prove the cover illustration decodes (a located MediaError if not)."""
    path = cover_path(request)
    if path is not None:
        media.inspect_image(path)


def cover_graphic(request: BuildRequest) -> Graphic | None:
    path = cover_path(request)
    return load_graphic(path, memo=request.memo) if path is not None else None


class Picture(GraphicFlowable):
    """An illustration clipped to its box, with rounded corners."""

    def draw(self) -> None:
        self.canv.saveState()
        path = self.canv.beginPath()
        path.roundRect(0, 0, self.width, self.height, M.corner)
        self.canv.clipPath(path, stroke=0, fill=0)
        self.graphic.draw(self.canv, 0, 0, self.width, self.height)
        self.canv.restoreState()


def age_badge(ps: PrintSetup) -> Table:
    age = ps.story.story.age
    text = ps.t("Age {min}–{max}", min=age.min, max=age.max)
    style = ps.styles["Badge"]
    width = string_width(ps.fontset, text, style.fontSize, bold=True) + 8 * M.gap + 2
    badge = Table([[text_paragraph(ps, text, "Badge")]], colWidths=[width], hAlign="CENTER")
    badge.setStyle(TableStyle([
        table_font(ps),
        ("ROUNDEDCORNERS", [M.corner] * 4),
        ("BACKGROUND", (0, 0), (-1, -1), ps.styles.palette.panel),
        ("BOX", (0, 0), (-1, -1), M.hairline, ps.styles.palette.accent),
        ("LEFTPADDING", (0, 0), (-1, -1), 4 * M.gap),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4 * M.gap),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
    ]))
    return badge


class Centred(Flowable):
    """A flowable placed in the middle of the page's frame, which it fills."""

    def __init__(self, content: Flowable) -> None:
        super().__init__()
        self.content = content
        self.width = self.height = 0.0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width, self.height = available_width, available_height - 1
        return self.width, self.height

    def draw(self) -> None:
        width, height = self.content.wrapOn(self.canv, self.width, self.height)
        self.content.drawOn(self.canv, (self.width - width) / 2, (self.height - height) / 2)


def cover_page(
    ps: PrintSetup, kind: str, graphic: Graphic | None, below: list[Flowable], width: float, height: float, share: float = 0.45,
) -> Flowable:
    """One page: branding, title, the kind of booklet, the age badge, the cover illustration, then ``below``.

    The illustration takes at most ``share`` of the page and gives way to long titles; the
    whole is shrunk if it still does not fit, so the cover is always exactly one page, and
    centred on it.
    """
    top: list[Flowable] = [
        *([text_paragraph(ps, ps.request.branding, "Branding"), Spacer(1, 3 * M.gap)] if ps.request.branding else []),
        text_paragraph(ps, ps.story.story.title, "CoverTitle"),
        text_paragraph(ps, kind, "CoverKind"),
        Spacer(1, 2 * M.gap),
        age_badge(ps),
        Spacer(1, 3 * M.gap),
    ]
    flowables = list(top)
    if graphic is not None:
        room = height - sum(_height(f, width, height) for f in top + below) - 3 * M.gap
        picture = min(height * share, room)
        if picture >= M.smallest_picture:
            flowables += [Picture(graphic, width, picture), Spacer(1, 2 * M.gap)]
    return Centred(KeepInFrame(width, height - 1, flowables + below, mode="shrink"))


def _height(flowable: Flowable, width: float, height: float) -> float:
    _, used = flowable.wrap(width, height)
    return used + flowable.getSpaceBefore() + flowable.getSpaceAfter()


def name_fields(ps: PrintSetup, width: float) -> Table:
    """Name on one line; Class and Date on the next: labels and write-on lines."""
    def label(msgid: str) -> Flowable:
        return text_paragraph(ps, ps.t(msgid), "FieldLabel")

    third = width / 3
    rows = [
        [label("Name"), WriteLine(ps), "", ""],
        [label("Class"), WriteLine(ps), label("Date"), WriteLine(ps)],
    ]
    size = ps.styles["FieldLabel"].fontSize
    widest = max(string_width(ps.fontset, ps.t(msgid), size, bold=True) for msgid in ("Name", "Class", "Date"))
    labels = max(M.label_column, widest + 14 + 2 * M.gap)  # cell padding, and the Date cell's extra left padding
    table = Table(rows, colWidths=[labels, third, labels, width - 2 * labels - third], hAlign="CENTER")
    table.setStyle(TableStyle([
        table_font(ps),
        ("SPAN", (1, 0), (3, 0)),
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("TOPPADDING", (0, 0), (-1, -1), M.gap),
        ("LEFTPADDING", (2, 1), (2, 1), 2 * M.gap),
        ("ROUNDEDCORNERS", [M.corner] * 4),
        ("BOX", (0, 0), (-1, -1), M.hairline, ps.styles.palette.rule),
        ("BOTTOMPADDING", (0, -1), (-1, -1), 2 * M.gap),
    ]))
    return table


def footer_drawer(ps: PrintSetup, kind: str) -> Callable[[Canvas, int, int], None]:
    """Draws the running footer: the title of the booklet on the left, "Page X of Y" on the right
    (in a draft, raised above the band)."""
    size = ps.styles["Footer"].fontSize
    colour = ps.styles.palette.muted
    y = clear_of_band(ps, M.footer, size)

    def draw(canvas: Canvas, page: int, pages: int) -> None:
        width, _ = canvas._pagesize
        canvas.saveState()
        canvas.setStrokeColor(ps.styles.palette.rule)
        canvas.setLineWidth(M.hairline)
        canvas.line(M.margin, y + size + 3, width - M.margin, y + size + 3)
        canvas.setFillColor(colour)
        draw_string(canvas, ps.fontset, M.margin, y, f"{ps.story.story.title} {chr(0x2014)} {kind}", size)
        draw_string(canvas, ps.fontset, width - M.margin, y, ps.t("Page {page} of {pages}", page=page, pages=pages), size, align="right")
        canvas.restoreState()

    return draw


def body_template(ps: PrintSetup, pagesize: tuple[float, float]) -> PageTemplate:
    width, height = pagesize
    bottom = M.footer + 2 * M.gap
    frame = Frame(M.margin, bottom, width - 2 * M.margin, height - M.margin - bottom, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    return PageTemplate(id="body", frames=[frame], pagesize=pagesize)


def frame_size(ps: PrintSetup) -> tuple[float, float]:
    frame = body_template(ps, ps.paper).frames[0]
    return frame._width, frame._height


class Whole(Flowable):
    """Flowables kept together on one page: on the current page when they fit there, else on
    the next one, shrunk only when they are taller than a whole page (``height``)."""

    def __init__(self, flowables: list[Flowable], height: float) -> None:
        super().__init__()
        self.box = KeepInFrame(0, height, flowables, mode="shrink")
        self.page_height = height
        self.width = self.height = 0.0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width, self.height = self.box.wrapOn(self.canv, available_width, self.page_height)
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        return []

    def draw(self) -> None:
        self.box.drawOn(self.canv, 0, 0)


def help_page(ps: PrintSetup, width: float, height: float) -> Flowable:
    """"Where to get help" for the child, whole on the last page."""
    return Whole(help_section(ps, width, scale=HELP_SCALE), height - 1)


class WorkbookBuilder(Builder):
    """``workbook.pdf``: the activities for children to do on paper, without answers."""

    name = "workbook"
    format = "pdf"
    filename = "workbook.pdf"
    reads = Reads(
        model={"story": True, "activities": True},
        options={"paper": "a4", "eco": False},
        files=("illustrations", "fonts", "chrome"),
        story_files=(COVER_ILLUSTRATION,),
    )

    def prepare(self, request: BuildRequest) -> None:
        setup(request)
        check_cover(request)

    def write(self, request: BuildRequest) -> None:
        ps = setup(request)
        kind = ps.t("Workbook")
        width, height = frame_size(ps)
        picture = None if ps.eco else cover_graphic(request)  # low-ink: no full-colour cover
        below = [text_paragraph(ps, ps.story.story.summary, "Subtitle"), Spacer(1, 3 * M.gap), name_fields(ps, width * 0.9)]
        flowables: list[Flowable] = [cover_page(ps, kind, picture, below, width, height, share=0.38), PageBreak()]
        for number, activity in enumerate(ps.story.activities, 1):
            flowables += student_flowables(ps, activity, number, width)
        flowables += [Spacer(1, 3 * M.gap), help_page(ps, width, height)]
        build_document(
            ps, flowables, kind, [body_template(ps, ps.paper)],
            canvasmaker=page_x_of_y_canvas(ps, footer_drawer(ps, kind)),
        )

