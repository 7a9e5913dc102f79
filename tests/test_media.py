"""Illustrations are proven decodable before anything renders."""

from __future__ import annotations

import pytest
from PIL import Image

from kitgen.errors import MediaError
from kitgen.media import MAX_PIXELS, inspect_image, path_problem


def _png(path, size=(40, 30)):
    Image.new("RGB", size, (200, 30, 30)).save(path)
    return path


def test_good_png_and_svg(tmp_path):
    info = inspect_image(_png(tmp_path / "a.png"))
    assert (info.kind, info.width, info.height) == ("raster", 40, 30)
    svg = tmp_path / "b.svg"
    svg.write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1600 900"/>', encoding="utf-8")
    assert inspect_image(svg).aspect == pytest.approx(16 / 9)


def test_truncated_png(tmp_path):
    path = _png(tmp_path / "a.png", (300, 300))
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(MediaError, match="corrupt or truncated"):
        inspect_image(path)


def test_not_an_image(tmp_path):
    path = tmp_path / "a.png"
    path.write_text("hello", encoding="utf-8")
    with pytest.raises(MediaError, match="not a readable PNG or JPEG"):
        inspect_image(path)


def test_image_too_large_to_decode_safely(tmp_path):
    # A PNG whose header claims a huge canvas: refused from the header, before decoding.
    side = int(MAX_PIXELS**0.5) + 100
    path = tmp_path / "huge.png"
    Image.new("1", (side, side)).save(path, optimize=True)
    with pytest.raises(MediaError, match="too large to decode safely"):
        inspect_image(path)


def test_svg_not_xml_is_located(tmp_path):
    path = tmp_path / "a.svg"
    path.write_text("<svg>\n<g>\n</svg>\n", encoding="utf-8")
    with pytest.raises(MediaError) as info:
        inspect_image(path)
    assert info.value.location.line == 3
    assert "not valid SVG XML" in info.value.message


def test_svg_entities_refused(tmp_path):
    path = tmp_path / "a.svg"
    path.write_text('<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg>&a;</svg>', encoding="utf-8")
    with pytest.raises(MediaError, match="entities"):
        inspect_image(path)


def test_paths_stay_inside_the_story(tmp_path):
    (tmp_path / "story").mkdir()
    _png(tmp_path / "outside.png")
    assert "outside the story folder" in path_problem(tmp_path / "story", "../outside.png")
    assert "must be a PNG, JPEG or SVG" in path_problem(tmp_path / "story", "a.gif")
