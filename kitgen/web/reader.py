"""The reader: an offline folder, ``reader/index.html`` and its files, to open from ``file://``.

It holds the storybook page by page with read-along narration (each line highlighted while it
is spoken, from the narration's per-line timing; play and pause per page, pages that turn by
themselves), the episodes as ``<video>`` with their captions, the play cards to turn over,
and links to the kit's PDFs and EPUB. It makes no network request: the script, the style
sheet, the pictures, the page audio and the fonts are all in the folder, and the episodes are
the episode builder's files next to it (``../episodes/``).

Files (relative to the target folder): ``reader/index.html``, ``reader/reader.css``,
``reader/reader.js``, ``reader/img/<illustration>`` and ``reader/img/icon-<icon>-<colour>.svg``,
``reader/audio/<episode>.<scene>.mp3`` (one per storybook page) and ``reader/fonts/<font>.ttf``
with each family's licence, for the scripts the story is written in.
"""

from __future__ import annotations

import base64
import hashlib
import os
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from kitgen import __version__, media
from kitgen.builder import Builder, BuildRequest, Planned, Reads
from kitgen.errors import MediaError, SourceError
from kitgen.icons import builtin_icons, icon_file
from kitgen.model.story import Story
from kitgen.output import atomic_path
from kitgen.print.cards import CardsBuilder
from kitgen.print.guide import GuideBuilder
from kitgen.print.parents import ParentsSheetBuilder
from kitgen.print.readme import ReadmeBuilder
from kitgen.print.storybook import StorybookBuilder
from kitgen.print.workbook import COVER_ILLUSTRATION, WorkbookBuilder, cover_path
from kitgen.web import files as kit_files
from kitgen.web import pages as story_pages
from kitgen.web.episodes import episode_links

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
ASSETS = HERE / "assets"
FOLDER = "reader"
INDEX = f"{FOLDER}/index.html"
STATIC = ("reader.css", "reader.js")  # copied from kitgen/web/assets (the style sheet gets the fonts first)
EPUB_FILE = "storybook.epub"

#: The kit's other files the reader links to: chrome label, file name, media type.
LINKED = (
    ("Storybook", StorybookBuilder.filename, "application/pdf"),
    ("E-book with read-along", EPUB_FILE, "application/epub+zip"),
    ("Play cards", CardsBuilder.filename, "application/pdf"),
    ("Workbook", WorkbookBuilder.filename, "application/pdf"),
    ("Teacher's guide", GuideBuilder.filename, "application/pdf"),
    ("How to use this kit", ReadmeBuilder.filename, "application/pdf"),
)


def templates() -> Environment:
    """The reader's and the e-book's templates; markup is escaped (HTML, XHTML, SMIL), style sheets are not."""
    return Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(("html", "xhtml", "smil")), undefined=StrictUndefined,
                       keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)


def assets_digest() -> str:
    """The reader's own code and layout, keyed like an input: a changed script rebuilds every reader."""
    digest = hashlib.sha256()
    for path in sorted([*ASSETS.iterdir(), *TEMPLATES.iterdir()]):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


@dataclass(frozen=True)
class ReaderFiles:
    """The planned files by role, as names relative to the target folder."""

    pictures: dict[str, str]  # illustration file -> reader/img/<name>
    icons: dict[tuple[str, str], str]  # (icon, colour) -> reader/img/icon-....svg
    audio: dict[str, str]  # page id -> reader/audio/<episode>.<scene>.mp3
    fonts: dict[str, tuple[str, str, str]]  # family -> regular, bold, licence

    @classmethod
    def of(cls, story: Story) -> "ReaderFiles":
        fonts = {spec.name: tuple(f"{FOLDER}/fonts/{name}" for name in kit_files.font_files(spec))
                 for spec in kit_files.families(kit_files.book_texts(story) + kit_files.card_texts(story))}
        return cls(
            {file: f"{FOLDER}/img/{name}" for file, name in kit_files.pictures(story).items()},
            {key: f"{FOLDER}/img/{name}" for key, name in kit_files.icons(story).items()},
            {f"{e.id}.{s.id}": f"{FOLDER}/audio/{story_pages.audio_name(e, s)}" for _, e, s in story_pages.scene_list(story)},
            fonts,  # type: ignore[arg-type]
        )

    def all(self) -> tuple[str, ...]:
        fonts = [name for names in self.fonts.values() for name in names]
        return (INDEX, *(f"{FOLDER}/{name}" for name in STATIC), *self.pictures.values(), *self.icons.values(),
                *self.audio.values(), *fonts)


