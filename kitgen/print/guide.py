"""The teacher's guide: overview, lesson plans, answer key, card list, episodes, printing advice
and where to get help (each help contact with its source and when it was checked).

The answer key is made by :func:`kitgen.print.activities.key_flowables` from the same
activity data as the workbook. Episode running times come from the narration when the
request has them (option ``episode_durations``: ``{episode_id: seconds}``); otherwise they
are estimated from the length of the text and marked approximate with "≈".

With the option ``base_url`` (a kit's ``links.base_url``), each lesson page carries a QR code
of every episode it uses, beside its heading, and the episode's link after its line in
"Uses" (see :mod:`kitgen.print.qr`).
"""

from __future__ import annotations

from collections.abc import Mapping

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from kitgen.builder import Builder, BuildRequest, Reads
from kitgen.errors import did_you_mean, OptionError
from kitgen.model.story import Card, Episode, Lesson, Story
from kitgen.print.activities import key_flowables, table_font
from kitgen.print.base import (
    PrintSetup,
    build_document,
    page_x_of_y_canvas,
    setup,
    text_paragraph,
)
from kitgen.print.graphics import Graphic, load_icon
from kitgen.print.help import help_section
from kitgen.print.imposition import DUPLEX_ADVICE
from kitgen.print.qr import captioned_code, episode_link, with_link
from kitgen.print.styles import MEASURES as M
from kitgen.print.workbook import (
    COVER_ILLUSTRATION,
    body_template,
    check_cover,
    cover_graphic,
    cover_page,
    footer_drawer,
    frame_size,
)
from kitgen.text.pdf import base_font_name, paragraph_markup, string_width

#: Narration speed used to estimate an episode's running time when no audio was measured.
READING_CHARS_PER_SECOND = 14.0
#: Pauses added to the estimate: after each line, after each scene, and the title card.
LINE_PAUSE, SCENE_PAUSE, TITLE_SECONDS = 0.6, 1.0, 3.0
APPROXIMATE = "\u2248"

THUMBNAILS_PER_ROW = 5
#: The module of the QR codes beside a lesson's heading (smaller than elsewhere: they share its height).
HEADER_MODULE = 0.4 * mm
#: reportlab's default left and right padding of a table cell, in points.
CELL_PADDING = 6


def estimated_seconds(episode: Episode) -> float:
    """How long narrating ``episode`` takes, from its text at :data:`READING_CHARS_PER_SECOND`."""
    lines = [line for scene in episode.scenes for line in scene.lines]
    characters = sum(len(line.text) for line in lines)
    return TITLE_SECONDS + characters / READING_CHARS_PER_SECOND + LINE_PAUSE * len(lines) + SCENE_PAUSE * len(episode.scenes)


def running_time(episode: Episode, durations: Mapping[str, float] | None) -> str:
    """``m:ss`` from the measured narration, else ``≈ m:ss`` estimated from the text."""
    if durations and episode.id in durations:
        return _clock(float(durations[episode.id]))
    return f"{APPROXIMATE} {_clock(estimated_seconds(episode))}"


def _clock(seconds: float) -> str:
    total = max(0, round(seconds))
    return f"{total // 60}:{total % 60:02d}"


def duplex_setting(request: BuildRequest) -> str:
    duplex = str(request.option("duplex", "long"))
    if duplex not in DUPLEX_ADVICE:
        raise OptionError(f"unknown duplex setting '{duplex}'{did_you_mean(duplex, DUPLEX_ADVICE)}; choose {', '.join(DUPLEX_ADVICE)}")
    return duplex


# -- card thumbnails -------------------------------------------------------------------------

CARD_ASPECT = 88 / 63
ELLIPSIS = "\u2026"


def _band_colours(ps: PrintSetup, card: Card) -> tuple[colors.Color, colors.Color]:
    """The card's colour band and the colour of the text and icon on it."""
    if ps.eco:
        return colors.Color(0.85, 0.85, 0.85), colors.black
    band = colors.HexColor(ps.story.category(card.category).colour)
    light = 0.2126 * band.red + 0.7152 * band.green + 0.0722 * band.blue > 0.6
    return band, ps.styles.palette.ink if light else colors.white


