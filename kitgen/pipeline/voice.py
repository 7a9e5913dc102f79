"""Narration for episode builds and ``kitgen narrate``: the profile read from ``voices/``, the
voice layer speaking through the speech cache; in memory unless a folder is given."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence

from kitgen.errors import Location, SourceError, did_you_mean
from kitgen.model.story import Story
from kitgen.pipeline.voices import load_locale_profile
from kitgen.source.positions import Positions
from kitgen.voice.assemble import EpisodeAudio
from kitgen.voice.cache import AudioCache
from kitgen.voice.lines import Locate, SpokenLine
from kitgen.voice.narrate import Fallback, Narration, narrate


def narrate_story(
    story: Story,
    locale: str,
    *,
    voices_dir: Path,
    out_dir: Path | None,
    cache_dir: Path | None,
    recorded_dir: Path | None = None,
    engine: str | None = None,
    overrides: Mapping[str, Any] | None = None,
    overrides_positions: Positions | None = None,
    episodes: Sequence[str] | None = None,
    locate: Locate | None = None,
    on_line: Callable[[SpokenLine, str], None] | None = None,
    fallback_lines: Sequence[str] = (),
) -> Narration:
    """``kitgen narrate``: per-episode WAV, MP3 and timing JSON of a localized ``story`` in ``out_dir``
    (None: in memory only, for video builds).

    ``recorded_dir`` defaults to ``voices_dir / "recorded"``; ``cache_dir`` None turns the cache off.
    """
    profile = load_locale_profile(voices_dir, locale, engine=engine, overrides=overrides, overrides_positions=overrides_positions)
    fallback = None
    if fallback_lines:  # untranslated lines: the source locale's own voice reads them
        fallback = Fallback(load_locale_profile(voices_dir, story.story.source_locale, engine=engine), frozenset(fallback_lines))
    if episodes is not None:
        unknown = [e for e in episodes if e not in {ep.id for ep in story.episodes}]
        if unknown:
            ids = [ep.id for ep in story.episodes]
            raise SourceError(f"story '{story.id}' has no episode '{unknown[0]}'{did_you_mean(unknown[0], ids)}", Location(story.id))
    return narrate(
        story,
        profile,
        out_dir,
        cache=AudioCache(cache_dir) if cache_dir is not None else None,
        recorded_dir=recorded_dir if recorded_dir is not None else voices_dir / "recorded",
        episodes=episodes,
        locate=locate,
        on_line=on_line,
        fallback=fallback,
    )


@dataclass(frozen=True)
class Narrator:
    """Narrates episodes of a localized story in one locale (what an episode builder asks for)."""

    voices_dir: Path
    locale: str
    cache_dir: Path | None
    engine: str | None = None
    overrides: Mapping[str, Any] | None = None

    def narrate(self, story: Story, episode_ids: Sequence[str], fallback_lines: Sequence[str] = ()) -> dict[str, EpisodeAudio]:
        """In memory; ``fallback_lines`` (untranslated) are read by the source locale's voice."""
        narration = narrate_story(
            story, self.locale, voices_dir=self.voices_dir, out_dir=None, cache_dir=self.cache_dir,
            engine=self.engine, overrides=self.overrides, episodes=list(episode_ids), fallback_lines=fallback_lines,
        )
        return {files.episode_id: files.audio for files in narration.episodes}
