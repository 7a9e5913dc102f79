"""Subtitle cues from the spoken lines, and the SRT and WebVTT files made of them.

Rules, for every language:

- a cue has at most :data:`MAX_LINES` lines of at most :data:`MAX_CHARS` characters
  (combining marks do not count), broken at word boundaries; the two lines are balanced;
- a line too long for one cue becomes several cues of about equal length, cut preferably
  after a sentence or a clause, each timed by its share of the line's characters within the
  line's audio;
- a cue starts exactly when its line's audio starts (rounded up to the millisecond, so it is
  never shown early) and stays until the line ends plus :data:`HOLD`, at least
  :data:`MIN_SHOWN` seconds when there is room, never past the next line's start.

A single word longer than :data:`MAX_CHARS` (a web address) is cut into pieces.
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
_SENTENCE_END = ".!?…։。؟"  # with the Armenian full stop
_CLAUSE_END = ",;:–—՝"  # with the Armenian comma


@dataclass(frozen=True)
class Cue:
    start: float
    end: float
    lines: tuple[str, ...]
    speaker: str | None = None  # the character's display name, for WebVTT voice tags

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def length(text: str) -> int:
    """Characters as a reader counts them: combining marks are part of their letter."""
    return sum(1 for char in text if not unicodedata.category(char).startswith("M"))


def clean(text: str) -> str:
    """NFC, soft hyphens and invisible format characters removed, whitespace collapsed."""
    text = unicodedata.normalize("NFC", text).replace("\u00ad", "")
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf" or ch in "\u200d")
    return _SPACE.sub(" ", text).strip()


def wrap(text: str, max_chars: int = MAX_CHARS) -> tuple[str, ...] | None:
    """``text`` as one line, or two balanced lines broken at a space; None when it does not fit."""
    text = clean(text)
    if length(text) <= max_chars:
        return (text,) if text else ()
    best: tuple[float, int] | None = None
    for match in re.finditer(" ", text):
        head, tail = text[: match.start()], text[match.end() :]
        a, b = length(head), length(tail)
        if a > max_chars or b > max_chars:
            continue
        score = abs(a - b) - (4 if head[-1] in _SENTENCE_END + _CLAUSE_END else 0) + (1 if a > b else 0)
        if best is None or score < best[0]:
            best = (score, match.start())
    if best is None:
        return None
    return text[: best[1]], text[best[1] + 1 :]


def split(text: str, max_chars: int = MAX_CHARS) -> list[tuple[str, ...]]:
    """``text`` as the cue texts it needs: each at most two lines of ``max_chars`` characters."""
    words = [piece for word in clean(text).split(" ") if word for piece in _pieces(word, max_chars)]
    chunks: list[tuple[str, ...]] = []
    while words:
        fits = []
        for k in range(1, len(words) + 1):
            candidate = " ".join(words[:k])
            if length(candidate) > MAX_LINES * max_chars + 1:
                break
            if wrap(candidate, max_chars) is not None:
                fits.append(k)
        longest = max(fits)
        if longest == len(words):
            take = longest
        else:
            take = _nicest_cut(words, fits, max_chars)
        lines = wrap(" ".join(words[:take]), max_chars)
        assert lines is not None
        chunks.append(lines)
        words = words[take:]
    return chunks


def _nicest_cut(words: list[str], fits: list[int], max_chars: int) -> int:
    """The number of words for the next cue when the text needs several: cues of about equal
    length, cut after a sentence (or else a clause) when one ends near that length."""
    total = length(" ".join(words))
    count = math.ceil(total / (MAX_LINES * max_chars * 0.9))
    target = total / max(count, 2)

    def score(k: int) -> float:
        last = words[k - 1][-1]
        bonus = 0.35 if last in _SENTENCE_END else 0.2 if last in _CLAUSE_END else 0.0
        return abs(length(" ".join(words[:k])) - target) / target - bonus

    return min(fits, key=lambda k: (score(k), -k))


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
        for n, chunk in enumerate(chunks):
            last = n == len(chunks) - 1
            end = line.start + span * sum(weights[: n + 1]) / total
            if last:
                end = min(max(end + HOLD, start + MIN_SHOWN), limit)
            speaker = names.get(line.speaker, line.speaker) if line.speaker else None
            result.append(Cue(start, end, chunk, speaker))
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
