"""Recorded clips of a whole project, checked (:mod:`kitgen.voice.clipcheck`) per locale and
story: ``voices/recorded/<locale>/<story-id>/<episode>.<scene>.<line>.<ext>``.

``kitgen check`` (and so every build) expects each line to take as long as its words say
(:mod:`kitgen.text.reading`), which needs no synthesis; ``kitgen voices --check`` passes the
synthetic narration's timing instead.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Sequence

from kitgen.errors import Diagnostic, KitgenError, Location, Report, Severity, did_you_mean
from kitgen.i18n.locales import SUPPORTED_LOCALES
from kitgen.model.story import Story
from kitgen.project import Project
from kitgen.text.reading import WORDS_PER_MINUTE, speaking_seconds
from kitgen.voice.clipcheck import check_folder
from kitgen.voice.lines import spoken_lines

#: (localized story, locale, clip names with a clip) -> (clip name -> seconds, where they came from)
Expect = Callable[[Story, str, Sequence[str]], tuple[dict[str, float], str]]


def by_words(story: Story, locale: str, clips: Sequence[str]) -> tuple[dict[str, float], str]:
    lines = {line.clip_name: line.text for episode in story.episodes for line in spoken_lines(story, episode)}
    return {name: speaking_seconds(lines[name]) for name in clips if name in lines}, f"at {WORDS_PER_MINUTE} words per minute"


def recorded_root(project: Project) -> Path:
    return project.voices_dir / "recorded"


def recorded_diagnostics(project: Project, locales: Sequence[str] | None = None, expect: Expect = by_words) -> dict[str, list[Diagnostic]]:
    """Per locale folder under ``voices/recorded`` (or only ``locales``), the problems of its clips."""
    root = recorded_root(project)
    found: dict[str, list[Diagnostic]] = {}
    if not root.is_dir():
        return found
    for folder in sorted(root.iterdir()):
        locale = folder.name
        if folder.name.startswith(".") or (locales is not None and locale not in locales):
            continue
        problems = found.setdefault(locale, [])
        if not folder.is_dir():
            problems.append(Diagnostic(Location.of(folder), "not a locale folder; clips go in voices/recorded/<locale>/<story-id>/", Severity.WARNING))
            continue
        if locale not in SUPPORTED_LOCALES:
            problems.append(Diagnostic(Location.of(folder), f"clips for '{locale}', which is not a locale kitgen supports"
                                       f"{did_you_mean(locale, SUPPORTED_LOCALES)}", Severity.WARNING))
            continue
        for story_folder in sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")):
            problems += _story_clips(project, story_folder, locale, expect)
    return found


def _story_clips(project: Project, folder: Path, locale: str, expect: Expect) -> list[Diagnostic]:
    story_id = folder.name
    if story_id not in project.stories:
        hint = did_you_mean(story_id, project.stories)
        return [Diagnostic(Location.of(folder), f"clips for story '{story_id}', which does not exist{hint}; "
                           "their lines no longer exist", Severity.WARNING)]
    try:
        story = project.localized(story_id, locale)
    except KitgenError:  # a broken catalog is reported by the catalog checks
        return []
    lines = {line.clip_name: line.text for episode in story.episodes for line in spoken_lines(story, episode)}
    with_clip = [p.stem for p in folder.iterdir() if p.stem in lines]
    expected, how = expect(story, locale, with_clip)
    return check_folder(folder, lines, expected, how)


def check_recorded(project: Project, report: Report) -> None:
    """Every recorded clip's problems, into ``report`` (``kitgen check``)."""
    for problems in recorded_diagnostics(project).values():
        report.extend(problems)
