from __future__ import annotations

import pytest
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from kitgen.print.fit import TextDoesNotFit, fit_paragraph, measure, sized_style, sizes
from kitgen.text.fontset import default_fonts_dir, load_fontset
from kitgen.text.pdf import paragraph_markup

FONTS = load_fontset(default_fonts_dir())
BODY = ParagraphStyle("FitBody", fontName="Andika", fontSize=10, leading=12.5, hyphenationLang="", embeddedHyphenation=1)


def markup(text: str) -> str:
    return paragraph_markup(FONTS, text)


def test_sizes_step_down_to_the_floor():
    assert sizes(10, 7) == [10, 9.5, 9, 8.5, 8, 7.5, 7]
    assert sizes(10, 8.2) == [10, 9.5, 9, 8.5, 8.2]
    assert sizes(10, 10) == [10]


def test_short_text_keeps_the_style_size():
    fitted = fit_paragraph(markup("Keep your password secret."), BODY, 150, 40, 7)
    assert fitted.size == 10
    assert fitted.height == pytest.approx(12.5)


def test_long_text_shrinks_but_not_below_the_floor():
    text = "Ask a grown-up before you share any photo of yourself, your home or your school with anyone."
    big = fit_paragraph(markup(text), BODY, 150, 200, 7)
    small = fit_paragraph(markup(text), BODY, 150, 40, 7)
    assert big.size == 10
    assert 7 <= small.size < 10
    assert small.height <= 40
    assert small.paragraph.style.leading == pytest.approx(12.5 * small.size / 10)


def test_overflow_below_the_floor_says_by_how_much():
    text = "Never type your home address, school or phone number into a game or a chat. " * 4
    with pytest.raises(TextDoesNotFit) as info:
        fit_paragraph(markup(text), BODY, 150, 30, 7)
    exc = info.value
    assert exc.direction == "height" and exc.floor == 7
    height, _ = measure(Paragraph(markup(text), sized_style(BODY, 7)), 150)
    assert exc.overflow == pytest.approx(height - 30, abs=0.01)
    assert f"by {exc.overflow:.1f} pt at the 7 pt floor" in exc.describe("body")


def test_word_wider_than_the_box_is_an_overflow_not_a_split():
    word = "Kinderdatenschutzbeauftragtenbüro"
    with pytest.raises(TextDoesNotFit) as info:
        fit_paragraph(markup(word), BODY, 60, 200, 7)
    assert info.value.direction == "width"
    assert info.value.overflow > 0
    assert "soft hyphen" in info.value.describe("title")


def test_soft_hyphens_let_a_long_word_break_in_any_language():
    word = "Kinder\u00addaten\u00adschutz\u00adbeauftragten\u00adbüro"
    fitted = fit_paragraph(markup(word), BODY, 60, 200, 7)
    lines = fitted.paragraph.blPara.lines
    assert len(lines) > 1
    assert fitted.size > 7


def test_pyphen_hyphenates_where_it_has_the_language():
    text = "Безопасность"
    plain = ParagraphStyle("NoHyphens", parent=BODY)
    russian = ParagraphStyle("Russian", parent=BODY, hyphenationLang="ru_RU")
    with pytest.raises(TextDoesNotFit):
        fit_paragraph(markup(text), plain, 48, 200, 10)
    fitted = fit_paragraph(markup(text), russian, 48, 200, 10)
    assert fitted.size == 10
