"""Where each part of a localized story is written, for located errors from builders.

The pipeline builds a :class:`SourceMap` from what it already parsed: the line and column of
every value in ``story.yaml`` and the line of every entry of the locale's catalog. A builder
asks ``sources.where(("cards", 3, "title"))`` and gets the catalog line when that string is
translated in this locale, else the ``story.yaml`` line. Builders never read YAML or PO.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

from kitgen.errors import Location

DataPath = tuple


@dataclass(frozen=True)
class SourceMap:
    story_file: Path
    positions: Mapping[DataPath, tuple[int, int]] = field(default_factory=lambda: MappingProxyType({}))
    catalog_file: Path | None = None
    catalog_lines: Mapping[DataPath, int] = field(default_factory=lambda: MappingProxyType({}))

    def where(self, path: DataPath) -> Location:
        """The translation's line when ``path`` is translated here, else the story.yaml line."""
        path = tuple(path)
        if self.catalog_file is not None and path in self.catalog_lines:
            return Location.of(self.catalog_file, self.catalog_lines[path])
        return self.in_story(path)

    def in_story(self, path: DataPath) -> Location:
        """The story.yaml line of ``path`` (or of its nearest written parent)."""
        path = tuple(path)
        while path:
            if path in self.positions:
                line, column = self.positions[path]
                return Location.of(self.story_file, line, column)
            path = path[:-1]
        return Location.of(self.story_file)
