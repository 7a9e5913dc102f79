"""The lines an episode speaks, with their stable keys and the text an engine is given.

A line's key is ``<episode-id>/<scene-id>/<line-key>``, where the line key is the line's
``id`` or its 1-based position in the scene (:func:`kitgen.model.story.line_key`). Ids are
lower-case letters, digits and hyphens, so the key's file name form
``<episode-id>.<scene-id>.<line-key>`` (:attr:`SpokenLine.clip_name`) is unambiguous.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Callable

from kitgen.errors import Location
from kitgen.model.story import Episode, Story, line_key
from kitgen.source.positions import KeyPath, Positions


@dataclass(frozen=True)
class SpokenLine:
    key: str
    text: str
    speaker: str | None
    key_path: KeyPath = ()  # where the line's text is in story.yaml

    @property
    def clip_name(self) -> str:
        """The key as a file name stem: ``ep1/park/2`` -> ``ep1.park.2``."""
        return self.key.replace("/", ".")


def spoken_lines(story: Story, episode: Episode | str) -> list[SpokenLine]:
    """Every line of ``episode`` (an Episode of ``story`` or its id), in speaking order."""
    if isinstance(episode, str):
        episode = next(e for e in story.episodes if e.id == episode)
    e_index = story.episodes.index(episode)
    lines = []
    for s_index, scene in enumerate(episode.scenes):
        for l_index, line in enumerate(scene.lines):
            lines.append(
                SpokenLine(
                    key=f"{episode.id}/{scene.id}/{line_key(line, l_index)}",
                    text=line.text,
                    speaker=line.speaker,
                    key_path=("episodes", e_index, "scenes", s_index, "lines", l_index, "text"),
                )
            )
    return lines


def story_line_keys(story: Story) -> list[str]:
    """The keys of every line of every episode."""
    return [line.key for episode in story.episodes for line in spoken_lines(story, episode)]


_SPACE = re.compile(r"\s+")


def speech_text(text: str) -> str:
    """The text an engine is given: NFC, without control and invisible format characters,
    whitespace collapsed. Empty when nothing speakable (no letter or digit) is left."""
    text = unicodedata.normalize("NFC", text)
    kept = "".join(" " if ch.isspace() else ch for ch in text if unicodedata.category(ch) not in ("Cc", "Cf") or ch.isspace())
    kept = _SPACE.sub(" ", kept).strip()
    if not any(ch.isalnum() for ch in kept):
        return ""
    return kept


Locate = Callable[[SpokenLine], Location]


def locate_in(positions: Positions) -> Locate:
    """A locator pointing at each line's text in the story file the positions came from."""
    return lambda line: positions.value(line.key_path)


def locate_by_key(story_id: str) -> Locate:
    """A locator for stories without positions: ``<story-id>/<line key>``."""
    return lambda line: Location(f"{story_id}/{line.key}")
