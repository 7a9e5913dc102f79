"""Which fonts and which voice profile each locale uses, and where each came from.

kitgen ships fonts and voice profiles; a project's own ``fonts/`` and ``voices/`` add to them
or override them (see :mod:`kitgen.project`). ``kitgen check -v`` prints :func:`locale_uses`,
and :func:`check_project_fonts` makes sure a project's own font never leaves letters of a
locale it draws to another font: a word would be drawn in two typefaces.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

from kitgen.bundled import FONTS_DIR, is_bundled
from kitgen.errors import KitgenError, Location, Report
from kitgen.i18n.chrome_files import available_locales, load_chrome
from kitgen.i18n.locales import display_name
from kitgen.i18n.messages import story_messages
from kitgen.project import Project
from kitgen.source.yamlpos import load_yaml
from kitgen.text.fontset import DEFAULT_CHAIN, IGNORABLE, FontFamily, FontSet, load_fontset, normalize


@dataclass(frozen=True)
class FontUse:
    family: FontFamily
    bundled: bool

    @property
    def name(self) -> str:
        """The family as people know it (registered names of a project's fonts carry a stamp)."""
        return self.family.regular.stem.removesuffix("-Regular")


@dataclass(frozen=True)
class VoiceUse:
    description: str  # "espeak ky" or why the profile does not load
    files: tuple[Path, ...]  # bundled first, then the project's file layered over it
    project_keys: tuple[str, ...]  # the keys the project's file sets
    kit_keys: tuple[tuple[str, tuple[str, ...]], ...]  # (kit id, keys its voices: override sets)


@dataclass(frozen=True)
class LocaleUse:
    locale: str
    kits: tuple[str, ...]
    fonts: tuple[FontUse, ...]
    voice: VoiceUse


def project_locales(project: Project) -> list[str]:
    """Every locale of every kit, then the stories' source locales."""
    found: dict[str, None] = {}
    for source in project.kits.values():
        found.update(dict.fromkeys(source.kit.locales))
    for story in project.stories.values():
        found.setdefault(story.story.story.source_locale, None)
    return list(found)


def locale_texts(project: Project, locale: str) -> list[str]:
    """Every string drawn in ``locale``: the stories (untranslated ones in the source text),
    kitgen's chrome and the kits' branding."""
    texts: list[str] = []
    for story_id, source in project.stories.items():
        if locale != source.story.story.source_locale and project.catalog(story_id, locale) is None:
            continue
        texts += [message.text for message in story_messages(project.localized(story_id, locale))]
    if locale in available_locales():
        texts += list(load_chrome(locale).strings.values())
    texts += [kit.kit.branding_for(locale) for kit in project.kits.values() if locale in kit.kit.locales]
    return texts


def locale_uses(project: Project) -> list[LocaleUse]:
    fontset = load_fontset(project.fonts_dir)
    uses = []
    for locale in project_locales(project):
        kits = tuple(kit.id for kit in project.kits.values() if locale in kit.kit.locales)
        try:
            characters = set(normalize("".join(locale_texts(project, locale)))) - IGNORABLE
        except KitgenError:  # a broken catalog: kitgen check reports it
            characters = set()
        used = {fontset.family_for(char) for char in characters}
        fonts = tuple(FontUse(family, is_bundled(family.regular)) for family in fontset.families if family in used)
        uses.append(LocaleUse(locale, kits, fonts, _voice_use(project, locale)))
    return uses


def _voice_use(project: Project, locale: str) -> VoiceUse:
    from kitgen.pipeline.voices import load_locale_profile

    files = project.voice_files(locale)
    own = [path for path in files if not is_bundled(path)]
    keys: tuple[str, ...] = ()
    if own:
        try:
            data = load_yaml(own[0]).data
            keys = tuple(data) if isinstance(data, dict) else ()
        except KitgenError:
            pass
    kit_keys = tuple((kit.id, tuple(kit.kit.voices[locale])) for kit in project.kits.values() if locale in kit.kit.voices)
    try:
        profile = load_locale_profile(project.voices_dir, locale)
        description = " ".join(part for part in (profile.engine, profile.voice) if part)
        if profile.approximate:
            description += " (approximate: another language's voice)"
    except KitgenError as exc:
        description = f"not usable: {exc.message}"
    return VoiceUse(description, files, keys, kit_keys)


def check_project_fonts(project: Project, report: Report) -> None:
    """A project's own font that draws a locale's letters must have all of them.

    For every locale and every family from the project's ``fonts/``: the letters of the
    locale's strings in the scripts that family draws (a Cyrillic font in a Kyrgyz kit must
    have ң, ө and ү), and, for a family that replaces a bundled one, the letters the bundled
    family drew. Each family lacking some is one error at its file, naming the characters.
    """
    fontset = load_fontset(project.fonts_dir)
    own = [family for family in fontset.families if not is_bundled(family.regular)]
    if not own:
        return
    bundled = _bundled_by_name()
    for locale in project_locales(project):
        try:
            letters = {c for c in normalize("".join(locale_texts(project, locale))) if unicodedata.category(c)[0] == "L"}
        except KitgenError:
            continue
        for family in own:
            _check_family(fontset, family, bundled.get(family.name.rsplit("-", 1)[0]), letters, locale, report)


def _check_family(fontset: FontSet, family: FontFamily, replaced: FontFamily | None, letters: set[str],
                  locale: str, report: Report) -> None:
    drawn = {c for c in letters if fontset.family_for(c) == family}
    scripts = {_script(c) for c in drawn} | ({_COMMON} if drawn else set())
    expected = {c for c in letters if _script(c) in scripts}
    if replaced is not None:
        expected |= {c for c in letters if replaced.covers(c)}
    lacking = sorted(c for c in expected if not family.covers(c))
    if not lacking:
        return
    shown = ", ".join(f"'{c}' U+{ord(c):04X} {unicodedata.name(c, 'unnamed character')}" for c in lacking[:12])
    more = f" and {len(lacking) - 12} more" if len(lacking) > 12 else ""
    name = family.regular.stem.removesuffix("-Regular")
    report.error(
        Location.of(family.regular),
        f"font '{name}' has no glyph for {len(lacking)} letter{'s' if len(lacking) != 1 else ''} of "
        f"{display_name(locale)} ({locale}) that the kit's texts use: {shown}{more}; a word would mix two fonts "
        f"or lose letters. Use a font that has them, or remove {family.regular.name} and {family.bold.name} to use kitgen's fonts",
    )


_COMMON = "COMMON"


def _script(char: str) -> str:
    """A letter's script, from its Unicode name (``CYRILLIC SMALL LETTER EN`` -> ``CYRILLIC``);
    modifier letters such as Uzbek's ʻ belong to every script."""
    name = unicodedata.name(char, "")
    return _COMMON if name.startswith("MODIFIER LETTER") else name.split(" ", 1)[0]


def _bundled_by_name() -> dict[str, FontFamily]:
    fontset = load_fontset(FONTS_DIR)
    return {spec.name: fontset.family(spec.name) for spec in DEFAULT_CHAIN}
