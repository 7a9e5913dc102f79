"""A kitgen project: the folder holding ``sources/``, ``fonts/``, ``voices/`` and ``output/``.

``fonts/`` and ``voices/`` are optional: kitgen ships defaults (:mod:`kitgen.bundled`), and a
project's own folders add to them or override them, a font family or a locale's voice
profile at a time (:func:`kitgen.text.fontset.project_chain`, :func:`profile_files`).

:func:`load_project` reads every story and kit, validates each against its schema and
collects every problem into a :class:`~kitgen.errors.Report`. Files with schema errors are
left out of the project; the caller decides whether to stop (``report.raise_if_errors``).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog

from kitgen.bundled import FONTS_DIR, VOICES_DIR
from kitgen.errors import did_you_mean, KitgenError, Location, OptionError, Report, SourceError
from kitgen.i18n import catalog as catalogs
from kitgen.i18n.localize import localize
from kitgen.i18n.locales import locale_problem
from kitgen.i18n.messages import Message, story_messages
from kitgen.i18n.territories import country_problem
from kitgen.model.kit import Kit
from kitgen.model.story import Story
from kitgen.model.validate import validate
from kitgen.source.yamlpos import Positions, load_yaml

STORY_FILE = "story.yaml"
PROFILE_SUFFIX = ".yaml"


@dataclass(frozen=True)
class StorySource:
    story: Story
    directory: Path
    path: Path
    positions: Positions

    @property
    def id(self) -> str:
        return self.story.id

    @functools.cached_property
    def messages(self) -> list[Message]:
        return story_messages(self.story)

    def line_of(self, data_path: tuple) -> int:
        return self.positions.values.get(tuple(data_path), (0, 0))[0]

    def template(self) -> Catalog:
        lines = {m.data_path: self.line_of(m.data_path) for m in self.messages}
        return catalogs.build_template(self.messages, self.id, self.story.story.version, f"{self.id}/{STORY_FILE}", lines)


@dataclass(frozen=True)
class KitSource:
    kit: Kit
    path: Path
    positions: Positions

    @property
    def id(self) -> str:
        return self.kit.id


@dataclass
class Project:
    root: Path
    stories: dict[str, StorySource] = field(default_factory=dict)
    kits: dict[str, KitSource] = field(default_factory=dict)
    _catalogs: dict[tuple[str, str], Catalog | None] = field(default_factory=dict, repr=False)

    @property
    def sources_dir(self) -> Path:
        return self.root / "sources"

    @property
    def stories_dir(self) -> Path:
        return self.sources_dir / "stories"

    @property
    def kits_dir(self) -> Path:
        return self.sources_dir / "kits"

    @property
    def output_dir(self) -> Path:
        return self.root / "output"

    @property
    def voices_dir(self) -> Path:
        """The project's ``voices/`` (its profiles layer over the bundled ones), else the bundled folder."""
        return _own_or_bundled(self.root / "voices", VOICES_DIR)

    @property
    def fonts_dir(self) -> Path:
        """The project's ``fonts/`` (its families add to the bundled ones), else the bundled folder."""
        return _own_or_bundled(self.root / "fonts", FONTS_DIR)

    def voice_files(self, locale: str) -> tuple[Path, ...]:
        """The profile files that make ``locale``'s voice, bundled first (see :func:`profile_files`)."""
        return profile_files(self.voices_dir, locale)

    def story(self, story_id: str, where: Location | None = None) -> StorySource:
        if story_id not in self.stories:
            known = sorted(self.stories)
            raise SourceError(
                f"unknown story '{story_id}'{did_you_mean(story_id, known)}; stories: {', '.join(known) or '(none)'}",
                where,
            )
        return self.stories[story_id]

    def default_story(self, story_id: str | None) -> str:
        """``story_id`` checked, or the only story when none is given."""
        if story_id:
            self.story(story_id)
            return story_id
        if len(self.stories) == 1:
            return next(iter(self.stories))
        raise SourceError(f"several stories here; choose one with --story ({', '.join(sorted(self.stories))})",
                          Location.of(self.stories_dir))

    def kit(self, kit_id: str) -> KitSource:
        if kit_id not in self.kits:
            known = sorted(self.kits)
            raise OptionError(f"unknown kit '{kit_id}'{did_you_mean(kit_id, known)}; kits: {', '.join(known) or '(none)'}")
        return self.kits[kit_id]

    def catalog(self, story_id: str, locale: str) -> Catalog | None:
        """The story's catalog for ``locale``, or None when it has none."""
        key = (story_id, locale)
        if key not in self._catalogs:
            path = catalogs.po_path(self.story(story_id).directory, locale)
            self._catalogs[key] = catalogs.read_catalog(path) if path.is_file() else None
        return self._catalogs[key]

    def localized(self, story_id: str, locale: str) -> Story:
        """The story with its strings in ``locale``; untranslated strings keep the source text."""
        source = self.story(story_id)
        if locale == source.story.story.source_locale:
            return source.story
        catalog = self.catalog(story_id, locale)
        if catalog is None:
            raise SourceError(
                f"story '{story_id}' has no translation into '{locale}'; "
                f"run 'kitgen i18n update --locale {locale}' and translate the new catalog",
                Location.of(catalogs.po_path(source.directory, locale)),
            )
        return localize(source.story, source.messages, catalogs.translations(source.messages, catalog))