class ReaderBuilder(Builder):
    """``reader/index.html`` and its files: the kit to read, listen to and watch on a screen."""

    name = "reader"
    group = "reader"
    format = "html"
    reads = Reads(
        model={"story": {"id", "title", "summary", "credits", "licence", "source_locale"}, "characters": True,
               "episodes": True, "categories": True, "cards": True, "home": {"lesson"}},
        files=("illustrations", "icons", "fonts", "chrome", "voice"),
        story_files=(COVER_ILLUSTRATION,),
    )

    def plan(self, story: Story) -> list[Planned]:
        lines = sum(len(scene.lines) for episode in story.episodes for scene in episode.scenes)
        return [Planned(ReaderFiles.of(story).all(), facts={"assets": assets_digest()}, cost=5.0 + lines)]

    def prepare(self, request: BuildRequest) -> None:
        check_pictures(request)
        check_icons(request)
        kit_files.check_fonts(kit_files.families(kit_files.book_texts(request.story) + kit_files.card_texts(request.story)), request.fonts)
        if request.voice is None:
            raise SourceError("the reader has no narration setup", request.sources.in_story(("episodes",)))

    def write(self, request: BuildRequest) -> None:
        story = request.story
        planned = ReaderFiles.of(story)
        names = planned.all()
        if len(names) != len(request.outputs):
            raise RuntimeError(f"the reader planned {len(names)} files but was given {len(request.outputs)}")  # a bug, not bad input
        out = dict(zip(names, request.outputs))
        index = out[INDEX]
        prefix = index.name[: -len("index.html")]  # the pipeline's story prefix in kits of several stories

        def href(name: str) -> str:
            return Path(os.path.relpath(out[name], index.parent)).as_posix()

        narration = story_pages.narrate(request)
        book = story_pages.story_pages(story, narration, request.facts.get("fallback_lines", ()), story.story.source_locale)
        content: dict[str, bytes] = {}
        for n, page in enumerate(book, 1):
            request.report("reader: page audio", n - 1, len(book))
            content[planned.audio[page.id]] = story_pages.page_mp3(page)
        for file, name in planned.pictures.items():
            content[name] = kit_files.picture_bytes(media.resolve(request.story_dir, file))
        for (icon, colour), name in planned.icons.items():
            content[name] = kit_files.icon_svg(icon, request.story_dir, colour)
        for family, targets in planned.fonts.items():
            spec = next(s for s in kit_files.DEFAULT_CHAIN if s.name == family)
            for source, target in zip(kit_files.font_sources(spec, request.fonts), targets):
                content[target] = source.read_bytes()
        content[f"{FOLDER}/reader.css"] = style_sheet(planned, story, href).encode("utf-8")
        content[f"{FOLDER}/reader.js"] = (ASSETS / "reader.js").read_bytes()
        content[INDEX] = render(request, planned, book, narration, href, prefix).encode("utf-8")
        with ExitStack() as stack:  # all the files, or none
            for name in names:
                stack.enter_context(atomic_path(out[name])).write_bytes(content[name])
        request.report("reader: page audio", len(book), len(book))


def render(request: BuildRequest, planned: ReaderFiles, book: list, narration: dict, href, prefix: str) -> str:
    story = request.story
    t = request.chrome.text
    up = "../"  # from reader/ to the target folder
    cards = []
    for card in story.cards:
        category = story.category(card.category)
        colours = kit_files.card_colours(category.colour)
        icon = card.icon or category.icon
        picture = (href(planned.pictures[card.illustration.file]) if card.illustration
                   else href(planned.icons[(icon, colours.colour)]))
        cards.append({
            "style": f"category-{category.id}", "category": category.title, "title": card.title, "body": card.body,
            "band_icon": href(planned.icons[(icon, colours.ink)]), "back_icon": href(planned.icons[(category.icon, colours.colour)]),
            "picture": picture, "alt": card.illustration.alt if card.illustration else "", "illustrated": bool(card.illustration),
        })
    linked = LINKED + ((("For parents and carers", ParentsSheetBuilder.filename, "application/pdf"),) if story.home else ())
    files = [{"label": t(label), "href": f"{prefix}{name}", "type": kind} for label, name, kind in linked]
    sizes = {file: picture_size(request, file) for file in planned.pictures}
    context: dict[str, Any] = {
        "lang": request.locale, "version": __version__, "story": story, "branding": request.branding, "t": t,
        "pages": book, "episodes": episode_links(story, narration, prefix), "cards": cards, "files": files, "up": up,
        "cover": cover(request, planned, href, sizes), "sizes": sizes,
        "href": {"css": href(f"{FOLDER}/reader.css"), "js": href(f"{FOLDER}/reader.js"),
                 "audio": {page_id: href(name) for page_id, name in planned.audio.items()},
                 "picture": {file: href(name) for file, name in planned.pictures.items()}},
    }
    return templates().get_template("reader.html").render(context)


