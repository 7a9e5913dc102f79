"""``kitgen i18n``: extract templates, update catalogs, mark reviews, report translation status."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from kitgen.errors import KitgenError, Location, OptionError, SourceError, did_you_mean, display_path
from kitgen.i18n import catalog as catalogs
from kitgen.i18n import review as reviews
from kitgen.i18n.chrome import CHROME
from kitgen.i18n.chrome_files import chrome_path, usable
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
class Reviewed:
    path: Path
    marked: int  # marks written now
    skipped: int  # untranslated or fuzzy entries that --all could not mark


def review(project: Project, locale: str, by: str, keys: list[str], everything: bool,
           story_ids: list[str] | None = None, chrome: bool = False, today: dt.date | None = None) -> list[Reviewed]:
    """Mark strings of ``locale`` reviewed by ``by``: every translated one (``everything``) or
    those of ``keys`` (message contexts such as ``cards/strong-password/title``; chrome msgids
    with ``chrome``). Every problem is found first; then all catalogs are written, or none."""
    problem = locale_problem(locale) or reviews.reviewer_problem(by)
    if problem:
        raise OptionError(problem)
    if everything == bool(keys):
        raise OptionError("say what was reviewed: --all, or one --key per string")
    today = today or dt.date.today()
    targets: list[tuple[Path, dict[str, tuple[str, str | None]]]] = []  # catalog, key -> (msgid, msgctxt)
    if chrome:
        targets.append((chrome_path(locale), {m.msgid: (m.msgid, None) for m in CHROME}))
    else:
        for source in _stories(project, story_ids):
            if locale == source.story.story.source_locale:
                raise OptionError(f"'{locale}' is the source locale of story '{source.id}': its text is the original, nothing to review")
            targets.append((catalogs.po_path(source.directory, locale), {m.context: (m.text, m.context) for m in source.messages}))
    problems: list[str] = []
    known = {key for _, wanted in targets for key in wanted}
    for key in keys:
        if key not in known:
            problems.append(f"unknown key '{key}'{did_you_mean(key, sorted(known))}; 'kitgen i18n status' names the catalogs, the keys are their msgctxt")
    loaded = []
    for path, wanted in targets:
        if not path.is_file():
            problems.append(f"{display_path(path)}: no catalog for '{locale}'; run 'kitgen i18n update --locale {locale}' first")
            continue
        loaded.append((path, wanted, catalogs.read_catalog(path)))
    plans = []
    for path, wanted, catalog in loaded:
        chosen = [key for key in wanted if everything or key in keys]
        marked = skipped = 0
        for key in chosen:
            msgid, context = wanted[key]
            entry = catalog.get(msgid, context=context)
            if entry is not None and reviews.mark(entry, by, today):
                marked += 1
                continue
            if everything:
                skipped += 1
                continue
            state = "missing" if entry is None else "fuzzy" if entry.fuzzy else "untranslated"
            where = f"{display_path(path)}:{entry.lineno}" if entry is not None else display_path(path)
            problems.append(f"{where}: '{key}' is {state}; translate it (and clear 'fuzzy') before marking it reviewed")
        plans.append((path, catalog, marked, skipped))
    if problems:
        raise KitgenError("nothing was marked:\n  " + "\n  ".join(problems))
    results = []
    for path, catalog, marked, skipped in plans:
        if marked:
            catalogs.write_catalog(path, catalog)
        results.append(Reviewed(path, marked, skipped))
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
    reviewed: int = 0
    reviewed_percent: float = 0.0


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
                StatusRow(source.id, locale, cov.translated, cov.fuzzy, cov.untranslated, cov.total, cov.percent, in_kits,
                          cov.reviewed, cov.reviewed_percent)
            )
    kit_locales = {locale for kit in kits for locale in kit.kit.locales} - {"en"}
    for locale in sorted(kit_locales & set(locales) if locales else kit_locales):
        rows.append(_chrome_row(locale, tuple(k.id for k in kits if locale in k.kit.locales)))
    return rows


#: The story column of the row for kitgen's own strings.
CHROME_ROW = "(kitgen)"


def _chrome_row(locale: str, kits: tuple[str, ...]) -> StatusRow:
    """kitgen's own strings in ``locale``: translated, fuzzy, reviewed."""
    path = chrome_path(locale)
    catalog = catalogs.read_catalog(path) if path.is_file() else None
    translated = fuzzy = reviewed = 0
    for message in CHROME:
        entry = catalog.get(message.msgid) if catalog is not None else None
        if usable(message, entry):
            translated += 1
            reviewed += reviews.review_of(entry) is not None
        elif entry is not None and entry.fuzzy and entry.string:
            fuzzy += 1
    total = len(CHROME)
    return StatusRow(CHROME_ROW, locale, translated, fuzzy, total - translated - fuzzy, total, 100.0 * translated / total, kits,
                     reviewed, 100.0 * reviewed / total)


def below_minimum(rows: list[StatusRow], minimum: float, reviewed: bool = False) -> list[StatusRow]:
    """Rows of kit locales whose coverage (or, with ``reviewed``, reviewed share) is under ``minimum`` percent."""
    return [row for row in rows if row.kits and (row.reviewed_percent if reviewed else row.percent) < minimum]


def _stories(project: Project, story_ids: list[str] | None) -> list[StorySource]:
    if story_ids:
        return [project.story(story_id) for story_id in story_ids]
    if not project.stories:
        raise SourceError("no stories found", Location.of(project.stories_dir))
    return list(project.stories.values())


