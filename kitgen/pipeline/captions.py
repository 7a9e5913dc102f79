"""Reading speed in ``kitgen check``: every caption cue of every kit's episodes, against the
kit's ``reading_speed``, from the real narration (through the speech cache, so the build that
follows reuses every line spoken here)."""

from __future__ import annotations

from pathlib import Path

from kitgen.errors import KitgenError, Report
from kitgen.pipeline.session import BuildSession
from kitgen.pipeline.voice import Narrator
from kitgen.video.reading import narration_warnings
from kitgen.voice.lines import spoken_lines


def check_reading_speed(session: BuildSession, report: Report, cache_dir: Path | None,
                        targets: set[tuple[str, str]] | None = None) -> int:
    """Warn for every cue over its kit's limit, located at the line (the catalog line when
    translated); returns the number of kit x locale targets checked (``targets``: only these
    (kit, locale) pairs)."""
    project = session.project()
    checked = 0
    for kit_source in project.kits.values():
        kit = kit_source.kit
        for locale in kit.locales:
            if targets is not None and (kit.id, locale) not in targets:
                continue
            for story_id in kit.stories:
                if story_id not in project.stories:
                    continue
                try:
                    story = session.localized(story_id, locale)
                    narrator = Narrator(project.voices_dir, locale, cache_dir, overrides=kit.voices.get(locale))
                    audio = narrator.narrate(story, [e.id for e in story.episodes], sorted(session.fallback_lines(story_id, locale)))
                except KitgenError:
                    continue  # a voice or catalog problem: the other checks report it
                sources = session.source_map(story_id, locale)
                names = {c.id: c.name for c in story.characters}
                for episode in story.episodes:
                    paths = {line.key: line.key_path for line in spoken_lines(story, episode)}
                    warnings = narration_warnings(episode, audio[episode.id], kit.reading_speed, locale=locale, names=names,
                                                  locate=lambda key, paths=paths: sources.where(paths[key]))
                    for warning in warnings:
                        report.warning(warning.location, f"kit '{kit.id}': {warning.message}")
            checked += 1
    return checked