def style_sheet(planned: ReaderFiles, story: Story, href) -> str:
    """The fonts (``@font-face`` for each shipped family), the card colours, then the layout."""
    rules = []
    for family, (regular, bold, _) in planned.fonts.items():
        for name, weight in ((regular, 400), (bold, 700)):
            rules.append(f'@font-face {{ font-family: "Kit {family}"; src: url("{href(name)}") format("truetype"); '
                         f"font-weight: {weight}; font-display: swap; }}")
    stack = ", ".join(f'"Kit {family}"' for family in planned.fonts)
    rules.append(f":root {{ --kit-fonts: {stack + ', ' if stack else ''}system-ui, sans-serif; }}")
    for category in story.categories:
        colours = kit_files.card_colours(category.colour)
        rules.append(f".category-{category.id} {{ --colour: {colours.colour}; --ink: {colours.ink}; }}")
    return "\n".join(rules) + "\n\n" + (ASSETS / "reader.css").read_text(encoding="utf-8")


def cover(request: BuildRequest, planned: ReaderFiles, href, sizes: dict) -> dict:
    """The cover picture: the story's cover.svg inline, else the first scene's illustration."""
    path = cover_path(request)
    if path is not None:
        data = base64.b64encode(kit_files.picture_bytes(path)).decode("ascii")
        info = media.inspect_image(path)
        return {"src": f"data:image/svg+xml;base64,{data}", "alt": request.story.story.title,
                "size": (round(info.width), round(info.height))}
    first = request.story.episodes[0].scenes[0].illustration
    return {"src": href(planned.pictures[first.file]), "alt": first.alt, "size": sizes[first.file]}


def picture_size(request: BuildRequest, file: str) -> tuple[int, int] | None:
    """Width and height for the ``<img>`` (so the page does not jump while it loads)."""
    info = media.inspect_image(media.resolve(request.story_dir, file))
    return (round(info.width), round(info.height)) if info.width and info.height else None


def check_pictures(request: BuildRequest, cards: bool = True) -> None:
    """Every illustration shown (the scenes', with ``cards`` the cards' too) is a PNG, JPEG or SVG in
    the story folder that decodes."""
    story = request.story
    places = [(("episodes", e, "scenes", s, "illustration", "file"), scene.illustration.file)
              for e, episode in enumerate(story.episodes) for s, scene in enumerate(episode.scenes)]
    if cards:
        places += [(("cards", n, "illustration", "file"), card.illustration.file) for n, card in enumerate(story.cards) if card.illustration]
    for at, file in places:
        problem = media.path_problem(request.story_dir, file)
        if problem:
            raise MediaError(problem, request.sources.in_story(at))
        media.inspect_image(media.resolve(request.story_dir, file))
    path = cover_path(request)
    if path is not None:
        media.inspect_image(path)


def check_icons(request: BuildRequest) -> None:
    """Every icon the cards show exists: a built-in name, or an SVG inside the story folder."""
    story = request.story
    places = [(("categories", n, "icon"), c.icon) for n, c in enumerate(story.categories)]
    places += [(("cards", n, "icon"), card.icon) for n, card in enumerate(story.cards) if card.icon]
    for at, icon in places:
        problem = media.path_problem(request.story_dir, icon) if icon.lower().endswith(".svg") else None
        if problem or not icon_file(icon, request.story_dir).is_file():
            known = ", ".join(builtin_icons())
            raise MediaError((problem or f"unknown icon '{icon}'").replace("illustration", "icon")
                             + f"; built-in icons: {known}, or give an SVG path", request.sources.in_story(at))
