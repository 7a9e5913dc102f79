"""YAML loading that remembers where every key and value came from.

The loaded data is plain Python (dict, list, str, int, float, bool, None). Beside it, a
:class:`Positions` maps each key path (a tuple of dict keys and list indices) to the
1-based line and column of its value, and of its key, so that validation errors can
point at the exact spot in the file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from kitgen.errors import Location, SourceError
from kitgen.source.positions import KeyPath, LoadedYaml, Positions

__all__ = ["KeyPath", "LoadedYaml", "Positions", "load_yaml"]

class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml when the wheel has it
    """SafeLoader without implicit dates/timestamps: every scalar the user wrote is kept as text or number."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_yaml(path: Path, text: str | None = None) -> LoadedYaml:
    """Load one YAML document with positions. Syntax errors raise a located :class:`SourceError`."""
    if text is None:
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise SourceError(f"file is not valid UTF-8 (byte {exc.start}); save it as UTF-8", Location.of(path, 1, 1)) from None
        except OSError as exc:
            raise SourceError(f"cannot read file: {exc.strerror}", Location.of(path)) from None
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
        return LoadedYaml(_construct(node, (), positions, path, loader), positions)
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


def _construct(node: yaml.Node, key_path: KeyPath, positions: Positions, path: Path, loader: _Loader) -> Any:
    positions.values[key_path] = _mark(node)
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                line, col = _mark(key_node)
                raise SourceError("mapping keys must be plain words", Location.of(path, line, col))
            key = key_node.value
            if key == "<<":
                line, col = _mark(key_node)
                raise SourceError("YAML merge keys ('<<') are not supported; write the keys out", Location.of(path, line, col))
            if key in result:
                line, col = _mark(key_node)
                raise SourceError(f"duplicate key '{key}'; remove one of them", Location.of(path, line, col))
            positions.keys[key_path + (key,)] = _mark(key_node)
            result[key] = _construct(value_node, key_path + (key,), positions, path, loader)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_construct(item, key_path + (i,), positions, path, loader) for i, item in enumerate(node.value)]
    return loader.construct_object(node, deep=True)
