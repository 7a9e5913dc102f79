"""Values derived from files, remembered by the build session that owns them.

A kit draws the same illustrations and icons in several artifacts; decoding each once per
process saves that work. The memo lives in the :class:`~kitgen.pipeline.session.BuildSession`
(one per process, handed to builders in the request), never at module level, and an entry
stands only while its file's size and modification time stay the same, so an edited file is
read again. The oldest entries go first beyond :data:`LIMIT`.
"""

from __future__ import annotations

from collections import OrderedDict
from pathlib import Path
from typing import Callable, Hashable, TypeVar

T = TypeVar("T")

#: Entries kept at most (a kit's illustrations and icons in a few colours fit many times over).
LIMIT = 512


class FileMemo:
    def __init__(self, limit: int = LIMIT) -> None:
        self._limit = limit
        self._found: OrderedDict[tuple, tuple[tuple[int, int], object]] = OrderedDict()

    def get(self, kind: str, path: Path, variant: Hashable, compute: Callable[[], T]) -> T:
        """``compute()``, or what it gave for this kind, file and variant while the file is unchanged."""
        stat = path.stat()
        key, stamp = (kind, str(path.resolve()), variant), (stat.st_size, stat.st_mtime_ns)
        found = self._found.get(key)
        if found is not None and found[0] == stamp:
            self._found.move_to_end(key)
            return found[1]  # type: ignore[return-value]
        value = compute()
        self._found[key] = (stamp, value)
        self._found.move_to_end(key)
        while len(self._found) > self._limit:
            self._found.popitem(last=False)
        return value

    def __len__(self) -> int:
        return len(self._found)
