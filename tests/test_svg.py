"""The SVG sanitizer: one gate before print (svglib) and video (resvg).

A reference inside the story folder is drawn by both renderers; anything else is refused by
both, as a located error at the SVG's line.
"""

from __future__ import annotations

import base64
import io
import shutil
import time
from pathlib import Path

import pytest
from lxml import etree
from PIL import Image
import pypdfium2
from reportlab.pdfgen.canvas import Canvas

from kitgen import svg
from kitgen.errors import MediaError
from kitgen.media import inspect_image
from kitgen.print.graphics import load_graphic
from kitgen.video.illustration import fitted

HEAD = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 100 100">\n'
RED = (230, 20, 20)


@pytest.fixture
def story(tmp_path: Path) -> Path:
    """A story folder with story.yaml, an illustrations/ folder holding a red PNG, and a PNG outside it."""
    folder = tmp_path / "stories" / "pip"
    (folder / "illustrations" / "photos").mkdir(parents=True)
    (folder / "story.yaml").write_text("story: {}\n", encoding="utf-8")
    Image.new("RGB", (40, 40), RED).save(folder / "illustrations" / "photos" / "red.png")
    Image.new("RGB", (40, 40), (0, 0, 255)).save(tmp_path / "outside.png")
    return folder


def _write(story: Path, body: str, head: str = HEAD, name: str = "scene.svg") -> Path:
    path = story / "illustrations" / name
    path.write_text(head + body + "</svg>\n", encoding="utf-8")
    return path


def _refused(path: Path, says: str, line: int | None = 2) -> MediaError:
    with pytest.raises(MediaError) as caught:
        svg.clean(path)
    assert says in caught.value.message
    assert caught.value.location.path == str(path)
    if line is not None:
        assert caught.value.location.line == line
    return caught.value


def _pdf_page(graphic, tmp_path: Path) -> Image.Image:
    """The graphic drawn filling a 200 pt page, rasterised back from the PDF."""
    pdf = tmp_path / "drawn.pdf"
    canvas = Canvas(str(pdf), pagesize=(200, 200), invariant=1)
    graphic.draw(canvas, 0, 0, 200, 200)
    canvas.save()
    document = pypdfium2.PdfDocument(str(pdf))
    try:
        return document[0].render(scale=1).to_pil().convert("RGB")
    finally:
        document.close()


