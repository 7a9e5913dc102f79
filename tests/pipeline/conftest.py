"""Helpers for the pipeline tests: edits to a copy of the tiny project (the `tiny` fixture is in tests/conftest.py)."""

from __future__ import annotations

from pathlib import Path

from babel.messages.pofile import write_po

from kitgen.i18n.catalog import read_catalog



def edit_translation(root: Path, locale: str, context: str, text: str) -> None:
    """Give the entry ``context`` of the tiny story's ``locale`` catalog the translation ``text``."""
    po = root / "sources" / "stories" / "tiny" / "locales" / f"{locale}.po"
    catalog = read_catalog(po)
    entry = next(m for m in catalog if m.context == context)
    entry.string = text
    with po.open("wb") as handle:
        write_po(handle, catalog)
