"""Strict PO syntax: what Babel's reader would tolerate or silently repair is a located error.

Babel reads a catalog leniently: a ``msgstr`` whose closing quote is missing loses its last
character, an unknown escape stays as a backslash and a letter, a second entry with the same
context quietly replaces the first. Translators' files are untrusted, so :func:`check_syntax`
reads every line first, with the grammar of GNU gettext's ``msgfmt --check`` as far as
kitgen's catalogs use it, and raises a :class:`~kitgen.errors.SourceError` at the first
problem (line and column). Only then does Babel parse the file.

Accepted: comments (``#``, ``#.``, ``#:``, ``#,``), previous strings (``#|``), obsolete
entries (``#~``), and entries ``[msgctxt] msgid [msgid_plural] msgstr | msgstr[0..n-1]``,
each keyword followed by one or more quoted strings (continuation lines). In a string only
the escapes Babel understands are allowed: ``\\\\ \\" \\n \\t \\r``.

:func:`check_syntax` returns the header fields with the line each starts on, so that the
``Plural-Forms`` header can be compared with the locale's plural rule (see
:mod:`kitgen.i18n.catalog`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from kitgen.errors import Location, SourceError
from kitgen.source.yamlpos import text_problem

_KEYWORD = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr(?:\[([0-9]+)\])?)(?=[\s\"]|$)")
_ESCAPES = {"\\": "\\", '"': '"', "n": "\n", "t": "\t", "r": "\r"}


@dataclass
class Header:
    """The catalog header's fields: name -> (value, line where the field starts)."""

    fields: dict[str, tuple[str, int]] = field(default_factory=dict)

    def get(self, name: str) -> tuple[str, int] | None:
        for key, value in self.fields.items():
            if key.lower() == name.lower():
                return value
        return None


@dataclass
class _Entry:
    obsolete: bool
    context: str | None = None
    context_line: int = 0
    msgid: str | None = None
    msgid_line: int = 0
    plural: bool = False
    forms: int = 0  # msgstr[n] seen
    has_msgstr: bool = False
    last: str = ""  # the keyword continuation lines add to
    pieces: list[tuple[str, int]] = field(default_factory=list)  # the msgstr's strings, with their lines

    @property
    def complete(self) -> bool:
        return self.has_msgstr or self.forms > 0


