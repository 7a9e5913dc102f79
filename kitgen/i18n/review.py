"""Native-speaker review of translations, kept in the catalog itself, one mark per entry.

The mark is a translator comment::

    # reviewed: Aigerim Bekova, 2026-11-30, 5f0c9a1e2b7d

Why a translator comment, not a flag: translator comments (``# ``) belong to the translator;
msgmerge copies them from the old catalog to the merged one and Babel reads and writes them
unchanged (both tested).
A custom flag (``#, reviewed``) is silently dropped by msgmerge, which keeps only the flags
it knows. The last field is a fingerprint of what was reviewed: the context, the source text
and the translation, so a mark only counts while all three are what the reviewer saw.
msgmerge keeps the comment even on an entry it turns fuzzy; whichever tool edits the entry
afterwards (a translator changing the msgstr, msgmerge changing the msgid), the mark stops
counting without that tool having to know about it, and a fuzzy entry never counts.
``kitgen i18n update`` also drops the mark of an entry it turns fuzzy, so the file says so.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from typing import Iterable

from babel.messages.catalog import Message as BabelMessage

PREFIX = "reviewed:"
_MARK = re.compile(r"^reviewed:\s*(?P<by>.*?),\s*(?P<date>\d{4}-\d{2}-\d{2}),\s*(?P<print>[0-9a-f]{12})\s*$")
#: Longest reviewer name kept in a mark.
NAME_LIMIT = 80


@dataclass(frozen=True)
class Review:
    by: str
    date: dt.date


def fingerprint(context: str | None, source: str, translation: str) -> str:
    """12 hex digits of sha256 over what a reviewer approved."""
    text = "\x04".join((context or "", source, translation))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def reviewer_problem(name: str) -> str | None:
    """Why ``name`` cannot stand in a review mark, or None."""
    if not name.strip():
        return "the reviewer's name must not be empty"
    if len(name) > NAME_LIMIT:
        return f"the reviewer's name is {len(name)} characters long, at most {NAME_LIMIT}"
    if any(not ch.isprintable() for ch in name) or "," in name:
        return "the reviewer's name must be one line of printable text without commas"
    return None


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def review_of(entry: BabelMessage | None) -> Review | None:
    """The review that still stands for ``entry``: it is translated, not fuzzy, and carries a
    mark whose fingerprint matches its context, source text and translation."""
    if entry is None or entry.fuzzy or not _text(entry.string) or not isinstance(entry.id, str):
        return None
    wanted = fingerprint(entry.context, entry.id, _text(entry.string))
    for comment in reversed(entry.user_comments):
        match = _MARK.match(comment.strip())
        if match and match["print"] == wanted:
            try:
                return Review(match["by"], dt.date.fromisoformat(match["date"]))
            except ValueError:
                return None
    return None


def stale_mark(entry: BabelMessage) -> bool:
    """Whether ``entry`` carries a review mark that no longer counts."""
    return any(c.strip().startswith(PREFIX) for c in entry.user_comments) and review_of(entry) is None


def without_marks(comments: Iterable[str]) -> list[str]:
    return [c for c in comments if not c.strip().startswith(PREFIX)]


def mark(entry: BabelMessage, by: str, date: dt.date) -> bool:
    """Mark ``entry`` reviewed by ``by`` on ``date`` (replacing earlier marks). False when the
    entry cannot be reviewed: untranslated or fuzzy."""
    if entry.fuzzy or not _text(entry.string) or not isinstance(entry.id, str):
        return False
    comment = f"{PREFIX} {by.strip()}, {date.isoformat()}, {fingerprint(entry.context, entry.id, _text(entry.string))}"
    entry.user_comments = [*without_marks(entry.user_comments), comment]
    return True
