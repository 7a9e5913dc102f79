"""Projected models: a builder sees only the parts of the localized story it declares.

:func:`project` copies a pydantic model keeping only the fields named by a *read spec*;
every other field is absent, so reading it raises :class:`AttributeError` instead of
silently seeing data that the artifact's key does not cover. :func:`dump` turns a projected
model into plain JSON data, which is what the artifact's key hashes. A builder therefore
cannot depend on anything its key leaves out.

A read spec is ``True`` (the whole value), a set of field names (each whole), or a mapping
from field name to a spec. On a list or tuple the spec applies to every item; the mapping
key ``"__ids__"`` keeps only the items whose ``id`` is in the given set.
"""

from __future__ import annotations

import enum
from pathlib import PurePath
from typing import Any, Mapping

from pydantic import BaseModel

Spec = Any  # True | set[str] | frozenset[str] | Mapping[str, Spec]


def normalize(spec: Spec) -> Spec:
    """A spec with every set written as a mapping (``{"a", "b"}`` -> ``{"a": True, "b": True}``)."""
    if spec is True:
        return True
    if isinstance(spec, (set, frozenset, tuple, list)):
        return {name: True for name in spec}
    if isinstance(spec, Mapping):
        return {name: (value if name == "__ids__" else normalize(value)) for name, value in spec.items()}
    raise TypeError(f"a read spec is True, a set of names or a mapping, not {spec!r}")


def project(value: Any, spec: Spec) -> Any:
    """``value`` with only what ``spec`` names; other model fields are absent."""
    spec = normalize(spec)
    return _project(value, spec)


def _project(value: Any, spec: Spec) -> Any:
    if spec is True:
        return value
    if isinstance(value, (list, tuple)):
        ids = spec.get("__ids__")
        rest = {k: v for k, v in spec.items() if k != "__ids__"} or True
        items = [item for item in value if ids is None or getattr(item, "id", None) in ids]
        return type(value)(_project(item, rest) for item in items)
    if isinstance(value, dict):
        return {key: _project(item, spec) for key, item in value.items()}
    if isinstance(value, BaseModel):
        cls = type(value)
        unknown = set(spec) - set(cls.model_fields)
        if unknown:
            raise KeyError(f"{cls.__name__} has no field {sorted(unknown)[0]!r} (read spec)")
        kept = {name: _project(getattr(value, name), sub) for name, sub in spec.items()}
        copy = cls.model_construct(_fields_set=set(kept), **kept)
        for name in cls.model_fields:
            if name not in kept:
                copy.__dict__.pop(name, None)
        return copy
    return value  # a scalar: a spec below it has nothing to choose


def dump(value: Any) -> Any:
    """Plain JSON data of a (projected) model: exactly the fields it holds."""
    if isinstance(value, BaseModel):
        fields = type(value).model_fields
        return {name: dump(item) for name, item in value.__dict__.items() if name in fields}
    if isinstance(value, (list, tuple)):
        return [dump(item) for item in value]
    if isinstance(value, dict):
        return {str(key): dump(item) for key, item in value.items()}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, PurePath):
        return value.as_posix()
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise TypeError(f"cannot key a value of type {type(value).__name__}")


def walk_strings(data: Any, key: str):
    """Every string stored under ``key`` anywhere in dumped ``data`` (e.g. every ``file``)."""
    if isinstance(data, dict):
        for name, item in data.items():
            if name == key and isinstance(item, str):
                yield item
            else:
                yield from walk_strings(item, key)
    elif isinstance(data, list):
        for item in data:
            yield from walk_strings(item, key)
