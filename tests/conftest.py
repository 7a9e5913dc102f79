"""Shared test helpers: scratch projects built from the story scaffold, and a CLI runner."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from kitgen.cli import cli
from kitgen.commands.new import new_story

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"

KIT_YAML = """\
id: demo-kit
name: Demo
country: KZ
locales: [en, hy]
stories: [demo]
paper: a4
branding:
  en: Safe online together
  hy: Միասին ապահով առցանց
"""


@dataclass
class Result:
    exit_code: int
    output: str


@dataclass
class ScratchProject:
    root: Path

    @property
    def story_dir(self) -> Path:
        return self.root / "sources" / "stories" / "demo"

    @property
    def story_file(self) -> Path:
        return self.story_dir / "story.yaml"

    def kitgen(self, *args: str) -> Result:
        result = CliRunner().invoke(cli, ["--project", str(self.root), *args], catch_exceptions=False)
        return Result(result.exit_code, result.output)

    def edit(self, path: Path, old: str, new: str) -> None:
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {path}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def line_of(self, path: Path, needle: str) -> int:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if needle in line:
                return number
        raise AssertionError(f"{needle!r} not in {path}")

    def files(self) -> set[str]:
        return {str(p.relative_to(self.root)) for p in self.root.rglob("*") if p.is_file()}


@pytest.fixture
def scratch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ScratchProject:
    """A one-story project (the scaffold) with a kit in en and hy, as the working directory."""
    root = tmp_path / "project"
    new_story(root / "sources" / "stories", "demo")
    (root / "sources" / "kits").mkdir(parents=True)
    (root / "sources" / "kits" / "demo-kit.yaml").write_text(KIT_YAML, encoding="utf-8")
    monkeypatch.chdir(root)
    project = ScratchProject(root)
    assert project.kitgen("i18n", "update", "--locale", "hy").exit_code == 0
    return project


@pytest.fixture
def tiny(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ScratchProject:
    """A copy of the tiny fixture project (kit 'tiny': en and hy), as the working directory."""
    root = tmp_path / "tiny"
    shutil.copytree(FIXTURES / "tiny", root)
    monkeypatch.chdir(root)
    return ScratchProject(root)


@pytest.fixture
def sample_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ScratchProject:
    """A copy of the shipped sample sources, to corrupt freely."""
    root = tmp_path / "sample"
    shutil.copytree(REPO / "sources", root / "sources")
    monkeypatch.chdir(root)
    return ScratchProject(root)


@pytest.fixture(autouse=True, scope="session")
def _shared_speech_cache(tmp_path_factory: pytest.TempPathFactory):
    """One speech cache for the whole test run (as a CI job would keep one): `kitgen check`
    narrates every kit's episodes to measure caption speed, and each scratch project would
    otherwise synthesize the same lines again. Tests of the cache itself pass their own folder."""
    import os

    folder = tmp_path_factory.mktemp("speech-cache")
    previous = os.environ.get("KITGEN_CACHE_DIR")
    os.environ["KITGEN_CACHE_DIR"] = str(folder)
    yield folder
    if previous is None:
        os.environ.pop("KITGEN_CACHE_DIR", None)
    else:
        os.environ["KITGEN_CACHE_DIR"] = previous
