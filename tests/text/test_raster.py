from __future__ import annotations

import pickle

import itertools
import re

import pytest
from PIL import Image, ImageChops, ImageDraw

from kitgen.text.fonts import FontSet, draw_text, line_metrics, measure, normalize, wrap

from .samples import ALPHABETS, MIXED_LINE, SENTENCES

GEORGIAN_LINE = "ბავშვები ინტერნეტში უსაფრთხოდ"


def _canvas(width: int = 1200, height: int = 200) -> tuple[Image.Image, ImageDraw.ImageDraw]:
    image = Image.new("L", (width, height), 255)
    return image, ImageDraw.Draw(image)


def _ink(image: Image.Image) -> tuple[int, int, int, int] | None:
    """Bounding box of the dark pixels."""
    return ImageChops.invert(image).point(lambda v: 255 if v > 96 else 0).getbbox()


def test_georgian_line_has_ink_where_measured(fontset: FontSet) -> None:
    image, draw = _canvas()
    width = measure(fontset, GEORGIAN_LINE, 48)
    assert width > 300
    drawn = draw_text(draw, fontset, (20, 40), GEORGIAN_LINE, 48, fill=0)
    assert drawn == pytest.approx(width)
    left, top, right, bottom = _ink(image)
    assert 20 <= left <= 30
    assert 20 + width - 12 <= right <= 20 + width + 2
    assert top >= 40 and bottom > top + 20


def test_georgian_letters_are_real_glyphs_not_boxes(fontset: FontSet) -> None:
    """Every letter looks different; drawn with Andika alone they would all be the same box."""

    def bitmap(char: str, font=None) -> bytes:
        image, draw = _canvas(80, 80)
        if font is None:
            draw_text(draw, fontset, (10, 10), char, 40, fill=0)
        else:
            draw.text((10, 10), char, font=font, fill=0)
        return image.tobytes()

    letters = ALPHABETS["ka"]
    assert len({bitmap(c) for c in letters}) == len(letters)
    andika = fontset.face(fontset.primary, 40)
    assert len({bitmap(c, andika) for c in letters}) == 1


def test_armenian_letters_and_digits_share_a_baseline(fontset: FontSet) -> None:
    image, draw = _canvas(400, 200)
    letter_width = measure(fontset, "Բ", 60)
    draw_text(draw, fontset, (20, 120), "Բ2", 60, fill=0, anchor="ls")
    split = round(20 + letter_width)
    letter = _ink(image.crop((0, 0, split, 200)))
    digit = _ink(image.crop((split, 0, 400, 200)))
    assert letter is not None and digit is not None
    assert abs(letter[3] - 120) <= 2 and abs(digit[3] - 120) <= 2


def test_top_anchor_puts_the_baseline_one_ascent_down(fontset: FontSet) -> None:
    ascent, descent = line_metrics(fontset, 40)
    assert ascent > 0 and descent > 0
    image, draw = _canvas(300, 200)
    draw_text(draw, fontset, (10, 10), "Էջ", 40, fill=0, anchor="la")
    image_baseline, draw_baseline = _canvas(300, 200)
    draw_text(draw_baseline, fontset, (10, 10 + ascent), "Էջ", 40, fill=0, anchor="ls")
    assert image.tobytes() == image_baseline.tobytes()


def test_middle_anchor_centres_the_line(fontset: FontSet) -> None:
    image, draw = _canvas(1200, 200)
    draw_text(draw, fontset, (600, 100), MIXED_LINE, 36, fill=0, anchor="mm")
    left, top, right, bottom = _ink(image)
    assert abs((left + right) / 2 - 600) <= 4
    assert abs((top + bottom) / 2 - 100) <= 12


def test_right_anchor_ends_at_x(fontset: FontSet) -> None:
    image, draw = _canvas(1200, 200)
    draw_text(draw, fontset, (1100, 100), "Ինտերնետ 2024", 36, fill=0, anchor="rs")
    assert 1090 <= _ink(image)[2] <= 1101


def test_bold_is_wider_and_outline_adds_ink(fontset: FontSet) -> None:
    assert measure(fontset, MIXED_LINE, 30, bold=True) > measure(fontset, MIXED_LINE, 30)
    plain, draw = _canvas()
    draw_text(draw, fontset, (10, 10), GEORGIAN_LINE, 30, fill=0)
    outlined, draw = _canvas()
    draw_text(draw, fontset, (10, 10), GEORGIAN_LINE, 30, fill=0, stroke_width=3, stroke_fill=0)
    dark = lambda im: sum(1 for v in im.getdata() if v < 128)  # noqa: E731
    assert dark(outlined) > dark(plain) * 1.3


