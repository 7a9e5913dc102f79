"""``kitgen new story`` and ``kitgen new kit``: scaffold a valid story with one of everything, and
a kit manifest for a country."""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from pathlib import Path
from typing import Sequence

from kitgen.errors import Location, OptionError, SourceError, did_you_mean
from kitgen.i18n.locales import locale_problem
from kitgen.i18n.supported import SUPPORTED_LOCALES
from kitgen.i18n.territories import country_name, country_problem, likely_country, official_locales
from kitgen.output import atomic_write_text

SCAFFOLD = Path(__file__).resolve().parent.parent / "assets" / "scaffold"
PROJECT_TEMPLATES = Path(__file__).resolve().parent.parent / "assets" / "project"
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def new_story(stories_dir: Path, story_id: str) -> Path:
    """Create ``stories_dir/<story_id>`` from the scaffold; it appears complete or not at all."""
    if not ID_PATTERN.match(story_id) or len(story_id) > 48:
        raise OptionError(f"'{story_id}' is not a valid story id: use lower-case ASCII letters, digits and hyphens")
    target = stories_dir / story_id
    if target.exists():
        raise SourceError(f"story '{story_id}' already exists; choose another id", Location.of(target))
    stories_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{story_id}.", dir=stories_dir))
    try:
        shutil.copytree(SCAFFOLD, staging, dirs_exist_ok=True)
        story_file = staging / "story.yaml"
        title = story_id.replace("-", " ").capitalize()
        text = story_file.read_text(encoding="utf-8").replace("__STORY_ID__", story_id).replace("__STORY_TITLE__", title)
        story_file.write_text(text, encoding="utf-8")
        staging.rename(target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return target


def kit_country(country: str | None, locales: Sequence[str]) -> str:
    """The kit's ISO 3166-1 country: ``country`` checked, else the one CLDR finds likeliest for
    the first locale; an unknown code is an :class:`OptionError` with a suggestion."""
    if country is None:
        found = likely_country(locales[0]) if locales else None
        if found is None:
            raise OptionError("choose the kit's country with --country, e.g. --country KG (ISO 3166-1 alpha-2)")
        return found
    problem = country_problem(country)
    if problem:
        raise OptionError(f"--country: {problem}")
    return country


def kit_locales(locales: Sequence[str], country: str | None) -> tuple[str, ...]:
    """The kit's locales, checked: BCP 47, and ones kitgen has fonts, chrome and voices for.
    None given: the country's official languages by CLDR."""
    if not locales:
        official = official_locales(country) if country else ()
        if not official:
            where = f"{country_name(country)} ({country})" if country else "the kit"
            raise OptionError(f"CLDR lists no language kitgen supports as official in {where}; "
                              f"choose the kit's languages with --locales (supported: {', '.join(SUPPORTED_LOCALES)})")
        return official
    for locale in locales:
        problem = locale_problem(locale)
        if problem:
            raise OptionError(f"--locales: {problem}")
        if locale not in SUPPORTED_LOCALES:
            raise OptionError(f"--locales: kitgen has no fonts, chrome strings or voices for '{locale}'"
                              f"{did_you_mean(locale, SUPPORTED_LOCALES, cutoff=0.5)}; supported: {', '.join(SUPPORTED_LOCALES)}")
    return tuple(dict.fromkeys(locales))


def render_kit(kit_id: str, country: str, locales: Sequence[str], stories: Sequence[str]) -> str:
    """A kit manifest from kitgen's template: the values given, the optional keys as comments."""
    text = (PROJECT_TEMPLATES / "kit.yaml").read_text(encoding="utf-8")
    branding = "\n".join(f"#   {locale}: <one line in this language>" for locale in locales)
    for key, value in (
        ("__NAME_JSON__", json.dumps(country_name(country), ensure_ascii=False)), ("__NAME__", country_name(country)),
        ("__ID__", kit_id), ("__COUNTRY__", country), ("__LOCALES__", json.dumps(list(locales))),
        ("__STORIES__", json.dumps(list(stories))), ("__BRANDING__", branding), ("__FIRST_LOCALE__", locales[0]),
    ):
        text = text.replace(key, value)
    return text


def new_kit(kits_dir: Path, kit_id: str, country: str, locales: Sequence[str], stories: Sequence[str]) -> Path:
    """Write ``kits_dir/<kit_id>.yaml``; refuses an existing kit or an invalid id."""
    if not ID_PATTERN.match(kit_id) or len(kit_id) > 48:
        raise OptionError(f"'{kit_id}' is not a valid kit id: use lower-case ASCII letters, digits and hyphens")
    if not stories:
        raise SourceError("the project has no stories; create one with 'kitgen new story ID' first", Location.of(kits_dir.parent / "stories"))
    path = kits_dir / f"{kit_id}.yaml"
    if path.exists():
        raise SourceError(f"kit '{kit_id}' already exists; choose another id or edit it", Location.of(path))
    kits_dir.mkdir(parents=True, exist_ok=True)
    atomic_write_text(path, render_kit(kit_id, country, locales, stories))
    return path


def add_catalogs(project, locales: Sequence[str], story_ids: Sequence[str]) -> list:  # type: ignore[no-untyped-def]
    """A catalog, as ``kitgen i18n update`` makes it, for every locale a story lacks one for (its
    source locale needs none); returns what was written."""
    from kitgen.commands import i18n

    written = []
    for story_id in story_ids:
        source = project.story(story_id)
        for locale in locales:
            if locale != source.story.story.source_locale and not (source.directory / "locales" / f"{locale}.po").is_file():
                written += i18n.update(project, locale, [story_id])
    return written
