"""Where every key and value of a parsed source file is: plain data, no parser.

A :class:`Positions` maps each key path (a tuple of dict keys and list indices) to the
1-based line and column of its value, and of its key. Layers that must not open YAML files
(the builders) can still carry and read positions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kitgen.errors import Location

KeyPath = tuple[Any, ...]


@dataclass(frozen=True)
class Positions:
    path: Path
    values: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)
    keys: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)

    def value(self, key_path: KeyPath) -> Location:
        """The location of the value at ``key_path``, or of its nearest existing parent."""
        return self._nearest(self.values, tuple(key_path))

    def key(self, key_path: KeyPath) -> Location:
        """The location of the key that introduces ``key_path`` (falls back to its value)."""
        key_path = tuple(key_path)
        if key_path in self.keys:
            line, col = self.keys[key_path]
            return Location.of(self.path, line, col)
        return self.value(key_path)

    def _nearest(self, table: dict[KeyPath, tuple[int, int]], key_path: KeyPath) -> Location:
        while key_path not in table and key_path:
            key_path = key_path[:-1]
        line, col = table.get(key_path, (1, 1))
        return Location.of(self.path, line, col)


@dataclass(frozen=True)
class LoadedYaml:
    data: Any
    positions: Positions
