"""Build one artifact of one story in one locale: the path shared by ``kitgen cards`` and friends.

Before anything renders, the story is checked (references, illustrations) and every string
in the target locale is proven covered by the bundled fonts.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping

from kitgen.builders import BuildRequest, get_builder
from kitgen.commands.check import prove_story_locale
from kitgen.errors import Report, SourceError
from kitgen.i18n.locales import SUPPORTED_LOCALES, locale_problem
from kitgen.model.checks import check_story
from kitgen.project import Project


def validate_locale(locale: str) -> None:
    problem = locale_problem(locale)
    if problem:
        raise SourceError(problem)
    if locale not in SUPPORTED_LOCALES:
        raise SourceError(f"kitgen has no fonts, chrome strings or voices for '{locale}'; supported: {', '.join(SUPPORTED_LOCALES)}")


def default_story(project: Project, story_id: str | None) -> str:
    if story_id:
        project.story(story_id)
        return story_id
    if len(project.stories) == 1:
        return next(iter(project.stories))
    raise SourceError(f"several stories here; choose one with --story ({', '.join(sorted(project.stories))})")


def branding(project: Project, story_id: str, locale: str, kit_id: str | None) -> str:
    if kit_id:
        kit = project.kit(kit_id).kit
        if locale not in kit.branding:
            raise SourceError(f"kit '{kit_id}' has no branding for '{locale}'")
        return kit.branding[locale]
    for kit in project.kits.values():
        if story_id in kit.kit.stories and locale in kit.kit.branding:
            return kit.kit.branding[locale]
    return ""


def build_artifact(
    project: Project,
    artifact: str,
    story_id: str,
    locale: str,
    options: Mapping[str, Any],
    output: Path | None = None,
    kit_id: str | None = None,
) -> Path:
    validate_locale(locale)
    builder = get_builder(artifact)
    source = project.story(story_id)
    report = Report()
    check_story(source.story, source.directory, source.positions, report)
    prove_story_locale(project, story_id, locale, report)
    report.raise_if_errors()
    story = project.localized(story_id, locale)
    target = output or project.output_dir / story_id / locale / builder.filename
    request = BuildRequest(
        story=story,
        story_dir=source.directory,
        locale=locale,
        fonts_dir=project.fonts_dir,
        branding=branding(project, story_id, locale, kit_id) or story.story.title,
        output=target,
        options=dict(options),
    )
    return builder.build(request)
