"""The project checks behind ``kitgen check`` and every build: every problem in every story,
kit, translation and voice profile, reported at once."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from kitgen.errors import DiagnosticsError, KitgenError, Location, Report, SourceError, did_you_mean
from kitgen.i18n import catalog as catalogs
from kitgen.i18n.locales import SUPPORTED_LOCALES, locale_problem
from kitgen.model.checks import check_story
from kitgen.pipeline.provenance import check_project_fonts
from kitgen.project import Project, StorySource, load_project
from kitgen.text.fontset import FontSet, load_fontset, uncovered_message


def check(root: Path, loaded: Project | None = None, narration_cache: Path | None = None) -> tuple[Project, Report]:
    """Load and check the whole project; the report holds every problem found.

    ``loaded``: a project already loaded from ``root`` without schema errors, checked as it is.
    ``narration_cache``: also narrate every kit's episodes through this speech cache and warn
    for every caption cue over the kit's reading speed (what ``kitgen check`` does).
    """
    report = Report()
    project = loaded or load_project(root, report)
    for source in project.stories.values():
        check_story(source.story, source.directory, source.positions, report)
    check_catalogs(project, report)
    for kit in project.kits.values():
        check_kit(project, kit.id, report)
    check_voices(project, report)
    from kitgen.pipeline.clips import check_recorded  # recorded clips: decoded and measured

    check_recorded(project, report)
    prove_coverage(project, report)
    check_project_fonts(project, report)
    if narration_cache is not None and not report.errors:
        from kitgen.pipeline.captions import check_reading_speed
        from kitgen.pipeline.session import BuildSession

        check_reading_speed(BuildSession.of(project), report, narration_cache)
    return project, report


def check_voices(project: Project, report: Report) -> None:
    """Every voice profile, and every kit's overrides of one, must load cleanly."""
    from kitgen.pipeline.voices import load_locale_profile
    from kitgen.voice.profile import scoped

    def attempt(locale: str, **kwargs) -> None:
        if not project.voice_files(locale):  # the bundled profile, and the project's layered over it
            if locale in SUPPORTED_LOCALES:
                report.warning(Location.of(project.voices_dir), f"no voice profile for '{locale}'; its episodes cannot be narrated")
            return
        try:
            load_locale_profile(project.voices_dir, locale, **kwargs)
        except DiagnosticsError as exc:
            report.extend(exc.diagnostics)
        except KitgenError as exc:
            report.error(exc.location or Location.of(project.voices_dir), exc.message)

    if project.voices_dir.is_dir():
        for path in sorted(project.voices_dir.glob("*.yaml")):
            if not locale_problem(path.stem):
                attempt(path.stem)
    for source in project.kits.values():
        for locale, overrides in source.kit.voices.items():
            if locale in source.kit.locales and not locale_problem(locale):
                attempt(locale, overrides=overrides, overrides_positions=scoped(source.positions, ("voices", locale)))


def check_kit(project: Project, kit_id: str, report: Report) -> None:
    source = project.kits[kit_id]
    kit, at = source.kit, source.positions.value
    for n, story_id in enumerate(kit.stories):
        if story_id not in project.stories and not (project.stories_dir / story_id).is_dir():
            report.error(at(("stories", n)), f"kit '{kit.id}' names story '{story_id}', which does not exist{did_you_mean(story_id, project.stories)}")
    for n, locale in enumerate(kit.locales):
        problem = locale_problem(locale)
        if problem:
            report.error(at(("locales", n)), problem)
            continue
        if locale not in SUPPORTED_LOCALES:
            report.error(at(("locales", n)), f"kitgen has no fonts, chrome strings or voices for '{locale}'; supported: {', '.join(SUPPORTED_LOCALES)}")
        if kit.branding and locale not in kit.branding:  # branding is optional, but all or nothing
            report.error(at(("branding",)), f"branding has no text for locale '{locale}'; add '{locale}: ...' (or remove branding)")
        for story_id in kit.stories:
            story = project.stories.get(story_id)
            if story and locale != story.story.story.source_locale:
                if not catalogs.po_path(story.directory, locale).is_file():
                    report.error(
                        at(("locales", n)),
                        f"story '{story_id}' has no '{locale}' translation; run 'kitgen i18n update --locale {locale}'",
                    )
    for locale in kit.branding:
        if locale not in kit.locales:
            report.warning(source.positions.key(("branding", locale)), f"branding for '{locale}', which is not a locale of this kit")
    for locale in kit.voices:
        if locale not in kit.locales:
            report.error(source.positions.key(("voices", locale)), f"voice override for '{locale}', which is not a locale of this kit")
    for locale in kit.branding_reviewed:
        if locale not in kit.branding:
            report.warning(source.positions.key(("branding_reviewed", locale)), f"a review of branding for '{locale}', which has no branding")
    _check_help(source, report)


