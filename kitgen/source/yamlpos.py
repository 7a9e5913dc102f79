"""YAML loading that remembers where every key and value came from.

The loaded data is plain Python (dict, list, str, int, float, bool, None). Beside it, a
:class:`Positions` maps each key path (a tuple of dict keys and list indices) to the
1-based line and column of its value, and of its key, so that validation errors can
point at the exact spot in the file.

Source files are untrusted (many people edit them), so loading is bounded:

- only plain data: a tag outside the YAML core schema (``!!python/object``, ``!!binary``,
  ``!custom``) is a located error, and so is a tag that does not fit its value;
- anchors and aliases are allowed, but a loop is an error and the values they expand to
  count against a budget of :data:`MAX_NODES`, so an alias bomb stops at once;
- nesting is at most :data:`MAX_DEPTH` levels;
- a file is at most :data:`DEFAULT_MAX_BYTES` bytes, or what the environment variable
  ``KITGEN_MAX_SOURCE_BYTES`` says (the same bound applies to translation catalogs);
- text holds no control characters (other than tab and newline) and no lone surrogates.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path
from typing import Any

import yaml

from kitgen.errors import Location, OptionError, SourceError
from kitgen.source.positions import KeyPath, LoadedYaml, Positions

__all__ = ["KeyPath", "LoadedYaml", "Positions", "load_yaml", "max_source_bytes", "read_source_bytes", "text_problem", "utf8_location"]

MAX_ENV = "KITGEN_MAX_SOURCE_BYTES"
DEFAULT_MAX_BYTES = 4_000_000  # the sample story is 34 kB and its largest catalog 126 kB
MAX_NODES = 100_000  # values in one document, aliases expanded (the sample story has about 2 000)
MAX_DEPTH = 48  # levels of nesting (the story schema needs 8)

_CORE = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_CORE + name for name in ("str", "int", "float", "bool", "null")}
_TAGS = {yaml.ScalarNode: _SCALAR_TAGS, yaml.SequenceNode: {_CORE + "seq"}, yaml.MappingNode: {_CORE + "map"}}
_KINDS = {yaml.ScalarNode: "a single value", yaml.SequenceNode: "a list", yaml.MappingNode: "a mapping"}


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml when the wheel has it
    """SafeLoader without implicit dates, merge keys or ``=`` values: every scalar is text, a number, true/false or empty."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag in _SCALAR_TAGS]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def max_source_bytes() -> int:
    """The largest source file kitgen reads: ``KITGEN_MAX_SOURCE_BYTES``, else :data:`DEFAULT_MAX_BYTES`."""
    value = os.environ.get(MAX_ENV, "").strip()
    if not value:
        return DEFAULT_MAX_BYTES
    try:
        number = int(value.replace("_", ""))
    except ValueError:
        number = 0
    if number < 1:
        raise OptionError(f"{MAX_ENV} must be a whole number of bytes above 0, e.g. 4000000; not {value!r}")
    return number


def read_source_bytes(path: Path, what: str = "file") -> bytes:
    """The bytes of a regular file no larger than :func:`max_source_bytes`, or a located SourceError."""
    limit = max_source_bytes()
    try:
        status = os.stat(path)
        if not stat.S_ISREG(status.st_mode):
            raise SourceError(f"{what} is not a regular file; replace it with a text file", Location.of(path))
        if status.st_size > limit:
            raise SourceError(_too_large(what, status.st_size, limit), Location.of(path, 1, 1))
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise SourceError(f"cannot read {what}: {exc.strerror}", Location.of(path)) from None
    if len(data) > limit:  # it grew while being read
        raise SourceError(_too_large(what, len(data), limit), Location.of(path, 1, 1))
    return data


