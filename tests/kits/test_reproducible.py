"""Reproducible anywhere: the same sources, version and SOURCE_DATE_EPOCH built in two different
folders, in two runs, one with ``--jobs 1`` and one with ``--jobs 2``, give the same bytes.

Every PDF, subtitle file, poster, audio file, reader file, manifest and zip is compared byte
for byte; so are the episodes. Speech is the one input that is not a pure function of the
sources: espeak-ng's output varies slightly from one call to the next in one process, so the
second build takes the speech the first one cached (``--cache-dir``): episodes are reproducible
through the speech cache. On one machine the episodes are the same bytes too (the encoder cuts
an episode by the machine's cores, never by ``--jobs``); on machines with different numbers of
cores x264's threading makes their bytes differ, so where episodes differ the test first
compares their decoded pictures (same frames, PSNR over 40 dB) to say which kind of difference
it is, and then fails.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import av
import numpy as np

from tests.conftest import FIXTURES, REPO


def _kitgen(root: Path, *args: str, cache: Path) -> str:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000", "PYTHONPATH": str(REPO), "TMPDIR": str(root.parent)}
    env.pop("KITGEN_PROJECT", None)
    done = subprocess.run([sys.executable, "-m", "kitgen", *args], cwd=root, env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def _build(root: Path, jobs: int, cache: Path) -> dict[str, bytes]:
    _kitgen(root, "build", "--jobs", str(jobs), "--cache-dir", str(cache), cache=cache)
    _kitgen(root, "package", "--kit", "tiny", cache=cache)
    out = root / "output"
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file() and ".kitgen" not in p.parts}


def _pictures(data: bytes, scratch: Path) -> list[np.ndarray]:
    scratch.write_bytes(data)
    with av.open(str(scratch)) as container:
        return [frame.to_ndarray(format="gray") for frame in container.decode(video=0)]


def test_two_folders_two_runs_any_jobs_same_bytes(tmp_path):
    cache = tmp_path / "speech"
    first, second = tmp_path / "a" / "tiny", tmp_path / "somewhere" / "much" / "deeper" / "copy"
    for root in (first, second):
        shutil.copytree(FIXTURES / "tiny", root)
    one = _build(first, 1, cache)
    two = _build(second, 2, cache)
    assert sorted(one) == sorted(two)
    kinds = {Path(name).suffix for name in one}
    assert {".pdf", ".srt", ".vtt", ".mp4", ".zip", ".json"} <= kinds, kinds
    differing = [name for name in one if one[name] != two[name]]
    for name in [n for n in differing if n.endswith(".mp4")]:
        a, b = _pictures(one[name], tmp_path / "a.mp4"), _pictures(two[name], tmp_path / "b.mp4")
        assert len(a) == len(b), name
        for x, y in zip(a, b):
            mse = float(np.mean((x.astype(np.float64) - y.astype(np.float64)) ** 2))
            assert mse == 0 or 10 * np.log10(255**2 / mse) > 40, name
    assert differing == [], f"not the same bytes in two folders: {differing}"
