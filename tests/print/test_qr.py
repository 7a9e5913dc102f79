"""QR links: a kit's links.base_url printed as QR codes, decoded back from the rendered pages."""

from __future__ import annotations

import json
import re
from pathlib import Path

import cv2
import numpy as np
import pdfplumber
import pypdfium2
from pypdf import PdfReader

from kitgen.builder.episodes import episode_url, printed_url
from kitgen.pipeline.jobs import kit_options
from kitgen.model.kit import Kit
from tests.conftest import ScratchProject

BASE = "https://example.org/kits/tiny"
PRINTED = ("teacher-guide.pdf", "storybook.pdf", "README.pdf")
ONLY = "guide,storybook,readme,workbook"
DPI = 150



def set_links(project: ScratchProject, base_url: str | None) -> None:
    kit = project.root / "sources" / "kits" / "tiny.yaml"
    text = kit.read_text(encoding="utf-8").split("links:")[0].rstrip("\n") + "\n"
    if base_url is not None:
        text += f"links:\n  base_url: {base_url}\n"
    kit.write_text(text, encoding="utf-8")


def build(project: ScratchProject, only: str = ONLY) -> dict[str, str]:
    result = project.kitgen("build", "--only", only, "--json", "report.json")
    assert result.exit_code == 0, result.output
    report = json.loads((project.root / "report.json").read_text(encoding="utf-8"))
    return {a["label"]: a["status"] for a in report["artifacts"]}


def decoded(path: Path) -> list[set[str]]:
    """The contents of every QR code OpenCV finds on each page, rendered at :data:`DPI`."""
    found = []
    pdf = pypdfium2.PdfDocument(str(path))
    try:
        for page in pdf:
            image = np.asarray(page.render(scale=DPI / 72).to_pil().convert("L"))
            texts = {cv2.QRCodeDetector().detectAndDecode(image)[0]}
            ok, many, _, _ = cv2.QRCodeDetectorAruco().detectAndDecodeMulti(image)
            texts |= set(many) if ok else set()
            found.append(texts - {""})
    finally:
        pdf.close()
    return found


def page_texts(path: Path) -> list[str]:
    with pdfplumber.open(path) as pdf:
        return [re.sub(r"\s+", "", page.extract_text() or "") for page in pdf.pages]


def test_each_episode_link_is_a_qr_code_on_the_lesson_page_the_episode_opener_and_the_readme(tiny) -> None:
    set_links(tiny, BASE + "/")  # a trailing slash is dropped
    build(tiny, "guide,storybook,readme,audio")
    for locale in ("en", "hy"):
        folder = tiny.root / "output" / "tiny" / locale
        (audio,) = (folder / "audio").iterdir()
        url = f"{BASE}/{locale}/{audio.stem}"  # the scheme: <base_url>/<locale>/<the episode's file stem>
        guide, storybook, readme = (decoded(folder / name) for name in PRINTED)
        lesson_page = 2  # cover, overview, then the one lesson
        assert guide[lesson_page] == {url} and not any(guide[:lesson_page] + guide[lesson_page + 1:])
        assert storybook[2] == {url}  # the text page of the episode's first scene
        assert not any(storybook[:2] + storybook[3:])
        assert readme == [{url}]
        short = printed_url(url)
        assert short == url.removeprefix("https://") and short in page_texts(folder / "teacher-guide.pdf")[lesson_page]
        assert short in page_texts(folder / "storybook.pdf")[2]
        assert short in page_texts(folder / "README.pdf")[0]


def test_without_a_base_url_no_qr_codes_and_the_key_follows_the_url(tiny) -> None:
    statuses = build(tiny)
    for locale in ("en", "hy"):
        folder = tiny.root / "output" / "tiny" / locale
        for name in PRINTED:
            assert not any(decoded(folder / name)), name
            assert not any("example.org" in text for text in page_texts(folder / name))
    pages = {name: len(PdfReader(tiny.root / "output" / "tiny" / "en" / name).pages) for name in PRINTED}
    set_links(tiny, BASE)
    statuses = build(tiny)
    built = sorted(label for label, status in statuses.items() if status == "built")
    assert built == sorted(f"tiny/{locale} {name}" for locale in ("en", "hy") for name in PRINTED)  # the workbook: untouched
    assert {name: len(PdfReader(tiny.root / "output" / "tiny" / "en" / name).pages) for name in PRINTED} == pages  # same layout
    set_links(tiny, "https://example.org/other")
    statuses = build(tiny)
    assert sum(status == "built" for status in statuses.values()) == 6
    assert decoded(tiny.root / "output" / "tiny" / "en" / "README.pdf") == [{"https://example.org/other/en/01-hello-pip"}]


def test_codes_are_vectors_not_images(tiny) -> None:
    set_links(tiny, BASE)
    build(tiny, "readme")
    page = PdfReader(tiny.root / "output" / "tiny" / "en" / "README.pdf").pages[0]
    xobjects = page["/Resources"].get("/XObject", {})
    assert not [x for x in xobjects.values() if x.get_object()["/Subtype"] == "/Image"]
    assert b" re" in page.get_contents().get_data()  # the modules, drawn as rectangles


def test_the_kit_gives_base_url_to_the_builders_that_declare_it() -> None:
    manifest = {"id": "demo", "name": "Demo", "country": "AM", "locales": ["en"], "stories": ["tiny"], "branding": {"en": "x"}}
    assert kit_options(Kit.model_validate(manifest)) == {"paper": "a4"}
    with_links = Kit.model_validate({**manifest, "links": {"base_url": "https://example.org/kits/am/"}})
    assert kit_options(with_links) == {"paper": "a4", "base_url": "https://example.org/kits/am"}
    assert episode_url(with_links.links.base_url, "hy", 2, "Գաղտնաբառը") == "https://example.org/kits/am/hy/02-gaghtnabarry"


def test_two_episodes_give_two_codes_on_a_page(tiny) -> None:
    story = tiny.root / "sources" / "stories" / "tiny" / "story.yaml"
    second = """  - id: again
    title: Pip Again
    scenes:
      - id: again
        illustration:
          file: illustrations/bye.png
          alt: Pip stands next to a big padlock.
        lines:
          - text: Pip is back.

categories:"""
    tiny.edit(story, "\ncategories:", "\n" + second)
    tiny.edit(story, "episodes: [hello]", "episodes: [hello, again]")
    set_links(tiny, BASE)
    result = tiny.kitgen("build", "--locale", "en", "--only", "guide,readme")
    assert result.exit_code == 0, result.output
    urls = {f"{BASE}/en/01-hello-pip", f"{BASE}/en/02-pip-again"}
    assert decoded(tiny.root / "output" / "tiny" / "en" / "README.pdf") == [urls]
    assert decoded(tiny.root / "output" / "tiny" / "en" / "teacher-guide.pdf")[2] == urls
