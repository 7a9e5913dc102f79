"""Turn pydantic validation errors into located, human-worded diagnostics.

Every problem in a document is collected; nothing stops at the first one.
"""

from __future__ import annotations

import types
import typing
from typing import Any, Iterable, TypeVar

from pydantic import BaseModel, ValidationError

from kitgen.errors import Diagnostic, Severity, did_you_mean
from kitgen.source.positions import KeyPath, Positions

M = TypeVar("M", bound=BaseModel)


def validate(model: type[M], data: Any, positions: Positions) -> tuple[M | None, list[Diagnostic]]:
    """Validate ``data`` as ``model``; return the instance (or None) and every problem found."""
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        diagnostics = [_diagnostic(model, err, data, positions) for err in exc.errors(include_url=False)]
        unique = list(dict.fromkeys(diagnostics))
        return None, unique


def _diagnostic(model: type[BaseModel], err: dict[str, Any], data: Any, positions: Positions) -> Diagnostic:
    path, exists = data_path(err["loc"], data)
    kind = err["type"]
    key = _last_key(path)
    value = err.get("input")
    if kind == "extra_forbidden":
        allowed = _fields_at(model, err["loc"][:-1])
        message = f"unknown key '{_cut(str(key))}'{did_you_mean(str(key)[:100], allowed)}"
        if not did_you_mean(str(key), allowed) and allowed:
            message += f"; allowed keys here: {', '.join(sorted(allowed))}"
        return Diagnostic(positions.key(path), message)
    if kind == "missing":
        parent = path[:-1]
        where = f" in '{_last_key(parent)}'" if parent and isinstance(_last_key(parent), str) else ""
        return Diagnostic(positions.key(parent), f"missing required key '{key}'{where}")
    location = positions.value(path) if exists else positions.value(path[:-1])
    return Diagnostic(location, _message(kind, key, value, err), Severity.ERROR)


def _message(kind: str, key: Any, value: Any, err: dict[str, Any]) -> str:
    ctx = err.get("ctx") or {}
    name = f"'{_cut(key)}'" if isinstance(key, str) else f"item {key + 1}" if isinstance(key, int) else "value"
    if kind == "string_too_short":
        return f"{name} must not be empty"
    if kind == "string_too_long":
        return f"{name} is too long ({len(value):,} characters, at most {ctx.get('max_length'):,}); shorten it"
    if kind == "string_pattern_mismatch":
        return _pattern_message(name, value, ctx.get("pattern", ""))
    if kind in {"string_type"}:
        return f"{name} must be text, not {_kind_of(value)}"
    if kind in {"int_type", "int_parsing", "int_from_float"}:
        return f"{name} must be a whole number, not {_shown(value)}"
    if kind in {"float_type", "float_parsing"}:
        return f"{name} must be a number, not {_shown(value)}"
    if kind in {"bool_type", "bool_parsing"}:
        return f"{name} must be true or false, not {_shown(value)}"
    if kind in {"greater_than_equal", "less_than_equal", "greater_than", "less_than"}:
        words = {"greater_than_equal": "at least", "less_than_equal": "at most", "greater_than": "more than", "less_than": "less than"}
        bound = next(iter(ctx.values()), "?")
        return f"{name} must be {words[kind]} {bound}, not {_shown(value)}"
    if kind == "too_short":
        return f"{name} needs at least {ctx.get('min_length')} item(s)"
    if kind == "too_long":
        return f"{name} has too many items (at most {ctx.get('max_length')})"
    if kind in {"tuple_type", "list_type"}:
        return f"{name} must be a list, not {_kind_of(value)}"
    if kind in {"model_type", "dict_type", "model_attributes_type"}:
        return f"{name} must be a mapping of keys, not {_kind_of(value)}"
    if kind == "enum":
        expected = ctx.get("expected", "")
        return f"{name} must be one of {expected}, not {_shown(value)}{did_you_mean(str(value)[:100], _split_expected(expected))}"
    if kind == "literal_error":
        return f"{name} must be {ctx.get('expected')}, not {_shown(value)}"
    if kind == "union_tag_invalid":
        expected = _split_expected(str(ctx.get("expected_tags", "")))
        tag = ctx.get("tag")
        return f"unknown {ctx.get('discriminator', 'type').strip(chr(39))} '{tag}'{did_you_mean(str(tag), expected)}; expected one of: {', '.join(expected)}"
    if kind == "union_tag_not_found":
        return f"missing required key {ctx.get('discriminator', 'type')}"
    if kind == "value_error":
        return str(err["msg"]).removeprefix("Value error, ")
    return f"{name}: {err['msg']}"


