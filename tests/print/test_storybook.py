"""The storybook as a real PDF: spreads, vector pictures, locales, the booklet and bad pictures."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4, A5, LETTER, landscape

from kitgen.errors import MediaError, TextOverflowError
from kitgen.i18n.chrome_files import load_chrome
from kitgen.print.storybook import StorybookBuilder

from .conftest import tiny_story_data


def build(make_request, **kwargs) -> Path:
    request = make_request(**kwargs)
    StorybookBuilder().build(request)
    return request.output


def page_texts(path: Path) -> list[str]:
    with pdfplumber.open(path) as pdf:
        return [re.sub(r"\s+", " ", page.extract_text()) for page in pdf.pages]


def size_of(page) -> tuple[float, float]:
    return float(page.mediabox.width), float(page.mediabox.height)


def images_and_forms(page) -> tuple[int, int]:
    """How many raster images and how many form XObjects (vector drawings) a page places."""
    xobjects = [x.get_object() for x in page["/Resources"].get("/XObject", {}).values()]
    return sum(x["/Subtype"] == "/Image" for x in xobjects), sum(x["/Subtype"] == "/Form" for x in xobjects)


def test_cover_then_one_spread_per_scene_on_a4(make_request) -> None:
    data = tiny_story_data()
    scenes = [scene for episode in data["episodes"] for scene in episode["scenes"]]
    path = build(make_request, story=data)
    reader = PdfReader(path)
    assert len(reader.pages) == 1 + 2 * len(scenes) + 1  # and the back cover
    assert all(size_of(page) == pytest.approx(A4, abs=0.01) for page in reader.pages)
    texts = page_texts(path)
    assert "Pip Says Hello" in texts[0] and "Storybook" in texts[0] and "Age 7–10" in texts[0]
    assert "Story and illustrations: kitgen contributors" in texts[0]
    # Left pages hold only the picture (and the page number), right pages the words.
    assert texts[1].strip() == "2" and texts[3].strip() == "4"
    assert "Episode 1 Hello, Pip Pip waves. This is Pip. Pip Hello!" in texts[2]
    assert "Pip Keep your password secret." in texts[4]
    assert "The end" in texts[4] and "Talk to an adult you trust" in texts[4]
    assert "Talk to an adult you trust" in texts[5] and "Where to get help" not in texts[5]  # a kit without help contacts


def test_letter_paper(make_request) -> None:
    reader = PdfReader(build(make_request, options={"paper": "letter"}))
    assert all(size_of(page) == pytest.approx(LETTER, abs=0.01) for page in reader.pages)


def test_svg_pictures_stay_vector_and_png_pictures_are_images(make_request) -> None:
    reader = PdfReader(build(make_request))
    svg_page, png_page = reader.pages[1], reader.pages[3]
    assert images_and_forms(svg_page) == (0, 1)
    form = next(iter(svg_page["/Resources"]["/XObject"].values())).get_object()
    assert re.search(rb"\b[cl]\b", form.get_data()), "the SVG's paths are drawn as PDF paths"
    assert images_and_forms(png_page)[0] == 1


@pytest.mark.parametrize(("locale", "caption", "line", "name"), [
    ("hy", "Պիպը ձեռքով է անում։", "Բարև՜", "Պիպ"),
    ("ka", "პიპი ხელს გვიქნევს.", "გამარჯობა!", "პიპი"),
])
def test_armenian_and_georgian_scenes(make_request, locale: str, caption: str, line: str, name: str) -> None:
    data = tiny_story_data()
    scene = data["episodes"][0]["scenes"][0]
    scene["caption"] = caption
    scene["lines"][1]["text"] = line
    data["characters"][0]["name"] = name
    path = build(make_request, story=data, locale=locale)
    texts = page_texts(path)
    assert f"{caption} This is Pip. {name} {line}" in texts[2]
    assert load_chrome(locale).text("The end") in texts[-2]  # the last scene, before the back cover
    reader = PdfReader(path)
    assert reader.trailer["/Root"]["/Lang"] == locale
    fonts = {str(f.get_object()["/BaseFont"]): f.get_object() for p in reader.pages for f in p["/Resources"]["/Font"].values()}
    assert any(("Armenian" if locale == "hy" else "Georgian") in font for font in fonts)
    assert all("/FontFile2" in font["/FontDescriptor"].get_object() for font in fonts.values())


def number_in_half(page, left: bool) -> str | None:
    """The page number printed at the bottom of one half of a booklet sheet side."""
    middle, bottom = page.width / 2, page.height - 30
    box = (0, bottom, middle, page.height) if left else (middle, bottom, page.width, page.height)
    text = (page.crop(box).extract_text() or "").strip()
    return text or None


@pytest.mark.parametrize(("paper", "sheet"), [("a4", A4), ("letter", LETTER)])
def test_booklet_imposes_half_pages_in_saddle_stitch_order(make_request, paper: str, sheet) -> None:
    path = build(make_request, options={"booklet": True, "paper": paper})
    reader = PdfReader(path)
    pages = 1 + 2 * 2  # cover and two spreads, padded to 8
    assert len(reader.pages) == 8 // 2
    assert all(size_of(page) == pytest.approx(landscape(sheet), abs=0.01) for page in reader.pages)
    with pdfplumber.open(path) as pdf:
        for side, (left, right) in zip(pdf.pages, [(8, 1), (2, 7), (6, 3), (4, 5)], strict=True):
            for number, is_left in ((left, True), (right, False)):
                expected = str(number) if 1 < number <= pages else None
                assert number_in_half(side, is_left) == expected, (left, right)
        cover_half = pdf.pages[0].crop((pdf.pages[0].width / 2, 0, pdf.pages[0].width, pdf.pages[0].height))
        assert "Pip Says Hello" in cover_half.extract_text()


def test_booklet_pages_are_a5_halves_of_a4(make_request) -> None:
    path = build(make_request, options={"booklet": True})
    with pdfplumber.open(path) as pdf:
        words = pdf.pages[3].extract_words()
    # Sheet side 4 carries pages 4 (left) and 5 (right): the words of page 5 lie in the right A5.
    secret = next(w for w in words if w["text"] == "secret.")
    assert A5[0] < secret["x0"] < 2 * A5[0]


def test_builds_are_byte_identical_and_leave_no_temporary_files(make_request, tmp_path: Path, monkeypatch) -> None:
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    for options in ({}, {"booklet": True}):
        first = build(make_request, options=options, output="a/storybook.pdf")
        second = build(make_request, options=options, output="b/storybook.pdf")
        assert first.read_bytes() == second.read_bytes()
        assert [p.name for p in first.parent.iterdir()] == ["storybook.pdf"]
    assert list(scratch.iterdir()) == []


def test_a_truncated_png_is_located_at_its_story_line_and_no_pdf_is_written(make_request, story_dir: Path) -> None:
    png = story_dir / "illustrations" / "bye.png"
    png.write_bytes(png.read_bytes()[: len(png.read_bytes()) // 2])
    request = make_request()
    with pytest.raises(MediaError, match="bye.png") as error:
        StorybookBuilder().build(request)
    story_lines = (story_dir / "story.yaml").read_text(encoding="utf-8").splitlines()
    assert error.value.location.path.endswith("story.yaml")
    assert "illustrations/bye.png" in story_lines[error.value.location.line - 1]
    assert not request.output.parent.exists() or list(request.output.parent.iterdir()) == []


def test_an_svg_that_is_not_xml_is_located_inside_the_svg(make_request, story_dir: Path) -> None:
    (story_dir / "illustrations" / "wave.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'>\n<g>\n</svg>", encoding="utf-8")
    request = make_request(options={"booklet": True})
    with pytest.raises(MediaError, match="not valid SVG XML") as error:
        StorybookBuilder().build(request)
    assert error.value.location.path.endswith("wave.svg") and error.value.location.line == 3
    assert not request.output.exists()


def test_a_missing_illustration_is_a_media_error(make_request, story_dir: Path) -> None:
    (story_dir / "illustrations" / "bye.png").unlink()
    request = make_request()
    with pytest.raises(MediaError, match="does not exist"):
        StorybookBuilder().build(request)
    assert not request.output.exists()


def test_text_that_cannot_fit_its_page_names_the_scene_and_locale(make_request) -> None:
    data = tiny_story_data()
    data["episodes"][0]["scenes"][1]["lines"] = [{"text": "Keep your password secret, always and everywhere. " * 5}] * 8
    request = make_request(story=data, options={"booklet": True})
    with pytest.raises(TextOverflowError, match=r"scene 'bye' \(en\) overflows"):
        StorybookBuilder().build(request)
    assert not request.output.exists()


def test_an_illustration_outside_the_story_folder_is_refused(make_request, story_dir: Path) -> None:
    (story_dir.parent / "outside.svg").write_text((story_dir / "illustrations" / "wave.svg").read_text(encoding="utf-8"), encoding="utf-8")
    data = tiny_story_data()
    data["episodes"][0]["scenes"][0]["illustration"]["file"] = "../outside.svg"
    request = make_request(story=data)
    with pytest.raises(MediaError, match="outside the story folder"):
        StorybookBuilder().build(request)
    assert not request.output.exists()
