"""Subtitle cues from the spoken lines, and the SRT and WebVTT files made of them.

Rules, for every language:

- a cue has at most :data:`MAX_LINES` lines of at most :data:`MAX_CHARS` characters
  (combining marks do not count), broken at a space: after a sentence if one fits, else
  after a clause, else where the two lines are most balanced (see :func:`wrap`);
- a line too long for one cue becomes several cues, cut at sentence ends first, then at clause
  marks (``, ; : – —``, the Armenian ``՝ ․``, the Arabic-script ``، ؛``, ...), and between
  two words only inside a clause that fits no cue on its own (see :func:`split`);
- each cue of a line is timed by its share of the line's characters within the line's audio;
- a line's first cue starts exactly when its audio starts (rounded up to the millisecond, so
  it is never shown early) and its last cue stays until the line ends plus :data:`HOLD`, at
  least :data:`MIN_SHOWN` seconds when there is room, never past the next line's start.

A single word longer than :data:`MAX_CHARS` (a web address) is cut into pieces. No-break
spaces (U+00A0, U+202F, U+2007) are kept and never broken.

The SRT and WebVTT writers are hand-written on purpose: WebVTT needs ``&``, ``<`` and ``>``
escaped and the speaker as a ``<v Name>`` voice span, which pysubs2's WebVTT writer (SubRip
with dots) does neither of, and its text preparation rewrites ASS syntax that can occur in
story text (``{...}`` is dropped, a literal ``\\N`` becomes a line break). The tests parse
both files back with pysubs2.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from typing import Iterable, Sequence

from kitgen.video.timeline import PlacedLine

MAX_CHARS = 42
MAX_LINES = 2
HOLD = 0.3
MIN_SHOWN = 1.0

_SPACE = re.compile(r"\s+")
_BREAKABLE_SPACE = re.compile(r"[^\S\u00a0\u202f\u2007]+")
# After these a sentence ends: with the Armenian full stop, the Georgian paragraph separator,
# the Arabic question mark and the CJK full stop.
_SENTENCE_END = ".!?…։჻؟。‼⁇⁈⁉"
# After these a clause ends: with the Armenian comma (but) and mijaket, the Arabic comma and
# semicolon, the ideographic comma. A dash standing alone between spaces ends a clause too.
_CLAUSE_END = ",;:–—՝․،؛、"
# Closing quotes and brackets that may follow the mark: «Стоп!» ends a sentence.
_CLOSING = "\"'»”’›)]}"

# How strong the boundary after a word is: where a cue or a cue's line may be cut.
WORD, CLAUSE, SENTENCE = 0, 1, 2
_SHORTEST = 6  # a line break at a sentence or clause end leaves lines at least this long


@dataclass(frozen=True)
class Cue:
    start: float
    end: float
    lines: tuple[str, ...]
    speaker: str | None = None  # the character's display name, for WebVTT voice tags
    key: str | None = None  # the spoken line's key, ``<episode>/<scene>/<line>``

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    @property
    def characters(self) -> int:
        """Characters as a reader counts them: spaces count, the line break counts as one space,
        combining marks do not (see :func:`length`)."""
        return length(" ".join(self.lines))

    @property
    def duration(self) -> float:
        return self.end - self.start


def length(text: str) -> int:
    """Characters as a reader counts them: combining marks are part of their letter."""
    return sum(1 for char in text if not unicodedata.category(char).startswith("M"))


def clean(text: str) -> str:
    """NFC, soft hyphens and invisible format characters removed, whitespace collapsed."""
    return _SPACE.sub(" ", _tidy(text)).strip()


def _tidy(text: str) -> str:
    """:func:`clean`, but no-break spaces stay: they must not be broken."""
    text = unicodedata.normalize("NFC", text).replace("\u00ad", "")
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf" or ch in "\u200d")
    return _BREAKABLE_SPACE.sub(" ", text).strip()


def boundary(word: str) -> int:
    """How strong the boundary after ``word`` is: :data:`SENTENCE`, :data:`CLAUSE` or :data:`WORD`."""
    core = word.rstrip(_CLOSING)
    if not core:
        return WORD
    if core[-1] in _SENTENCE_END:
        return SENTENCE
    if core[-1] in _CLAUSE_END:
        return CLAUSE
    return WORD


def wrap(text: str, max_chars: int = MAX_CHARS) -> tuple[str, ...] | None:
    """``text`` as one line, or two lines broken at a space; None when it does not fit.

    The break goes after a sentence if one fits, else after a clause, else between words,
    unless that leaves a line shorter than :data:`_SHORTEST` characters; at the same level the
    most balanced break wins (a longer top line, or a line ending in a one- or two-letter
    word such as "в" or "to", counts as a little less balanced).
    """
    text = _tidy(text)
    if length(text) <= max_chars:
        return (text,) if text else ()
    words = text.split(" ")
    strengths = _strengths(words)
    total = length(text)
    best: tuple[int, int, int] | None = None  # (-level, imbalance, break)
    head = -1
    for k, word in enumerate(words[:-1], 1):
        head += length(word) + 1
        tail = total - head - 1
        if head > max_chars:
            break
        if tail > max_chars:
            continue
        level = strengths[k] if min(head, tail) >= _SHORTEST else WORD
        imbalance = abs(head - tail) + (1 if head > tail else 0) + (4 if _dangles(word, strengths[k]) else 0)
        candidate = (-level, imbalance, k)
        if best is None or candidate < best:
            best = candidate
    if best is None:
        return None
    return " ".join(words[: best[2]]), " ".join(words[best[2] :])


def _dangles(word: str, strength: int) -> bool:
    """A plain break after a one- or two-letter word: a preposition or conjunction left hanging."""
    return strength == WORD and word.isalpha() and length(word) <= 2


def _strengths(words: Sequence[str], joined: Sequence[bool] = ()) -> list[int]:
    """For each word, the strength of the boundary before it (the first word's is SENTENCE).

    ``joined[k]`` says word k is the continuation of a long word cut into pieces: never a
    boundary. A word without letters or digits that opens a phrase (the dialogue dash of
    "— Привет!") belongs to the phrase: the boundary after it is a plain word boundary.
    """
    result = [SENTENCE]
    for k, word in enumerate(words[:-1], 1):
        opening = not any(ch.isalnum() for ch in word) and result[-1] != WORD
        result.append(WORD if opening or (k < len(joined) and joined[k]) else boundary(word))
    return result


def split(text: str, max_chars: int = MAX_CHARS) -> list[tuple[str, ...]]:
    """``text`` as the cue texts it needs: each at most two lines of ``max_chars`` characters.

    Text that fits one cue is one cue. Otherwise it is cut at sentence ends first: a cue holds
    whole sentences, or a part of one sentence. A sentence too long for one cue is cut at
    clause marks the same way (whole clauses, or a part of one clause), and only a clause too
    long for one cue is cut between two words. Within these rules the cuts make the fewest
    cuts between words, then the fewest at clause marks, then the fewest cues, then the
    fewest cues ending in a one- or two-letter word, then cues of the most equal length.
    """
    words: list[str] = []
    joined: list[bool] = []
    for word in _tidy(text).split(" "):
        for n, piece in enumerate(_pieces(word, max_chars) if word else []):
            words.append(piece)
            joined.append(n > 0)
    if not words:
        return []
    cuts = _cuts(words, _strengths(words, joined), max_chars)
    chunks = []
    for start, end in zip(cuts, cuts[1:]):
        lines = wrap(" ".join(words[start:end]), max_chars)
        assert lines is not None
        chunks.append(lines)
    return chunks


def _cuts(words: list[str], strength: list[int], max_chars: int) -> list[int]:
    """Word indexes where cues start, plus ``len(words)``: the best cuts of :func:`split`;
    ``strength[k]`` is how strong the boundary before word k is."""
    sizes = [length(word) for word in words]
    count = len(words)
    after = strength[1:] + [SENTENCE]  # the boundary after each word; the text's end is a sentence end
    # best[i]: the cost of cutting words[:i] into cues, and the previous cut.
    best: list[tuple[tuple[int, int, int, int, int], int] | None] = [None] * (count + 1)
    best[0] = ((0, 0, 0, 0, 0), -1)
    for end in range(1, count + 1):
        inside = WORD  # the strongest boundary inside words[start:end]
        for start in range(end - 1, -1, -1):
            if start < end - 1:
                inside = max(inside, strength[start + 1])
            total = sum(sizes[start:end]) + end - start - 1
            if total > MAX_LINES * max_chars + 1:
                break
            previous = best[start]
            # A cue that holds a sentence (clause) end starts and ends at sentence (clause) ends.
            whole = min(strength[start], after[end - 1]) >= inside
            if previous is None or not whole or not _fits(sizes[start:end], max_chars):
                continue
            (word_cuts, clause_cuts, cues_, dangling, squares), _ = previous
            cut = strength[start]
            hangs = start > 0 and _dangles(words[start - 1], cut)
            cost = (word_cuts + (cut == WORD), clause_cuts + (cut == CLAUSE), cues_ + 1, dangling + hangs, squares + total * total)
            if best[end] is None or cost < best[end][0]:  # type: ignore[index]
                best[end] = (cost, start)
    cuts = [count]
    while cuts[-1] > 0:
        entry = best[cuts[-1]]
        assert entry is not None  # one word per cue is always allowed, so a cut always exists
        cuts.append(entry[1])
    return cuts[::-1]


def _fits(sizes: Sequence[int], max_chars: int) -> bool:
    """Whether words of these lengths fit one cue: one line, or two broken at a space."""
    if sum(sizes) + len(sizes) - 1 <= max_chars:
        return True
    head = -1  # the top line's length so far, without the space before the next word
    total = sum(sizes) + len(sizes) - 1
    for size in sizes[:-1]:
        head += size + 1
        if head > max_chars:
            return False
        if total - head - 1 <= max_chars:
            return True
    return False


def _pieces(word: str, max_chars: int) -> list[str]:
    if length(word) <= max_chars:
        return [word]
    pieces, current = [], ""
    for char in word:
        if current and length(current + char) > max_chars and not unicodedata.category(char).startswith("M"):
            pieces.append(current)
            current = ""
        current += char
    return pieces + [current]


def cues(lines: Sequence[PlacedLine], names: dict[str, str] | None = None) -> list[Cue]:
    """The cues of ``lines`` (in order); ``names`` maps speaker ids to display names."""
    names = names or {}
    result: list[Cue] = []
    for index, line in enumerate(lines):
        limit = lines[index + 1].start if index + 1 < len(lines) else math.inf
        chunks = split(line.text)
        if not chunks:
            continue
        weights = [sum(length(part) for part in chunk) for chunk in chunks]
        total = sum(weights)
        span = line.end - line.start
        start = line.start
        speaker = names.get(line.speaker, line.speaker) if line.speaker else None
        for n, chunk in enumerate(chunks):
            end = line.start + span * sum(weights[: n + 1]) / total
            if n == len(chunks) - 1:
                end = min(max(end + HOLD, start + MIN_SHOWN), limit)
            result.append(Cue(start, end, chunk, speaker, line.key))
            start = end
    return result


def _timestamp(seconds: float, separator: str, up: bool = False) -> str:
    millis = math.ceil(seconds * 1000 - 1e-6) if up else int(round(seconds * 1000))
    hours, rest = divmod(max(0, millis), 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}{separator}{millis:03d}"


def _span(cue: Cue, separator: str) -> str:
    start = _timestamp(cue.start, separator, up=True)
    end = _timestamp(cue.end, separator)
    return f"{start} --> {max(end, start)}"


def srt(cues_: Iterable[Cue]) -> str:
    """SubRip text: numbered cues, ``HH:MM:SS,mmm`` times."""
    blocks = [f"{n}\n{_span(cue, ',')}\n{cue.text}\n" for n, cue in enumerate(cues_, 1)]
    return "\n".join(blocks)


def vtt(cues_: Iterable[Cue]) -> str:
    """WebVTT text: numbered cues, ``HH:MM:SS.mmm`` times, the speaker as a voice span."""
    blocks = ["WEBVTT\n"]
    for n, cue in enumerate(cues_, 1):
        text = _escape(cue.text)
        if cue.speaker:
            text = f"<v {_escape(cue.speaker)}>{text}"
        blocks.append(f"{n}\n{_span(cue, '.')}\n{text}\n")
    return "\n".join(blocks)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