def test_an_inside_reference_is_drawn_by_print_and_by_video(story, tmp_path):
    path = _write(story, '<rect width="100" height="100" fill="#ffffff"/>\n<image x="0" y="0" width="100" height="100" href="photos/red.png"/>\n')
    cleaned = svg.clean(path)
    assert b"photos/red.png" not in cleaned.data and b"data:image/png;base64," in cleaned.data  # resolved once, embedded
    page = _pdf_page(load_graphic(path), tmp_path)
    r, g, b = page.getpixel((page.width // 2, page.height // 2))[:3]
    assert r > 200 and g < 60 and b < 60, (r, g, b)
    frame = fitted(path, 64, 64)
    r, g, b = frame.getpixel((32, 32))
    assert r > 200 and g < 60 and b < 60


def test_xlink_and_percent_encoded_references_resolve_the_same_way(story):
    (story / "illustrations" / "photos" / "red.png").rename(story / "illustrations" / "photos" / "red one.png")
    path = _write(story, '<image width="100" height="100" xlink:href="photos/red%20one.png"/>\n')
    assert b"data:image/png;base64," in svg.clean(path).data


@pytest.mark.parametrize(
    "href, says",
    [
        ("{outside}", "no absolute paths, file:, http: or other addresses"),
        ("file://{outside}", "refers to 'file://"),
        ("http://example.org/a.png", "refers to 'http://example.org/a.png'"),
        ("//example.org/a.png", "no absolute paths"),
        ("../../../outside.png", "which is outside the story folder"),
        ("photos/missing.png", "which does not exist"),
        ("other.svg", "includes another SVG file"),
        ("photos/red.png#frag", "with no '#' or '?' part"),
        ("data:image/svg+xml;base64,PHN2Zy8+", "only PNG and JPEG images may be embedded"),
        ("data:image/png;base64,@@@", "base64 data is broken"),
    ],
)
def test_references_that_leave_the_story_are_refused_by_both_renderers(story, tmp_path, href, says):
    path = _write(story, f'<image width="10" height="10" href="{href.format(outside=tmp_path / "outside.png")}"/>\n')
    _refused(path, says)
    with pytest.raises(MediaError, match="SVG 'scene.svg'"):
        load_graphic(path)
    with pytest.raises(MediaError, match="SVG 'scene.svg'"):
        fitted(path, 32, 32)


def test_a_symlink_out_of_the_story_is_outside(story, tmp_path):
    (story / "illustrations" / "link.png").symlink_to(tmp_path / "outside.png")
    _refused(_write(story, '<image width="10" height="10" href="link.png"/>\n'), "outside the story folder")


@pytest.mark.parametrize(
    "body, says, line",
    [
        ("<script>alert(1)</script>\n", "contains <script>", 2),
        ('<g><rect onmouseover="alert(1)"/></g>\n', "event attribute 'onmouseover'", 2),
        ('<foreignObject><body xmlns="http://www.w3.org/1999/xhtml"/></foreignObject>\n', "contains <foreignObject>", 2),
        ('<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="/etc/passwd"/>\n', "XInclude element", 2),
        ('<a><set attributeName="xlink:href" to="https://example.org"/></a>\n', "animates a reference", 2),
        ('<g xml:base="/etc/"><rect/></g>\n', "xml:base", 2),
        ('<style>@import url(x.css);</style>\n', "imports a stylesheet", 2),
        ('<style>rect { fill: url(https://example.org/p.svg#x) }</style>\n', "in a url()", 2),
        ('<rect filter="url(file:///etc/passwd)"/>\n', "in a url()", 2),
        ('<use href="x.svg#part"/>\n', "<use> refers to the file", 2),
        ('<a href="https://example.org/"><rect/></a>\n', "refers to 'https://example.org/'", 2),
        ('<g id="a"><use href="#a"/></g>\n', "(a loop)", 2),
    ],
)
def test_scripts_and_escapes_are_located_errors(story, body, says, line):
    _refused(_write(story, body), says, line)


def test_entities_are_never_expanded(story):
    laughs = '<!DOCTYPE svg [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>\n'
    _refused(_write(story, "<text>&b;</text>\n", laughs + HEAD), "declares XML entities", 1)
    external = '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n'
    assert svg.clean(_write(story, "<rect/>\n", external + HEAD)).data.startswith(b"<svg")  # the DOCTYPE is dropped
    _refused(_write(story, "<text>&nbsp;</text>\n", external + HEAD), "entity reference &nbsp;", 3)
    _refused(_write(story, "", '<?xml-stylesheet href="https://example.org/a.css"?>\n' + HEAD), "links a stylesheet", 1)


def test_reference_bombs_stop_fast(story):
    body = '<g id="a0">' + "<rect/>" * 10 + "</g>\n" + "".join(
        f'<g id="a{i}">' + f'<use href="#a{i - 1}"/>' * 10 + "</g>\n" for i in range(1, 12))
    started = time.perf_counter()
    _refused(_write(story, body), "draws more than 250,000 elements", None)
    assert time.perf_counter() - started < 2
    chain = "<defs>" + "".join(f'<g id="c{i}"><use href="#c{i + 1}"/></g>\n' for i in range(3000)) + '<g id="c3000"/></defs>\n'
    assert svg.clean(_write(story, chain + '<use href="#c0"/>\n')).width == 100  # a long chain drawn once: fine, no recursion limit
    drawn_often = chain + '<use href="#c0"/>\n' * 100
    _refused(_write(story, drawn_often), "draws more than 250,000 elements", None)


def test_embedded_images_are_bounded(story):
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), RED).save(buffer, format="PNG")
    small = base64.b64encode(buffer.getvalue()).decode()
    assert svg.clean(_write(story, f'<image width="8" height="8" href="data:image/png;base64,{small}"/>\n'))
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), RED).save(buffer, format="GIF")
    gif = base64.b64encode(buffer.getvalue()).decode()
    _refused(_write(story, f'<image href="data:image/png;base64,{gif}"/>\n'), "which is GIF, not PNG or JPEG")


def test_cleaned_svg_is_plain_and_keeps_the_drawing(story):
    path = _write(story, '<defs><linearGradient id="g"><stop offset="0" stop-color="red"/></linearGradient></defs>\n'
                         '<?inkscape something?>\n<rect width="100" height="100" fill="url(#g)"/>\n<use href="#g"/>\n')
    root = etree.fromstring(svg.clean(path).data)
    assert [etree.QName(e).localname for e in root.iter() if isinstance(e.tag, str)] == ["svg", "defs", "linearGradient", "stop", "rect", "use"]
    assert inspect_image(path).aspect == 1.0


def test_story_root_is_the_folder_with_story_yaml(story):
    assert svg.story_root(story / "illustrations" / "photos" / "x.svg") == story.resolve()
    loose = story.parent.parent / "icons"
    loose.mkdir()
    assert svg.story_root(loose / "i.svg") == loose.resolve()


def test_the_builtin_icons_and_the_fixture_pass(tmp_path):
    from kitgen.icons import ICONS_DIR
    from tests.conftest import FIXTURES

    for path in [*ICONS_DIR.glob("*.svg"), *(FIXTURES / "tiny").rglob("*.svg")]:
        assert svg.clean(path).data.startswith(b"<svg"), path
    copy = tmp_path / "wave.svg"
    shutil.copyfile(FIXTURES / "tiny/sources/stories/tiny/illustrations/wave.svg", copy)
    assert svg.sanitized(copy) == svg.sanitized(FIXTURES / "tiny/sources/stories/tiny/illustrations/wave.svg")


def test_references_name_the_embedded_files_for_build_keys(story, tmp_path):
    path = _write(story, '<image width="10" height="10" href="photos/red.png"/>\n<use href="#x"/>\n'
                         f'<image href="{tmp_path / "outside.png"}"/>\n<image href="../../../outside.png"/>\n')
    assert svg.references(path) == [(story / "illustrations" / "photos" / "red.png").resolve()]
    assert svg.references(story / "illustrations" / "missing.svg") == []
