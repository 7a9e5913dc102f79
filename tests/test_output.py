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
