"""What was built from which inputs: one small record per artifact, black-cache style.

A record holds the artifact's input key and the size and sha256 of the file it wrote. An
artifact is up to date when its key is unchanged and its file is still there, unchanged.
Records are written atomically; an unreadable record counts as a miss.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from kitgen.kits.jobs import Job
from kitgen.output import atomic_write_text


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass
class FileDigests:
    """sha256 of input files, each read once per run."""

    known: dict[Path, str] = field(default_factory=dict)

    def of(self, paths: tuple[Path, ...]) -> dict[Path, str]:
        for path in paths:
            if path not in self.known:
                self.known[path] = file_sha256(path) if path.is_file() else "missing"
        return self.known


@dataclass(frozen=True)
class StateStore:
    root: Path  # <output>/.kitgen/state

    def record_path(self, job: Job) -> Path:
        return self.root / f"{hashlib.sha1(job.id.encode()).hexdigest()}.json"

    def is_current(self, job: Job, key: str) -> bool:
        try:
            record = json.loads(self.record_path(job).read_text(encoding="utf-8"))
            if record["key"] != key:
                return False
            files = record["files"]
            for path in job.outputs:
                entry = files[str(path)]
                if not path.is_file() or path.stat().st_size != entry["size"] or file_sha256(path) != entry["sha256"]:
                    return False
            return True
        except (OSError, ValueError, KeyError, TypeError):
            return False

    def record(self, job: Job, key: str) -> None:
        files = {str(path): {"size": path.stat().st_size, "sha256": file_sha256(path)} for path in job.outputs}
        data = {"job": job.id, "key": key, "files": files}
        atomic_write_text(self.record_path(job), json.dumps(data, indent=1, sort_keys=True))
