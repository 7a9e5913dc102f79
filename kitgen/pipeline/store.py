"""What was built: per-job state records, and a content-addressed store of built artifacts.

:class:`StateRecords` keeps one small record per job (its key and the size, mtime and sha256
of each file it wrote). A job is up to date when its key is unchanged and its files are
unchanged: size and mtime first, the hash only when those differ, as black's cache does.

:class:`ArtifactStore` keeps every built artifact under ``output/.kitgen/store/<key>/``. A
second job with the same key (the same Russian episode in three kits) gets a hard link
(or a copy) instead of a rebuild, and so does a deleted output. Entries are written whole
(a folder renamed into place); an entry whose files no longer match is a miss and is removed.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from kitgen.output import atomic_path, atomic_write_text
from kitgen.pipeline.digests import file_sha256
from kitgen.pipeline.jobs import Job

ENTRY = "entry.json"


def _read_json(path: Path) -> dict | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def file_record(path: Path, sha: str | None = None) -> list:
    status = path.stat()
    return [status.st_size, status.st_mtime_ns, sha or file_sha256(path)]


def unchanged(path: Path, entry: list) -> bool:
    """The file still has the recorded content: stat first, hash only when the stat differs."""
    try:
        size, mtime, sha = entry
        status = path.stat()
    except (OSError, ValueError, TypeError):
        return False
    if status.st_size != size:
        return False
    return status.st_mtime_ns == mtime or file_sha256(path) == sha


@dataclass(frozen=True)
class StateRecords:
    root: Path  # <output>/.kitgen/state
    _seen: dict = field(default_factory=dict, compare=False, repr=False)  # path -> (size, mtime_ns, record)

    def path_of(self, job: Job) -> Path:
        return self.root / f"{hashlib.sha1(job.id.encode()).hexdigest()}.json"

    def read(self, job: Job) -> dict | None:
        return self._read(self.path_of(job))

    def _read(self, path: Path) -> dict | None:
        """A record, parsed once per content (size and mtime) however often one build asks."""
        try:
            status = path.stat()
        except OSError:
            return None
        seen = self._seen.get(path)
        if seen is not None and seen[:2] == (status.st_size, status.st_mtime_ns):
            return seen[2]
        record = _read_json(path)
        self._seen[path] = (status.st_size, status.st_mtime_ns, record)
        return record

    def is_current(self, job: Job, key: str) -> bool:
        record = self.read(job)
        try:
            if record is None or record["key"] != key:
                return False
            files = record["files"]
            return all(unchanged(path, files[str(path)]) for path in job.files)
        except (KeyError, TypeError):
            return False

    def record(self, job: Job, key: str, shas: dict[Path, str] | None = None) -> list[Path]:
        """Record what ``job`` wrote; files its previous build wrote under other names are removed."""
        removed = []
        previous = (self.read(job) or {}).get("files", {})
        for name in previous if isinstance(previous, dict) else ():
            old = Path(name)
            if old not in job.files and old.is_file():
                old.unlink()
                removed.append(old)
        files = {str(path): file_record(path, (shas or {}).get(path)) for path in job.files}
        data = {"job": job.id, "target": job.target, "group": job.group, "key": key, "files": files}
        atomic_write_text(self.path_of(job), json.dumps(data, indent=1, sort_keys=True))
        return removed

    def keys(self) -> set[str]:
        """The keys every record refers to (what the store must keep)."""
        found = set()
        for path in self.root.glob("*.json") if self.root.is_dir() else ():
            record = self._read(path)
            if record and isinstance(record.get("key"), str):
                found.add(record["key"])
        return found

    def prune(self, jobs: list[Job], groups: Iterable[str]) -> list[Path]:
        """Delete what earlier builds made for these targets and groups that no job makes now
        (an episode removed, a story dropped from a kit). Returns the files removed."""
        current = {self.path_of(job) for job in jobs}
        targets = {job.target for job in jobs}
        groups = set(groups)
        removed: list[Path] = []
        for record_path in sorted(self.root.glob("*.json")) if self.root.is_dir() else ():
            if record_path in current:
                continue
            record = self._read(record_path)
            if not record or record.get("target") not in targets or record.get("group") not in groups:
                continue
            for name in record.get("files", {}):
                path = Path(name)
                if path.is_file():
                    path.unlink()
                    removed.append(path)
            record_path.unlink(missing_ok=True)
        return removed


@dataclass(frozen=True)
class ArtifactStore:
    root: Path  # <output>/.kitgen/store

    def _entry(self, key: str) -> Path:
        return self.root / key

    def get(self, key: str) -> list[tuple[Path, list]] | None:
        """The stored files of ``key`` with their records, or None (a damaged entry is removed)."""
        folder = self._entry(key)
        data = _read_json(folder / ENTRY)
        if data is None:
            return None
        try:
            files = [(folder / name, record) for name, record in data["files"]]
            if all(unchanged(path, record) for path, record in files):
                return files
        except (KeyError, TypeError, ValueError):
            pass
        shutil.rmtree(folder, ignore_errors=True)
        return None

    def put(self, key: str, outputs: tuple[Path, ...]) -> dict[Path, str]:
        """Keep ``outputs`` under ``key`` (hard links where possible); returns their sha256."""
        shas = {path: file_sha256(path) for path in outputs}
        if self.get(key) is not None:
            return shas
        self.root.mkdir(parents=True, exist_ok=True)
        scratch = self.root / f".{key}.{secrets.token_hex(4)}.part"
        scratch.mkdir()
        try:
            names = []
            for index, path in enumerate(outputs):
                name = f"{index}{path.suffix}"
                _link_or_copy(path, scratch / name)
                names.append([name, file_record(scratch / name, shas[path])])
            atomic_write_text(scratch / ENTRY, json.dumps({"files": names}))
            os.replace(scratch, self._entry(key))
        except OSError:
            shutil.rmtree(scratch, ignore_errors=True)
        except BaseException:  # an interrupt: no half-made entry stays behind
            shutil.rmtree(scratch, ignore_errors=True)
            raise
        return shas

    def restore(self, key: str, outputs: tuple[Path, ...]) -> dict[Path, str] | None:
        """Put the stored files of ``key`` at ``outputs``; None when the store has no such entry."""
        stored = self.get(key)
        if stored is None or len(stored) != len(outputs):
            return None
        for (source, _), target in zip(stored, outputs):
            if target.exists() and os.path.samefile(source, target):
                continue  # already this very file (renaming a hard link over itself would do nothing)
            target.parent.mkdir(parents=True, exist_ok=True)
            with atomic_path(target) as tmp:
                tmp.unlink()
                _link_or_copy(source, tmp)
        return {target: record[2] for (_, record), target in zip(stored, outputs)}

    def collect(self, live: set[str]) -> int:
        """Remove entries no record refers to, and leftovers of interrupted writes."""
        removed = 0
        for entry in self.root.iterdir() if self.root.is_dir() else ():
            if entry.name not in live:
                shutil.rmtree(entry, ignore_errors=True) if entry.is_dir() else entry.unlink(missing_ok=True)
                removed += 1
        return removed


def _link_or_copy(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)
