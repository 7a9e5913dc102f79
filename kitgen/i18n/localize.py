"""The i18n step: swap translations into the model.

Builders receive a :class:`~kitgen.model.story.Story` whose strings are already in the
target locale; they never see catalogs.
"""

from __future__ import annotations

from typing import Any, Mapping

from kitgen.i18n.messages import Message
from kitgen.model.story import Story


def localize(story: Story, messages: list[Message], translated: Mapping[str, str]) -> Story:
    """A copy of ``story`` with each translated message replaced; others keep the source text."""
    if not translated:
        return story
    data = story.model_dump(mode="json")
    for message in messages:
        text = translated.get(message.context)
        if text is not None:
            _set(data, message.data_path, text)
    return Story.model_validate(data)


def _set(data: Any, path: tuple[Any, ...], value: str) -> None:
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value
