"""Every third-party module kitgen imports is a declared dependency of the distribution.

A module imported when a kitgen module is imported (at its top) must come from
``[project].dependencies``. A module imported inside a function (an optional engine) may
come from an extra other than ``test``, which only the test suite installs: kitgen itself
never imports what only the tests need (``pypdf`` in ``kitgen/print/booklet.py`` once did).
"""

from __future__ import annotations

import ast
import importlib.metadata
import re
import sys
import tomllib
from pathlib import Path

from tests.conftest import REPO


def _name(requirement: str) -> str:
    match = re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", requirement)
    assert match, requirement
    return re.sub(r"[-_.]+", "-", match.group(0)).lower()


def _declared() -> tuple[set[str], dict[str, set[str]]]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = {extra: {_name(r) for r in reqs} for extra, reqs in project.get("optional-dependencies", {}).items()}
    return {_name(r) for r in project["dependencies"]}, extras


def _imports(path: Path) -> list[tuple[str, bool, int]]:
    """(top-level module, imported at module level?, line) of every absolute import in ``path``."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    found = []

    def visit(node: ast.AST, top: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inner = top and not isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            if isinstance(child, ast.If) and _is_type_checking(child.test):
                continue  # only for type checkers
            if isinstance(child, ast.Import):
                found.extend((alias.name.split(".")[0], top, child.lineno) for alias in child.names)
            elif isinstance(child, ast.ImportFrom) and child.level == 0 and child.module:
                found.append((child.module.split(".")[0], top, child.lineno))
            visit(child, inner)

    visit(tree, True)
    return found


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _third_party() -> list[tuple[str, bool, str]]:
    found = []
    for path in sorted((REPO / "kitgen").rglob("*.py")):
        for module, top, line in _imports(path):
            if module not in sys.stdlib_module_names and module != "kitgen":
                found.append((module, top, f"{path.relative_to(REPO)}:{line}"))
    return found


def test_every_imported_module_is_declared() -> None:
    dependencies, extras = _declared()
    optional = set().union(*(names for extra, names in extras.items() if extra != "test"))
    providers = importlib.metadata.packages_distributions()
    problems = []
    for module, top, where in _third_party():
        distributions = {_name(d) for d in providers.get(module, [])}
        assert distributions, f"{where}: '{module}' is imported but no installed distribution provides it"
        if distributions & dependencies:
            continue
        if not top and distributions & optional:
            continue  # an optional engine, imported only when chosen
        wanted = "[project].dependencies" if top else "[project].dependencies or a non-test extra"
        problems.append(f"{where}: '{module}' (from {', '.join(sorted(distributions))}) is not in {wanted}")
    assert not problems, "\n".join(problems)


def test_the_scan_sees_imports_at_every_depth(tmp_path: Path) -> None:
    source = tmp_path / "example.py"
    source.write_text(
        "import numpy as np\nfrom typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import pandas\n"
        "try:\n    import yaml\nexcept ImportError:\n    pass\n"
        "def speak():\n    import gtts\n    from piper.voice import PiperVoice\n",
        encoding="utf-8",
    )
    assert _imports(source) == [("numpy", True, 1), ("typing", True, 2), ("yaml", True, 6), ("gtts", False, 10), ("piper", False, 11)]
