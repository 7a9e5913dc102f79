"""Reading and maintaining kitgen's chrome catalogs (``kitgen/locales/<locale>.po``).

A fuzzy, empty, absent or broken translation falls back to the English text, and
:meth:`~kitgen.i18n.chrome.Chrome.missing` lists every string that did.

``python -m kitgen.i18n.chrome_files`` regenerates ``kitgen.pot`` from
:data:`~kitgen.i18n.chrome.CHROME` and merges it into every catalog: translations are kept,
changed strings become fuzzy with their previous English text shown, removed strings are
kept as obsolete entries.
"""

from __future__ import annotations

import datetime
import string
import sys
from pathlib import Path
from types import MappingProxyType

from babel.messages.catalog import Catalog, Message as BabelMessage

from kitgen.errors import KitgenError, Location, OptionError, SourceError, did_you_mean, display_path
from kitgen.i18n.catalog import read_catalog, write_catalog
from kitgen.i18n.chrome import CHROME, DOMAIN, LOCALES_DIR, REVIEW_NOTE, TEMPLATE_NAME, Chrome, ChromeMessage
from kitgen.i18n.locales import babel_locale, display_name, locale_problem


def chrome_path(locale: str, directory: Path | str | None = None) -> Path:
    """Where the chrome catalog of ``locale`` lives (kitgen's own catalogs by default)."""
    return Path(directory if directory is not None else LOCALES_DIR) / f"{locale}.po"


def load_chrome(locale: str, directory: Path | str | None = None) -> Chrome:
    """Read the chrome of ``locale`` from ``<directory>/<locale>.po`` (kitgen's own catalogs by
    default). Nothing is cached here: a build session keeps what it read, keyed by file stamps."""
    directory = Path(directory if directory is not None else LOCALES_DIR)
    problem = locale_problem(locale)
    if problem:
        raise OptionError(problem)
    path = directory / f"{locale}.po"
    if not path.is_file():
        known = available_locales(directory)
        raise SourceError(
            f"no chrome translations for locale '{locale}' (expected {display_path(path)}); available: {', '.join(known) or 'none'}"
            f"{did_you_mean(locale, known)}",
            Location.of(directory),
        )
    catalog = read_catalog(path)
    strings: dict[str, str] = {}
    fallbacks: set[str] = set()
    for message in CHROME:
        entry = catalog.get(message.msgid)
        if usable(message, entry):
            strings[message.msgid] = entry.string
        else:
            strings[message.msgid] = message.msgid
            fallbacks.add(message.msgid)
    return Chrome(locale, MappingProxyType(strings), frozenset(fallbacks), path)


def usable(message: ChromeMessage, entry: BabelMessage | None) -> bool:
    """Whether ``entry`` translates ``message`` so that it is shown: not fuzzy, not blank, the
    same placeholders (otherwise the English text is shown)."""
    translation = entry.string if entry is not None and not entry.fuzzy else ""
    return isinstance(translation, str) and bool(translation.strip()) and _fields(translation) == message.fields


def _fields(text: str) -> frozenset[str] | None:
    """The replacement-field names in ``text``, or None when it is not a valid format string
    or uses anything beyond plain ``{name}`` fields (indexes, attributes, conversions, specs)."""
    names = set()
    try:
        for _, name, spec, conversion in string.Formatter().parse(text):
            if name is None:
                continue
            if not name.isidentifier() or spec or conversion:
                return None
            names.add(name)
    except ValueError:
        return None
    return frozenset(names)


def available_locales(directory: Path | str | None = None) -> tuple[str, ...]:
    """The locale codes that have a chrome catalog in ``directory``, sorted."""
    folder = Path(directory) if directory is not None else LOCALES_DIR
    return tuple(sorted(p.stem for p in folder.glob("*.po") if p.is_file()))


# -- the template and catalog maintenance ------------------------------------------------

