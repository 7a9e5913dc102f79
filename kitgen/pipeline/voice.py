"""Narration for episode builds: the voice layer, kept in memory, through the speech cache."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping, Sequence

from kitgen.model.story import Story
from kitgen.voice.assemble import EpisodeAudio


@dataclass(frozen=True)
class Narrator:
    """Narrates episodes of a localized story in one locale (what an episode builder asks for)."""

    voices_dir: Path
    locale: str
    cache_dir: Path | None
    engine: str | None = None
    overrides: Mapping[str, Any] | None = None

    def narrate(self, story: Story, episode_ids: Sequence[str]) -> dict[str, EpisodeAudio]:
        from kitgen.voice.commands import narrate_story

        narration = narrate_story(
            story, self.locale, voices_dir=self.voices_dir, out_dir=None, cache_dir=self.cache_dir,
            engine=self.engine, overrides=self.overrides, episodes=list(episode_ids),
        )
        return {files.episode_id: files.audio for files in narration.episodes}
