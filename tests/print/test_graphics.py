from __future__ import annotations

import os
from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader
from reportlab.lib import colors
from reportlab.pdfgen.canvas import Canvas

from kitgen.builder.memo import FileMemo
from kitgen.errors import MediaError
from kitgen.print.graphics import GraphicFlowable, icon_path, load_graphic, load_icon
from tests.print.conftest import TINY_STORY_DIR

ILLUSTRATIONS = TINY_STORY_DIR / "illustrations"


def draw_to_pdf(tmp_path: Path, graphic, box=(50, 50, 200, 100)) -> Path:
    path = tmp_path / "graphic.pdf"
    canvas = Canvas(str(path), invariant=1)
    graphic.draw(canvas, *box)
    canvas.save()
    return path


def test_svg_stays_vector(tmp_path):
    graphic = load_graphic(ILLUSTRATIONS / "wave.svg")
    assert graphic.is_vector
    pdf = draw_to_pdf(tmp_path, graphic)
    page = PdfReader(pdf).pages[0]
    xobjects = page["/Resources"]["/XObject"]
    assert all(x.get_object()["/Subtype"] == "/Form" for x in xobjects.values())  # paths in a form, no image
    with pdfplumber.open(pdf) as doc:
        assert doc.pages[0].curves or doc.pages[0].rects
        assert not doc.pages[0].images


def test_drawing_keeps_the_aspect_ratio_and_centres(tmp_path):
    graphic = load_graphic(ILLUSTRATIONS / "bye.png")
    assert not graphic.is_vector
    x, y, w, h = graphic.draw(Canvas(str(tmp_path / "x.pdf")), 0, 0, 300, 100)
    assert w / h == pytest.approx(graphic.aspect)
    assert h == pytest.approx(100) or w == pytest.approx(300)
    assert x == pytest.approx((300 - w) / 2) and y == pytest.approx((100 - h) / 2)


def test_icons_are_recoloured(tmp_path):
    red = load_icon("lock", TINY_STORY_DIR, colors.HexColor("#cc0000"))
    pdf = draw_to_pdf(tmp_path, red)
    with pdfplumber.open(pdf) as doc:
        strokes = {tuple(round(c, 2) for c in shape["stroking_color"]) for shape in doc.pages[0].curves + doc.pages[0].lines}
    assert strokes == {(0.8, 0.0, 0.0)}


def test_unknown_icon_lists_the_built_in_ones():
    with pytest.raises(MediaError, match="unknown icon 'padlock'.*lock"):
        load_icon("padlock", TINY_STORY_DIR, colors.black)
    assert icon_path("lock", TINY_STORY_DIR).name == "lock.svg"
    assert icon_path("icons/mine.svg", TINY_STORY_DIR) == TINY_STORY_DIR / "icons" / "mine.svg"


def test_icon_outside_the_story_folder_is_refused(tmp_path):
    with pytest.raises(MediaError, match="outside the story folder"):
        load_icon("../../etc/icon.svg", TINY_STORY_DIR, colors.black)


def test_corrupt_images_are_media_errors(tmp_path):
    png = tmp_path / "cut.png"
    png.write_bytes((ILLUSTRATIONS / "bye.png").read_bytes()[:60])
    with pytest.raises(MediaError, match="cut.png"):
        load_graphic(png)
    svg = tmp_path / "bad.svg"
    svg.write_text("<svg>\n<path d='M0 0'\n", encoding="utf-8")
    with pytest.raises(MediaError) as info:
        load_graphic(svg)
    assert info.value.location.path.endswith("bad.svg") and info.value.location.line is not None
    with pytest.raises(MediaError, match="does not exist"):
        load_graphic(tmp_path / "missing.svg")


def test_an_edited_file_is_read_again(tmp_path):
    svg = tmp_path / "shape.svg"
    svg.write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 20 10"><rect width="20" height="10"/></svg>', encoding="utf-8")
    memo = FileMemo()  # the build session's: nothing is remembered at module level
    first = load_graphic(svg, memo=memo)
    assert first is load_graphic(svg, memo=memo)
    assert load_graphic(svg, colour="#ff0000", memo=memo) is not first  # the colour is part of the entry
    assert load_graphic(svg) is not first  # without a memo, every call decodes
    svg.write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>', encoding="utf-8")
    os.utime(svg, ns=(svg.stat().st_atime_ns, svg.stat().st_mtime_ns + 10_000_000))
    assert load_graphic(svg, memo=memo).aspect == pytest.approx(1.0)
    assert first.aspect == pytest.approx(2.0)


def test_the_memo_keeps_its_newest_entries(tmp_path):
    memo = FileMemo(limit=2)
    files = []
    for n in range(3):
        files.append(tmp_path / f"f{n}.svg")
        files[-1].write_text(f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {n + 1} 1"><rect width="1" height="1"/></svg>')
    first = load_graphic(files[0], memo=memo)
    load_graphic(files[1], memo=memo)
    load_graphic(files[2], memo=memo)
    assert len(memo) == 2 and load_graphic(files[0], memo=memo) is not first


def test_flowable_fits_its_box():
    flowable = GraphicFlowable(load_graphic(ILLUSTRATIONS / "wave.svg"), 400, 80)
    width, height = flowable.wrap(120, 500)
    assert width <= 120 and height <= 80
    assert width / height == pytest.approx(flowable.graphic.aspect)


def test_pdf_names_come_from_content_not_from_folders(tmp_path):
    """The same drawing in two folders gives the same PDF bytes (form and image names hash content)."""
    import shutil

    made = []
    for folder in (tmp_path / "a", tmp_path / "b" / "deeper"):
        folder.mkdir(parents=True)
        for name in ("wave.svg", "bye.png"):
            shutil.copyfile(ILLUSTRATIONS / name, folder / name)
        path = folder / "page.pdf"
        canvas = Canvas(str(path), invariant=1)
        load_graphic(folder / "wave.svg").draw(canvas, 50, 50, 200, 100)
        load_graphic(folder / "bye.png").draw(canvas, 50, 300, 40, 40)
        canvas.save()
        made.append(path.read_bytes())
    assert made[0] == made[1]
    assert b"/FormXob.Graphic" in made[0]
