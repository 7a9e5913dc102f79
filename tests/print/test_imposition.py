from __future__ import annotations

import pytest
from reportlab.lib.pagesizes import A4, LETTER

from kitgen.errors import OptionError
from kitgen.print.imposition import MM, impose, parse_length

POKER = (63.0, 88.0)


@pytest.mark.parametrize(
    ("text", "mm"),
    [("3mm", 3.0), ("3 mm", 3.0), ("0.3cm", 3.0), ("0.125in", 3.175), ("9pt", 3.175), ("2.5", 2.5), ("0", 0.0), (3, 3.0), (1.5, 1.5)],
)
def test_parse_length(text, mm):
    assert parse_length(text) == pytest.approx(mm)


@pytest.mark.parametrize("bad", ["3 furlongs", "-3mm", "mm", "", "three", -1, float("nan"), True])
def test_parse_length_rejects(bad):
    with pytest.raises(OptionError) as info:
        parse_length(bad)
    assert "3mm" in info.value.message


@pytest.mark.parametrize("paper", [A4, LETTER])
def test_poker_cards_nine_up_portrait_centred(paper):
    layout = impose(paper, POKER, 0.0, "long", crop_marks=True)
    assert (layout.cols, layout.rows, layout.per_sheet) == (3, 3, 9)
    assert layout.page == paper
    grid = layout.grid
    assert grid.x == pytest.approx(paper[0] - grid.right)
    assert grid.y == pytest.approx(paper[1] - grid.top)
    assert grid.width == pytest.approx(3 * 63 * MM)
    first = layout.trim((0, 0))
    assert (first.x, first.top) == pytest.approx((grid.x, grid.top))
    assert (first.width, first.height) == pytest.approx((63 * MM, 88 * MM))


def test_bleed_widens_cells_and_keeps_marks_on_the_sheet():
    layout = impose(A4, POKER, 3.0, "long", crop_marks=True)
    assert layout.cell == pytest.approx((69 * MM, 94 * MM))
    # Three 69 mm columns leave no room for crop marks on portrait A4 (6 cards); landscape holds 8.
    assert layout.landscape and (layout.cols, layout.rows) == (4, 2)
    trim, bleed = layout.trim_box(), layout.grid
    assert trim.x - bleed.x == pytest.approx(3 * MM)
    assert trim.width == pytest.approx(4 * 69 * MM - 6 * MM)
    assert bleed.x >= 6 * MM and bleed.y >= 6 * MM


def test_other_card_sizes_fill_the_sheet():
    mini = impose(A4, (44.0, 68.0), 0.0, "none", crop_marks=True)
    assert (mini.cols, mini.rows) == (4, 4)
    landscape_cards = impose(A4, (88.0, 63.0), 0.0, "none", crop_marks=True)
    assert landscape_cards.landscape and landscape_cards.per_sheet == 9
    assert landscape_cards.cols * 88 * MM <= landscape_cards.page[0]


def test_long_edge_mirrors_columns_short_edge_mirrors_rows():
    long_edge = impose(A4, POKER, 0.0, "long", crop_marks=True)
    assert long_edge.back_slot((0, 0)) == (0, 2)
    assert long_edge.back_slot((1, 2)) == (1, 0)
    assert long_edge.back_slot((2, 1)) == (2, 1)
    short_edge = impose(A4, POKER, 0.0, "short", crop_marks=True)
    assert short_edge.back_slot((0, 0)) == (2, 0)
    assert short_edge.back_slot((1, 2)) == (1, 2)


def test_mirrored_cell_lies_exactly_behind_its_front():
    layout = impose(LETTER, POKER, 0.0, "long", crop_marks=True)
    for slot in layout.front_slots():
        front, back = layout.trim(slot), layout.trim(layout.back_slot(slot))
        assert back.x == pytest.approx(layout.page[0] - front.right)
        assert back.y == pytest.approx(front.y)


def test_landscape_sheet_turns_long_edge_about_the_rows():
    layout = impose(A4, (88.0, 63.0), 0.0, "long", crop_marks=True)
    assert layout.landscape
    assert layout.back_slot((0, 0)) == (layout.rows - 1, 0)


def test_foldover_puts_fronts_and_backs_on_one_sheet():
    layout = impose(A4, POKER, 0.0, "foldover", crop_marks=True)
    assert layout.landscape and layout.fold == "vertical"
    assert (layout.cols, layout.rows, layout.per_sheet) == (4, 2, 4)
    assert layout.front_slots() == [(0, 0), (0, 1), (1, 0), (1, 1)]
    assert layout.back_slot((0, 0)) == (0, 3)
    assert layout.back_slot((1, 1)) == (1, 2)
    fold = layout.fold_line()
    assert fold[0] == pytest.approx(layout.page[0] / 2)
    front, back = layout.trim((0, 1)), layout.trim((0, 2))
    assert front.right == pytest.approx(fold[0]) and back.x == pytest.approx(fold[0])
    assert not layout.back_rotated


def test_foldover_with_horizontal_fold_rotates_backs():
    layout = impose(A4, (63.0, 60.0), 0.0, "foldover", crop_marks=True)
    assert layout.fold == "horizontal"
    assert layout.back_rotated
    assert layout.back_slot((0, 0)) == (layout.rows - 1, 0)


def test_cut_lines_shared_without_bleed_doubled_with_it():
    plain = impose(A4, POKER, 0.0, "long", crop_marks=True)
    xs, ys = plain.cut_lines()
    assert (len(xs), len(ys)) == (4, 4)
    bled = impose(A4, POKER, 3.0, "long", crop_marks=True)
    xs, ys = bled.cut_lines()
    assert (len(xs), len(ys)) == (2 * bled.cols, 2 * bled.rows)


@pytest.mark.parametrize(
    ("card", "bleed", "mode", "words"),
    [((290.0, 88.0), 0.0, "long", "does not fit"), ((120.0, 200.0), 0.0, "foldover", "twice"), (POKER, 12.0, "long", "out of range")],
)
def test_impossible_layouts_are_option_errors(card, bleed, mode, words):
    with pytest.raises(OptionError, match=words):
        impose(A4, card, bleed, mode, crop_marks=True)


def test_unknown_duplex_suggests_the_closest():
    with pytest.raises(OptionError, match="did you mean 'short'"):
        impose(A4, POKER, 0.0, "shrt", crop_marks=True)
