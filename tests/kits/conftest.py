from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, ScratchProject

PRINT_ONLY = "cards,workbook,readme"


@pytest.fixture
def tiny(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ScratchProject:
    """A copy of the tiny fixture project (kit 'tiny': en and hy), as the working directory."""
    root = tmp_path / "tiny"
    shutil.copytree(FIXTURES / "tiny", root)
    monkeypatch.chdir(root)
    return ScratchProject(root)