def _pattern_message(name: str, value: Any, pattern: str) -> str:
    if "a-z0-9" in pattern:
        return f"{name} value {_shown(value)} is not a valid id: use lower-case ASCII letters, digits and hyphens"
    if "0-9a-fA-F" in pattern:
        return f"{name} value {_shown(value)} is not a colour: write it as #rrggbb"
    if "A-Z]{2}" in pattern:
        return f"{name} value {_shown(value)} is not an ISO 3166 country code: write two capital letters, e.g. 'KZ'"
    if "\\d+\\." in pattern:
        return f"{name} value {_shown(value)} is not a version: write it as 1.0 or 1.0.0"
    return f"{name} value {_shown(value)} does not match {pattern}"


def _cut(text: str, room: int = 60) -> str:
    """``text``, or its start and an ellipsis when longer than ``room``: hostile input can be megabytes."""
    return text if len(text) <= room else text[: room - 1] + "…"


def _shown(value: Any) -> str:
    return _cut(repr(value))


def _split_expected(expected: str) -> list[str]:
    return [part.strip(" '\"") for part in expected.replace(" or ", ",").split(",") if part.strip(" '\"")]


def _kind_of(value: Any) -> str:
    return {dict: "a mapping", list: "a list", str: "text", bool: "true/false", int: "a number", float: "a number"}.get(
        type(value), "empty" if value is None else type(value).__name__
    )


def _last_key(path: KeyPath) -> Any:
    return path[-1] if path else None


def data_path(loc: Iterable[Any], data: Any) -> tuple[KeyPath, bool]:
    """Map a pydantic ``loc`` onto the user's data, dropping union tags pydantic inserts."""
    path: list[Any] = []
    current = data
    exists = True
    for part in loc:
        if isinstance(current, dict) and part in current:
            current = current[part]
        elif isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current):
            current = current[part]
        elif isinstance(current, dict) and isinstance(part, str) and current.get("type") == part:
            continue
        else:
            exists = False
            current = None
        path.append(part)
    return tuple(path), exists


def _fields_at(model: type[BaseModel], loc: Iterable[Any]) -> list[str]:
    """Names of the fields of the model class found by following ``loc`` from ``model``."""
    current: Any = model
    for part in loc:
        current = _resolve(current, part)
        if current is None:
            return []
    return list(current.model_fields) if _is_model(current) else []


def _is_model(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, BaseModel)


def _resolve(tp: Any, part: Any) -> Any:
    tp = _unwrap(tp)
    if _is_model(tp):
        field = tp.model_fields.get(part) if isinstance(part, str) else None
        return _unwrap(field.annotation) if field else None
    origin = typing.get_origin(tp)
    if origin in (tuple, list) and isinstance(part, int):
        return _unwrap(typing.get_args(tp)[0])
    if origin is dict and isinstance(part, str):
        return _unwrap(typing.get_args(tp)[1])
    if origin in (typing.Union, types.UnionType) and isinstance(part, str):
        for arg in typing.get_args(tp):
            arg = _unwrap(arg)
            if _is_model(arg) and "type" in arg.model_fields:
                literal = typing.get_args(arg.model_fields["type"].annotation)
                if part in literal:
                    return arg
    return None


def _unwrap(tp: Any) -> Any:
    """Strip Annotated and Optional wrappers."""
    while True:
        if typing.get_origin(tp) is typing.Annotated:
            tp = typing.get_args(tp)[0]
            continue
        if typing.get_origin(tp) in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(tp) if a is not type(None)]
            if len(args) == 1:
                tp = args[0]
                continue
        return tp
