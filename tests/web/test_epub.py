"""The EPUB 3 storybook with media overlays: EPUBCheck finds no error, the read-along is whole."""

from __future__ import annotations

import posixpath
import re
import subprocess
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import av

from kitgen.voice.cache import resolve_cache_dir
from kitgen.web.pages import LEAD

NS = {"smil": "http://www.w3.org/ns/SMIL", "opf": "http://www.idpf.org/2007/opf", "x": "http://www.w3.org/1999/xhtml",
      "dc": "http://purl.org/dc/elements/1.1/"}


def seconds(clock: str) -> float:
    hours, minutes, rest = clock.split(":")
    return int(hours) * 3600 + int(minutes) * 60 + float(rest)


def audio_seconds(data: bytes, scratch: Path) -> float:
    path = scratch / "clip.mp3"
    path.write_bytes(data)
    with av.open(str(path)) as container:
        stream = container.streams.audio[0]
        return sum(frame.samples for frame in container.decode(stream)) / stream.rate


def test_epubcheck_reports_no_error(built_kit, epubcheck):
    for locale in ("en", "hy"):
        book = built_kit.target(locale) / "storybook.epub"
        result = subprocess.run([*epubcheck, str(book)], capture_output=True, text=True, timeout=300)
        report = result.stdout + result.stderr
        assert result.returncode == 0, report
        assert re.search(r"Messages: 0 fatals / 0 errors", report), report


def test_every_line_has_its_clip_and_the_clips_cover_the_page_audio(built_kit, tmp_path):
    with zipfile.ZipFile(built_kit.target("hy") / "storybook.epub") as book:
        names = book.namelist()
        assert names[0] == "mimetype" and book.getinfo("mimetype").compress_type == zipfile.ZIP_STORED
        assert book.read("mimetype") == b"application/epub+zip"
        opf = ET.fromstring(book.read("EPUB/content.opf"))
        assert opf.find("opf:metadata/dc:language", NS).text == "hy"
        metas = {m.get("property"): m.text for m in opf.iterfind("opf:metadata/opf:meta", NS) if m.get("refines") is None}
        assert metas["media:active-class"] == "-epub-media-overlay-active"
        items = {item.get("id"): item for item in opf.iterfind("opf:manifest/opf:item", NS)}
        pages = [item for item in items.values() if item.get("media-overlay")]
        assert len(pages) == 2
        total = 0.0
        for item in pages:
            page = ET.fromstring(book.read("EPUB/" + item.get("href")))
            assert page.get("lang") == "hy"
            line_ids = [p.get("id") for p in page.iter("{%s}p" % NS["x"]) if "line" in (p.get("class") or "").split()]
            assert all(img.get("alt") for img in page.iter("{%s}img" % NS["x"]))
            overlay = items[item.get("media-overlay")]
            smil = ET.fromstring(book.read("EPUB/" + overlay.get("href")))
            pars = list(smil.iter("{%s}par" % NS["smil"]))
            assert [p.find("smil:text", NS).get("src").split("#")[1] for p in pars] == line_ids
            clips = [p.find("smil:audio", NS) for p in pars]
            assert len({clip.get("src") for clip in clips}) == 1
            begins = [seconds(clip.get("clipBegin")) for clip in clips]
            ends = [seconds(clip.get("clipEnd")) for clip in clips]
            assert begins[0] == 0 and begins[1:] == ends[:-1]  # contiguous: the whole audio, in order
            data = book.read(posixpath.normpath(posixpath.join("EPUB", posixpath.dirname(overlay.get("href")), clips[0].get("src"))))
            assert abs(audio_seconds(data, tmp_path) - ends[-1]) < 0.08
            assert ends[-1] > LEAD
            duration = next(m for m in opf.iterfind("opf:metadata/opf:meta", NS) if m.get("refines") == "#" + overlay.get("id"))
            assert seconds(duration.text) == ends[-1]
            total += ends[-1]
        assert abs(seconds(metas["media:duration"]) - total) < 0.002


def test_the_same_sources_and_speech_give_the_same_bytes(built_kit, tiny):
    # The same speech: espeak's character voices do not give identical samples twice (the cache does).
    voice = resolve_cache_dir(None, built_kit.project.root)  # where the first build kept its speech
    assert voice.is_dir()
    result = tiny.kitgen("build", "--only", "epub", "--locale", "hy", "--cache-dir", str(voice.parent))
    assert result.exit_code == 0, result.output
    again = (tiny.root / "output" / "tiny" / "hy" / "storybook.epub").read_bytes()
    assert again == (built_kit.target("hy") / "storybook.epub").read_bytes()
