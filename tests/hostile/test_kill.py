"""A real ``kitgen build`` killed with SIGKILL, SIGTERM and SIGINT while it prints and while it
encodes an episode: each time output/ holds only complete artifacts, and after the next build
nothing of the killed one is left (no ``.part`` file, no kitgen temporary folder in TMPDIR),
while files that only look like kitgen's are kept.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import av
import pytest
from pypdf import PdfReader

from tests.conftest import FIXTURES, REPO

PRINT = ("build", "--only", "cards,workbook,guide,storybook,readme", "--jobs", "2")
EPISODES = ("build", "--only", "episodes", "--locale", "en")
PART = re.compile(r"^\..+\.[0-9a-f]{8,12}.*\.part$")


class Build:
    def __init__(self, root: Path, tmpdir: Path, cache: Path, args: tuple[str, ...], own_group: bool = False) -> None:
        self.root, self.tmpdir = root, tmpdir
        env = {**os.environ, "TMPDIR": str(tmpdir), "PYTHONPATH": str(REPO), "SOURCE_DATE_EPOCH": "1700000000"}
        env.pop("KITGEN_PROJECT", None)
        self.log = (root.parent / f"build-{time.monotonic_ns()}.log").open("w+b")
        self.process = subprocess.Popen([sys.executable, "-m", "kitgen", *args, "--cache-dir", str(cache)], cwd=root, env=env,
                                        stdin=subprocess.DEVNULL, stdout=self.log, stderr=subprocess.STDOUT,
                                        start_new_session=own_group)

    def output(self) -> str:
        self.log.seek(0)
        return self.log.read().decode("utf-8", "replace")

    def wait_for(self, ready, timeout: float = 120.0) -> None:
        deadline = time.monotonic() + timeout
        while not ready():
            assert self.process.poll() is None, f"the build ended before the moment to kill it:\n{self.output()}"
            assert time.monotonic() < deadline, f"the moment to kill never came:\n{self.output()}"
            time.sleep(0.02)

    def finish(self, timeout: float = 300.0) -> int:
        return self.process.wait(timeout=timeout)


def _printing(build: Build) -> bool:
    return re.search(r"^\[\d+/\d+\] built ", build.output(), re.M) is not None


def _encoding(build: Build) -> bool:
    return any(build.tmpdir.glob("kitgen-video-*/segment-*.mp4"))


def _our_processes(tmpdir: Path) -> list[str]:
    """Processes (kitgen, its workers, ffmpeg) still running with this test's TMPDIR."""
    found = []
    needle = f"TMPDIR={tmpdir}".encode()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if needle in (entry / "environ").read_bytes().split(b"\0"):
                    found.append((entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()[:120])
            except OSError:
                continue
    return found


def _leftovers(root: Path, tmpdir: Path) -> list[str]:
    parts = [str(p.relative_to(root)) for p in (root / "output").rglob("*") if PART.match(p.name)]
    folders = [p.name for p in tmpdir.iterdir() if p.name.startswith("kitgen-") and p.name != "kitgen-notes"]
    return parts + folders


def _assert_complete(root: Path) -> int:
    """Every artifact under output/ opens, and every state record matches its files; returns how many artifacts."""
    artifacts = [p for p in (root / "output" / "tiny").rglob("*") if p.is_file() and p.name != "notes.part.txt"]
    for path in artifacts:
        if path.suffix == ".pdf":
            assert len(PdfReader(path).pages) > 0, path
        elif path.suffix in (".mp4", ".m4a"):
            with av.open(str(path)) as container:
                assert container.duration and container.duration > 0, path
        elif path.suffix in (".srt", ".vtt"):
            assert "-->" in path.read_text(encoding="utf-8"), path
    for record_path in (root / "output" / ".kitgen" / "state").glob("*.json"):
        record = json.loads(record_path.read_text(encoding="utf-8"))
        for name, (size, _, sha) in record["files"].items():
            data = Path(name).read_bytes()
            assert len(data) == size and hashlib.sha256(data).hexdigest() == sha, f"{record_path.name} disagrees with {name}"
    return len(artifacts)


@pytest.fixture(scope="module")
def cache(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("speech-cache")


@pytest.mark.parametrize("moment", ["print", "episode"])
@pytest.mark.parametrize("signum", [signal.SIGKILL, signal.SIGTERM, signal.SIGINT], ids=["SIGKILL", "SIGTERM", "SIGINT"])
def test_a_killed_build_leaves_only_complete_artifacts(tmp_path, cache, moment, signum):
    root, tmpdir = tmp_path / "tiny", tmp_path / "tmp"
    shutil.copytree(FIXTURES / "tiny", root)
    tmpdir.mkdir()
    # Files that only look like kitgen's: they must survive every cleanup.
    (tmpdir / "kitgen-notes").mkdir()
    (tmpdir / "kitgen-notes" / "keep.txt").write_text("not kitgen's\n", encoding="utf-8")
    (root / "output" / "tiny").mkdir(parents=True)
    (root / "output" / "tiny" / "notes.part.txt").write_text("mine\n", encoding="utf-8")
    args, ready = (PRINT, _printing) if moment == "print" else (EPISODES, _encoding)

    build = Build(root, tmpdir, cache, args)
    build.wait_for(lambda: ready(build))
    build.process.send_signal(signum)
    code = build.finish(timeout=120)
    output = build.output()
    assert "Traceback" not in output and "internal error" not in output, output
    if signum == signal.SIGKILL:
        assert code == -signal.SIGKILL
    else:
        assert code == 128 + signum, output
        name = signal.Signals(signum).name
        assert f"kitgen: interrupted by {name}; finished files are kept and unfinished ones were removed" in output
        assert "Aborted" not in output
        assert _leftovers(root, tmpdir) == [], output
    deadline = time.monotonic() + 30
    while _our_processes(tmpdir) and time.monotonic() < deadline:  # workers and ffmpeg stop with it
        time.sleep(0.2)
    assert _our_processes(tmpdir) == []
    kept = _assert_complete(root)
    stale = _leftovers(root, tmpdir)
    if signum == signal.SIGKILL and moment == "episode":  # killed in one process: nothing could clean up
        assert any(name.startswith("kitgen-video-") for name in stale) and any(name.endswith(".mp4.part") for name in stale), stale

    again = Build(root, tmpdir, cache, args)
    assert again.finish() == 0, again.output()
    if stale:
        assert f"note: removed {len(stale)} unfinished file(s) that an interrupted build left behind" in again.output()
    assert _leftovers(root, tmpdir) == [], again.output()
    assert " 0 failed " in again.output().splitlines()[-1], again.output()
    total = _assert_complete(root)
    assert total >= kept and total == (10 if moment == "print" else 4)
    assert (tmpdir / "kitgen-notes" / "keep.txt").is_file()
    assert (root / "output" / "tiny" / "notes.part.txt").is_file()


def _has_workers(build: Build) -> bool:
    pid = build.process.pid
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                return True
        except OSError:
            continue
    return False


@pytest.mark.parametrize("moment", ["workers starting", "print"])
def test_ctrl_c_in_a_terminal_stops_the_build_and_its_workers_cleanly(tmp_path, cache, moment):
    """A terminal's Ctrl-C is SIGINT to the whole process group: the build and each worker get it,
    even a worker that is only starting; the build alone decides, and stops them cleanly."""
    root, tmpdir = tmp_path / "tiny", tmp_path / "tmp"
    shutil.copytree(FIXTURES / "tiny", root)
    tmpdir.mkdir()
    build = Build(root, tmpdir, cache, PRINT, own_group=True)
    build.wait_for(lambda: (_has_workers if moment == "workers starting" else _printing)(build))
    os.killpg(build.process.pid, signal.SIGINT)
    code = build.finish(timeout=120)
    output = build.output()
    assert code == 130, output
    assert "Traceback" not in output and "internal error" not in output, output
    assert "kitgen: interrupted by SIGINT; finished files are kept and unfinished ones were removed" in output
    deadline = time.monotonic() + 30
    while _our_processes(tmpdir) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _our_processes(tmpdir) == []
    assert _leftovers(root, tmpdir) == []
    kept = _assert_complete(root)
    again = Build(root, tmpdir, cache, PRINT)
    assert again.finish() == 0, again.output()
    assert _assert_complete(root) == 10 >= kept
