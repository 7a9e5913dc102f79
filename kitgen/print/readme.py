"""The one-page README.pdf for teachers: what is in the pack, how to print it, what order to teach
in, and where to get help (the kit's help contacts, with their sources).

With the option ``base_url`` (a kit's ``links.base_url``), it carries a QR code and the link
of every episode under "Watch the episodes" (see :mod:`kitgen.print.qr`).
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Frame, KeepInFrame, PageTemplate, Spacer
from reportlab.platypus.flowables import _listWrapOn

from kitgen.builder import Builder, BuildRequest, Reads
from kitgen.errors import TextOverflowError
from kitgen.print.imposition import DUPLEX_ADVICE
from kitgen.print.base import PrintSetup, build_document, setup, text_paragraph
from kitgen.print.help import help_section
from kitgen.print.qr import episode_link, link_block, link_grid

MARGIN = 16 * mm
LINK_COLUMNS = 2
#: The help contacts: a line or two each, so that the page holds six; they shrink further, to
#: at most this share of their size, when the page is full.
HELP_SCALE, HELP_LEAST = 0.9, 0.7
#: reportlab's default padding inside a frame.
PADDING = 6


def episode_links(ps: PrintSetup, width: float) -> list:
    """"Watch the episodes" and a QR code with the link of every episode; nothing without a base URL."""
    blocks = []
    for number, episode in enumerate(ps.story.episodes, 1):
        url = episode_link(ps, number)
        if url is None:
            return []
        lines = [("TableHeader", ps.t("Episode {number}", number=number)), ("TableCell", episode.title)]
        blocks.append(link_block(ps, url, lines, width / LINK_COLUMNS - 2 * mm))
    return [text_paragraph(ps, ps.t("Watch the episodes"), "Heading2"), link_grid(blocks, width, LINK_COLUMNS)]


def help_contacts(ps: PrintSetup, above: list[Flowable], width: float, height: float) -> list[Flowable]:
    """"Where to get help" in what ``above`` leaves of the page, shrunk (to :data:`HELP_LEAST` at
    most) when it needs more room. When even that is not enough, the sources' addresses give
    way, then the sources and checks (the teacher's guide has them all); a TextOverflowError
    when nothing helps."""
    for teacher, links in ((True, True), (True, False), (False, False)):
        section = help_section(ps, width, teacher=teacher, scale=HELP_SCALE, links=links, compact=True)
        excess = _listWrapOn(above + section, width, None)[1] - height
        if excess <= 0:
            return section
        needed = _listWrapOn(section, width, None)[1]
        room = needed - excess - 2
        if room >= HELP_LEAST * needed:
            return [KeepInFrame(width, room, section, mode="shrink")]
    raise TextOverflowError(
        f"README ({ps.locale}) does not fit on one page with its {len(ps.request.help)} help contacts "
        f"(about {excess - (1 - HELP_LEAST) * needed:.0f} pt too tall at the smallest size); "
        f"shorten the lesson titles or the contacts' names"
    )


class ReadmeBuilder(Builder):
    name = "readme"
    format = "pdf"
    filename = "README.pdf"
    reads = Reads(
        model={"story": {"title", "summary"}, "episodes": {"title"}, "lessons": {"title", "duration", "objectives"}},
        options={"paper": "a4", "duplex": "long", "base_url": None},
        files=("fonts", "chrome"),
    )

    def write(self, request: BuildRequest) -> None:
        ps = setup(request)
        story = ps.story
        t = ps.t
        content = [
            text_paragraph(ps, story.story.title, "Title"),
            *([text_paragraph(ps, request.branding, "Subtitle")] if request.branding else []),  # optional in a kit
            Spacer(1, 4 * mm),
            text_paragraph(ps, t("What is in this pack"), "Heading1"),
        ]
        pack = [
            ("Play cards", "cards.pdf"),
            ("Workbook", "workbook.pdf"),
            ("Teacher's guide", "teacher-guide.pdf"),
            ("Storybook", "storybook.pdf"),
        ]
        for label, filename in pack:
            content.append(text_paragraph(ps, f"• {t(label)} — {filename}", "ListItem"))
        episodes = ", ".join(f"{n}. {e.title}" for n, e in enumerate(story.episodes, 1))
        content.append(text_paragraph(ps, f"• {t('Episodes')} — episodes/: {episodes}", "ListItem"))
        width, height = ps.paper
        content += episode_links(ps, width - 2 * MARGIN)
        content += [
            text_paragraph(ps, t("Printing"), "Heading1"),
            text_paragraph(ps, f"{t('Play cards')}: {t(DUPLEX_ADVICE[request.option('duplex', 'long')])}. {t('Cut along the crop marks')}.", "Body"),
            *([text_paragraph(ps, t("Use A4 paper. In the print dialog choose 'Actual size' (100%), not 'Fit to page'."), "Body")]
              if request.option("paper", "a4") == "a4" else []),
            text_paragraph(ps, t("Black-and-white printing is fine: nothing in this kit depends on colour."), "Body"),
            text_paragraph(ps, t("Print one sheet first and check that the fronts and backs of the cards line up."), "Body"),
            text_paragraph(ps, t("Teaching order"), "Heading1"),
        ]
        for number, lesson in enumerate(story.lessons, 1):
            line = f"{t('Lesson {number}', number=number)}: {lesson.title} — {t('{minutes} min', minutes=lesson.duration)}"
            content.append(text_paragraph(ps, line, "ListItem"))
            content.append(text_paragraph(ps, lesson.objectives[0], "Small"))
        content.append(Spacer(1, 2 * mm))
        content += help_contacts(ps, content, width - 2 * MARGIN - 2 * PADDING, height - 2 * MARGIN - 2 * PADDING)
        frame = Frame(MARGIN, MARGIN, width - 2 * MARGIN, height - 2 * MARGIN, id="page")
        boxed = KeepInFrame(width - 2 * MARGIN, height - 2 * MARGIN, content, mode="error")
        try:
            build_document(ps, [boxed], "README", [PageTemplate("page", [frame])])
        except Exception as exc:  # KeepInFrame(mode="error") raises a LayoutError when the page overflows
            if type(exc).__name__ != "LayoutError":
                raise
            raise TextOverflowError(f"README ({request.locale}) does not fit on one page; shorten the lesson titles") from None