def _own_or_bundled(own: Path, bundled: Path) -> Path:
    """A project's own ``fonts/`` or ``voices/`` folder, else the one shipped with kitgen."""
    return own if own.is_dir() else bundled


def profile_files(voices_dir: Path, locale: str) -> tuple[Path, ...]:
    """The files of ``locale``'s voice profile: kitgen's bundled ``<locale>.yaml`` and, layered
    over it key by key, the one in ``voices_dir`` (a project's ``voices/``); either may be
    missing, and a folder that is the bundled one counts once."""
    name = f"{locale}{PROFILE_SUFFIX}"
    found = [path for path in (VOICES_DIR / name, Path(voices_dir) / name) if path.is_file()]
    if len(found) == 2 and found[0].resolve() == found[1].resolve():
        found = found[1:]
    return tuple(found)


def find_root(start: Path) -> Path:
    """The nearest folder at or above ``start`` that has a ``sources/`` folder."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / "sources").is_dir():
            return folder
    raise KitgenError(f"no kitgen project here: no 'sources/' folder in {start} or above; pass --project DIR")


def load_project(root: Path, report: Report) -> Project:
    project = Project(root.resolve())
    if project.stories_dir.is_dir():
        for directory in sorted(p for p in project.stories_dir.iterdir() if p.is_dir()):
            source = _load_story(directory, report)
            if source is not None:
                project.stories[source.id] = source
    if project.kits_dir.is_dir():
        for path in sorted(project.kits_dir.glob("*.yaml")):
            kit = _load_kit(path, report)
            if kit is not None:
                project.kits[kit.id] = kit
    return project


def _load_story(directory: Path, report: Report) -> StorySource | None:
    path = directory / STORY_FILE
    if not path.is_file():
        report.error(Location.of(directory), f"story folder has no {STORY_FILE}; add one (see 'kitgen new story')")
        return None
    try:
        loaded = load_yaml(path)
    except SourceError as exc:
        report.error(exc.location or Location.of(path), exc.message)
        return None
    story, problems = validate(Story, loaded.data, loaded.positions)
    report.extend(problems)
    if story is not None and (problem := locale_problem(story.story.source_locale)):
        report.error(loaded.positions.value(("story", "source_locale")), problem)
    return StorySource(story, directory, path, loaded.positions) if story else None


def _load_kit(path: Path, report: Report) -> KitSource | None:
    try:
        loaded = load_yaml(path)
    except SourceError as exc:
        report.error(exc.location or Location.of(path), exc.message)
        return None
    kit, problems = validate(Kit, loaded.data, loaded.positions)
    report.extend(problems)
    if kit is not None and kit.id != path.stem:
        report.error(loaded.positions.value(("id",)), f"kit id '{kit.id}' must match its file name '{path.stem}'")
    if kit is not None and (problem := country_problem(kit.country)):
        report.error(loaded.positions.value(("country",)), problem)
    return KitSource(kit, path, loaded.positions) if kit else None
