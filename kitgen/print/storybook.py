"""The storybook: a cover, one spread per scene (the picture on the left, the words on the right),
then a back cover with "Where to get help" and the kit's help contacts.

Pages are the paper size, or half of it (A5 on A4) with the ``booklet`` option, which then
imposes them two-up on landscape sheets in saddle-stitch order (:mod:`kitgen.print.booklet`),
with blank pages before the back cover so that it stays the outside of the folded booklet.
SVG illustrations stay vector. The words of a scene are set as large as the page allows and
shrink down to a floor; below the floor the build stops with a located TextOverflowError.
With the option ``base_url`` (a kit's ``links.base_url``), the first text page of each
episode carries a QR code of the episode's link at its foot (see :mod:`kitgen.print.qr`).

Every illustration is proven decodable in :meth:`StorybookBuilder.prepare` and loaded before
the output is opened, so a broken picture leaves no PDF behind.
"""

from __future__ import annotations

import dataclasses
import itertools
from pathlib import Path

from reportlab.lib.pagesizes import A5, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    Frame,
    KeepInFrame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
)

from kitgen import media
from kitgen.builder import Builder, BuildRequest, Reads
from kitgen.errors import Location, MediaError, TextOverflowError
from kitgen.model.story import Scene
from kitgen.output import temporary_folder
from kitgen.print.base import PrintSetup, build_document, clear_of_band, setup, text_paragraph
from kitgen.print.booklet import impose_saddle_stitch, padded_count
from kitgen.print.fit import sized_style
from kitgen.print.graphics import Graphic, load_graphic
from kitgen.print.help import help_section
from kitgen.print.qr import episode_link, link_block
from kitgen.print.styles import MEASURES as M
from kitgen.print.workbook import COVER_ILLUSTRATION, Centred, cover_page, cover_path
from kitgen.text.pdf import base_font_name, draw_string, paragraph_markup

#: Text scale tried first (relative to the named styles, which are set for A5) and the floor.
LARGEST_SCALE, SMALLEST_SCALE, SCALE_STEP = 1.5, 0.7, 0.05
#: An episode opener's link: its width at most, and the space kept between it and the words.
LINK_WIDTH, FOOTER_GAP = 80 * mm, 6 * mm
#: The help contacts on the back cover, relative to the page's text scale.
HELP_SCALE = 1.1


def page_size(ps: PrintSetup) -> tuple[float, float]:
    """Half the sheet in booklet mode (A5 on A4), else the paper size."""
    if ps.request.option("booklet", False):
        width, height = landscape(ps.paper)
        return width / 2, height
    return ps.paper


# -- locating and loading illustrations ---------------------------------------------------------

def scenes(ps_or_request) -> list[tuple[int, int, Scene]]:
    story = ps_or_request.story
    return [(e, s, scene) for e, episode in enumerate(story.episodes) for s, scene in enumerate(episode.scenes)]


class _Locator:
    """Where a scene's illustration is named in story.yaml (from the request's source map)."""

    def __init__(self, request: BuildRequest) -> None:
        self.sources = request.sources

    def __call__(self, episode: int, scene: int) -> Location:
        return self.sources.in_story(("episodes", episode, "scenes", scene, "illustration", "file"))

    def load(self, action, episode: int, scene: int):
        """Run ``action``; a MediaError with no line inside the image points at story.yaml instead."""
        try:
            return action()
        except MediaError as exc:
            if exc.location is not None and exc.location.line is not None:
                raise
            raise MediaError(f"{exc.message} ({exc.location})", self(episode, scene)) from None


def _scene_path(request: BuildRequest, scene: Scene) -> Path:
    return media.resolve(request.story_dir, scene.illustration.file)


def _check(request: BuildRequest, scene: Scene) -> None:
    """The scene's illustration is a PNG, JPEG or SVG inside the story folder that decodes."""
    problem = media.path_problem(request.story_dir, scene.illustration.file)
    path = _scene_path(request, scene)
    if problem:
        raise MediaError(problem, Location.of(path))
    media.inspect_image(path)


def check_illustrations(request: BuildRequest) -> None:
    locate = _Locator(request)
    cover = cover_path(request)
    if cover is not None:
        media.inspect_image(cover)
    for e, s, scene in scenes(request):
        locate.load(lambda scene=scene: _check(request, scene), e, s)


def load_illustrations(request: BuildRequest) -> tuple[Graphic | None, dict[str, Graphic]]:
    locate = _Locator(request)
    pictures = {}
    for e, s, scene in scenes(request):
        path = _scene_path(request, scene)
        pictures[scene.id] = locate.load(lambda path=path: load_graphic(path, memo=request.memo), e, s)
    cover = cover_path(request)
    return (load_graphic(cover, memo=request.memo) if cover is not None else None), pictures


# -- pages --------------------------------------------------------------------------------------

