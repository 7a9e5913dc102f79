"""``kitgen i18n``: extract templates, update catalogs, report translation status."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kitgen.errors import Location, OptionError, SourceError
from kitgen.i18n import catalog as catalogs
from kitgen.i18n.locales import locale_problem
from kitgen.project import Project, StorySource


@dataclass(frozen=True)
class Written:
    path: Path
    changed: bool
    detail: str = ""


def extract(project: Project, story_ids: list[str] | None = None) -> list[Written]:
    """Write or refresh the .pot template of each story."""
    results = []
    for source in _stories(project, story_ids):
        path = catalogs.template_path(source.directory, source.id)
        changed = catalogs.write_catalog(path, source.template())
        results.append(Written(path, changed, f"{len(source.messages)} messages"))
    return results


def update(project: Project, locale: str, story_ids: list[str] | None = None) -> list[Written]:
    """Merge each story's template into its ``locale`` catalog (creating it if needed)."""
    problem = locale_problem(locale)
    if problem:
        raise OptionError(problem)
    results = []
    for source in _stories(project, story_ids):
        if locale == source.story.story.source_locale:
            raise OptionError(f"'{locale}' is the source locale of story '{source.id}'; it needs no catalog")
        template = source.template()
        catalogs.write_catalog(catalogs.template_path(source.directory, source.id), template)
        path = catalogs.po_path(source.directory, locale)
        old = catalogs.read_catalog(path) if path.is_file() else None
        merged = catalogs.merge(template, old, locale)
        changed = catalogs.write_catalog(path, merged)
        cov = catalogs.coverage(source.messages, merged)
        created = "new catalog, " if old is None else ""  # its header: Language and Plural-Forms from Babel
        results.append(
            Written(path, changed, f"{created}{cov.translated} translated, {cov.fuzzy} fuzzy, {cov.untranslated} untranslated")
        )
    return results


@dataclass(frozen=True)
class StatusRow:
    story: str
    locale: str
    translated: int
    fuzzy: int
    untranslated: int
    total: int
    percent: float
    kits: tuple[str, ...]


def status(project: Project, locales: list[str] | None = None, kit_id: str | None = None) -> list[StatusRow]:
    """Translation status of every story x locale: from existing catalogs and from kits' locales."""
    kits = [project.kit(kit_id)] if kit_id else list(project.kits.values())
    rows = []
    for source in project.stories.values():
        wanted: set[str] = set(catalogs.po_locales(source.directory))
        for kit in kits:
            if source.id in kit.kit.stories:
                wanted.update(kit.kit.locales)
        if kit_id:
            wanted &= set(project.kit(kit_id).kit.locales)
        if locales:
            wanted &= set(locales)
        wanted.discard(source.story.story.source_locale)
        for locale in sorted(wanted):
            catalog = project.catalog(source.id, locale)
            cov = catalogs.coverage(source.messages, catalog)
            in_kits = tuple(k.id for k in kits if source.id in k.kit.stories and locale in k.kit.locales)
            rows.append(
                StatusRow(source.id, locale, cov.translated, cov.fuzzy, cov.untranslated, cov.total, cov.percent, in_kits)
            )
    return rows


def below_minimum(rows: list[StatusRow], minimum: float) -> list[StatusRow]:
    """Rows of kit locales whose coverage is under ``minimum`` percent."""
    return [row for row in rows if row.kits and row.percent < minimum]


def _stories(project: Project, story_ids: list[str] | None) -> list[StorySource]:
    if story_ids:
        return [project.story(story_id) for story_id in story_ids]
    if not project.stories:
        raise SourceError("no stories found", Location.of(project.stories_dir))
    return list(project.stories.values())


