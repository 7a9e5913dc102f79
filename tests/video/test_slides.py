"""Slides in every size: re-flowed layouts, mixed-script text, overlays."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from kitgen.errors import TextOverflowError
from kitgen.model.story import Motion
from kitgen.text.fontset import default_fonts_dir, load_fontset
from kitgen.video.layout import INK, layout_for
from kitgen.video.motion import KenBurns
from kitgen.video.planes import FAR_EDGE, padded_size, to_rgb
from kitgen.video.settings import SIZES, Size
from kitgen.video.slides import (
    OutroCard,
    SceneSlide,
    TitleCard,
    caption_box,
    speaker_tag,
)

FONTS = load_fontset(default_fonts_dir())
PICTURE = Path(__file__).resolve().parents[1] / "fixtures" / "tiny" / "sources" / "stories" / "tiny" / "illustrations" / "wave.svg"
PNG = PICTURE.with_name("bye.png")
SMALL = Size("small", 320, 180)


@pytest.mark.parametrize("name", list(SIZES))
def test_layouts_are_reflowed_not_squeezed(name: str) -> None:
    layout = layout_for(SIZES[name])
    box = layout.picture
    assert 0 <= box.x and box.right <= layout.width and 0 <= box.y and box.bottom <= layout.height
    assert box.width / box.height == pytest.approx(16 / 9, rel=0.01)  # pictures keep their shape
    assert all(v % 2 == 0 for v in (box.x, box.y, box.width, box.height))
    if name in ("vertical", "square"):
        assert box.width == layout.width and layout.header is not None
        assert layout.caption_top is not None and layout.caption_top >= box.bottom  # captions below, not on the picture
        assert layout.header.bottom <= box.y
    else:
        assert layout.full_frame_picture


@pytest.mark.parametrize("name", ["vertical", "square"])
def test_scene_slide_puts_the_picture_in_its_band_with_the_heading_above(name: str) -> None:
    size = SIZES[name]
    art = SceneSlide(size, FONTS, PICTURE, KenBurns.of(Motion(zoom=1.2, pan="left")), "Pip waves.", "Tiny kit").render()
    assert art.moves and art.box == layout_for(size).picture
    assert padded_size(art.picture, art.margin) == (round(art.box.width * 1.2 / 2) * 2, round(art.box.height * 1.2 / 2) * 2)
    assert art.margin > 0 and art.picture.width == art.margin + padded_size(art.picture, art.margin)[0] + FAR_EDGE
    rgb = to_rgb(art.still)
    header = layout_for(size).header
    region = rgb[header.y : header.bottom, header.x : header.right]
    assert (np.abs(region.astype(int) - INK).sum(axis=-1) < 60).sum() > 200  # dark heading letters


def test_still_scene_for_the_draft_preset_has_no_moving_picture() -> None:
    art = SceneSlide(SMALL, FONTS, PNG, None, "", "").render()
    assert not art.moves and art.picture is None
    assert (art.still.width, art.still.height) == (320, 180)


@pytest.mark.parametrize(
    ("label", "title"),
    [("Դրվագ 1", "Գաղտնի գոհարները"), ("ეპიზოდი 1", "საიდუმლო კრისტალები"), ("Эпизод 1", "Секретные кристаллы")],
)
def test_title_card_draws_every_script(label: str, title: str) -> None:
    card = TitleCard(SIZES["720p"], FONTS, label, title, "Safe online together", PICTURE)
    image = np.asarray(card.image())
    middle = image[250:450, 200:1080].astype(int)
    assert (middle.min(axis=-1) > 235).sum() > 1500  # white title letters drawn, not empty boxes


def test_outro_card_has_the_safety_message_and_credits_in_every_shape() -> None:
    for size in SIZES.values():
        card = OutroCard(size, FONTS, "The end", "Talk to an adult you trust", "Credits", ("Story: kitgen contributors",) * 3, "Kit")
        image = np.asarray(card.image())
        assert image.shape == (size.height, size.width, 3)
        assert (image.min(axis=-1) > 235).sum() > 2000


def test_text_that_cannot_fit_is_an_error() -> None:
    card = OutroCard(Size("tiny", 64, 36), FONTS, "The end", "Talk to an adult you trust " * 8, "Credits", ("x " * 60,) * 12, "")
    with pytest.raises(TextOverflowError, match="does not fit on the video frame"):
        card.image()


def test_overlays_fit_the_frame_in_every_size() -> None:
    fonts = FONTS
    for size in [*SIZES.values(), SMALL]:
        layout = layout_for(size)
        tag = speaker_tag(size, fonts, "Grandma Nina")
        caption = caption_box(size, fonts, ("Hear Kiwi? What we share online can", "fly far, and we can't catch it back."))
        for overlay in (tag, caption):
            assert 0 <= overlay.x and overlay.x + overlay.width <= size.width
            assert 0 <= overlay.y and overlay.y + overlay.height <= size.height
        assert tag.y >= layout.picture.y


def test_caption_in_a_wide_script_shrinks_or_rewraps_to_stay_inside() -> None:
    fonts = FONTS
    size = SIZES["vertical"]
    wide = "ᲬᲔᲡᲘ ᲐᲠᲘᲡ ᲐᲡᲔᲗᲘ ᲓᲐ ᲛᲐᲠᲗᲚᲐ ᲒᲠᲫᲔᲚᲘ ᲡᲢᲠᲘᲥᲝᲜᲘ"
    caption = caption_box(size, fonts, (wide,))
    assert caption.width <= layout_for(size).caption_width + 200
    assert caption.x >= 0 and caption.x + caption.width <= size.width
