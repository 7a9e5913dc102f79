"""Activities on paper: the child's version and the answer key, rendered to real PDFs."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pdfplumber
import pytest
from reportlab.lib.units import mm

from kitgen.model.story import FillBlank, Matching, Story
from kitgen.print.activities import (
    filled,
    key_flowables,
    matching_order,
    student_flowables,
    word_bank,
)
from kitgen.print.base import build_document, setup
from kitgen.print.styles import MEASURES
from kitgen.print.workbook import body_template, frame_size

from .conftest import tiny_story_data

ROOT = Path(__file__).resolve().parents[2]


def matching(activity_id: str, count: int) -> Matching:
    pairs = [{"left": f"left {n}", "right": f"right {n}"} for n in range(count)]
    return Matching.model_validate({"type": "matching", "id": activity_id, "title": "t", "instructions": "i", "pairs": pairs})


def render(make_request, tmp_path: Path, name: str, flowables_for) -> tuple[str, list[dict]]:
    """Render the flowables ``flowables_for(ps, activity, number, width)`` makes for every activity
    of the tiny story; return the PDF's text (whitespace collapsed) and its curves."""
    request = make_request(output=tmp_path / f"{name}.pdf")
    ps = setup(request)
    width, _ = frame_size(ps)
    flowables = []
    for number, activity in enumerate(ps.story.activities, 1):
        flowables += flowables_for(ps, activity, number, width)
    build_document(ps, flowables, name, [body_template(ps, ps.paper)])
    with pdfplumber.open(request.output) as pdf:
        text = " ".join(page.extract_text() for page in pdf.pages)
        curves = [curve for page in pdf.pages for curve in page.curves]
    return re.sub(r"\s+", " ", text), curves


@pytest.fixture
def story() -> Story:
    return Story.model_validate(tiny_story_data())


@pytest.fixture
def student(make_request, tmp_path: Path) -> tuple[str, list[dict]]:
    return render(make_request, tmp_path, "student", student_flowables)


@pytest.fixture
def key(make_request, tmp_path: Path) -> str:
    return render(make_request, tmp_path, "key", lambda ps, a, n, w: key_flowables(ps, a, n))[0]


# -- deterministic order ----------------------------------------------------------------------

@pytest.mark.parametrize("count", range(2, 9))
def test_no_right_item_stays_beside_its_own_left_item(count: int) -> None:
    order = matching_order(matching("pairs", count))
    assert sorted(order) == list(range(count))
    assert all(row != pair for row, pair in enumerate(order))


def test_matching_order_depends_on_the_id_only() -> None:
    assert matching_order(matching("what-to-do", 5)) == matching_order(matching("what-to-do", 5))
    orders = {matching_order(matching(f"activity-{n}", 5)) for n in range(10)}
    assert len(orders) > 1


def test_orders_are_the_same_in_a_fresh_process_with_another_hash_seed() -> None:
    code = (
        "from tests.print.test_activities import matching;"
        "from kitgen.print.activities import matching_order, word_bank;"
        "from kitgen.model.story import FillBlank;"
        "f = FillBlank.model_validate({'type': 'fill_blank', 'id': 'bank', 'title': 't', 'instructions': 'i',"
        " 'sentences': [{'text': 'a {blank}', 'answer': w} for w in ('one', 'two', 'three')], 'extra_words': ['four', 'five']});"
        "print(matching_order(matching('what-to-do', 6)), word_bank(f))"
    )
    outputs = {
        subprocess.run([sys.executable, "-c", code], cwd=ROOT, env={**os.environ, "PYTHONHASHSEED": seed},
                       capture_output=True, text=True, check=True).stdout
        for seed in ("1", "2")
    }
    assert len(outputs) == 1


def test_word_bank_holds_every_answer_and_extra_word_once() -> None:
    activity = FillBlank.model_validate({
        "type": "fill_blank", "id": "bank", "title": "t", "instructions": "i",
        "sentences": [{"text": "I {blank}.", "answer": "tell"}, {"text": "A {blank}.", "answer": "key"}, {"text": "B {blank}.", "answer": "tell"}],
        "extra_words": ["gems", "key"],
    })
    bank = word_bank(activity)
    assert sorted(bank) == ["gems", "key", "tell"]
    assert word_bank(activity) == bank


