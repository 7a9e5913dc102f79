"""Cross-reference checks that a schema alone cannot express.

Every reference is checked (speakers, categories, illustrations, icons, the episodes,
cards and activities that lessons name, the lessons that ``home`` pages name), and ids are
unique where they must be.
Problems are added to a :class:`~kitgen.errors.Report`; nothing is raised here.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Iterable

from kitgen import media
from kitgen.icons import builtin_icons
from kitgen.errors import MediaError, Report, did_you_mean
from kitgen.model.story import Illustration, Story, line_key
from kitgen.source.positions import Positions


def check_story(story: Story, directory: Path, positions: Positions, report: Report) -> None:
    at = positions.value
    meta = story.story
    if meta.id != directory.name:
        report.error(at(("story", "id")), f"story id '{meta.id}' must match its folder name '{directory.name}'")

    _unique(report, positions, ("characters",), [c.id for c in story.characters], "character")
    _unique(report, positions, ("episodes",), [e.id for e in story.episodes], "episode")
    _unique(report, positions, ("categories",), [c.id for c in story.categories], "category")
    _unique(report, positions, ("cards",), [c.id for c in story.cards], "card")
    _unique(report, positions, ("activities",), [a.id for a in story.activities], "activity")
    _unique(report, positions, ("lessons",), [lesson.id for lesson in story.lessons], "lesson")

    characters = [c.id for c in story.characters]
    for e, episode in enumerate(story.episodes):
        _unique(report, positions, ("episodes", e, "scenes"), [s.id for s in episode.scenes], "scene")
        for s, scene in enumerate(episode.scenes):
            base = ("episodes", e, "scenes", s)
            _illustration(report, positions, directory, base + ("illustration",), scene.illustration)
            keys = [line_key(line, i) for i, line in enumerate(scene.lines)]
            _unique(report, positions, base + ("lines",), keys, "line key", field="id")
            for n, line in enumerate(scene.lines):
                if line.speaker is not None and line.speaker not in characters:
                    report.error(
                        at(base + ("lines", n, "speaker")),
                        f"unknown speaker '{line.speaker}'{did_you_mean(line.speaker, characters)}; "
                        f"declare it under 'characters' or use one of: {', '.join(characters) or '(none declared)'}",
                    )

    icons = builtin_icons()
    categories = [c.id for c in story.categories]
    for n, category in enumerate(story.categories):
        _icon(report, positions, directory, ("categories", n, "icon"), category.icon, icons)
    for n, card in enumerate(story.cards):
        if card.category not in categories:
            report.error(
                at(("cards", n, "category")),
                f"unknown category '{card.category}'{did_you_mean(card.category, categories)}; "
                f"declare it under 'categories'",
            )
        if card.icon is not None:
            _icon(report, positions, directory, ("cards", n, "icon"), card.icon, icons)
        if card.illustration is not None:
            _illustration(report, positions, directory, ("cards", n, "illustration"), card.illustration)

    _check_lessons(story, positions, report)
    _check_home(story, positions, report)


def _check_lessons(story: Story, positions: Positions, report: Report) -> None:
    at = positions.value
    known = {
        "episodes": [e.id for e in story.episodes],
        "cards": [c.id for c in story.cards],
        "activities": [a.id for a in story.activities],
    }
    used: dict[str, set[str]] = {kind: set() for kind in known}
    for n, lesson in enumerate(story.lessons):
        for kind, ids in known.items():
            for i, ref in enumerate(getattr(lesson.uses, kind)):
                used[kind].add(ref)
                if ref not in ids:
                    singular = kind[:-1] if kind != "activities" else "activity"
                    report.error(
                        at(("lessons", n, "uses", kind, i)),
                        f"lesson '{lesson.id}' uses unknown {singular} '{ref}'{did_you_mean(ref, ids)}",
                    )
        total = sum(step.minutes for step in lesson.steps)
        if total != lesson.duration:
            report.warning(
                at(("lessons", n, "duration")),
                f"lesson '{lesson.id}' lasts {lesson.duration} min but its steps add up to {total} min",
            )
    if story.lessons:
        for n, activity in enumerate(story.activities):
            if activity.id not in used["activities"]:
                report.warning(at(("activities", n, "id")), f"activity '{activity.id}' is not used by any lesson")


def _check_home(story: Story, positions: Positions, report: Report) -> None:
    """Each ``home`` page names a lesson, once; once there are pages, every lesson should have one."""
    at = positions.value
    lessons = [lesson.id for lesson in story.lessons]
    seen: set[str] = set()
    for n, page in enumerate(story.home):
        if page.lesson not in lessons:
            report.error(
                at(("home", n, "lesson")),
                f"home page for unknown lesson '{page.lesson}'{did_you_mean(page.lesson, lessons)}; "
                f"use the id of a lesson: {', '.join(lessons) or '(no lessons declared)'}",
            )
        elif page.lesson in seen:
            report.error(at(("home", n, "lesson")), f"lesson '{page.lesson}' has two home pages; give each lesson one")
        seen.add(page.lesson)
    if story.home:
        for n, lesson in enumerate(story.lessons):
            if lesson.id not in seen:
                report.warning(
                    at(("lessons", n, "id")),
                    f"lesson '{lesson.id}' has no page under 'home'; the take-home sheet for parents will leave it out",
                )


def _unique(report: Report, positions: Positions, base: tuple, ids: Iterable[str], what: str, field: str = "id") -> None:
    ids = list(ids)
    counts = Counter(ids)
    seen: set[str] = set()
    for index, item in enumerate(ids):
        if counts[item] > 1 and item in seen:
            report.error(positions.value(base + (index, field)), f"duplicate {what} '{item}'; each {what} must be unique")
        seen.add(item)


def _illustration(report: Report, positions: Positions, directory: Path, path: tuple, illustration: Illustration) -> None:
    where = positions.value(path + ("file",))
    problem = media.path_problem(directory, illustration.file)
    if problem:
        report.error(where, problem)
        return
    try:
        media.inspect_image(media.resolve(directory, illustration.file), where)
    except MediaError as exc:
        report.error(exc.location or where, exc.message)


def _icon(report: Report, positions: Positions, directory: Path, path: tuple, icon: str, icons: list[str]) -> None:
    where = positions.value(path)
    if icon.lower().endswith(".svg"):
        problem = media.path_problem(directory, icon)
        if problem:
            report.error(where, problem.replace("illustration", "icon"))
            return
        try:
            media.inspect_image(media.resolve(directory, icon), where)
        except MediaError as exc:
            report.error(exc.location or where, exc.message)
    elif icon not in icons:
        report.error(where, f"unknown icon '{icon}'{did_you_mean(icon, icons)}; built-in icons: {', '.join(icons)}, or give an SVG path")