def test_measure_ignores_soft_hyphens_and_treats_breaks_as_spaces(fontset: FontSet) -> None:
    assert measure(fontset, "ин\u00adтер\u00adнет", 30) == measure(fontset, "интернет", 30)
    assert measure(fontset, "a\nb", 30) == measure(fontset, "a b", 30)
    assert measure(fontset, "", 30) == 0


def test_bad_anchor_is_refused(fontset: FontSet) -> None:
    _, draw = _canvas()
    with pytest.raises(ValueError, match="anchor"):
        draw_text(draw, fontset, (0, 0), "a", 10, fill=0, anchor="xx")


def test_pillow_faces_belong_to_their_font_set(fontset: FontSet) -> None:
    assert fontset.face(fontset.primary, 32) is fontset.face(fontset.primary, 32)
    assert fontset.face(fontset.primary, 32, True) is not fontset.face(fontset.primary, 32)
    copy = pickle.loads(pickle.dumps(fontset))  # a worker's copy opens its own faces
    assert copy == fontset and copy.face(copy.primary, 32) is not fontset.face(fontset.primary, 32)
    assert copy.face(copy.primary, 32).getlength("Pip") == fontset.face(fontset.primary, 32).getlength("Pip")


# --- wrap --------------------------------------------------------------------------------


@pytest.mark.parametrize("locale", sorted(SENTENCES))
@pytest.mark.parametrize("max_width", [70, 160, 320, 900])
def test_wrap_never_exceeds_the_width_and_keeps_every_character(fontset: FontSet, locale: str, max_width: int) -> None:
    text = SENTENCES[locale]
    lines = wrap(fontset, text, max_width, 28)
    assert lines
    for line in lines:
        assert measure(fontset, line, 28) <= max_width, line
        assert line == line.strip()
    assert "".join(lines).replace(" ", "") == normalize(text).replace(" ", "")


@pytest.mark.parametrize("locale", sorted(SENTENCES))
def test_wrap_breaks_only_at_spaces_when_words_fit(fontset: FontSet, locale: str) -> None:
    text = SENTENCES[locale]
    lines = wrap(fontset, text, 420, 28, bold=True)
    assert " ".join(lines) == normalize(text)
    assert len(lines) > 1
    for first, second in itertools.pairwise(lines):
        # The next word would not have fitted on the line before.
        assert measure(fontset, f"{first} {second.split(' ')[0]}", 28, bold=True) > 420


def test_wrap_fills_lines_greedily(fontset: FontSet) -> None:
    words = "Стоп ойла айт Стоп ойла айт Стоп ойла айт"
    lines = wrap(fontset, words, measure(fontset, "Стоп ойла айт", 30), 30)
    assert lines == ["Стоп ойла айт"] * 3


def test_wrap_keeps_no_break_spaces_together(fontset: FontSet) -> None:
    width = measure(fontset, "Ввв 5", 30) + 1
    assert wrap(fontset, "Ввв 5\u00a0км", width, 30) == ["Ввв", "5\u00a0км"]


def test_wrap_honours_line_feeds(fontset: FontSet) -> None:
    assert wrap(fontset, "Ա բ\n\nგ  დ\r\ne", 1000, 20) == ["Ա բ", "", "გ დ", "e"]
    assert wrap(fontset, "  \n ", 1000, 20) == []


def test_wrap_breaks_long_words_at_soft_hyphens(fontset: FontSet) -> None:
    word = "ин\u00adтер\u00adнет\u00adбе\u00adзо\u00adпас\u00adность"
    width = measure(fontset, "интербез", 30)
    lines = wrap(fontset, word, width, 30)
    assert len(lines) > 1
    assert all(line.endswith("-") for line in lines[:-1])
    assert "".join(line.removesuffix("-") for line in lines) == word.replace("\u00ad", "")
    assert all(measure(fontset, line, 30) <= width for line in lines)
    assert all("\u00ad" not in line for line in lines)


def test_wrap_breaks_hyphenated_words_after_the_hyphen(fontset: FontSet) -> None:
    width = measure(fontset, "Oprește-", 30) + 2
    assert wrap(fontset, "Oprește-te", width, 30) == ["Oprește-", "te"]


def test_wrap_breaks_an_unbreakable_word_anywhere_but_keeps_marks(fontset: FontSet) -> None:
    word = "ბავშვებიინტერნეტშიუსაფრთხოდ"
    width = measure(fontset, "ბავშვ", 30)
    lines = wrap(fontset, word, width, 30)
    assert "".join(lines) == word and len(lines) > 3
    assert all(measure(fontset, line, 30) <= width for line in lines)
    marked = "y\u0306" * 12  # y with a combining breve has no precomposed form
    lines = wrap(fontset, marked, measure(fontset, "y\u0306y\u0306", 30) + 1, 30)
    assert all(re.fullmatch("(y\u0306)+", line) for line in lines)
