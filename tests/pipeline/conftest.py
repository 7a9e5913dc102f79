"""Fixtures for the pipeline tests: a private copy of the tiny project, and edits to it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import write_po

from kitgen.i18n.catalog import read_catalog
from tests.conftest import FIXTURES, ScratchProject


@pytest.fixture
def tiny(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ScratchProject:
    """A copy of the tiny fixture project (kit 'tiny': en and hy), as the working directory."""
    root = tmp_path / "tiny"
    shutil.copytree(FIXTURES / "tiny", root)
    monkeypatch.chdir(root)
    return ScratchProject(root)


def edit_translation(root: Path, locale: str, context: str, text: str) -> None:
    """Give the entry ``context`` of the tiny story's ``locale`` catalog the translation ``text``."""
    po = root / "sources" / "stories" / "tiny" / "locales" / f"{locale}.po"
    catalog = read_catalog(po)
    entry = next(m for m in catalog if m.context == context)
    entry.string = text
    with po.open("wb") as handle:
        write_po(handle, catalog)
