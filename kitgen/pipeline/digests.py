"""Content digests of files, black-cache style: stat first, hash only when the stat changed.

:class:`Digests` remembers, per path, the size, modification time and sha256 it last saw, in
``output/.kitgen/digests.json``. A file whose size and mtime are unchanged is not read
again. The record is written atomically; an unreadable one is simply a miss.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from kitgen.output import atomic_write_text

MISSING = "missing"


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass
class Digests:
    path: Path | None = None  # where the record lives; None keeps it in memory only
    known: dict[str, tuple[int, int, str]] = field(default_factory=dict)
    changed: bool = False

    @classmethod
    def load(cls, path: Path) -> "Digests":
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            known = {name: (int(size), int(mtime), str(sha)) for name, (size, mtime, sha) in data.items()}
        except (OSError, ValueError, TypeError, AttributeError):
            known = {}
        return cls(path, known)

    def of(self, path: Path) -> str:
        """sha256 of ``path`` ("missing" when it does not exist)."""
        try:
            status = path.stat()
        except OSError:
            return MISSING
        name = str(path)
        entry = self.known.get(name)
        if entry is not None and entry[0] == status.st_size and entry[1] == status.st_mtime_ns:
            return entry[2]
        sha = file_sha256(path)
        self.known[name] = (status.st_size, status.st_mtime_ns, sha)
        self.changed = True
        return sha

    def save(self) -> None:
        if self.path is not None and self.changed:
            atomic_write_text(self.path, json.dumps(self.known, sort_keys=True))
            self.changed = False
