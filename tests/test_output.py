"""Atomic writes: complete files or nothing, with ordinary permissions."""

from __future__ import annotations

import os
import stat

import pytest

from kitgen.errors import OutputError
from kitgen.output import atomic_path, atomic_write_bytes


def test_written_file_gets_the_umask_mode(tmp_path):
    old = os.umask(0o022)
    try:
        atomic_write_bytes(tmp_path / "a.pdf", b"data")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "a.pdf").stat().st_mode) == 0o644


def test_failure_leaves_nothing(tmp_path):
    with pytest.raises(RuntimeError):
        with atomic_path(tmp_path / "a.pdf") as tmp:
            tmp.write_bytes(b"half")
            raise RuntimeError("boom")
    assert list(tmp_path.iterdir()) == []


def test_unwritable_folder_is_an_output_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(OutputError, match="cannot write a.pdf"):
        atomic_write_bytes(blocker / "a.pdf", b"x")


def test_a_temporary_folder_goes_away_even_on_an_interrupt(tmp_path, monkeypatch):
    import tempfile

    from kitgen.output import temporary_folder

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    with pytest.raises(KeyboardInterrupt):
        with temporary_folder("video") as folder:
            assert folder.parent == tmp_path and folder.name.startswith("kitgen-video-")
            (folder / "segment-000.mp4").write_bytes(b"half")
            raise KeyboardInterrupt
    assert list(tmp_path.iterdir()) == []


def test_stale_leftovers_go_and_only_those(tmp_path, monkeypatch):
    import subprocess
    import sys
    import tempfile
    from pathlib import Path

    from kitgen.output import remove_stale, temporary_folder

    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmpdir))
    out = tmp_path / "output"
    (out / "kit" / "en").mkdir(parents=True)
    (out / ".kitgen" / "store").mkdir(parents=True)
    stale = [out / "kit" / "en" / ".cards.pdf.0123456789ab.pdf.part", out / ".kitgen" / ".digests.json.abcdefabcdef.json.part"]
    for path in stale:
        path.write_bytes(b"half")
    (out / ".kitgen" / "store" / ".f00d.0123abcd.part").mkdir()
    kept = [out / "kit" / "en" / "cards.pdf", out / "kit" / "en" / "notes.part", out / "kit" / "en" / ".hidden.part",
            out / "kit" / "en" / "draft.0123456789ab.pdf.part"]
    for path in kept:
        path.write_bytes(b"mine")
    # A kitgen folder whose process was killed: its lock file is there, but no one holds it.
    killed = subprocess.run(
        [sys.executable, "-c", "import os, tempfile, kitgen.output as o; c = o.temporary_folder('video'); print(c.__enter__()); os._exit(0)"],
        env={**os.environ, "TMPDIR": str(tmpdir)}, capture_output=True, text=True, check=True,
    ).stdout.strip()
    (tmpdir / "kitgen-not-ours").mkdir()  # no lock file: not made by kitgen's temporary_folder
    (tmpdir / "other-tool").mkdir()
    with temporary_folder("audio") as alive:  # in use right now: kept
        removed = remove_stale(out)
        assert alive.is_dir()
    assert sorted(map(str, removed)) == sorted(map(str, [*stale, out / ".kitgen" / "store" / ".f00d.0123abcd.part", Path(killed)]))
    assert all(path.exists() for path in kept)
    assert sorted(p.name for p in tmpdir.iterdir()) == ["kitgen-not-ours", "other-tool"]


def test_one_build_at_a_time_per_output_folder(tmp_path):
    from kitgen.output import output_lock

    with output_lock(tmp_path / "output"):
        with pytest.raises(OutputError, match="another kitgen build is writing to .* right now"):
            with output_lock(tmp_path / "output"):
                pass
    with output_lock(tmp_path / "output"):  # released when the first build ended
        pass
    assert list((tmp_path / "output").iterdir()) == []  # the lock leaves no file behind