def _check_help(source, report: Report) -> None:  # type: ignore[no-untyped-def]
    """Help contacts: real language codes, no check or retrieval dated in the future."""
    from kitgen.pipeline.readiness import today

    on = today()
    for n, contact in enumerate(source.kit.help):
        for k, code in enumerate(contact.languages):
            problem = locale_problem(code)
            if problem:
                report.error(source.positions.value(("help", n, "languages", k)), problem)
        for path, when in ((("help", n, "verified"), contact.verified), (("help", n, "source", "retrieved"), contact.source.retrieved)):
            if when is not None and when > on:
                report.error(source.positions.value(path), f"{path[-1]}: {when.isoformat()} is in the future (today is {on.isoformat()}); "
                                                           f"write the day it really happened")


def prove_coverage(project: Project, report: Report) -> None:
    """Prove that every character of every string, in every locale, has a glyph in a bundled font."""
    fontset = load_fontset(project.fonts_dir)
    for source in project.stories.values():
        _prove(fontset, source.story.story.source_locale, _source_strings(source), report)
        for locale in catalogs.po_locales(source.directory):
            if locale_problem(locale):
                continue
            try:
                catalog = project.catalog(source.id, locale)
            except Exception:  # already reported by check_catalogs
                continue
            if catalog is None:
                continue
            path = catalogs.po_path(source.directory, locale)
            strings = [
                (entry.context or entry.id, entry.string, Location.of(path, entry.lineno))
                for entry in catalog
                if entry.id and isinstance(entry.string, str) and entry.string
            ]
            _prove(fontset, locale, strings, report)
    for kit in project.kits.values():
        for locale, text in kit.kit.branding.items():
            _prove(fontset, locale, [(f"branding/{locale}", text, kit.positions.value(("branding", locale)))], report)
    _prove_chrome(project, fontset, report)


def _source_strings(source: StorySource) -> list[tuple[str, str, Location]]:
    return [(m.context, m.text, source.positions.value(m.data_path)) for m in source.messages]


def _prove(fontset: FontSet, locale: str, strings: Iterable[tuple[str, str, Location]], report: Report) -> None:
    for key, text, where in strings:
        for char in fontset.missing_characters(text):
            report.error(where, uncovered_message(key, locale, char))


def _prove_chrome(project: Project, fontset: FontSet, report: Report) -> None:
    locales = {locale for kit in project.kits.values() for locale in kit.kit.locales if locale in SUPPORTED_LOCALES}
    for locale in sorted(locales):
        _prove_chrome_locale(fontset, locale, report)


def _prove_chrome_locale(fontset: FontSet, locale: str, report: Report) -> None:
    from kitgen.i18n import chrome_files as chrome

    if locale not in chrome.available_locales():
        return
    catalog = chrome.load_chrome(locale)
    path = Location.of(chrome.LOCALES_DIR / f"{locale}.po")
    strings = [(m.msgid, catalog.strings[m.msgid], path) for m in chrome.CHROME]
    _prove(fontset, locale, strings, report)


def check_catalogs(project: Project, report: Report) -> None:
    """Read every story catalog and report syntax, placeholder and staleness problems."""
    for source in project.stories.values():
        for locale in catalogs.po_locales(source.directory):
            path = catalogs.po_path(source.directory, locale)
            problem = locale_problem(locale)
            if problem:
                report.error(Location.of(path), f"catalog file name: {problem}")
                continue
            try:
                catalog = project.catalog(source.id, locale)
            except SourceError as exc:
                report.error(exc.location or Location.of(path), exc.message)
                continue
            if catalog is not None:
                catalogs.check_catalog(source.messages, catalog, path, report)