def load_card_icons(ps: PrintSetup) -> dict[str, Graphic]:
    """Each card's icon, coloured for its band, by card id. Bad icons are MediaErrors here."""
    icons: dict[str, Graphic] = {}
    loaded: dict[tuple[str, str], Graphic] = {}
    for card in ps.story.cards:
        icon = card.icon or ps.story.category(card.category).icon
        ink = _band_colours(ps, card)[1]
        key = (icon, ink.hexval())
        if key not in loaded:
            loaded[key] = load_icon(icon, ps.request.story_dir, ink, memo=ps.request.memo)
        icons[card.id] = loaded[key]
    return icons


class CardThumbnail(Flowable):
    """A small drawing of a card: colour band with icon and category, title and the start of the body."""

    def __init__(self, ps: PrintSetup, card: Card, icon: Graphic | None, width: float) -> None:
        super().__init__()
        self.ps, self.card, self.icon = ps, card, icon
        self.width, self.height = width, width * CARD_ASPECT

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        ps, canvas, w, h = self.ps, self.canv, self.width, self.height
        band, ink = _band_colours(ps, self.card)
        radius, pad, band_h = w * 0.06, w * 0.07, h * 0.3
        canvas.saveState()
        outline = canvas.beginPath()
        outline.roundRect(0, 0, w, h, radius)
        canvas.setFillColor(colors.white)
        canvas.setStrokeColor(ps.styles.palette.rule)
        canvas.setLineWidth(M.hairline)
        canvas.drawPath(outline, stroke=1, fill=1)
        canvas.clipPath(outline, stroke=0, fill=0)
        canvas.setFillColor(band)
        canvas.rect(0, h - band_h, w, band_h, stroke=0, fill=1)
        category_style = ParagraphStyle("ThumbCategoryOnBand", parent=ps.styles["ThumbCategory"], textColor=ink)
        category = Paragraph(paragraph_markup(ps.fontset, ps.story.category(self.card.category).title, bold=True), category_style)
        _, cat_h = category.wrap(w - 2 * pad, band_h)
        category.drawOn(canvas, pad, h - band_h + pad / 2)
        if self.icon is not None:
            size = band_h - cat_h - 1.5 * pad
            self.icon.draw(canvas, (w - size) / 2, h - pad / 2 - size, size, size)
        top = h - band_h - pad
        title = _excerpt(ps, self.card.title, "ThumbTitle", w - 2 * pad, top * 0.4)
        _, title_h = title.wrap(w - 2 * pad, top)
        title.drawOn(canvas, pad, top - title_h)
        body = _excerpt(ps, self.card.body, "ThumbBody", w - 2 * pad, top - title_h - 2 * pad)
        _, body_h = body.wrap(w - 2 * pad, top)
        body.drawOn(canvas, pad, top - title_h - pad - body_h)
        canvas.restoreState()


def _excerpt(ps: PrintSetup, text: str, style: str, width: float, height: float) -> Paragraph:
    """``text`` in ``style``, cut at a word and ended with "…" when it is taller than ``height``."""
    words = text.split()
    for count in range(len(words), 0, -1):
        shown = " ".join(words[:count]) + ("" if count == len(words) else ELLIPSIS)
        paragraph = text_paragraph(ps, shown, style)
        if paragraph.wrap(width, 1e6)[1] <= height:
            return paragraph
    return text_paragraph(ps, words[0] + ELLIPSIS if words else "", style)


# -- sections ---------------------------------------------------------------------------------

def _bullets(ps: PrintSetup, items, style: str = "GuideBullet") -> list[Flowable]:
    return [Paragraph(paragraph_markup(ps.fontset, item), ps.styles[style], bulletText="\u2022") for item in items]


def _table(rows: list[list], widths: list[float], ps: PrintSetup, header: bool = True) -> Table:
    table = Table(rows, colWidths=widths, hAlign="LEFT", repeatRows=1 if header else 0)
    commands = [
        table_font(ps),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
        ("LINEBELOW", (0, 0), (-1, -1), M.hairline, ps.styles.palette.rule),
    ]
    if header:
        commands.append(("LINEBELOW", (0, 0), (-1, 0), M.rule, ps.styles.palette.ink))
    table.setStyle(TableStyle(commands))
    return table


def _column(ps: PrintSetup, texts, style: str, minimum: float, bold: bool = False) -> float:
    """A column as wide as its widest text (cell padding included), and at least ``minimum``."""
    paragraph_style = ps.styles[style]
    bold = bold or paragraph_style.fontName == base_font_name(ps.fontset, bold=True)
    widest = max((string_width(ps.fontset, text, paragraph_style.fontSize, bold) for text in texts), default=0.0)
    return max(minimum, widest + 2 * CELL_PADDING + 1)


