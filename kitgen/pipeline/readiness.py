"""Whether a kit is ready for children, and every reason it is still a draft, each located.

A kit x locale is a draft while anything it shows or says is not yet vouched for:

- a story string with no native speaker's review that still stands (:mod:`kitgen.i18n.review`),
  or none at all: shown in the story's source language instead (a fallback line);
- one of kitgen's own strings (the chrome) likewise, in any locale but English;
- branding text with no review of its current wording (``branding_reviewed:`` in the kit);
- no help contacts at all, or one nobody has checked, or checked more than twelve months ago;
- for artifacts that speak: a voice that only approximates the language.

Drafts build, with a "DRAFT — for review" band on every page and title card; ``--release``
refuses them and lists these reasons with the file and line to fix.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from typing import Callable

from kitgen.errors import KitgenError, Location, OptionError
from kitgen.i18n import catalog as catalogs
from kitgen.i18n.chrome import CHROME
from kitgen.i18n.chrome_files import chrome_path, usable
from kitgen.i18n.locales import display_name
from kitgen.i18n.review import review_of
from kitgen.model.help import VERIFIED_FOR_DAYS
from kitgen.pipeline.voices import load_locale_profile
from kitgen.project import Project

#: The language kitgen's own strings are written in.
CHROME_SOURCE = "en"


@dataclass(frozen=True)
class Reason:
    location: Location
    message: str

    def __lt__(self, other: "Reason") -> bool:  # by file, line, column (a missing one first), then words
        def key(reason: Reason) -> tuple:
            where = reason.location
            return (where.path, where.line or 0, where.column or 0, reason.message)

        return key(self) < key(other)

    def format(self) -> str:
        return f"{self.location}: draft: {self.message}"


def formatted(reasons: list[Reason]) -> list[str]:
    """``reason.format()`` of each, working each file's shown path out once (thousands of
    reasons share a few files)."""
    shown: dict[str, str] = {}
    lines = []
    for reason in reasons:
        where = reason.location
        path = shown.get(where.path)
        if path is None:
            path = shown[where.path] = str(Location(where.path))
        line = "" if where.line is None else f":{where.line}" + (f":{where.column}" if where.column is not None else "")
        lines.append(f"{path}{line}: draft: {reason.message}")
    return lines


class DraftRefused(KitgenError):
    """``--release`` of a draft: every reason, one per line."""

    def __init__(self, what: str, reasons: list[Reason], outcome: str = "nothing was written") -> None:
        shown = "\n".join(formatted(reasons))
        super().__init__(f"{what} is a draft ({len(reasons)} reason{'s' if len(reasons) != 1 else ''}); "
                         f"{outcome}. Fix each of these, then try again:\n{shown}")

    def format_message(self) -> str:
        return f"error: {self.message}"


def today() -> dt.date:
    """The date contacts' checks are judged against: ``KITGEN_TODAY`` (YYYY-MM-DD, to see how a
    kit will stand on a later day) or today. Not ``SOURCE_DATE_EPOCH``: a release pinned to an
    old timestamp must still see that a check has grown old."""
    value = os.environ.get("KITGEN_TODAY", "")
    if not value:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise OptionError(f"KITGEN_TODAY must be a date written YYYY-MM-DD, not {value[:40]!r}") from None


def string_reasons(project: Project, story_id: str, locale: str) -> list[Reason]:
    """Every story string of ``locale`` that is untranslated or unreviewed."""
    source = project.story(story_id)
    if locale == source.story.story.source_locale:
        return []
    po = catalogs.po_path(source.directory, locale)
    catalog = project.catalog(story_id, locale)
    language = display_name(source.story.story.source_locale)
    if catalog is None:
        return [Reason(Location.of(po), f"no {locale} catalog: all {len(source.messages)} strings are shown in {language}; "
                                        f"run 'kitgen i18n update --locale {locale}' and translate them")]
    translated = catalogs.translations(source.messages, catalog)
    reasons = []
    for message in source.messages:
        entry = catalog.get(message.text, context=message.context)
        where = Location.of(po, entry.lineno) if entry is not None else source.positions.value(message.data_path)
        if message.context not in translated:
            reasons.append(Reason(where, f"'{message.context}' has no usable {locale} translation: it is shown in {language}"))
        elif review_of(entry) is None:
            reasons.append(Reason(where, f"'{message.context}' is not reviewed; after a native speaker checks it: "
                                         f"kitgen i18n review --locale {locale} --by NAME --key {message.context}"))
    return reasons


def chrome_reasons(locale: str) -> list[Reason]:
    """kitgen's own strings of ``locale`` that are untranslated or unreviewed."""
    if locale == CHROME_SOURCE:
        return []
    path = chrome_path(locale)
    if not path.is_file():
        return [Reason(Location.of(path), f"kitgen has no {locale} translation of its own strings: they are shown in English")]
    catalog = catalogs.read_catalog(path)
    reasons = []
    for message in CHROME:
        entry = catalog.get(message.msgid)
        where = Location.of(path, entry.lineno if entry is not None else None)
        if not usable(message, entry):
            reasons.append(Reason(where, f"kitgen's string {message.msgid!r} has no {locale} translation: it is shown in English"))
        elif review_of(entry) is None:
            reasons.append(Reason(where, f"kitgen's string {message.msgid!r} is not reviewed in {locale}; after a native speaker "
                                         f"checks it: kitgen i18n review --chrome --locale {locale} --by NAME --key {message.msgid!r}"))
    return reasons