class PagePicture(Flowable):
    """An illustration filling the page's frame, centred, with rounded corners."""

    def __init__(self, graphic: Graphic) -> None:
        super().__init__()
        self.graphic = graphic
        self.width = self.height = 0.0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width, self.height = available_width, available_height - 1
        return self.width, self.height

    def draw(self) -> None:
        w, h = self.graphic.fit(self.width, self.height)
        x, y = (self.width - w) / 2, (self.height - h) / 2
        canvas = self.canv
        canvas.saveState()
        path = canvas.beginPath()
        path.roundRect(x, y, w, h, M.corner)
        canvas.clipPath(path, stroke=0, fill=0)
        self.graphic.draw(canvas, x, y, w, h)
        canvas.restoreState()


class SceneText(Flowable):
    """A scene's words, centred on the page, at the largest scale that fits; ``footer`` (an
    episode opener's link) at the foot of the page, the words centred in the space above it."""

    def __init__(self, paragraphs: list[Paragraph], footer: Flowable | None = None) -> None:
        super().__init__()
        self.paragraphs, self.footer = paragraphs, footer
        self.width = self.height = 0.0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width, self.height = available_width, available_height - 1
        return self.width, self.height

    def draw(self) -> None:
        space = self.height
        if self.footer is not None:
            footer_w, footer_h = self.footer.wrap(self.width, self.height)
            self.footer.drawOn(self.canv, (self.width - footer_w) / 2, 0)
            space -= footer_h + FOOTER_GAP
        heights = [p.wrap(self.width, space)[1] for p in self.paragraphs]
        total = _stack_height(self.paragraphs, heights)
        y = self.height - max(0.0, (space - total) / 2.4)
        previous_after = 0.0
        for index, (paragraph, height) in enumerate(zip(self.paragraphs, heights)):
            y -= max(previous_after, paragraph.style.spaceBefore) if index else 0.0
            y -= height
            paragraph.drawOn(self.canv, 0, y)
            previous_after = paragraph.style.spaceAfter


def _stack_height(paragraphs: list[Paragraph], heights: list[float]) -> float:
    gaps = [max(a.style.spaceAfter, b.style.spaceBefore) for a, b in itertools.pairwise(paragraphs)]
    return sum(heights) + sum(gaps)


def scene_parts(ps: PrintSetup, episode_index: int, scene_index: int, scene: Scene, last: bool) -> list[tuple[str, str]]:
    """(style name, text) for every paragraph of a scene's text page."""
    story = ps.story
    parts: list[tuple[str, str]] = []
    if scene_index == 0:
        episode = story.episodes[episode_index]
        parts += [("EpisodeLabel", ps.t("Episode {number}", number=episode_index + 1)), ("EpisodeTitle", episode.title)]
    if scene.caption:
        parts.append(("SceneCaption", scene.caption))
    for line in scene.lines:
        if line.speaker:
            parts += [("Speaker", story.character(line.speaker).name), ("Dialogue", line.text)]
        else:
            parts.append(("Narration", line.text))
    if last:
        parts += [("TheEnd", ps.t("The end")), ("Caption", ps.t("Talk to an adult you trust"))]
    return parts


def fit_scene(ps: PrintSetup, parts: list[tuple[str, str]], width: float, height: float, where: str,
              footer: Flowable | None = None) -> SceneText:
    """The scene's paragraphs at the largest scale (from the page size down to the floor) that
    fits in what ``footer`` leaves of the page."""
    if footer is not None:
        height -= footer.wrap(width, height)[1] + FOOTER_GAP
    largest = min(LARGEST_SCALE, max(1.0, width / (A5[0] - 2 * M.story_margin)))
    scale, total = largest, 0.0
    while scale >= SMALLEST_SCALE - 1e-9:
        paragraphs = [_scaled(ps, style, text, scale) for style, text in parts]
        total = _stack_height(paragraphs, [p.wrap(width, 1e6)[1] for p in paragraphs])
        if total <= height:
            return SceneText(paragraphs, footer)
        scale = round(scale - SCALE_STEP, 4)
    raise TextOverflowError(
        f"the text of scene '{where}' ({ps.locale}) overflows its storybook page by {total - height:.1f} pt "
        f"at the smallest size; shorten its lines or split the scene"
    )


def _scaled(ps: PrintSetup, style_name: str, text: str, scale: float) -> Paragraph:
    style: ParagraphStyle = ps.styles[style_name]
    sized = sized_style(style, round(style.fontSize * scale, 2))
    sized.spaceBefore, sized.spaceAfter = style.spaceBefore * scale, style.spaceAfter * scale
    bold = style.fontName == base_font_name(ps.fontset, bold=True)
    return Paragraph(paragraph_markup(ps.fontset, text, bold), sized)


