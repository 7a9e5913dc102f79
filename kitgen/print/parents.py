"""The take-home sheet for parents and carers: one A4 page per lesson, from the story's ``home:``.

Each page says, in the kit's locale, what the children learned in the lesson, gives three
questions to ask at home and one thing to do together. Pages follow the order of the
lessons; a lesson without a ``home`` page has none (``kitgen check`` warns about it), and a
story without ``home`` has no sheet at all.

The sheet is meant for any office or school printer, so it is always drawn in black and
grey with the low-ink palette of :mod:`kitgen.print.styles`: no fills, no colour. The text
of a page is set at the shared styles' sizes and shrinks as a whole (headings, text and
spacing alike) down to a floor until the page holds it (see :mod:`kitgen.print.fit`); below
the floor the build stops with a :class:`~kitgen.errors.TextOverflowError` naming the
lesson, the locale and the text to shorten, located at its line in the catalog or in
``story.yaml``. Everything is fitted in :meth:`ParentsSheetBuilder.prepare`, before the
output is opened.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from kitgen.builder import Builder, BuildRequest, Planned, Reads
from kitgen.errors import Location, SourceError, TextOverflowError, did_you_mean
from kitgen.model.story import HomeLesson, Story
from kitgen.print.base import PrintSetup, open_canvas, setup
from kitgen.print.fit import EPSILON, Fitted, TextDoesNotFit, measure, sized_style, sizes
from kitgen.print.help import HEADING as HELP_HEADING
from kitgen.print.help import details
from kitgen.print.styles import MEASURES as M
from kitgen.print.styles import make_styles
from kitgen.print.workbook import footer_drawer
from kitgen.text.fontset import uncovered_message
from kitgen.text.pdf import base_font_name, paragraph_markup

#: The size of the page's text (the "BodyLarge" style) at full scale, and the floor it may shrink to.
TEXT_SIZE, TEXT_FLOOR = 14.0, 9.0
#: Padding inside the frame around "Something to do together", space above and below each section
#: heading, and the indent of the numbered questions (points at full scale).
BOX_PADDING, SECTION_GAP, HEADING_GAP, QUESTION_INDENT = M.gap, 2 * M.gap, M.gap / 2, 2 * M.gap
KIND = "For parents and carers"


@dataclass(frozen=True)
class Block:
    """One paragraph of a page: its text, its shared style and where its text is written.

    ``source`` is the story's data path of the text (for located errors), or None for
    kitgen's own words; ``what`` names it in messages (``'question 2'``).
    """

    text: str
    style: str
    what: str
    source: tuple | None = None
    bullet: str | None = None
    boxed: bool = False  # framed by a thin rule
    before: float = 0.0  # space above, in points at full scale
    rule_below: bool = False  # a hairline under it, in the middle of the space below
    after: float = 0.0  # space below, in points at full scale
    breakable: bool = False  # a word too long for a line (a web address) breaks where it must


@dataclass(frozen=True)
class Section:
    """A heading (a chrome msgid) and the paragraphs under it."""

    heading: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Page:
    lesson_id: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class FittedPage:
    page: Page
    scale: float
    paragraphs: tuple[Fitted, ...]


def help_contacts(ps: PrintSetup) -> tuple[Section, ...]:
    """The kit's help contacts, printed on every page below the lesson's own sections.

    They reach builders through the request like the kit's branding (and so take part in the
    artifact's key): one :class:`Section` headed "Where to get help", each contact's name,
    its phone number in bold and its other details, fitted with the rest of the page. A kit
    without contacts prints none.
    """
    blocks: list[Block] = []
    for number, line in enumerate(ps.request.help, 1):
        what = f"help contact {number}"
        blocks.append(Block(line.name, "Question", f"{what} name", before=M.gap if number > 1 else 0.0))
        found = details(ps, line)
        if line.phone:
            blocks.append(Block(f"{ps.t('Phone')}: {line.phone}", "Question", f"{what} phone"))
        rest = [f"{ps.t(label)}: {value}" for label, value in found if label != "Phone"]
        if rest:
            blocks.append(Block("\n".join(rest), "BodyLarge", f"{what} details", breakable=True))
    return (Section(HELP_HEADING, tuple(blocks)),) if blocks else ()


def pages(ps: PrintSetup) -> list[Page]:
    """One page per lesson that has a ``home`` page, in the order of the lessons."""
    story = ps.story
    by_lesson = {page.lesson: (n, page) for n, page in enumerate(story.home)}
    found = []
    for number, lesson in enumerate(story.lessons, 1):
        if lesson.id in by_lesson:
            index, home = by_lesson[lesson.id]
            found.append(_page(ps, number, lesson.title, index, home))
    return found


def _page(ps: PrintSetup, number: int, title: str, index: int, home: HomeLesson) -> Page:
    at = ("home", index)
    heading = " · ".join(part for part in (ps.story.story.title, ps.request.branding) if part)
    sections = (
        Section("What we learned", (Block(home.learned, "BodyLarge", "learned", at + ("learned",)),)),
        Section("Questions to ask at home", tuple(
            Block(question, "BodyLarge", f"question {n}", at + ("questions", n - 1), bullet=f"{n}.", before=M.gap / 2 if n > 1 else 0)
            for n, question in enumerate(home.questions, 1)
        )),
        Section("Something to do together", (Block(home.together, "BodyLarge", "together", at + ("together",), boxed=True),)),
    ) + help_contacts(ps)
    blocks = [
        Block(heading, "Small", "the story title and branding", ("story", "title")),
        Block(ps.t(KIND), "Title", f"'{KIND}'", before=M.gap, after=M.gap / 2),
        Block(f"{ps.t('Lesson {number}', number=number)} · {title}", "Heading2", "the lesson title",
              ("lessons", number - 1, "title"), rule_below=True, after=M.gap),
    ]
    for section in sections:
        blocks.append(Block(ps.t(section.heading), "ActivityTitle", f"'{section.heading}'", before=SECTION_GAP, after=HEADING_GAP))
        blocks += section.blocks
    return Page(home.lesson, tuple(blocks))


# -- fitting ------------------------------------------------------------------------------------

def _style(ps: PrintSetup, block: Block, scale: float) -> ParagraphStyle:
    base = ps.styles[block.style]
    style = ParagraphStyle(f"Parents{block.style}", parent=base, alignment=0, spaceBefore=0, spaceAfter=0)
    if block.bullet:
        style = ParagraphStyle(f"Parents{block.style}Item", parent=style, leftIndent=QUESTION_INDENT, bulletIndent=0,
                               bulletFontName=base_font_name(ps.fontset, bold=True))
    sized = sized_style(style, round(base.fontSize * scale, 2))
    return ParagraphStyle(sized.name, parent=sized, leftIndent=style.leftIndent * scale, bulletFontSize=sized.fontSize,
                          splitLongWords=int(block.breakable))


def _paragraph(ps: PrintSetup, block: Block, scale: float, width: float) -> tuple[Fitted, float]:
    """``block`` wrapped at ``scale``: the fitted paragraph and by how much its widest line overflows."""
    style = _style(ps, block, scale)
    bold = style.fontName == base_font_name(ps.fontset, bold=True)
    paragraph = Paragraph(paragraph_markup(ps.fontset, block.text, bold), style, bulletText=block.bullet)
    inner = width - (2 * BOX_PADDING * scale if block.boxed else 0)
    used, wide = measure(paragraph, inner)
    return Fitted(paragraph, style.fontSize, inner, used), wide


def _extent(block: Block, fitted: Fitted, scale: float) -> float:
    """The height a block takes on the page: its space above, its lines, its frame."""
    return (block.before + block.after) * scale + fitted.height + (2 * BOX_PADDING * scale if block.boxed else 0)


def fit_page(ps: PrintSetup, page: Page, width: float, height: float) -> FittedPage:
    """The largest scale (text from :data:`TEXT_SIZE` down to :data:`TEXT_FLOOR`) at which ``page`` fits."""
    for size in sizes(TEXT_SIZE, TEXT_FLOOR):
        scale = size / TEXT_SIZE
        laid = [_paragraph(ps, block, scale, width) for block in page.blocks]
        used = sum(_extent(block, fitted, scale) for block, (fitted, _) in zip(page.blocks, laid))
        if used <= height + EPSILON and all(wide <= EPSILON for _, wide in laid):
            return FittedPage(page, scale, tuple(fitted for fitted, _ in laid))
    raise _overflow(ps, page, laid, used - height)


def _overflow(ps: PrintSetup, page: Page, laid: list, excess: float) -> TextOverflowError:
    """The error for a page that does not fit at the floor: a word too wide, else the page too tall."""
    prefix = f"home page of lesson '{page.lesson_id}' ({ps.locale})"
    wide = [(block, amount) for block, (_, amount) in zip(page.blocks, laid) if amount > EPSILON]
    if wide:
        block, amount = wide[0]
        problem = TextDoesNotFit(amount, TEXT_FLOOR, "width").describe(block.what)
        return TextOverflowError(f"{prefix}: {problem}", _where(ps, block))
    own = [(fitted.height, block) for block, (fitted, _) in zip(page.blocks, laid) if block.source and block.source[0] == "home"]
    tallest = max(own, key=lambda item: item[0])[1]
    return TextOverflowError(
        f"{prefix} does not fit on one page: it is {excess:.1f} pt too tall at the {TEXT_FLOOR:g} pt floor; "
        f"shorten the text, starting with the longest ({tallest.what})",
        _where(ps, tallest),
    )


def _where(ps: PrintSetup, block: Block) -> Location | None:
    if block.source is not None:
        return ps.request.sources.where(block.source)
    return Location.of(ps.chrome.path) if ps.chrome.path else None


# -- the builder --------------------------------------------------------------------------------

@dataclass(frozen=True)
class SheetPlan:
    ps: PrintSetup
    pages: tuple[FittedPage, ...]


def black_and_white(request: BuildRequest) -> PrintSetup:
    """The shared print setup with the low-ink palette: black and grey only."""
    ps = setup(request)
    return dataclasses.replace(ps, styles=make_styles(ps.fontset, request.locale, eco=True), eco=True)


def plan_sheet(request: BuildRequest) -> SheetPlan:
    """Check the pages and fit each one; raises located errors, writes nothing."""
    ps = black_and_white(request)
    story = ps.story
    if not story.home:
        raise SourceError("the story has no 'home' pages; add one per lesson under 'home:' to print the sheet for parents",
                          request.sources.in_story(("home",)))
    lessons = [lesson.id for lesson in story.lessons]
    for index, home in enumerate(story.home):
        if home.lesson not in lessons:
            raise SourceError(f"home page for unknown lesson '{home.lesson}'{did_you_mean(home.lesson, lessons)}; "
                              f"use the id of a lesson: {', '.join(lessons) or '(no lessons declared)'}",
                              request.sources.in_story(("home", index, "lesson")))
    width, height = ps.paper
    frame_width = width - 2 * M.margin
    frame_height = height - M.margin - (M.footer + 2 * M.gap)
    fitted = []
    for page in pages(ps):
        for block in page.blocks:
            missing = ps.fontset.missing_characters(block.text)
            if missing:
                raise SourceError(uncovered_message(block.what, ps.locale, missing[0]), _where(ps, block))
        fitted.append(fit_page(ps, page, frame_width, frame_height))
    return SheetPlan(ps, tuple(fitted))


def write_sheet(plan: SheetPlan) -> None:
    ps = plan.ps
    kind = ps.t(KIND)
    footer = footer_drawer(ps, kind)
    width, height = ps.paper
    with open_canvas(ps, kind) as canvas:
        for number, fitted in enumerate(plan.pages, 1):
            _draw_page(canvas, ps, fitted, M.margin, height - M.margin)
            footer(canvas, number, len(plan.pages))
            canvas.showPage()


def _draw_page(canvas, ps: PrintSetup, fitted: FittedPage, x: float, top: float) -> None:
    scale, ink = fitted.scale, ps.styles.palette.ink
    y = top
    for block, paragraph in zip(fitted.page.blocks, fitted.paragraphs):
        y -= block.before * scale
        if block.boxed:
            pad = BOX_PADDING * scale
            box_height = paragraph.height + 2 * pad
            canvas.saveState()
            canvas.setStrokeColor(ink)
            canvas.setLineWidth(M.rule)
            canvas.roundRect(x, y - box_height, paragraph.width + 2 * pad, box_height, M.corner, stroke=1, fill=0)
            canvas.restoreState()
            paragraph.draw(canvas, x + pad, y - pad)
            y -= box_height
        else:
            paragraph.draw(canvas, x, y)
            y -= paragraph.height
        if block.rule_below:
            canvas.saveState()
            canvas.setStrokeColor(ps.styles.palette.rule)
            canvas.setLineWidth(M.hairline)
            canvas.line(x, y - block.after * scale / 2, x + paragraph.width, y - block.after * scale / 2)
            canvas.restoreState()
        y -= block.after * scale


class ParentsSheetBuilder(Builder):
    """``parents-sheet.pdf``: a page per lesson for families, in the kit's locale."""

    name = "parents"
    format = "pdf"
    filename = "parents-sheet.pdf"
    reads = Reads(
        model={"story": {"title", "summary"}, "lessons": {"id", "title"}, "home": True},
        options={"paper": "a4"},
        files=("fonts", "chrome"),
    )

    def plan(self, story: Story) -> list[Planned]:
        """A sheet when the story has ``home`` pages; none otherwise."""
        return super().plan(story) if story.home else []

    def prepare(self, request: BuildRequest) -> None:
        self._plan = (request, plan_sheet(request))

    def write(self, request: BuildRequest) -> None:
        prepared = getattr(self, "_plan", None)
        write_sheet(prepared[1] if prepared and prepared[0] is request else plan_sheet(request))