def kit_reasons(project: Project, kit_id: str, locale: str, on: dt.date) -> list[Reason]:
    """The kit's own text in ``locale`` and its help contacts."""
    source = project.kit(kit_id)
    kit, positions = source.kit, source.positions
    reasons = []
    if locale in kit.branding and not kit.branding_reviewed_for(locale):
        reviewed = kit.branding_reviewed.get(locale)
        why = "was reviewed with other wording" if reviewed is not None else "is not reviewed"
        reasons.append(Reason(positions.value(("branding", locale)),
                              f"the {locale} branding {why}; after a native speaker checks it, add "
                              f"branding_reviewed: {{{locale}: {{by: NAME, on: YYYY-MM-DD, text: the branding}}}}"))
    if not kit.help:
        reasons.append(Reason(Location.of(source.path, 1),
                              "the kit lists no help contacts: add the country's child helpline under 'help:', "
                              "taken from a public source that you cite (see 'kitgen schema kit')"))
    for n, contact in enumerate(kit.help):
        where = positions.key(("help", n))
        if contact.verified is None:
            reasons.append(Reason(where, f"help contact '{contact.name}' has not been checked: call or open it, "
                                         f"then write 'verified: YYYY-MM-DD' (and 'verified_by:')"))
        elif contact.expired(on):
            reasons.append(Reason(positions.value(("help", n, "verified")),
                                  f"help contact '{contact.name}' was last checked on {contact.verified.isoformat()}, "
                                  f"more than {VERIFIED_FOR_DAYS} days ago: check it again and update 'verified:'"))
    return reasons


def voice_reasons(project: Project, kit_id: str | None, locale: str) -> list[Reason]:
    """An approximate voice for ``locale`` (for artifacts that speak)."""
    overrides = project.kit(kit_id).kit.voices.get(locale) if kit_id else None
    try:
        profile = load_locale_profile(project.voices_dir, locale, overrides=overrides)
    except KitgenError:
        return []  # a profile that does not load fails the build itself, with its own location
    if not profile.approximate:
        return []
    files = project.voice_files(locale)
    where = Location.of(files[-1] if files else project.voices_dir / f"{locale}.yaml")
    return [Reason(where, f"the {locale} voice is {profile.approximation}: a recorded narration "
                          f"(kitgen record) or a voice for the language itself is needed")]


@dataclass(frozen=True)
class Readiness:
    """The reasons one kit x locale x story is a draft, split by what they affect."""

    shown: tuple[Reason, ...]  # every artifact: strings, branding, contacts
    spoken: tuple[Reason, ...]  # artifacts that speak, in addition

    def of(self, speaks: bool) -> tuple[Reason, ...]:
        return self.shown + self.spoken if speaks else self.shown


def readiness(project: Project, kit_id: str | None, story_id: str, locale: str, on: dt.date | None = None,
              chrome: Callable[[str], list[Reason]] = chrome_reasons) -> Readiness:
    """The reasons one target is a draft; ``chrome`` gives the chrome's (a build remembers them per locale)."""
    on = on or today()
    shown = string_reasons(project, story_id, locale) + chrome(locale)
    if kit_id:
        shown += kit_reasons(project, kit_id, locale, on)
    else:
        shown.append(Reason(Location.of(project.kits_dir), "built outside a kit: no help contacts to show"))
    return Readiness(tuple(sorted(set(shown))), tuple(voice_reasons(project, kit_id, locale)))


def kit_draft_reasons(project: Project, kit_id: str, on: dt.date | None = None, speaks: bool = True) -> list[Reason]:
    """Every reason kit ``kit_id`` is a draft, over all its locales and stories (no repeats)."""
    kit = project.kit(kit_id).kit
    found: dict[Reason, None] = {}
    for locale in kit.locales:
        for story_id in kit.stories:
            found.update(dict.fromkeys(readiness(project, kit_id, story_id, locale, on).of(speaks)))
    return sorted(found)

