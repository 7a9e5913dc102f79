"""Every SourceError names its place: a source file (and line, when known)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from kitgen.errors import Location, OptionError, SourceError

PACKAGE = Path(__file__).resolve().parent.parent / "kitgen"


def _unlocated_source_errors() -> list[str]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) == "SourceError":
                if len(node.args) < 2 and not any(k.arg == "location" for k in node.keywords):
                    found.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno}: {ast.unparse(node)[:80]}")
    return found


def test_no_source_error_is_raised_without_a_location():
    assert _unlocated_source_errors() == []


def test_located_and_option_errors_print_as_users_read_them():
    assert SourceError("no such thing", Location.of("sources/kits/kz.yaml", 3, 5)).format_message() == (
        "sources/kits/kz.yaml:3:5: error: no such thing")
    option = OptionError("--paper: unknown paper size 'a3'")
    assert option.exit_code == 2 and option.format_message() == "error: --paper: unknown paper size 'a3'"
    with pytest.raises(OptionError):
        raise option