def _header_row(ps: PrintSetup, *msgids: str | None) -> list:
    """Column headings from chrome strings; None leaves a column without one."""
    return [text_paragraph(ps, ps.t(msgid), "TableHeader") if msgid else "" for msgid in msgids]


def overview(ps: PrintSetup, width: float) -> list[Flowable]:
    story = ps.story
    flowables: list[Flowable] = [
        text_paragraph(ps, ps.t("Overview"), "Heading1"),
        text_paragraph(ps, story.story.summary, "BodyLarge"),
        text_paragraph(ps, ps.t("Learning objectives"), "Heading2"),
        *_bullets(ps, story.story.objectives),
    ]
    if story.lessons:
        flowables += [text_paragraph(ps, ps.t("How to use this kit"), "Heading2"), text_paragraph(ps, ps.t("Teaching order"), "KeyTitle")]
        rows = [_header_row(ps, "Lesson", None, "Duration", "Episodes")]
        for number, lesson in enumerate(story.lessons, 1):
            episodes = ", ".join(ps.t("Episode {number}", number=story.episode_number(e)) for e in lesson.uses.episodes)
            rows.append([
                text_paragraph(ps, str(number), "TableCell"),
                text_paragraph(ps, lesson.title, "TableCell", bold=True),
                text_paragraph(ps, ps.t("{minutes} min", minutes=lesson.duration), "TableCell"),
                text_paragraph(ps, episodes, "TableCell"),
            ])
        columns = [
            _column(ps, [ps.t("Lesson")], "TableHeader", 14 * mm),
            _column(ps, [ps.t("Duration")] + [ps.t("{minutes} min", minutes=lesson.duration) for lesson in story.lessons], "TableHeader", 22 * mm),
            _column(ps, [ps.t("Episodes")], "TableHeader", 35 * mm),
        ]
        flowables.append(_table(rows, [columns[0], width - sum(columns), columns[1], columns[2]], ps))
    if story.characters:
        flowables += [text_paragraph(ps, ps.t("Characters"), "Heading2")]
        rows = [[text_paragraph(ps, c.name, "TableCell", bold=True), text_paragraph(ps, c.description, "TableCell")] for c in story.characters]
        names = min(width / 3, _column(ps, [c.name for c in story.characters], "TableCell", 30 * mm, bold=True))
        flowables.append(_table(rows, [names, width - names], ps, header=False))
    return flowables


def lesson_plan(ps: PrintSetup, lesson: Lesson, number: int, width: float) -> list[Flowable]:
    story = ps.story
    label = _column(ps, [ps.t(msgid) for msgid in ("Duration", "Materials", "Uses")], "TableHeader", 28 * mm)
    facts = [[text_paragraph(ps, ps.t("Duration"), "TableHeader"), text_paragraph(ps, ps.t("{minutes} min", minutes=lesson.duration), "TableCell")]]
    if lesson.materials:
        facts.append([text_paragraph(ps, ps.t("Materials"), "TableHeader"), _bullets(ps, lesson.materials, "TableCell")])
    links = lesson_links(ps, story, lesson)
    uses = _uses(ps, story, lesson)
    if uses:
        cell: list[Flowable] = []
        for index, line in enumerate(uses):  # the episodes come first, each with its link
            cell.append(with_link(ps, line, links[index][1], "TableCell") if index < len(links) else text_paragraph(ps, line, "TableCell"))
        facts.append([text_paragraph(ps, ps.t("Uses"), "TableHeader"), cell])
    heading: list[Flowable] = [
        text_paragraph(ps, ps.t("Lesson {number}", number=number), "ActivityNumber"),
        text_paragraph(ps, lesson.title, "Heading1"),
    ]
    flowables: list[Flowable] = [
        *(_beside_codes(ps, heading, links, width) if links else heading),
        _table(facts, [label, width - label], ps, header=False),
        text_paragraph(ps, ps.t("Learning objectives"), "Heading2"),
        *_bullets(ps, lesson.objectives),
        text_paragraph(ps, ps.t("Steps"), "Heading2"),
    ]
    rows = [
        [text_paragraph(ps, f"{n}.", "TableCell", bold=True), text_paragraph(ps, ps.t("{minutes} min", minutes=step.minutes), "StepTime"),
         text_paragraph(ps, step.text, "TableCell")]
        for n, step in enumerate(lesson.steps, 1)
    ]
    minutes = _column(ps, [ps.t("{minutes} min", minutes=step.minutes) for step in lesson.steps], "StepTime", 18 * mm)
    flowables.append(_table(rows, [9 * mm, minutes, width - 9 * mm - minutes], ps, header=False))
    if lesson.questions:
        flowables += [KeepTogether([text_paragraph(ps, ps.t("Discussion questions"), "Heading2"), *_bullets(ps, lesson.questions)])]
    flowables.append(NotesSpace(ps))
    return flowables