def test_filled_replaces_only_the_blank() -> None:
    assert filled("Keep your password {blank}.", "secret") == "Keep your password secret."


# -- the child's version ----------------------------------------------------------------------

def boxes(curves: list[dict]) -> list[dict]:
    size = MEASURES.tick_box
    return [c for c in curves if abs((c["x1"] - c["x0"]) - size) < 1 and abs((c["bottom"] - c["top"]) - size) < 1]


def test_every_activity_is_laid_out_with_its_words_and_boxes(student, story: Story) -> None:
    text, curves = student
    choose, judge, match, fill, sort, _, promise = story.activities
    for activity in story.activities:
        assert activity.title in text and activity.instructions in text
    assert all(option.text in text for option in choose.options)
    assert all(statement.text in text for statement in judge.statements)
    assert all(pair.left in text and pair.right in text for pair in match.pairs)
    assert all(word in text for word in word_bank(fill))
    assert all(item.text in text for item in sort.items)
    assert all(item in text for item in promise.items)
    # One box per option, two per statement and per item to sort, one per promise.
    expected = len(choose.options) + 2 * len(judge.statements) + 2 * len(sort.items) + len(promise.items)
    assert len(boxes(curves)) == expected


def test_the_drawing_box_has_the_height_of_the_activity(student, story: Story) -> None:
    _, curves = student
    draw = next(a for a in story.activities if a.type == "drawing")
    frames = [c for c in curves if c["bottom"] - c["top"] > 20 * mm]
    assert len(frames) == 1
    assert frames[0]["bottom"] - frames[0]["top"] == pytest.approx(draw.height * mm, abs=1.5)


def test_the_child_sees_no_answers(student, story: Story) -> None:
    text, _ = student
    fill = next(a for a in story.activities if a.type == "fill_blank")
    match = next(a for a in story.activities if a.type == "matching")
    assert "\u2713" not in text and "\u2192" not in text
    for sentence in fill.sentences:
        before, _, after = sentence.text.partition("{blank}")
        assert before.strip() in text and after.strip() in text
        assert filled(sentence.text, sentence.answer) not in text
    for row, pair in enumerate(match.pairs):
        assert f"{row + 1}. {pair.left}" in text
        assert f"{pair.left} {pair.right}" not in text


# -- the answer key ---------------------------------------------------------------------------

def test_the_key_states_every_answer_from_the_activity_data(key: str, story: Story) -> None:
    choose, judge, _, fill, sort, _, _ = story.activities
    for option in choose.options:
        assert (f"\u2713 {option.text}" in key) is option.correct
    for n, statement in enumerate(judge.statements, 1):
        assert f"{n}. {statement.text} \u2014 {'True' if statement.answer else 'False'}" in key
    for sentence in fill.sentences:
        assert filled(sentence.text, sentence.answer) in key
    safe = "; ".join(item.text for item in sort.items if item.safe)
    unsafe = "; ".join(item.text for item in sort.items if not item.safe)
    assert f"Safe: {safe}" in key and f"Unsafe: {unsafe}" in key
    assert key.count("Answers will vary") == 2


def test_the_key_letters_match_the_workbook_rows(student, key: str, story: Story) -> None:
    text, _ = student
    match = next(a for a in story.activities if a.type == "matching")
    for n, pair in enumerate(match.pairs, 1):
        letter = re.search(rf"([A-H])\. {re.escape(pair.right)}", text).group(1)
        assert f"{n}. {pair.left} \u2192 {letter}. {pair.right}" in key


def test_matching_letters_follow_the_locale_alphabet():
    from kitgen.print.activities import letters

    assert letters("en")[:3] == "ABC"
    assert letters("uz-Latn")[:3] == "ABC"
    assert letters("kk")[:3] == "АБВ"
    assert letters("hy")[:3] == "ԱԲԳ"
    assert letters("ka")[:3] == "აბგ"
    assert all(len(letters(code)) >= 8 for code in ("en", "ru", "hy", "ka"))
