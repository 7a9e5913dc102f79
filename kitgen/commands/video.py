"""``kitgen video``: narrate a story's episodes, then render them as MP4 with subtitles.

Narration comes from :mod:`kitgen.voice` (cached by content, so it is synthesized once);
rendering from :mod:`kitgen.video.episode`.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Any, Mapping, Sequence

from kitgen.errors import SourceError
from kitgen.project import Project
from kitgen.voice.assemble import EpisodeAudio


def narration_source(project: Project, story_id: str, locale: str, *, engine: str | None = None,
                     overrides: Mapping[str, Any] | None = None, cache_dir: Path | None = None):
    """A callable giving each requested episode's narration (what ``render_episodes`` asks for)."""
    from kitgen.voice.cache import resolve_cache_dir
    from kitgen.voice.commands import narrate_story

    def narrate(episode_ids: Sequence[str]) -> dict[str, EpisodeAudio]:
        story = project.localized(story_id, locale)
        with tempfile.TemporaryDirectory(prefix="kitgen-narration-") as scratch:
            narration = narrate_story(
                story, locale, voices_dir=project.voices_dir, out_dir=Path(scratch),
                cache_dir=resolve_cache_dir(cache_dir, project.root), engine=engine,
                overrides=overrides, episodes=list(episode_ids),
            )
        return {files.episode_id: files.audio for files in narration.episodes}

    return narrate


def episode_numbers(project: Project, story_id: str, locale: str, requested: Sequence[int]) -> list[int] | None:
    story = project.story(story_id).story
    for number in requested:
        if not 1 <= number <= len(story.episodes):
            raise SourceError(f"story '{story_id}' has no episode {number}; it has episodes 1 to {len(story.episodes)}")
    return list(requested) or None


def render_story(project: Project, story_id: str, locale: str, output_dir: Path, *, episodes: Sequence[int] = (),
                 size: str = "720p", burn_captions: bool = False, music: Path | None = None, preset: str = "release",
                 jobs: int | None = None, engine: str | None = None, branding: str = "", cache_dir: Path | None = None,
                 overrides: Mapping[str, Any] | None = None, progress=None):
    from kitgen.video.episode import render_episodes

    numbers = episode_numbers(project, story_id, locale, episodes)
    return render_episodes(
        project.localized(story_id, locale), project.story(story_id).directory, locale, output_dir,
        narration=narration_source(project, story_id, locale, engine=engine, overrides=overrides, cache_dir=cache_dir),
        episodes=numbers, size=size, burn_captions=burn_captions, music=music, preset=preset, jobs=jobs,
        branding=branding, fonts_dir=project.fonts_dir, progress=progress,
    )


def render_to(project: Project, story_id: str, locale: str, number: int, video: Path, **options) -> None:
    """Render one episode to ``video`` (and its .srt, .vtt and .png beside it), all or nothing."""
    folder = video.parent
    folder.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=f".{video.stem}.", dir=folder))
    try:
        (result,) = render_story(project, story_id, locale, scratch, episodes=[number], **options)
        for made in (result.srt, result.vtt, result.poster, result.video):  # the video last: it marks completion
            os.replace(made, video.with_suffix(made.suffix))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