def utf8_location(path: Path, data: bytes, offset: int) -> Location:
    """Where the byte at ``offset`` is (line and column, counting characters before it)."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", "replace")) + 1
    return Location.of(path, data.count(b"\n", 0, offset) + 1, column)


def _too_large(what: str, size: int, limit: int) -> str:
    return (f"{what} is {size:,} bytes, over the limit of {limit:,}; split it up, or raise the limit "
            f"with the environment variable {MAX_ENV}")


_BAD_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def text_problem(text: str) -> str | None:
    """Why ``text`` cannot be used as text (a control character, a lone surrogate), or None."""
    found = _BAD_CHARACTER.search(text)
    if found is None:
        return None
    code = ord(found.group())
    if 0xD800 <= code < 0xE000:
        return f"contains a lone surrogate U+{code:04X} (not a character); remove it"
    return f"contains the control character U+{code:04X}; remove it"


def load_yaml(path: Path, text: str | None = None) -> LoadedYaml:
    """Load one YAML document with positions. Syntax errors and hostile input raise a located :class:`SourceError`."""
    if text is None:
        data = read_source_bytes(path)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise SourceError(f"file is not valid UTF-8 (byte {exc.start}); save it as UTF-8", utf8_location(path, data, exc.start)) from None
    positions = Positions(path)
    try:
        loader = _Loader(text)
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
        hint = _syntax_hint(problem, _char_at(text, mark.line, mark.column) if mark else "")
        raise SourceError(f"YAML syntax error: {problem}{hint}", Location.of(path, line, col)) from None
    except yaml.YAMLError as exc:
        raise SourceError(f"YAML syntax error: {exc}", Location.of(path, 1, 1)) from None
    try:
        if node is None:
            return LoadedYaml({}, positions)
        return LoadedYaml(_Builder(path, positions, loader).construct(node, ()), positions)
    finally:
        loader.dispose()


def _syntax_hint(problem: str, char: str) -> str:
    if "mapping values are not allowed" in problem:
        return " (a value containing ': ' must be quoted)"
    if char == "\t" or "'\\t'" in problem:
        return " (indent with spaces, not tabs)"
    return ""


def _char_at(text: str, line: int, column: int) -> str:
    lines = text.splitlines()
    return lines[line][column] if line < len(lines) and column < len(lines[line]) else ""


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _shown_tag(tag: str) -> str:
    return "!!" + tag[len(_CORE):] if tag.startswith(_CORE) else tag


class _Builder:
    """Plain data from a composed node tree: tags checked, aliases bounded, depth bounded."""

    def __init__(self, path: Path, positions: Positions, loader: _Loader) -> None:
        self.path, self.positions, self.loader = path, positions, loader
        self.count = 0
        self.open: set[int] = set()  # ids of the nodes being built (a loop comes back to one)

    def error(self, node: yaml.Node, message: str) -> SourceError:
        line, col = _mark(node)
        return SourceError(message, Location.of(self.path, line, col))

    def check(self, node: yaml.Node, depth: int) -> None:
        self.count += 1
        if self.count > MAX_NODES:
            raise self.error(node, f"the document expands to more than {MAX_NODES:,} values (anchors and aliases "
                                   f"repeating one another?); write the values out once")
        if depth > MAX_DEPTH:
            raise self.error(node, f"values are nested more than {MAX_DEPTH} levels deep; flatten the document")
        if node.tag not in _TAGS[type(node)]:
            if node.tag in _SCALAR_TAGS | {_CORE + "seq", _CORE + "map"}:
                raise self.error(node, f"tag '{_shown_tag(node.tag)}' does not fit {_KINDS[type(node)]}; remove the tag")
            raise self.error(node, f"tag '{_shown_tag(node.tag)}' is not allowed: source files hold plain data "
                                   f"(text, numbers, true/false, lists and mappings); remove the tag")

    def construct(self, node: yaml.Node, key_path: KeyPath, depth: int = 0) -> Any:
        self.check(node, depth)
        self.positions.values[key_path] = _mark(node)
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node)
        if id(node) in self.open:
            raise self.error(node, "an alias refers to the list or mapping that contains it (a loop); write the value out")
        self.open.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode):
                return [self.construct(item, key_path + (i,), depth + 1) for i, item in enumerate(node.value)]
            return self.mapping(node, key_path, depth)
        finally:
            self.open.discard(id(node))

    def mapping(self, node: yaml.MappingNode, key_path: KeyPath, depth: int) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise self.error(key_node, "mapping keys must be plain words")
            self.check(key_node, depth + 1)
            key = key_node.value
            if key == "<<":
                raise self.error(key_node, "YAML merge keys ('<<') are not supported; write the keys out")
            if key in result:
                raise self.error(key_node, f"duplicate key '{key}'; remove one of them")
            if (problem := text_problem(key)) is not None:
                raise self.error(key_node, f"key {problem}")
            self.positions.keys[key_path + (key,)] = _mark(key_node)
            result[key] = self.construct(value_node, key_path + (key,), depth + 1)
        return result

    def scalar(self, node: yaml.ScalarNode) -> Any:
        try:
            value = self.loader.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, KeyError, TypeError, OverflowError):
            kind = {"int": "a whole number", "float": "a number", "bool": "true or false"}.get(node.tag[len(_CORE):], "this kind")
            raise self.error(node, f"'{node.value[:40]}' cannot be read as {kind} ({_shown_tag(node.tag)}); "
                                   f"fix the value, or quote it to make it text") from None
        if isinstance(value, str) and (problem := text_problem(value)) is not None:
            raise self.error(node, f"text {problem}")
        return value
