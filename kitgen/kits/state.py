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

    def record(self, job: Job, key: str) -> list[Path]:
        """Record what ``job`` just wrote; files its previous build wrote under other names
        (an episode whose title changed) are removed and returned."""
        removed = []
        try:
            previous = json.loads(self.record_path(job).read_text(encoding="utf-8"))["files"]
        except (OSError, ValueError, KeyError, TypeError):
            previous = {}
        for name in previous:
            old = Path(name)
            if old not in job.outputs and old.is_file():
                old.unlink()
                removed.append(old)
        files = {str(path): {"size": path.stat().st_size, "sha256": file_sha256(path)} for path in job.outputs}
        data = {"job": job.id, "target": job.target.id, "group": job.group, "key": key, "files": files}
        atomic_write_text(self.record_path(job), json.dumps(data, indent=1, sort_keys=True))
        return removed

    def prune(self, jobs: list[Job], only: tuple[str, ...]) -> list[Path]:
        """Delete what earlier builds made for these targets and artifact groups that no job makes now
        (an episode renamed or removed, a story dropped from a kit). Returns the files removed."""
        current = {self.record_path(job) for job in jobs}
        targets = {job.target.id for job in jobs}
        removed: list[Path] = []
        if not self.root.is_dir():
            return removed
        for record_path in sorted(self.root.glob("*.json")):
            if record_path in current:
                continue
            try:
                record = json.loads(record_path.read_text(encoding="utf-8"))
                if record["target"] not in targets or record["group"] not in only:
                    continue
                files = [Path(name) for name in record["files"]]
            except (OSError, ValueError, KeyError, TypeError):
                continue
            for path in files:
                if path.is_file():
                    path.unlink()
                    removed.append(path)
            record_path.unlink(missing_ok=True)
        return removed
