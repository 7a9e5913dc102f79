"""Activities on paper: the child's page in the workbook and the answer key in the teacher's guide.

Both are made from the same activity data, so an answer is never typed twice. The child's
version has tick boxes, write-on lines, a shuffled matching column and a word bank, and no
answers; :func:`key_flowables` states the answers.

Shuffles are seeded by the activity id: the same story gives the same workbook every time,
and the answer key's letters match the workbook's.

API
    ``student_flowables(ps, activity, number, width) -> list[Flowable]``
    ``key_flowables(ps, activity, number) -> list[Flowable]``
    ``matching_order(activity) -> tuple[int, ...]``, ``word_bank(activity) -> tuple[str, ...]``,
    ``filled(sentence, word) -> str``, ``BLANK``
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Sequence

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from kitgen.model.story import (
    Drawing,
    FillBlank,
    Matching,
    MultipleChoice,
    Pledge,
    Sort,
    TrueFalse,
)
from kitgen.print.base import PrintSetup, text_paragraph
from kitgen.print.styles import MEASURES as M
from kitgen.text.pdf import (
    base_font_name,
    paragraph_markup,
    pdf_font_name,
    string_width,
)

BLANK = "{blank}"
# Labels of the right-hand column of a matching activity, in the alphabet children of the
# locale learn first (Matching has at most 8 pairs).
_ALPHABETS = {
    "Cyrl": "АБВГДЕЖИ",
    "Armn": "ԱԲԳԴԵԶԷԸ",
    "Geor": "აბგდევზთ",
    "Latn": "ABCDEFGH",
}
_CYRILLIC = {"ru", "kk", "ky", "tg", "be", "uk"}


def letters(locale: str) -> str:
    language = locale.split("-")[0]
    script = "Armn" if language == "hy" else "Geor" if language == "ka" else "Cyrl" if language in _CYRILLIC else "Latn"
    return _ALPHABETS[script]
TICK = "\u2713"
ARROW = "\u2192"
DASH = "\u2014"
#: The most words in one row of a word bank.
WORDS_PER_ROW = 4


# -- deterministic order ----------------------------------------------------------------------

def _rng(seed: str) -> random.Random:
    return random.Random(int.from_bytes(hashlib.sha256(seed.encode("utf-8")).digest()[:8], "big"))


def matching_order(activity: Matching) -> tuple[int, ...]:
    """The right column's order: ``order[row]`` is the pair shown in that row.

    A shuffle seeded by the activity id in which no right item stays beside its own left item.
    """
    count = len(activity.pairs)
    rng = _rng(f"matching:{activity.id}")
    order = list(range(count))
    for _ in range(100):
        rng.shuffle(order)
        if all(row != pair for row, pair in enumerate(order)):
            return tuple(order)
    return tuple((row + 1) % count for row in range(count))


def word_bank(activity: FillBlank) -> tuple[str, ...]:
    """The answers and the extra words, each once, shuffled by the activity id."""
    words = list(dict.fromkeys([s.answer for s in activity.sentences] + list(activity.extra_words)))
    words.sort()
    _rng(f"word-bank:{activity.id}").shuffle(words)
    return tuple(words)


def filled(sentence: str, word: str) -> str:
    return sentence.replace(BLANK, word, 1)


def table_font(ps: PrintSetup) -> tuple:
    """The table command that keeps reportlab from selecting its default (unembedded) Helvetica."""
    return ("FONTNAME", (0, 0), (-1, -1), base_font_name(ps.fontset))


# -- small drawn pieces -----------------------------------------------------------------------

class TickBox(Flowable):
    """An empty square to tick, with rounded corners."""

    def __init__(self, ps: PrintSetup, size: float = M.tick_box) -> None:
        super().__init__()
        self.size, self.colour = size, ps.styles.palette.ink
        self.width = self.height = size

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        self.canv.setStrokeColor(self.colour)
        self.canv.setLineWidth(M.rule)
        self.canv.roundRect(0, 0, self.size, self.size, self.size / 6, stroke=1, fill=0)


class Dot(Flowable):
    """The dot at the inner edge of a matching item, where a line starts or ends."""

    def __init__(self, ps: PrintSetup, radius: float = 2.6) -> None:
        super().__init__()
        self.radius, self.colour = radius, ps.styles.palette.ink
        self.width = self.height = 2 * radius

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        self.canv.setFillColor(self.colour)
        self.canv.circle(self.radius, self.radius, self.radius, stroke=0, fill=1)


class WriteLine(Flowable):
    """A line to write on, ``height`` tall, drawn along its bottom."""

    def __init__(self, ps: PrintSetup, width: float | None = None, height: float = M.write_line) -> None:
        super().__init__()
        self.fixed, self.colour = width, ps.styles.palette.ink
        self.width, self.height = width or 0, height

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = self.fixed or available_width
        return self.width, self.height

    def draw(self) -> None:
        self.canv.setStrokeColor(self.colour)
        self.canv.setLineWidth(M.hairline)
        self.canv.line(0, 1, self.width, 1)


class DrawingBox(Flowable):
    """The frame a child draws in, with a pale hint at the top; shorter when the page is."""

    def __init__(self, ps: PrintSetup, height: float) -> None:
        super().__init__()
        self.wanted, self.hint = height, text_paragraph(ps, ps.t("Draw your answer here"), "DrawHint")
        self.colour = ps.styles.palette.rule
        self.width = self.height = 0.0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width, self.height = available_width, min(self.wanted, max(available_height, self.wanted / 2))
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        return []

    def draw(self) -> None:
        self.canv.setStrokeColor(self.colour)
        self.canv.setLineWidth(M.rule)
        self.canv.setDash(4, 3)
        self.canv.roundRect(0, 0, self.width, self.height, M.corner, stroke=1, fill=0)
        self.canv.setDash()
        _, h = self.hint.wrap(self.width - 2 * M.gap, self.height)
        self.hint.drawOn(self.canv, M.gap, self.height - M.gap - h)


# -- the child's version ----------------------------------------------------------------------

def header(ps: PrintSetup, activity, number: int) -> list[Flowable]:
    return [
        text_paragraph(ps, ps.t("Activity {number}", number=number), "ActivityNumber"),
        text_paragraph(ps, activity.title, "ActivityTitle"),
        text_paragraph(ps, activity.instructions, "ActivityInstructions"),
    ]


def student_flowables(ps: PrintSetup, activity, number: int, width: float) -> list[Flowable]:
    """The activity as a child answers it on paper. Contains no answers."""
    body = _STUDENT[type(activity)](ps, activity, width)
    return [KeepTogether(header(ps, activity, number) + body), Spacer(1, 2 * M.gap)]


def _grid(ps: PrintSetup, rows: list[list], widths: Sequence[float], commands: Sequence[tuple] = (), padding: float = 4) -> Table:
    table = Table(rows, colWidths=list(widths), hAlign="LEFT")
    table.setStyle(TableStyle([
        table_font(ps),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), padding),
        ("BOTTOMPADDING", (0, 0), (-1, -1), padding),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        *commands,
    ]))
    return table


def _multiple_choice(ps: PrintSetup, activity: MultipleChoice, width: float) -> list[Flowable]:
    box = M.tick_box + 4 * M.hairline + 10
    rows = [[TickBox(ps), text_paragraph(ps, option.text, "Answer")] for option in activity.options]
    return [text_paragraph(ps, activity.question, "Question"), _grid(ps, rows, [box, width - box], [("ALIGN", (0, 0), (0, -1), "CENTER")])]


def _two_boxes(ps: PrintSetup, labels: tuple[str, str], items: Sequence[str], width: float, tints: tuple | None = None) -> Table:
    column = max(M.answer_column, max(string_width(ps.fontset, label, ps.styles["ColumnHeader"].fontSize, bold=True) for label in labels) + 10)
    rows = [[""] + [text_paragraph(ps, label, "ColumnHeader") for label in labels]]
    rows += [[text_paragraph(ps, item, "Answer"), TickBox(ps), TickBox(ps)] for item in items]
    rule = ps.styles.palette.rule
    commands = [
        ("ALIGN", (1, 0), (-1, -1), "CENTER"),
        ("LINEBELOW", (0, 1), (-1, -2), M.hairline, rule),
        ("LINEBELOW", (0, 0), (-1, 0), M.rule, ps.styles.palette.ink),
    ]
    if tints:
        commands += [("BACKGROUND", (1, 0), (1, -1), tints[0]), ("BACKGROUND", (2, 0), (2, -1), tints[1])]
    return _grid(ps, rows, [width - 2 * column, column, column], commands, padding=5)


def _true_false(ps: PrintSetup, activity: TrueFalse, width: float) -> list[Flowable]:
    items = [f"{n}. {s.text}" for n, s in enumerate(activity.statements, 1)]
    return [_two_boxes(ps, (ps.t("True"), ps.t("False")), items, width)]


def _sort(ps: PrintSetup, activity: Sort, width: float) -> list[Flowable]:
    tints = (ps.styles.palette.safe, ps.styles.palette.unsafe)
    return [_two_boxes(ps, (ps.t("Safe"), ps.t("Unsafe")), [item.text for item in activity.items], width, tints)]


def _matching(ps: PrintSetup, activity: Matching, width: float) -> list[Flowable]:
    order = matching_order(activity)
    dot, gap = M.dot_column, width * 0.18
    item = (width - gap - 2 * dot) / 2
    rows = []
    for row, pair_index in enumerate(order):
        left = activity.pairs[row].left
        right = activity.pairs[pair_index].right
        rows.append([
            text_paragraph(ps, f"{row + 1}. {left}", "Answer"), Dot(ps), "", Dot(ps),
            text_paragraph(ps, f"{letters(ps.locale)[row]}. {right}", "Answer"),
        ])
    panel = ps.styles.palette.panel
    commands = [
        ("ALIGN", (1, 0), (3, -1), "CENTER"),
        ("BACKGROUND", (0, 0), (0, -1), panel),
        ("BACKGROUND", (4, 0), (4, -1), panel),
        ("LINEBELOW", (0, 0), (-1, -2), 7, colors.white),
        ("LEFTPADDING", (0, 0), (0, -1), 6),
        ("LEFTPADDING", (4, 0), (4, -1), 6),
    ]
    return [_grid(ps, rows, [item, dot, gap, dot, item], commands, padding=7)]


def blank_markup(ps: PrintSetup, style: str) -> str:
    """A write-on line inside a sentence: underlined no-break spaces in the base font."""
    size = ps.styles[style].fontSize
    space = string_width(ps.fontset, "\u00a0", size) or size / 4
    count = max(8, round(M.blank / space))
    font = pdf_font_name(ps.fontset.primary)
    return f'<font name="{font}"><u width="{M.rule}" offset="-3">{chr(0xA0) * count}</u></font>'


def sentence_markup(ps: PrintSetup, sentence: str, insert: str) -> str:
    before, _, after = sentence.partition(BLANK)
    return paragraph_markup(ps.fontset, before) + insert + paragraph_markup(ps.fontset, after)


def _fill_blank(ps: PrintSetup, activity: FillBlank, width: float) -> list[Flowable]:
    words = word_bank(activity)
    inner = width - 2 * M.gap
    widest = max(string_width(ps.fontset, word, ps.styles["WordBank"].fontSize, bold=True) for word in words)
    fitting = max(1, min(WORDS_PER_ROW, int(inner // (widest + 4 * M.gap))))
    per_row = -(-len(words) // -(-len(words) // fitting))
    cells = [text_paragraph(ps, word, "WordBank") for word in words]
    cells += [""] * (-len(cells) % per_row)
    rows = [cells[i:i + per_row] for i in range(0, len(cells), per_row)]
    bank = _grid(ps, rows, [inner / per_row] * per_row)
    accent = ps.styles.palette.accent
    box = Table([[text_paragraph(ps, ps.t("Word bank"), "WordBankTitle")], [bank]], colWidths=[width], hAlign="LEFT")
    box.setStyle(TableStyle([
        table_font(ps),
        ("ROUNDEDCORNERS", [M.corner] * 4),
        ("BOX", (0, 0), (-1, -1), M.rule, accent),
        ("BACKGROUND", (0, 0), (-1, -1), ps.styles.palette.panel),
        ("LEFTPADDING", (0, 0), (-1, -1), M.gap),
        ("RIGHTPADDING", (0, 0), (-1, -1), M.gap),
    ]))
    blank = blank_markup(ps, "BlankSentence")
    sentences = [
        Paragraph(paragraph_markup(ps.fontset, f"{n}. ") + sentence_markup(ps, s.text, blank), ps.styles["BlankSentence"])
        for n, s in enumerate(activity.sentences, 1)
    ]
    return [box, Spacer(1, M.gap), *sentences]


def _drawing(ps: PrintSetup, activity: Drawing, width: float) -> list[Flowable]:
    return [DrawingBox(ps, activity.height * mm)]


def _pledge(ps: PrintSetup, activity: Pledge, width: float) -> list[Flowable]:
    box = M.tick_box + 10
    rows = [[TickBox(ps), text_paragraph(ps, item, "Promise")] for item in activity.items]
    half = (width - 2 * M.gap) / 2
    signature = _grid(
        ps,
        [[WriteLine(ps, None, M.signature_line), "", WriteLine(ps, None, M.signature_line)],
         [text_paragraph(ps, ps.t("Signature"), "FieldLabel"), "", text_paragraph(ps, ps.t("Date"), "FieldLabel")]],
        [half, 2 * M.gap, half], [("VALIGN", (0, 0), (-1, -1), "BOTTOM")], padding=1,
    )
    return [
        text_paragraph(ps, ps.t("I promise"), "PromiseTitle"),
        _grid(ps, rows, [box, width - box], [("ALIGN", (0, 0), (0, -1), "CENTER")]),
        Spacer(1, 2 * M.gap),
        signature,
    ]


_STUDENT = {
    MultipleChoice: _multiple_choice, TrueFalse: _true_false, Matching: _matching,
    FillBlank: _fill_blank, Sort: _sort, Drawing: _drawing, Pledge: _pledge,
}


# -- the answer key ---------------------------------------------------------------------------

def key_flowables(ps: PrintSetup, activity, number: int) -> list[Flowable]:
    """The answers to ``activity``, numbered and lettered as in the workbook."""
    title = f"{ps.t('Activity {number}', number=number)} {DASH} {activity.title}"
    lines = [_key_line(ps, parts) for parts in _KEY[type(activity)](ps, activity)]
    return [KeepTogether([text_paragraph(ps, title, "KeyTitle"), *lines])]


def _key_line(ps: PrintSetup, parts: Sequence[tuple[str, bool]] | str) -> Paragraph:
    """A key line from (text, bold) parts; a plain string is a muted line (the question)."""
    if isinstance(parts, str):
        return text_paragraph(ps, parts, "KeyQuestion")
    return Paragraph("".join(paragraph_markup(ps.fontset, text, bold) for text, bold in parts), ps.styles["KeyLine"])


def _key_multiple_choice(ps: PrintSetup, activity: MultipleChoice) -> list:
    return [activity.question] + [[(f"{TICK} {option.text}", True)] for option in activity.options if option.correct]


def _key_true_false(ps: PrintSetup, activity: TrueFalse) -> list:
    return [
        [(f"{n}. {s.text} {DASH} ", False), (ps.t("True") if s.answer else ps.t("False"), True)]
        for n, s in enumerate(activity.statements, 1)
    ]


def _key_matching(ps: PrintSetup, activity: Matching) -> list:
    row_of = {pair: row for row, pair in enumerate(matching_order(activity))}
    return [
        [(f"{n}. {pair.left} {ARROW} ", False), (f"{letters(ps.locale)[row_of[n - 1]]}. {pair.right}", True)]
        for n, pair in enumerate(activity.pairs, 1)
    ]


def _key_fill_blank(ps: PrintSetup, activity: FillBlank) -> list:
    lines = []
    for n, sentence in enumerate(activity.sentences, 1):
        before, _, after = sentence.text.partition(BLANK)
        lines.append([(f"{n}. {before}", False), (sentence.answer, True), (after, False)])
    return lines


def _key_sort(ps: PrintSetup, activity: Sort) -> list:
    return [
        [(f"{ps.t(label)}: ", True), ("; ".join(item.text for item in activity.items if item.safe is safe), False)]
        for label, safe in (("Safe", True), ("Unsafe", False))
    ]


def _key_open(ps: PrintSetup, activity: Drawing | Pledge) -> list:
    return [[(ps.t("Answers will vary"), False)]]


_KEY = {
    MultipleChoice: _key_multiple_choice, TrueFalse: _key_true_false, Matching: _key_matching,
    FillBlank: _key_fill_blank, Sort: _key_sort, Drawing: _key_open, Pledge: _key_open,
}
