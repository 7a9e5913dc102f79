"""One build session: the project, fonts, chrome catalogs and localized stories it has read.

Nothing in kitgen caches files at module level; a :class:`BuildSession` owns what a build
(or a long-lived worker process) has read, each keyed by the stamps (size and modification
time) of the files it came from. Asking again after a file changed reads it again, so a
translation edited between two builds in one process is seen by the second.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kitgen.builder import SourceMap
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

    def __post_init__(self) -> None:
        self.root = Path(self.root).resolve()

    def _source_stamp(self) -> Stamp:
        sources = self.root / "sources"
        return tree_stamp(sources, (".yaml", ".yml", ".po"))

    def load(self) -> tuple[Project, Report]:
        """The project and the problems found loading it; read again when a source changed."""
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

    def localized(self, story_id: str, locale: str) -> Story:
        project = self.project()
        key = (story_id, locale)
        if key not in self._localized:
            self._localized[key] = project.localized(story_id, locale)
        return self._localized[key]

    def fonts(self) -> FontSet:
        folder = self.project().fonts_dir
        current = tree_stamp(folder, (".ttf", ".otf"))
        cached = self._fonts.get(folder)
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
