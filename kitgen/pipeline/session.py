"""One build session: the project, fonts, chrome catalogs and localized stories it has read.

Nothing in kitgen caches files at module level; a :class:`BuildSession` owns what a build
(or a long-lived worker process) has read, each keyed by the stamps (size and modification
time) of the files it came from. Asking again after a file changed reads it again, so a
translation edited between two builds in one process is seen by the second. Within
:meth:`BuildSession.pinned` (one build's planning and keying) each stamp is taken once.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

from kitgen.builder import SourceMap
from kitgen.builder.memo import FileMemo
from kitgen.bundled import FONTS_DIR as BUNDLED_FONTS_DIR
from kitgen.errors import Report
from kitgen.i18n import catalog as catalogs
from kitgen.i18n.chrome import Chrome
from kitgen.i18n.chrome_files import chrome_path, load_chrome
from kitgen.model.story import Story, line_key
from kitgen.project import Project, load_project
from kitgen.text.fontset import FontSet, load_fontset

Stamp = tuple


def stamp(path: Path) -> Stamp:
    """(size, mtime_ns) of a file, or None when it does not exist."""
    try:
        status = path.stat()
    except OSError:
        return (None,)
    return (status.st_size, status.st_mtime_ns)


def tree_stamp(folder: Path, suffixes: tuple[str, ...] = ()) -> Stamp:
    """The stamps of every file under ``folder`` (with one of ``suffixes``, when given)."""
    found = []
    for directory, folders, files in os.walk(folder):
        folders.sort()
        for name in sorted(files):
            if not suffixes or name.endswith(suffixes):
                path = Path(directory) / name
                found.append((str(path), *stamp(path)))
    return tuple(found)


@dataclass
class BuildSession:
    """What one build has read. Create one per build, or keep one in a worker process."""

    root: Path
    _project: tuple[Stamp, Project, Report] | None = field(default=None, repr=False)
    _fonts: dict[Path, tuple[Stamp, FontSet]] = field(default_factory=dict, repr=False)
    _chrome: dict[str, tuple[Stamp, Chrome]] = field(default_factory=dict, repr=False)
    _localized: dict[tuple[str, str], Story] = field(default_factory=dict, repr=False)
    _pins: int = field(default=0, repr=False)
    _checked: set = field(default_factory=set, repr=False)  # what was stamped since the outermost pin
    _by_stamp: dict = field(default_factory=dict, repr=False)  # (kind, path) -> (stamp, value)
    _derived: dict = field(default_factory=dict, repr=False)  # key -> value, within one pinned block
    #: Decoded illustrations and icons, handed to every builder this session runs.
    memo: FileMemo = field(default_factory=FileMemo, repr=False)

    def __post_init__(self) -> None:
        self.root = Path(self.root).resolve()

    def _source_stamp(self) -> Stamp:
        sources = self.root / "sources"
        return tree_stamp(sources, (".yaml", ".yml", ".po"))

    @classmethod
    def of(cls, project: Project) -> "BuildSession":
        """A session starting from a project already loaded (and checked) from its sources."""
        session = cls(project.root)
        session._project = (session._source_stamp(), project, Report())
        return session

    @contextlib.contextmanager
    def pinned(self) -> Iterator["BuildSession"]:
        """Stamp each source once in this block: what one build plans and keys, it reads once
        (the sources are not expected to change mid-build; the next block looks again)."""
        if self._pins == 0:
            self._checked.clear()
            self._by_stamp.clear()
            self._derived.clear()
        self._pins += 1
        try:
            yield self
        finally:
            self._pins -= 1
            if self._pins == 0:
                self._checked.clear()
                self._by_stamp.clear()
                self._derived.clear()

    def _fresh(self, what: object) -> bool:
        """Whether ``what`` was already stamped in the current pinned block (then it stands);
        marks it stamped from now on."""
        if not self._pins:
            return False
        if what in self._checked:
            return True
        self._checked.add(what)
        return False

    def load(self) -> tuple[Project, Report]:
        """The project and the problems found loading it; read again when a source changed."""
        if self._fresh("project") and self._project is not None:
            return self._project[1], self._project[2]
        current = self._source_stamp()
        if self._project is None or self._project[0] != current:
            report = Report()
            project = load_project(self.root, report)
            self._project = (current, project, report)
            self._localized.clear()
        return self._project[1], self._project[2]

    def project(self) -> Project:
        """The project; aborts with every schema problem if there are any."""
        project, report = self.load()
        report.raise_if_errors(strict=False)
        return project

    def within_build(self, key: tuple, compute: Callable[[], Any]) -> Any:
        """``compute()``, remembered under ``key`` until the pinned block ends (computed afresh
        outside one): for what is derived from sources read once per build."""
        if not self._pins:
            return compute()
        if key not in self._derived:
            self._derived[key] = compute()
        return self._derived[key]

    def by_stamp(self, kind: str, path: Path, compute: Callable[[Path], Any]) -> Any:
        """``compute(path)``; within a pinned block, remembered while the file's size and
        modification time stay the same (``compute`` may look at other files too, so nothing
        is remembered from one block to the next)."""
        if not self._pins:
            return compute(path)
        current = stamp(path)
        found = self._by_stamp.get((kind, path))
        if found is None or found[0] != current:
            found = self._by_stamp[(kind, path)] = (current, compute(path))
        return found[1]

    def localized(self, story_id: str, locale: str) -> Story:
        project = self.project()
        key = (story_id, locale)
        if key not in self._localized:
            self._localized[key] = project.localized(story_id, locale)
        return self._localized[key]

    def fonts(self) -> FontSet:
        """The project's font set: its own fonts/ over the bundled families (see project_chain)."""
        folder = self.project().fonts_dir
        cached = self._fonts.get(folder)
        if self._fresh(("fonts", folder)) and cached is not None:
            return cached[1]
        current = tree_stamp(folder, (".ttf", ".otf")) + tree_stamp(BUNDLED_FONTS_DIR, (".ttf",))
        if cached is None or cached[0] != current:
            cached = (current, load_fontset(folder))
            self._fonts[folder] = cached
        return cached[1]

    def chrome(self, locale: str) -> Chrome:
        current = stamp(chrome_path(locale))
        cached = self._chrome.get(locale)
        if cached is None or cached[0] != current:
            cached = (current, load_chrome(locale))
            self._chrome[locale] = cached
        return cached[1]

    def source_map(self, story_id: str, locale: str) -> SourceMap:
        """Where every string of the story is written in ``locale`` (catalog lines when translated)."""
        project = self.project()
        source = project.story(story_id)
        positions = source.positions.values
        if locale == source.story.story.source_locale:
            return SourceMap(source.path, positions)
        catalog = project.catalog(story_id, locale)
        po = catalogs.po_path(source.directory, locale)
        if catalog is None:
            return SourceMap(source.path, positions)
        translated = catalogs.translations(source.messages, catalog)
        lines = {}
        for message in source.messages:
            if message.context in translated:
                entry = catalog.get(message.text, context=message.context)
                lines[message.data_path] = entry.lineno if entry is not None else None
        return SourceMap(source.path, positions, po, lines)

    def fallback_lines(self, story_id: str, locale: str) -> frozenset[str]:
        """Keys (``<episode>/<scene>/<line>``) of the lines with no usable translation in ``locale``:
        they are shown, and spoken, in the story's source language."""
        project = self.project()
        source = project.story(story_id)
        story = source.story
        if locale == story.story.source_locale:
            return frozenset()
        catalog = project.catalog(story_id, locale)
        translated = catalogs.translations(source.messages, catalog) if catalog is not None else {}
        keys = set()
        for message in source.messages:
            path = message.data_path
            if message.context in translated or len(path) != 7 or path[0] != "episodes" or path[6] != "text":
                continue
            episode = story.episodes[path[1]]
            scene = episode.scenes[path[3]]
            keys.add(f"{episode.id}/{scene.id}/{line_key(scene.lines[path[5]], path[5])}")
        return frozenset(keys)

    def kit_voices(self, kit_id: str | None, locale: str) -> dict[str, Any] | None:
        if not kit_id:
            return None
        return self.project().kit(kit_id).kit.voices.get(locale)