def opener_link(ps: PrintSetup, episode_index: int, scene_index: int, width: float) -> Flowable | None:
    """On an episode's opening page, a QR code of the episode's link; None elsewhere or without a base URL."""
    url = episode_link(ps, episode_index + 1) if scene_index == 0 else None
    if url is None:
        return None
    return link_block(ps, url, [("TableHeader", ps.t("Watch the episode"))], min(width, LINK_WIDTH))


def page_template(ps: PrintSetup, pagesize: tuple[float, float]) -> PageTemplate:
    width, height = pagesize
    margin = M.story_margin
    frame = Frame(margin, margin, width - 2 * margin, height - 2 * margin, id="page",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)

    def number(canvas, doc) -> None:
        page = canvas.getPageNumber()
        if page > 1:
            canvas.saveState()
            canvas.setFillColor(ps.styles.palette.muted)
            size = ps.styles["PageNumber"].fontSize
            draw_string(canvas, ps.fontset, width / 2, clear_of_band(ps, margin / 2, size), str(page), size, align="center")
            canvas.restoreState()

    return PageTemplate(id="page", frames=[frame], pagesize=pagesize, onPage=number)


def plain_template(ps: PrintSetup, pagesize: tuple[float, float]) -> PageTemplate:
    """The back cover and the blank pages before it: no page number."""
    frame = page_template(ps, pagesize).frames[0]
    return PageTemplate(id="plain", frames=[Frame(frame._x1, frame._y1, frame._width, frame._height, id="plain", leftPadding=0,
                                                  rightPadding=0, topPadding=0, bottomPadding=0)], pagesize=pagesize)


def back_cover(ps: PrintSetup, width: float, height: float) -> list[Flowable]:
    """The last page: "Where to get help" with the kit's help contacts, and the branding."""
    scale = HELP_SCALE * min(LARGEST_SCALE, max(1.0, width / (A5[0] - 2 * M.story_margin)))
    content = help_section(ps, width, scale=scale)
    if ps.request.branding:
        content += [Spacer(1, 4 * M.gap), text_paragraph(ps, ps.request.branding, "Branding")]
    return [Centred(KeepInFrame(width, height - 1, content, mode="shrink"))]


def storybook_flowables(ps: PrintSetup, pagesize: tuple[float, float], cover: Graphic | None, pictures: dict[str, Graphic]) -> list[Flowable]:
    frame = page_template(ps, pagesize).frames[0]
    width, height = frame._width, frame._height
    all_scenes = scenes(ps)
    cover = cover or (pictures[all_scenes[0][2].id] if all_scenes else None)
    credits = [text_paragraph(ps, credit, "Caption") for credit in ps.story.story.credits]
    flowables: list[Flowable] = [cover_page(ps, ps.t("Storybook"), cover, credits, width, height - 2, share=0.42)]
    for position, (e, s, scene) in enumerate(all_scenes):
        last = position == len(all_scenes) - 1
        text = fit_scene(ps, scene_parts(ps, e, s, scene, last), width, height - 2, scene.id, opener_link(ps, e, s, width))
        flowables += [PageBreak(), PagePicture(pictures[scene.id]), PageBreak(), text]
    pages = 2 + 2 * len(all_scenes)  # the covers and a spread per scene
    blanks = padded_count(pages) - pages if ps.request.option("booklet", False) else 0  # the back cover outside the fold
    flowables += [NextPageTemplate("plain"), PageBreak()]
    flowables += [BlankPage(), PageBreak()] * blanks
    return flowables + back_cover(ps, width, height - 2)


class BlankPage(Flowable):
    """Nothing, but it takes a page: a booklet's blank pages before its back cover."""

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0.0, 0.0

    def draw(self) -> None:
        pass


class StorybookBuilder(Builder):
    """``storybook.pdf``: the story to read aloud, one spread per scene; ``booklet`` to fold and staple."""

    name = "storybook"
    format = "pdf"
    filename = "storybook.pdf"
    reads = Reads(
        model={"story": True, "characters": True, "episodes": True},
        options={"paper": "a4", "booklet": False, "base_url": None},
        files=("illustrations", "fonts", "chrome"),
        story_files=(COVER_ILLUSTRATION,),
    )

    def prepare(self, request: BuildRequest) -> None:
        setup(request)
        check_illustrations(request)

    def write(self, request: BuildRequest) -> None:
        ps = setup(request)
        cover, pictures = load_illustrations(request)
        pagesize = page_size(ps)
        flowables = storybook_flowables(ps, pagesize, cover, pictures)
        kind = ps.t("Storybook")
        templates = [page_template(ps, pagesize), plain_template(ps, pagesize)]
        if not request.option("booklet", False):
            build_document(ps, flowables, kind, templates, pagesize=pagesize)
            return
        with temporary_folder("storybook") as scratch:
            pages = Path(scratch) / "pages.pdf"
            single = dataclasses.replace(ps, request=dataclasses.replace(request, outputs=(pages,)))
            build_document(single, flowables, kind, templates, pagesize=pagesize)
            impose_saddle_stitch(pages, request.output, landscape(ps.paper))
