"""Fixtures for the reader and e-book tests: real builds of the tiny project, and the real tools.

Chromium (Debian's ``chromium``, driven by Playwright) and EPUBCheck (Debian's ``epubcheck``)
are needed. Where one is missing the tests skip, except under CI (``CI`` set to true): there a
missing tool fails the test, because ``.ci/run`` installs both.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, ScratchProject

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def missing(what: str, install: str) -> None:
    """Fail under CI, skip elsewhere: ``what`` is not installed."""
    message = f"{what} is not installed; {install}"
    if in_ci():
        pytest.fail(message + " (.ci/run installs it)")
    pytest.skip(message)


@dataclass(frozen=True)
class Built:
    project: ScratchProject

    def target(self, locale: str) -> Path:
        return self.project.root / "output" / "tiny" / locale

    def reader(self, locale: str) -> Path:
        return self.target(locale) / "reader" / "index.html"


def build_tiny(root: Path, *groups: str) -> Built:
    shutil.copytree(FIXTURES / "tiny", root)
    project = ScratchProject(root)
    result = project.kitgen("build", "--only", ",".join(groups))
    assert result.exit_code == 0, result.output
    return Built(project)


@pytest.fixture(scope="session")
def built_kit(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The tiny kit (en, hy) with its reader, e-book and episodes, built once through the pipeline."""
    return build_tiny(tmp_path_factory.mktemp("web") / "tiny", "reader", "epub", "episodes")



@pytest.fixture(scope="session")
def browser():
    """Debian's chromium, headless, driven by Playwright (never a downloaded browser)."""
    if not Path(CHROMIUM).is_file():
        missing("chromium", "run 'apt-get install -y chromium'")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("playwright", "run '.venv/bin/python -m pip install -e .[test]'")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def epubcheck() -> list[str]:
    """The command that runs EPUBCheck: Debian's ``/usr/bin/epubcheck`` is the jar itself."""
    found = shutil.which("epubcheck")
    if found is None:
        missing("epubcheck", "run 'apt-get install -y epubcheck'")
    path = Path(found).resolve()
    command = ["java", "-jar", str(path)] if path.read_bytes()[:2] == b"PK" else [str(path)]
    version = subprocess.run([*command, "--version"], capture_output=True, text=True, timeout=120)
    assert "EPUBCheck v" in version.stdout + version.stderr, version
    return command
