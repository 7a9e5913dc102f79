"""Plans kept between builds, so that a build with nothing to do is a stat check.

Planning a build loads the project, localizes the story into every locale and keys every job
(the projected model, the digests of its files): work that gives the same answer as long as
no file it read has changed. After a build that left every job up to date, the plan is
kept in ``output/.kitgen/plans/<id>.json``: each job's id, files and key, and the notes the
build printed, with the stamps (size, modification time) of every file under

- the project's ``sources/`` (stories, catalogs, kits, illustrations), ``fonts/`` and
  ``voices/`` (recorded clips included), and the bundled fonts and voices;
- kitgen's own package (its code, builders, icons, chrome catalogs; links followed), and the
  module file of every registered builder (a plug-in's too);
- files named by option values (a music bed).

``<id>`` hashes what the command asked for (kits, locales, artifacts, shard, options, cache
folder), the registered builders and kitgen's version. The next build with the same request
first compares the stamps, as black's cache does: all unchanged, and every job's state
record still holding its key with its files unchanged (see
:class:`~kitgen.pipeline.store.StateRecords`), means nothing is out of date, and the
build ends there. Any difference, a missing or unreadable plan, or ``--force`` takes the
full path, which plans, keys and builds exactly as if no plan had been kept.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Iterable

from kitgen.output import atomic_write_text
from kitgen.pipeline import keys

FOLDER = "plans"
_KITGEN = Path(__file__).resolve().parents[1]


def tree(folder: Path) -> list:
    """Stamps of every file under ``folder`` (links followed, ``__pycache__`` left out)."""
    found = []
    for directory, folders, files in os.walk(folder, followlinks=True):
        folders[:] = sorted(f for f in folders if f != "__pycache__")
        for name in sorted(files):
            found.append([os.path.join(directory, name), *_stat(os.path.join(directory, name))])
    return found or [[str(folder), None]]


def _stat(path: str) -> list:
    try:
        status = os.stat(path)
    except OSError:
        return [None]
    return [status.st_size, status.st_mtime_ns]


def _plain(value: Any) -> Any:
    """Option and setting values as JSON (paths as text, sets sorted)."""
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, (set, frozenset)):
        return sorted(_plain(v) for v in value)
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


@dataclass(frozen=True)
class KeptJob:
    """What the no-op check needs of a job (duck-typed for :class:`StateRecords`)."""

    id: str
    target: str
    group: str
    label: str
    output: str
    files: tuple[Path, ...]
    key: str


class PlanCache:
    """The kept plan of one build request (see the module notes)."""

    def __init__(self, out: Path, request: Any, builders: Iterable[type], root: Path, dirs: Iterable[Path],
                 option_files: Iterable[Path] = ()) -> None:
        modules = sorted({sys.modules[cls.__module__].__file__ or "" for cls in builders if cls.__module__ in sys.modules})
        identity = {"kitgen": keys.__version__, "request": _plain(request),  # the version the keys hold
                    "builders": sorted(f"{cls.name}={cls.__module__}:{cls.__qualname__}" for cls in builders)}
        digest = hashlib.sha256(json.dumps(identity, sort_keys=True, default=str).encode("utf-8")).hexdigest()
        self.path = out / ".kitgen" / FOLDER / f"{digest[:32]}.json"
        self.identity = identity
        folders = dict.fromkeys([root / "sources", *dirs, _KITGEN])
        extra = [str(p) for p in modules if p and not Path(p).resolve().is_relative_to(_KITGEN)] + [str(p) for p in option_files]
        self.stamp = [tree(folder) for folder in folders] + [[[path, *_stat(path)] for path in extra]]
        self.stamp = json.loads(json.dumps(self.stamp))  # as it reads back

    def kept(self) -> tuple[list[KeptJob], list[str]] | None:
        """The kept jobs and notes, when the plan is there and every stamp is unchanged."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if data.get("identity") != json.loads(json.dumps(self.identity, default=str)) or data.get("stamp") != self.stamp:
                return None
            jobs = [KeptJob(j["id"], j["target"], j["group"], j["label"], j["output"], tuple(Path(f) for f in j["files"]), j["key"])
                    for j in data["jobs"]]
            return jobs, [str(note) for note in data["notes"]]
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def keep(self, jobs: Iterable[Any], keys: dict[str, str], notes: list[str]) -> None:
        """Keep the plan of a build that left every job up to date (``keys``: job id -> key)."""
        listed = [{**{name: value for name, value in asdict(KeptJob(job.id, job.target, job.group, job.label, str(job.output),
                                                                    job.files, keys[job.id])).items()},
                   "files": [str(f) for f in job.files]} for job in jobs]
        data = {"identity": self.identity, "stamp": self.stamp, "jobs": listed, "notes": notes}
        try:
            atomic_write_text(self.path, json.dumps(data, default=str))
        except Exception:  # noqa: BLE001 - a plan that cannot be kept only makes the next build slower
            pass

    def forget(self) -> None:
        self.path.unlink(missing_ok=True)