def lesson_links(ps: PrintSetup, story: Story, lesson: Lesson) -> list[tuple[int, str]]:
    """(episode number, link) of each episode the lesson uses; none without a base URL."""
    links = []
    for episode_id in lesson.uses.episodes:
        number = story.episode_number(episode_id)
        url = episode_link(ps, number)
        if url is None:
            return []
        links.append((number, url))
    return links


def _beside_codes(ps: PrintSetup, heading: list[Flowable], links: list[tuple[int, str]], width: float) -> list[Flowable]:
    """The lesson's heading with a QR code of each episode's link at its right, so that the
    codes take no height of their own on a full page (the links are printed in "Uses")."""
    codes = [captioned_code(ps, url, ps.t("Episode {number}", number=number), HEADER_MODULE) for number, url in links]
    widths = [code.wrap(width, width)[0] + M.gap for code in codes]
    table = Table([[heading, *codes]], colWidths=[width - sum(widths), *widths], hAlign="LEFT")
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
    ]))
    return [table]


class NotesSpace(Flowable):
    """"Notes" and lines to write on, filling what is left of the page; nothing when little is left."""

    #: Asked to fit even when the page is already full (reportlab then offers a negative
    #: height), so that a full lesson page is never followed by a page of notes alone.
    _ZEROSIZE = True

    def __init__(self, ps: PrintSetup, most: float = 60 * mm, least: float = 28 * mm) -> None:
        super().__init__()
        self.heading = text_paragraph(ps, ps.t("Notes"), "Heading2")
        self.colour, self.most, self.least = ps.styles.palette.rule, most, least
        self.width = self.height = 0.0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        self.height = min(self.most, available_height) if available_height >= self.least else 0.0
        # When the last paragraph's space after it has run past the frame's foot, the room is
        # negative: taking it back makes the frame place nothing here instead of a new page.
        return self.width, self.height or min(0.0, available_height)

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        return []

    def draw(self) -> None:
        if not self.height:
            return
        _, heading = self.heading.wrap(self.width, self.height)
        top = self.height - M.gap - heading
        self.heading.drawOn(self.canv, 0, top)
        self.canv.setStrokeColor(self.colour)
        self.canv.setLineWidth(M.hairline)
        y = top - M.write_line
        while y >= 0:
            self.canv.line(0, y, self.width, y)
            y -= M.write_line


def _uses(ps: PrintSetup, story: Story, lesson: Lesson) -> list[str]:
    dash = "\u2014"
    lines = [f"{ps.t('Episode {number}', number=story.episode_number(e))} {dash} {_by_id(story.episodes, e).title}" for e in lesson.uses.episodes]
    activity_numbers = {a.id: n for n, a in enumerate(story.activities, 1)}
    lines += [
        f"{ps.t('Activity {number}', number=activity_numbers[a])} {dash} {_by_id(story.activities, a).title}"
        for a in lesson.uses.activities if a in activity_numbers
    ]
    card_numbers = {c.id: n for n, c in enumerate(story.cards, 1)}
    cards = [ps.t("Card {number}", number=card_numbers[c]) for c in lesson.uses.cards if c in card_numbers]
    if cards:
        lines.append(", ".join(cards))
    return lines


def _by_id(items, item_id: str):
    return next(item for item in items if item.id == item_id)


def answer_key(ps: PrintSetup) -> list[Flowable]:
    flowables: list[Flowable] = [text_paragraph(ps, ps.t("Answer key"), "Heading1")]
    for number, activity in enumerate(ps.story.activities, 1):
        flowables += key_flowables(ps, activity, number)
    return flowables


