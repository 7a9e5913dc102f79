"""Running kitgen on hostile input, as CI would: a real ``python -m kitgen`` process per case.

Each case gets its own copy of tests/fixtures/tiny, changes it the way an attacker (or a
tired translator) would, and runs one command with an address-space limit
(:data:`MEMORY_LIMIT`) and a wall-clock limit (:data:`TIME_LIMIT`). What it must show:

- exit status 1 (never 70, kitgen's "internal error");
- one line ``path:line[:column]: error: ...`` at the expected file and, where the case
  knows it, the expected line, saying what the case expects;
- no traceback and no "internal error";
- no new file under ``output/``;
- it ended within the limits.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Mapping

from tests.conftest import FIXTURES, REPO

MEMORY_LIMIT = 2 << 30  # bytes of address space
TIME_LIMIT = 60.0  # seconds
#: ``python -m kitgen`` with the address space limited first (children inherit the limit).
BOOT = (f"import resource, runpy; resource.setrlimit(resource.RLIMIT_AS, ({MEMORY_LIMIT}, {MEMORY_LIMIT})); "
        f"runpy.run_module('kitgen', run_name='__main__', alter_sys=True)")
#: ``path[:line[:column]]: error: message``, alone on its line or after a failed artifact's label.
ERROR_LINE = re.compile(r"(?:^|^\s+\S+ \S+: )(?P<path>[^\s:]+)(?::(?P<line>\d+))?(?::(?P<column>\d+))?: error: (?P<message>.+)$")

STORY = Path("sources/stories/tiny/story.yaml")
PO = Path("sources/stories/tiny/locales/hy.po")
KIT = Path("sources/kits/tiny.yaml")
WAVE = Path("sources/stories/tiny/illustrations/wave.svg")
BYE = Path("sources/stories/tiny/illustrations/bye.png")


@dataclass(frozen=True)
class Case:
    """One hostile input. ``change`` edits the project copy and may return the expected line."""

    id: str
    area: str
    change: Callable[[Path], int | None]
    where: str  # the file the error points at, as printed (relative to the project)
    says: str  # what the error line says
    args: tuple[str, ...] = ("check",)
    env: Mapping[str, str] = field(default_factory=dict)
    lined: bool = True  # the location has a line number
    hold_output: bool = False  # another build holds the output folder meanwhile


@dataclass
class Outcome:
    case: Case
    code: int | None
    output: str
    seconds: float
    cpu: float  # seconds of CPU the kitgen process used
    peak_mb: float
    before: set[str]
    after: set[str]
    line: int | None

    def error_lines(self) -> list[re.Match]:
        return [m for m in map(ERROR_LINE.match, self.output.splitlines()) if m]


def project_files(root: Path, folder: str = "output") -> set[str]:
    base = root / folder
    return {str(p.relative_to(root)) for p in base.rglob("*") if p.is_file() or p.is_symlink()} if base.exists() else set()


def prepare(case: Case, work: Path) -> tuple[Path, int | None]:
    root = work / case.id / "tiny"
    shutil.copytree(FIXTURES / "tiny", root, symlinks=True)
    line = case.change(root)
    return root, line


def run(case: Case, work: Path) -> Outcome:
    """Run one case in a fresh process with the limits; never raises for kitgen's behaviour."""
    root, line = prepare(case, work)
    before = project_files(root)
    env = {**os.environ, "PYTHONPATH": str(REPO), "TMPDIR": str(work / case.id), "COLUMNS": "200", **case.env}
    env.pop("KITGEN_PROJECT", None)
    holder = _hold(root / "output") if case.hold_output else None
    log = (work / case.id / "output.log").open("w+b")
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-c", BOOT, *case.args], cwd=root, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
    )
    timer = threading.Timer(TIME_LIMIT, lambda: _kill(process.pid))
    timer.start()
    try:
        _, status, usage = os.wait4(process.pid, 0)
    finally:
        timer.cancel()
        if holder is not None:
            os.close(holder)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    log.seek(0)
    output = log.read().decode("utf-8", "replace")
    log.close()
    code = process.returncode if seconds < TIME_LIMIT else None
    return Outcome(case, code, output, seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, before, project_files(root), line)


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def _hold(folder: Path) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    handle = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    fcntl.flock(handle, fcntl.LOCK_EX)
    return handle


# -- editing a project copy ---------------------------------------------------------------------


def replace(root: Path, relative: Path, old: str, new: str, count: int = 1) -> int:
    """Replace ``old`` by ``new`` in a file; returns the line where the replacement starts."""
    path = root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {relative}"
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    return line


def append(root: Path, relative: Path, extra: str) -> int:
    """Append to a file; returns the number of the first appended line."""
    path = root / relative
    text = path.read_text(encoding="utf-8")
    if not text.endswith("\n"):
        text += "\n"
    path.write_text(text + extra, encoding="utf-8")
    return text.count("\n") + 1


def line_of(root: Path, relative: Path, needle: str) -> int:
    for number, line in enumerate((root / relative).read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {relative}")
