"""The reader artifact built through the pipeline: its planned files, its links, its timing."""

from __future__ import annotations

import base64
import json
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlparse

import av
import numpy as np

from kitgen.model.story import Story
from kitgen.pipeline.registry import default_registry
from kitgen.pipeline.session import BuildSession
from kitgen.web import pages
from kitgen.web.reader import ReaderBuilder
from tests.pipeline.conftest import edit_translation


class Page(HTMLParser):
    """Every element with its attributes, in document order."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.elements.append((tag, {name: value or "" for name, value in attrs}))

    def all(self, tag: str) -> list[dict[str, str]]:
        return [attrs for name, attrs in self.elements if name == tag]


def tiny_story(root: Path, locale: str) -> Story:
    return BuildSession(root).localized("tiny", locale)


def decode(path: Path) -> tuple[np.ndarray, int]:
    with av.open(str(path)) as container:
        stream = container.streams.audio[0]
        rate = stream.rate
        frames = [frame.to_ndarray().reshape(-1) for frame in container.decode(stream)]
    return np.concatenate(frames).astype(np.float32), rate


def test_the_reader_writes_exactly_its_planned_files_and_rebuilds_only_what_changed(tiny):
    result = tiny.kitgen("build", "--only", "reader", "--json", "r.json")
    assert result.exit_code == 0, result.output
    for locale in ("en", "hy"):
        planned = set(ReaderBuilder().plan(tiny_story(tiny.root, locale))[0].files)
        target = tiny.root / "output" / "tiny" / locale
        written = {p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file() and ".kitgen" not in p.parts}
        assert written == planned
        assert {"reader/index.html", "reader/reader.js", "reader/reader.css", "reader/audio/hello.wave.mp3",
                "reader/audio/hello.bye.mp3", "reader/img/wave.svg", "reader/img/bye.png"} <= planned
    assert {"reader/fonts/NotoSansArmenian-Regular.ttf", "reader/fonts/NotoSansArmenian-OFL.txt"} <= written  # hy
    again = tiny.kitgen("build", "--only", "reader")
    assert "up to date: 2 artifacts" in again.output, again.output
    edit_translation(tiny.root, "hy", "episodes/hello/scenes/wave/lines/1/text", "Սա մեր Պիպն է։")
    result = tiny.kitgen("build", "--only", "reader,epub", "--json", "r.json")
    statuses = {a["label"]: a["status"] for a in json.loads((tiny.root / "r.json").read_text(encoding="utf-8"))["artifacts"]}
    assert statuses["tiny/hy index.html"] == "built" and statuses["tiny/en index.html"] == "up to date"
    html = (tiny.root / "output" / "tiny" / "hy" / "reader" / "index.html").read_text(encoding="utf-8")
    assert "Սա մեր Պիպն է։" in html


def test_the_reader_is_in_the_package_manifest(tiny):
    assert tiny.kitgen("build", "--only", "reader,epub").exit_code == 0
    result = tiny.kitgen("package", "--kit", "tiny")
    assert result.exit_code == 0, result.output
    manifest = json.loads(next((tiny.root / "output").glob("tiny-*.manifest.json")).read_text(encoding="utf-8"))
    paths = {entry["path"] for entry in manifest["files"]}
    assert {"hy/reader/index.html", "hy/reader/audio/hello.wave.mp3", "en/storybook.epub"} <= paths
    with zipfile.ZipFile(next((tiny.root / "output").glob("tiny-*.zip"))) as archive:
        assert any(name.endswith("/hy/reader/reader.js") for name in archive.namelist())


def test_every_link_stays_in_the_kit_folder_and_every_picture_has_its_alt_text(built_kit):
    for locale in ("en", "hy"):
        index = built_kit.reader(locale)
        target = built_kit.target(locale).resolve()
        html = index.read_text(encoding="utf-8")
        page = Page(html)
        assert page.all("html")[0]["lang"] == locale
        assert not re.search(r"""(src|href)=["']?(https?:|//)""", html), "a link leaves the folder"
        story = tiny_story(built_kit.project.root, locale)
        alts = {scene.illustration.alt for episode in story.episodes for scene in episode.scenes}
        images = page.all("img")
        assert images and all("alt" in attrs for attrs in images)
        assert alts <= {attrs["alt"] for attrs in images}
        for tag, attribute in (("img", "src"), ("script", "src"), ("link", "href"), ("video", "src"), ("video", "poster"),
                               ("a", "href"), ("article", "data-audio"), ("track", "src")):
            for attrs in page.all(tag):
                value = attrs.get(attribute)
                if not value or value.startswith(("#", "data:")):
                    continue
                assert not urlparse(value).scheme, value
                path = (index.parent / unquote(value)).resolve()
                assert path.is_relative_to(target), f"{value} is outside {target}"
                if path.suffix != ".pdf":  # this build made no PDFs; everything else is there
                    assert path.is_file(), f"{locale}: {value} does not exist"
        linked = {PurePosixPath(attrs["href"]).name for attrs in page.all("a") if attrs.get("href", "").endswith(".pdf")}
        assert {"cards.pdf", "workbook.pdf", "teacher-guide.pdf", "storybook.pdf", "README.pdf", "parents-sheet.pdf"} <= linked