def card_list(ps: PrintSetup, width: float, icons) -> list[Flowable]:
    story = ps.story
    cell = width / THUMBNAILS_PER_ROW
    thumb_w = cell - 2 * M.gap
    cells = []
    for number, card in enumerate(story.cards, 1):
        thumbnail = CardThumbnail(ps, card, icons.get(card.id), thumb_w)
        cells.append([thumbnail, text_paragraph(ps, ps.t("Card {number}", number=number), "Caption")])
    cells += [""] * (-len(cells) % THUMBNAILS_PER_ROW)
    rows = [cells[i:i + THUMBNAILS_PER_ROW] for i in range(0, len(cells), THUMBNAILS_PER_ROW)]
    grid = Table(rows, colWidths=[cell] * THUMBNAILS_PER_ROW, hAlign="CENTER")
    grid.setStyle(TableStyle([table_font(ps), ("ALIGN", (0, 0), (-1, -1), "CENTER"), ("VALIGN", (0, 0), (-1, -1), "TOP"), ("BOTTOMPADDING", (0, 0), (-1, -1), 8)]))
    return [text_paragraph(ps, ps.t("Cards"), "Heading1"), grid]


def episode_list(ps: PrintSetup, width: float) -> list[Flowable]:
    durations = ps.request.option("episode_durations")
    rows = [_header_row(ps, "Episode", None, "Running time")]
    for number, episode in enumerate(ps.story.episodes, 1):
        rows.append([
            text_paragraph(ps, ps.t("Episode {number}", number=number), "TableCell", bold=True),
            text_paragraph(ps, episode.title, "TableCell"),
            text_paragraph(ps, running_time(episode, durations), "TableCell"),
        ])
    numbers = _column(ps, [ps.t("Episode {number}", number=len(ps.story.episodes))], "TableHeader", 28 * mm)
    times = _column(ps, [ps.t("Running time")], "TableHeader", 30 * mm)
    return [text_paragraph(ps, ps.t("Episodes"), "Heading1"), _table(rows, [numbers, width - numbers - times, times], ps)]


def printing_page(ps: PrintSetup, duplex: str) -> list[Flowable]:
    card_advice = [ps.t(DUPLEX_ADVICE[duplex]), ps.t("Cut along the crop marks")]
    if duplex in ("long", "short"):
        card_advice.append(ps.t("Print one sheet first and check that the fronts and backs of the cards line up."))
    card_advice.append(ps.t("Thicker paper (160–200 g/m²) makes the cards last longer."))
    general = [ps.t("Black-and-white printing is fine: nothing in this kit depends on colour.")]
    if ps.request.option("paper", "a4").lower() == "a4":
        general.insert(0, ps.t("Use A4 paper. In the print dialog choose 'Actual size' (100%), not 'Fit to page'."))
    return [
        text_paragraph(ps, ps.t("Printing"), "Heading1"),
        *_bullets(ps, general, "PrintAdvice"),
        Spacer(1, M.gap),
        text_paragraph(ps, ps.t("Printing the cards"), "Heading2"),
        *_bullets(ps, card_advice, "PrintAdvice"),
    ]


class GuideBuilder(Builder):
    """``teacher-guide.pdf``: everything a teacher needs to run the kit."""

    name = "guide"
    format = "pdf"
    filename = "teacher-guide.pdf"
    reads = Reads(
        model=True,
        options={"paper": "a4", "duplex": "long", "episode_durations": None, "base_url": None},
        files=("illustrations", "icons", "fonts", "chrome"),
        story_files=(COVER_ILLUSTRATION,),
    )

    def prepare(self, request: BuildRequest) -> None:
        setup(request)
        duplex_setting(request)
        check_cover(request)

    def write(self, request: BuildRequest) -> None:
        ps = setup(request)
        duplex = duplex_setting(request)
        kind = ps.t("Teacher's guide")
        width, height = frame_size(ps)
        icons = load_card_icons(ps)
        flowables: list[Flowable] = [cover_page(ps, kind, cover_graphic(request), [], width, height), PageBreak()]
        flowables += overview(ps, width)
        for number, lesson in enumerate(ps.story.lessons, 1):
            flowables += [PageBreak(), *lesson_plan(ps, lesson, number, width)]
        if ps.story.activities:
            flowables += [PageBreak(), *answer_key(ps)]
        if ps.story.cards:
            flowables += [PageBreak(), *card_list(ps, width, icons)]
        flowables += [PageBreak(), *episode_list(ps, width), Spacer(1, 4 * M.gap), *printing_page(ps, duplex)]
        flowables += [Spacer(1, 4 * M.gap), *help_section(ps, width, teacher=True, flowing=True)]
        build_document(
            ps, flowables, kind, [body_template(ps, ps.paper)],
            canvasmaker=page_x_of_y_canvas(ps, footer_drawer(ps, kind)),
        )