class _Checker:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.entry: _Entry | None = None
        self.seen: dict[tuple[bool, str | None, str], int] = {}
        self.header = Header()
        self.plurals: list[tuple[int, int]] = []  # (forms, line) of every plural entry

    def fail(self, line: int, column: int | None, message: str) -> SourceError:
        return SourceError(f"invalid PO syntax: {message}", Location.of(self.path, line, column))

    # -- strings -------------------------------------------------------------------------------

    def string(self, text: str, start: int, line: int) -> str:
        """The quoted string at ``text[start:]`` (which must be all that is left), unescaped."""
        if start >= len(text) or text[start] != '"':
            raise self.fail(line, start + 1, 'expected a quoted string ("...") here')
        out: list[str] = []
        i = start + 1
        while i < len(text):
            char = text[i]
            if char == "\\":
                if i + 1 >= len(text):
                    break
                escaped = text[i + 1]
                if escaped not in _ESCAPES:
                    raise self.fail(line, i + 1, f"unknown escape '\\{escaped}'; write '\\\\' for a backslash, '\\\"' for a quote")
                out.append(_ESCAPES[escaped])
                i += 2
                continue
            if char == '"':
                rest = text[i + 1:]
                if rest.strip():
                    column = i + 2 + (len(rest) - len(rest.lstrip()))
                    raise self.fail(line, column, 'text after the closing quote; escape a quote inside a string as \\"')
                value = "".join(out)
                if (problem := text_problem(value)) is not None:
                    raise self.fail(line, start + 1, f"the string {problem}")
                return value
            out.append(char)
            i += 1
        raise self.fail(line, start + 1, 'unterminated string: the closing quote (") is missing; add it at the end of the string')

    # -- entries -------------------------------------------------------------------------------

    def finish(self) -> None:
        entry, self.entry = self.entry, None
        if entry is None or entry.msgid is None and entry.context is None:
            return
        if entry.msgid is None:
            raise self.fail(entry.context_line, None, "msgctxt without msgid; add the msgid and msgstr lines")
        if not entry.complete:
            raise self.fail(entry.msgid_line, None, f"missing msgstr for msgid '{entry.msgid[:40]}'; fix the entry: add a msgstr line "
                                                   f"(msgstr \"\" when untranslated)")
        if entry.plural:
            self.plurals.append((entry.forms, entry.msgid_line))
        key = (entry.obsolete, entry.context, entry.msgid)
        if key in self.seen:
            what = f"msgctxt '{entry.context}'" if entry.context is not None else f"msgid '{entry.msgid[:40]}'"
            raise self.fail(entry.msgid_line, None, f"a second entry for {what} (the first is on line {self.seen[key]}); remove one")
        self.seen[key] = entry.msgid_line
        if not entry.obsolete and entry.msgid == "" and entry.context is None and not self.header.fields:
            self._read_header(entry.pieces)

    def _read_header(self, pieces: list[tuple[str, int]]) -> None:
        offset_lines: list[tuple[int, int]] = []  # (offset in the joined text, line)
        joined = ""
        for text, line in pieces:
            offset_lines.append((len(joined), line))
            joined += text
        offset = 0
        for part in joined.split("\n"):
            if ":" in part:
                name, value = part.split(":", 1)
                line = max((ln for off, ln in offset_lines if off <= offset), default=pieces[0][1] if pieces else 1)
                self.header.fields[name.strip()] = (value.strip(), line)
            offset += len(part) + 1

    def keyword(self, text: str, line: int, obsolete: bool, at: int = 0) -> None:
        match = _KEYWORD.match(text, at)
        if match is None:
            word = text.split()[0] if text.split() else text
            raise self.fail(line, None, f"unknown keyword '{word[:30]}'; a line holds msgctxt, msgid, msgid_plural, msgstr or msgstr[n], "
                                     f"a quoted string, or a # comment")
        word, index = match.group(1), match.group(2)
        start = match.end()
        while start < len(text) and text[start] in " \t":
            start += 1
        value = self.string(text, start, line)
        entry = self.entry
        if entry is not None and (entry.obsolete != obsolete or (entry.complete and word in ("msgctxt", "msgid"))):
            self.finish()
            entry = None
        if entry is None:
            entry = self.entry = _Entry(obsolete)
        if word == "msgctxt":
            if entry.context is not None or entry.msgid is not None:
                raise self.fail(line, None, "msgctxt must come first in an entry, once")
            entry.context, entry.context_line = value, line
        elif word == "msgid":
            if entry.msgid is not None:
                raise self.fail(line, None, f"a second msgid before the msgstr of the one on line {entry.msgid_line}")
            entry.msgid, entry.msgid_line = value, line
        elif word == "msgid_plural":
            if entry.msgid is None or entry.plural or entry.complete:
                raise self.fail(line, None, "msgid_plural must follow the msgid of its entry, once")
            entry.plural = True
        elif index is None:  # msgstr
            if entry.msgid is None:
                raise self.fail(line, None, "msgstr without msgid; add the msgid line above it")
            if entry.plural:
                raise self.fail(line, None, "an entry with msgid_plural needs msgstr[0], msgstr[1], ... instead of msgstr")
            if entry.has_msgstr:
                raise self.fail(line, None, "a second msgstr in one entry; remove one")
            entry.has_msgstr = True
            entry.pieces = [(value, line)]
        else:
            if entry.msgid is None or not entry.plural:
                raise self.fail(line, None, f"msgstr[{index}] needs a msgid and a msgid_plural above it; write msgstr for a single form")
            if int(index) != entry.forms:
                raise self.fail(line, None, f"msgstr[{index}] out of order; expected msgstr[{entry.forms}]")
            entry.forms += 1
        entry.last = word

    def continuation(self, text: str, line: int, obsolete: bool) -> None:
        entry = self.entry
        column = len(text) - len(text.lstrip()) + 1
        if entry is None or not entry.last or entry.obsolete != obsolete:
            raise self.fail(line, column, "a quoted string with no keyword (msgid, msgstr, ...) before it")
        value = self.string(text, column - 1, line)
        if entry.last == "msgstr":
            entry.pieces.append((value, line))
        elif entry.last == "msgid":
            entry.msgid = (entry.msgid or "") + value
        elif entry.last == "msgctxt":
            entry.context = (entry.context or "") + value

    def line(self, raw: str, number: int) -> None:
        text = raw.rstrip("\r\n")
        stripped = text.strip()
        if not stripped:
            self.finish()
            return
        if stripped.startswith(("#~", "#|")):
            # Blank the marker out (columns stay right) and check the rest as PO lines.
            at = text.index("#") + 2
            previous = stripped.startswith("#|") or text[at:at + 1] == "|"
            at += 1 if stripped.startswith("#~|") else 0
            content = " " * at + text[at:]
            if content.strip():
                self.content(content, number, obsolete=stripped.startswith("#~"), previous=previous)
            return
        if stripped.startswith("#"):
            if self.entry is not None and self.entry.last and not self.entry.complete:
                raise self.fail(number, None, "a comment inside an entry; move it above the msgctxt or msgid line")
            if self.entry is not None and self.entry.complete:
                self.finish()
            return
        self.content(text, number, obsolete=False, previous=False)

    def content(self, text: str, number: int, obsolete: bool, previous: bool) -> None:
        """One line of keywords and strings; ``text`` keeps its columns (leading blanks included)."""
        at = len(text) - len(text.lstrip())
        if previous:  # a translator's earlier source text: only its strings are checked
            match = _KEYWORD.match(text, at)
            if match is None and text[at] != '"':
                raise self.fail(number, None, f"a #| line holds msgctxt, msgid or a quoted string, not {text[at:at + 30]!r}")
            start = match.end() if match else at
            while start < len(text) and text[start] in " \t":
                start += 1
            self.string(text, start, number)
            return
        if text[at] == '"':
            self.continuation(text, number, obsolete)
        else:
            self.keyword(text, number, obsolete, at)


def check_syntax(text: str, path: Path) -> Header:
    """Raise a located SourceError at the first line that is not strict PO; return the header."""
    checker = _Checker(path)
    number = 0
    for number, raw in enumerate(text.splitlines(), 1):
        checker.line(raw, number)
    checker.finish()
    nplurals = _nplurals(checker.header)
    if nplurals is not None:
        for forms, line in checker.plurals:
            if forms != nplurals:
                raise checker.fail(line, None, f"this entry has {forms} plural form(s) but the Plural-Forms header says nplurals={nplurals}")
    return checker.header


def _nplurals(header: Header) -> int | None:
    found = header.get("Plural-Forms")
    if found is None:
        return None
    match = re.search(r"nplurals\s*=\s*([0-9]+)\s*;", found[0])
    return int(match.group(1)) if match else None
