"""``storybook.epub``: the storybook as an EPUB 3 with media overlays, one page per scene.

Each page is an XHTML content document (the picture with its alt text, the episode heading
on an episode's first page, the caption and the lines) with a SMIL media overlay that ties
every line to its stretch of the page's MP3 narration: reading systems that support media
overlays (Thorium, Apple Books, ...) read the book aloud and highlight each line as it is
spoken (``media:active-class``). The clips of a page follow each other without gaps, from the
start of its audio to the end.

The container is written by EbookLib, which supports media overlays (``EpubSMIL`` items and
the ``media-overlay`` attribute of content documents). Its zip carries the time of writing,
so :func:`restamp` copies the entries in order (``mimetype`` first, stored) with one fixed
timestamp, and the identifier is a name-based UUID: the same sources give the same bytes.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import time
import uuid
import zipfile
from pathlib import Path, PurePosixPath

from ebooklib import epub

from kitgen import media
from kitgen.builder import Builder, BuildRequest, Planned, Reads
from kitgen.errors import SourceError
from kitgen.model.story import Story
from kitgen.output import atomic_write_bytes
from kitgen.print.workbook import COVER_ILLUSTRATION, cover_path
from kitgen.web import files as kit_files
from kitgen.web import pages as story_pages
from kitgen.web.reader import check_pictures, templates

TEMPLATES = Path(__file__).resolve().parent / "templates"
EPUB_TEMPLATES = ("epub-page.xhtml", "epub-cover.xhtml", "epub-overlay.smil", "epub.css")
ACTIVE_CLASS = "-epub-media-overlay-active"
EPOCH = datetime.datetime(1980, 1, 1, tzinfo=datetime.timezone.utc)  # the zip format's earliest time
IMAGE_TYPES = {".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}


def templates_digest() -> str:
    digest = hashlib.sha256()
    for name in EPUB_TEMPLATES:
        digest.update(name.encode() + b"\0" + (TEMPLATES / name).read_bytes())
    return digest.hexdigest()


class EpubBuilder(Builder):
    """``storybook.epub``: the storybook that reads itself aloud, for e-book readers."""

    name = "epub"
    format = "epub"
    filename = "storybook.epub"
    reads = Reads(
        model={"story": {"id", "title", "summary", "credits", "licence", "source_locale", "version"},
               "characters": True, "episodes": True},
        files=("illustrations", "fonts", "chrome", "voice"),
        story_files=(COVER_ILLUSTRATION,),
    )

    def plan(self, story: Story) -> list[Planned]:
        lines = sum(len(scene.lines) for episode in story.episodes for scene in episode.scenes)
        return [Planned((self.filename,), facts={"templates": templates_digest()}, cost=5.0 + lines)]

    def prepare(self, request: BuildRequest) -> None:
        check_pictures(request, cards=False)
        kit_files.check_fonts(kit_files.families([*kit_files.book_texts(request.story), request.branding]), request.fonts)
        if request.voice is None:
            raise SourceError("the e-book has no narration setup", request.sources.in_story(("episodes",)))

    def write(self, request: BuildRequest) -> None:
        narration = story_pages.narrate(request)
        book = story_pages.story_pages(request.story, narration, request.facts.get("fallback_lines", ()),
                                       request.story.story.source_locale)
        data = io.BytesIO()
        epub.write_epub(data, assemble(request, book), {"mtime": EPOCH, "epub3_pages": False, "raise_exceptions": True})
        atomic_write_bytes(request.output, restamp(data.getvalue()))


def assemble(request: BuildRequest, book: list[story_pages.StoryPage]) -> epub.EpubBook:
    story, t, locale = request.story, request.chrome.text, request.locale
    env = templates()
    result = epub.EpubBook()
    result.set_identifier(f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'kitgen:{story.id}:{story.story.version}:{locale}:{request.branding}')}")
    result.set_title(story.story.title)
    result.set_language(locale)
    result.add_metadata("DC", "description", story.story.summary)
    result.add_metadata("DC", "rights", story.story.licence)
    if request.branding:
        result.add_metadata("DC", "publisher", request.branding)
    for credit in story.story.credits:
        result.add_metadata("DC", "contributor", credit)
    total = sum(page.duration for page in book)
    result.add_metadata(None, "meta", story_pages.clock(total), {"property": "media:duration"})
    result.add_metadata(None, "meta", ACTIVE_CLASS, {"property": "media:active-class"})
    for mode in ("textual", "visual", "auditory"):
        result.add_metadata(None, "meta", mode, {"property": "schema:accessMode"})
    result.add_metadata(None, "meta", "textual,visual", {"property": "schema:accessModeSufficient"})
    for feature in ("alternativeText", "synchronizedAudioText", "readingOrder", "structuralNavigation"):
        result.add_metadata(None, "meta", feature, {"property": "schema:accessibilityFeature"})
    result.add_metadata(None, "meta", "none", {"property": "schema:accessibilityHazard"})

    families = kit_files.families([*kit_files.book_texts(story), request.branding])
    fonts = []
    for spec in families:
        for source, weight in zip(kit_files.font_sources(spec, request.fonts)[:2], (400, 700)):
            name = f"fonts/{source.name}"
            result.add_item(epub.EpubItem(uid=f"font-{source.stem}", file_name=name, media_type="font/ttf", content=source.read_bytes()))
            fonts.append({"family": f"Kit {spec.name}", "src": f"../{name}", "weight": weight})
    css = env.get_template("epub.css").render(fonts=fonts, active=ACTIVE_CLASS,
                                               stack=", ".join(f'"Kit {spec.name}"' for spec in families))
    result.add_item(epub.EpubItem(uid="style", file_name="style/book.css", media_type="text/css", content=css.encode("utf-8")))

    pictures = kit_files.pictures(story, cards=False)
    for file, name in pictures.items():
        path = media.resolve(request.story_dir, file)
        result.add_item(epub.EpubImage(uid=f"img-{PurePosixPath(name).stem}", file_name=f"img/{name}",
                                       media_type=IMAGE_TYPES[path.suffix.lower()], content=kit_files.picture_bytes(path)))
    cover_file = cover_path(request)
    if cover_file is not None:
        cover_src = f"img/cover{cover_file.suffix.lower()}"
        cover_alt = story.story.title
        result.set_cover(cover_src, kit_files.picture_bytes(cover_file), create_page=False)
        next(item for item in result.items if isinstance(item, epub.EpubCover)).media_type = IMAGE_TYPES[cover_file.suffix.lower()]
    else:
        first = story.episodes[0].scenes[0].illustration
        cover_src, cover_alt = f"img/{pictures[first.file]}", first.alt
    cover = epub.EpubHtml(uid="cover", file_name="pages/cover.xhtml", title=story.story.title, lang=locale)
    cover.content = env.get_template("epub-cover.xhtml").render(story=story, branding=request.branding,
                                                               src=f"../{cover_src}", alt=cover_alt)
    cover.add_link(href="../style/book.css", rel="stylesheet", type="text/css")
    result.add_item(cover)

    documents, toc = [cover], [epub.Link("pages/cover.xhtml", story.story.title, "toc-cover")]
    for page in book:
        page_file = f"pages/{page.id}.xhtml"
        audio_file = f"audio/{page.id}.mp3"
        title = f"{t('Episode {number}', number=page.episode_number)}: {page.episode.title}"
        item = epub.EpubHtml(uid=f"page-{page.id}", file_name=page_file, title=page.scene.caption or title, lang=locale,
                             media_overlay=f"overlay-{page.id}")
        item.content = env.get_template("epub-page.xhtml").render(
            page=page, t=t, picture=f"../img/{pictures[page.scene.illustration.file]}")
        item.add_link(href="../style/book.css", rel="stylesheet", type="text/css")
        result.add_item(item)
        result.add_item(epub.EpubItem(uid=f"audio-{page.id}", file_name=audio_file, media_type="audio/mpeg",
                                      content=story_pages.page_mp3(page)))
        smil = env.get_template("epub-overlay.smil").render(page=page, clips=clips(page), text=f"../{page_file}", audio=f"../{audio_file}")
        result.add_item(epub.EpubSMIL(uid=f"overlay-{page.id}", file_name=f"overlays/{page.id}.smil", content=smil.encode("utf-8")))
        result.add_metadata(None, "meta", story_pages.clock(page.duration), {"property": "media:duration", "refines": f"#overlay-{page.id}"})
        documents.append(item)
        if page.first:
            toc.append(epub.Link(page_file, title, f"toc-{page.episode.id}"))
    result.toc = toc
    result.add_item(epub.EpubNcx())
    nav = epub.EpubNav(title=t("Contents"))
    nav.add_link(href="style/book.css", rel="stylesheet", type="text/css")
    result.add_item(nav)
    result.spine = documents
    return result


def clips(page: story_pages.StoryPage) -> list[tuple[str, str, str]]:
    """(line id, clip begin, clip end) for every line: contiguous, from 0 to the audio's end."""
    bounds = [0.0, *(line.begin for line in page.lines[1:]), page.duration]
    return [(f"line-{n}", story_pages.clock(bounds[n - 1]), story_pages.clock(bounds[n]))
            for n in range(1, len(page.lines) + 1)]


def restamp(data: bytes, epoch: float = EPOCH.timestamp()) -> bytes:
    """The same zip with every entry at one fixed time (``mimetype`` first and stored, as OCF requires)."""
    stamp = time.gmtime(epoch)[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        names = source.namelist()
        assert names[0] == "mimetype"
        for name in names:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(name), compresslevel=9)
    return out.getvalue()