def template_catalog(creation_date: datetime.datetime | None = None) -> Catalog:
    """The .pot catalog made from CHROME."""
    catalog = Catalog(
        domain=DOMAIN,
        project="kitgen",
        version="chrome",
        header_comment="# Template of the fixed words kitgen prints on kits (the chrome).\n"
        "# Generated from kitgen/i18n/chrome.py by `python -m kitgen.i18n.chrome_files`; do not edit.\n#",
        creation_date=creation_date,
        charset="utf-8",
    )
    for message in CHROME:
        flags = ("python-brace-format",) if message.placeholders else ()
        catalog.add(message.msgid, "", auto_comments=message.comments(), flags=flags)
    return catalog


def write_template(path: Path | str) -> bool:
    """Write the .pot for CHROME to ``path``; returns False when it was already up to date."""
    path = Path(path)
    creation_date = None
    if path.is_file():
        old = read_catalog(path)
        if _entries(old) == _entries(template_catalog()):
            return False
        creation_date = old.creation_date if isinstance(old.creation_date, datetime.datetime) else None
    return _write_catalog(path, template_catalog(creation_date))


def _entries(catalog: Catalog) -> list[tuple[str, tuple[str, ...], frozenset[str]]]:
    return [(m.id, tuple(m.auto_comments), frozenset(m.flags)) for m in catalog if m.id]


def new_catalog(locale: str, template: Catalog) -> Catalog:
    """An empty catalog for ``locale`` with kitgen's header; English is filled with its own text."""
    catalog = Catalog(
        locale=babel_locale(locale),
        domain=DOMAIN,
        project="kitgen",
        version="chrome",
        header_comment=f"# {display_name(locale)} translations of the fixed words kitgen prints on kits; locale {locale}.\n"
        f"# {REVIEW_NOTE}\n#",
        creation_date=template.creation_date,
        revision_date=datetime.datetime.now(datetime.timezone.utc),
        last_translator="Draft, not yet reviewed",
        language_team=f"{display_name(locale)} <none>",
        charset="utf-8",
        fuzzy=False,
    )
    catalog.update(template)
    return catalog


def update_catalogs(directory: Path = LOCALES_DIR, add: tuple[str, ...] = ()) -> list[str]:
    """Regenerate the .pot and merge it into every .po in ``directory``, first creating empty
    catalogs for the locales in ``add`` that have none; one summary line per catalog."""
    for locale in add:
        if problem := locale_problem(locale):
            raise OptionError(problem)
    write_template(directory / TEMPLATE_NAME)
    for locale in add:
        if not (directory / f"{locale}.po").exists():
            _write_catalog(directory / f"{locale}.po", new_catalog(locale, read_catalog(directory / TEMPLATE_NAME)))
    lines = []
    for locale in available_locales(directory):
        path = directory / f"{locale}.po"
        catalog = read_catalog(path)
        previous = {m.id: m.previous_id for m in catalog if m.id and m.fuzzy and m.previous_id}
        # A fresh template per catalog: Catalog.update adds the template's own message objects,
        # so one shared template would carry the English filled in below into later catalogs.
        catalog.update(read_catalog(directory / TEMPLATE_NAME))
        for message in catalog:
            if message.id and message.fuzzy and not message.previous_id and message.id in previous:
                message.previous_id = previous[message.id]
        if locale == "en":
            for message in catalog:
                if message.id:
                    message.string = message.id
                    message.flags.discard("fuzzy")
        changed = _write_catalog(path, catalog)
        fuzzy = sum(1 for m in catalog if m.id and m.fuzzy)
        empty = sum(1 for m in catalog if m.id and not m.string)
        lines.append(f"{path.name}: {len(CHROME)} messages, {fuzzy} fuzzy, {empty} untranslated{' (updated)' if changed else ''}")
    return lines


def _write_catalog(path: Path, catalog: Catalog) -> bool:
    return write_catalog(path, catalog, locations=False)


def main(argv: list[str]) -> int:
    """``python -m kitgen.i18n.chrome_files [NEW-LOCALE ...]``: refresh kitgen.pot and every catalog."""
    try:
        for summary in update_catalogs(LOCALES_DIR, tuple(argv)):
            print(summary)
    except KitgenError as exc:
        exc.show()
        return exc.exit_code
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