def test_the_captions_inside_the_reader_are_the_episode_builders_vtt(built_kit):
    for locale in ("en", "hy"):
        page = Page(built_kit.reader(locale).read_text(encoding="utf-8"))
        (track,) = page.all("track")
        assert track["kind"] == "captions" and track["srclang"] == locale
        header, data = track["src"].split(",", 1)
        assert header == "data:text/vtt;charset=utf-8;base64"
        (video,) = page.all("video")
        vtt = built_kit.target(locale) / "reader" / video["src"].replace(".mp4", ".vtt")
        assert base64.b64decode(data).decode("utf-8") == vtt.resolve().read_text(encoding="utf-8")


def test_each_line_is_timed_where_its_speech_is(built_kit):
    """The highlight times come from the narration: speech inside each line's span, silence between."""
    page = Page(built_kit.reader("en").read_text(encoding="utf-8"))
    articles = [attrs for attrs in page.all("article") if attrs.get("data-audio")]
    assert [a["data-audio"] for a in articles] == ["audio/hello.wave.mp3", "audio/hello.bye.mp3"]
    lines: list[list[tuple[float, float]]] = []
    for tag, attrs in page.elements:
        if tag == "article" and attrs.get("data-audio"):
            lines.append([])
        elif tag == "p" and "line" in attrs.get("class", "").split() and lines:
            lines[-1].append((float(attrs["data-begin"]), float(attrs["data-end"])))
    assert [len(group) for group in lines] == [2, 1]
    for article, spans in zip(articles, lines):
        samples, rate = decode(built_kit.target("en") / "reader" / article["data-audio"])
        duration = len(samples) / rate
        assert spans[0][0] == pages.LEAD
        assert abs(duration - (spans[-1][1] + pages.TAIL)) < 0.08  # the MP3 adds the encoder's padding only

        def level(begin: float, end: float) -> float:
            part = samples[int(begin * rate) : int(end * rate)]
            return float(np.sqrt(np.mean(part ** 2))) if len(part) else 0.0

        for begin, end in spans:
            assert end - begin > 0.2 and level(begin, end) > 0.01
        for (_, end), (begin, _) in zip(spans, spans[1:]):  # the narration's pause between two lines
            assert begin - end > 0.3 and level(end + 0.08, begin - 0.08) < 0.1 * level(*spans[0])
        assert level(0, pages.LEAD - 0.05) < 0.002


def test_the_reader_is_registered_and_declares_what_it_reads():
    registry = default_registry()
    assert {"reader", "epub"} <= set(registry.groups(default_only=True))
    for name in ("reader", "epub"):
        reads = type(registry.get(name)).reads
        assert reads.model and {"illustrations", "fonts", "chrome", "voice"} <= set(reads.files)
