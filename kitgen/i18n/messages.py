"""The translatable strings of a story, each with a stable context made from its key path.

A message's ``context`` (gettext ``msgctxt``) is built from ids, not positions, wherever
the source has ids: ``episodes/ep1/scenes/park/lines/2/text``, ``cards/c01/title``. Moving
a scene or a card therefore keeps its translations. The ``data_path`` is the position-based
path into the YAML document, used to point at source lines and to swap translations in.
"""

from __future__ import annotations

import re
import types
import typing
from dataclasses import dataclass
from typing import Any, Iterator

from pydantic import BaseModel

from kitgen.model.base import Translatable
from kitgen.model.story import Line, Story, line_key

PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")


@dataclass(frozen=True)
class Message:
    context: str
    text: str
    data_path: tuple[Any, ...]
    role: str
    limit: int | None = None
    speaker: str | None = None

    @property
    def placeholders(self) -> frozenset[str]:
        return placeholders(self.text)

    def comments(self) -> list[str]:
        """Extracted comments for translators: where the string appears, who speaks it, its limit."""
        notes = [f"Appears as: {self.role}."]
        if self.speaker is not None:
            notes.append(f"Spoken by: {self.speaker}." if self.speaker else "Spoken by: the narrator.")
        if self.limit:
            notes.append(f"Keep it under {self.limit} characters.")
        if self.placeholders:
            notes.append("Keep these placeholders unchanged: " + ", ".join(sorted(self.placeholders)) + ".")
        return notes


def placeholders(text: str) -> frozenset[str]:
    return frozenset(PLACEHOLDER.findall(text))


def story_messages(story: Story) -> list[Message]:
    """Every translatable string of the story, in document order."""
    names = {c.id: c.name for c in story.characters}
    return list(_walk(story, (), (), names))


def _walk(node: BaseModel, data_path: tuple[Any, ...], context: tuple[str, ...], names: dict[str, str]) -> Iterator[Message]:
    for field_name, field in type(node).model_fields.items():
        value = getattr(node, field_name)
        if value is None:
            continue
        path = data_path + (field_name,)
        ctx = context + (field_name,)
        marker = _translatable(field.annotation, field.metadata)
        if isinstance(value, str):
            if marker:
                speaker = _speaker(node, names) if isinstance(node, Line) else None
                yield Message("/".join(ctx), value, path, marker.role, marker.limit, speaker)
        elif isinstance(value, BaseModel):
            yield from _walk(value, path, ctx, names)
        elif isinstance(value, tuple):
            item_marker = marker or _translatable(_item_type(field.annotation), ())
            for index, item in enumerate(value):
                item_path = path + (index,)
                if isinstance(item, BaseModel):
                    yield from _walk(item, item_path, ctx + (_item_key(item, index),), names)
                elif isinstance(item, str) and item_marker:
                    yield Message("/".join(ctx + (str(index + 1),)), item, item_path, item_marker.role, item_marker.limit)


def _speaker(line: Line, names: dict[str, str]) -> str:
    return names.get(line.speaker, line.speaker) if line.speaker else ""


def _item_key(item: BaseModel, index: int) -> str:
    if isinstance(item, Line):
        return line_key(item, index)
    item_id = getattr(item, "id", None)
    return item_id if isinstance(item_id, str) else str(index + 1)


def _translatable(annotation: Any, metadata: Any) -> Translatable | None:
    for meta in list(metadata) + list(_annotated_metadata(annotation)):
        if isinstance(meta, Translatable):
            return meta
    return None


def _annotated_metadata(annotation: Any) -> Iterator[Any]:
    if typing.get_origin(annotation) is typing.Annotated:
        yield from typing.get_args(annotation)[1:]
        yield from _annotated_metadata(typing.get_args(annotation)[0])
    elif typing.get_origin(annotation) in (typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            yield from _annotated_metadata(arg)


def _item_type(annotation: Any) -> Any:
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    if typing.get_origin(annotation) is tuple:
        return typing.get_args(annotation)[0]
    return None
