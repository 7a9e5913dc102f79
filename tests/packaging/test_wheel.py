"""The wheel alone is a working kitgen.

Built from this checkout (the sdist, then the wheel from the sdist, as ``python -m build``
does), installed with no extras into a fresh virtual environment from a local wheel cache
(no index), kitgen creates a project in an empty folder, checks it, builds its print set and
narrates and renders one draft episode, with nothing but what the wheel declares and carries.

The cache is ``$KITGEN_WHEEL_CACHE`` or ``~/.cache/kitgen/wheels``. Only the first run fills
it from the package index (``pip wheel``); every run after that builds and installs offline.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import av
import pytest
from pypdf import PdfReader

from kitgen import __version__
from tests.conftest import REPO

CACHE = Path(os.environ.get("KITGEN_WHEEL_CACHE") or Path.home() / ".cache" / "kitgen" / "wheels")
#: What the sdist is made from: the files setuptools reads, and what kitgen/data links to.
SOURCES = ("pyproject.toml", "README.md", "LICENSE", "CHANGELOG.md", "MANIFEST.in", "kitgen", "fonts", "voices",
           "sources/stories/stop-think-tell", ".github/workflows/release.yml")
PRINT_SET = ("cards.pdf", "workbook.pdf", "teacher-guide.pdf", "storybook.pdf", "README.pdf")


def _run(args: list[str | Path], cwd: Path, env: dict[str, str], timeout: float = 600) -> subprocess.CompletedProcess:
    done = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{' '.join(map(str, args))} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}"
    return done


def _offline_env(**extra: str) -> dict[str, str]:
    """No index, no pip configuration, no proxy that works: only the local cache."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PIP_", "PYTHON", "VIRTUAL_ENV", "KITGEN_"))}
    env.update(PIP_NO_INDEX="1", PIP_FIND_LINKS=str(CACHE), PIP_CONFIG_FILE=os.devnull, PIP_DISABLE_PIP_VERSION_CHECK="1",
               http_proxy="http://127.0.0.1:9", https_proxy="http://127.0.0.1:9", LC_ALL="C.UTF-8")
    env.update(extra)
    return env


def _fill_cache(*requirements: str | Path) -> None:
    """Put wheels for ``requirements`` and everything they need into the cache (from the index)."""
    CACHE.mkdir(parents=True, exist_ok=True)
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PYTHON", "VIRTUAL_ENV"))}
    _run([sys.executable, "-m", "pip", "wheel", "--quiet", "--wheel-dir", CACHE, "--find-links", CACHE, *requirements],
         REPO, env, timeout=1800)
    for stray in CACHE.glob("kitgen-*.whl"):  # the cache holds dependencies only
        stray.unlink()


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel, built from the sdist of a copy of this checkout (links kept as links)."""
    checkout = tmp_path_factory.mktemp("checkout")
    for name in SOURCES:
        source, target = REPO / name, checkout / name
        if not source.exists():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target, symlinks=True, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(source, target)
    assert (checkout / "kitgen" / "data" / "fonts").is_symlink()
    dist = tmp_path_factory.mktemp("dist")
    build = [sys.executable, "-m", "build", "--outdir", dist, checkout]
    if subprocess.run([str(a) for a in build], env=_offline_env(), capture_output=True).returncode != 0:
        _fill_cache("setuptools>=77")  # the build backend, once
        _run(build, checkout, _offline_env())
    wheels = list(dist.glob("kitgen-*.whl"))
    assert len(wheels) == 1 and list(dist.glob("kitgen-*.tar.gz"))
    return wheels[0]


def test_wheel_carries_the_defaults_as_files(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        for path in sorted((REPO / "fonts").rglob("*")):
            if path.suffix in (".ttf", ".txt"):
                inside = f"kitgen/data/fonts/{path.relative_to(REPO / 'fonts').as_posix()}"
                assert hashlib.sha256(archive.read(inside)).digest() == hashlib.sha256(path.read_bytes()).digest(), inside
        assert {f"kitgen/data/voices/{p.name}" for p in (REPO / "voices").glob("*.yaml")} <= names
        assert len([n for n in names if n.startswith("kitgen/data/voices/")]) == 13
        sample = REPO / "sources" / "stories" / "stop-think-tell"
        for path in [sample / "story.yaml", *sample.glob("locales/*.po"), *sample.glob("illustrations/*")]:
            assert f"kitgen/data/stories/stop-think-tell/{path.relative_to(sample).as_posix()}" in names
        assert "kitgen/data/release.yml" in names and "kitgen/locales/ky.po" in names
        assert "kitgen/assets/project/README.md" in names and "kitgen/assets/scaffold/story.yaml" in names
        metadata = archive.read(f"kitgen-{__version__}.dist-info/METADATA").decode()
    assert "License-Expression: MIT AND OFL-1.1-RFN AND OFL-1.1 AND CC-BY-4.0" in metadata
    assert "Requires-Dist: pypdf" in metadata and f"Version: {__version__}" in metadata
    assert not [n for n in names if n.startswith("tests/")]


def test_fresh_environment_with_only_the_wheel_builds_a_new_project(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    # No extras; no bytecode compiled ahead (Python compiles what it imports), to keep the test short.
    install = [venv / "bin" / "python", "-m", "pip", "install", "--quiet", "--no-compile", wheel]
    began = time.perf_counter()
    if subprocess.run([str(a) for a in install], env=_offline_env(), capture_output=True).returncode != 0:
        _fill_cache(wheel)  # the dependencies, once
        began = time.perf_counter()
        _run(install, tmp_path, _offline_env())
    installed = time.perf_counter() - began
    size = wheel.stat().st_size
    print(f"\nwheel {wheel.name}: {size / 1e6:.2f} MB; install with its dependencies from {CACHE}: {installed:.1f} s")

    kitgen = venv / "bin" / "kitgen"
    env = _offline_env(PATH=f"{venv / 'bin'}:/usr/bin:/bin", HOME=str(tmp_path / "home"))
    assert _run([kitgen, "--version"], tmp_path, env).stdout.strip().endswith(__version__)
    # Every module of kitgen imports with only the declared dependencies installed.
    _run([venv / "bin" / "python", "-c", "import importlib, pkgutil, kitgen\n"
          "for m in pkgutil.walk_packages(kitgen.__path__, 'kitgen.'):\n"
          "    if m.name != 'kitgen.__main__': importlib.import_module(m.name)"], tmp_path, env)

    empty = tmp_path / "work"
    empty.mkdir()
    _run([kitgen, "init", "kg-kit", "--country", "KG"], empty, env)
    project = empty / "kg-kit"
    checked = _run([kitgen, "check", "-v"], project, env)
    assert "ok: 1 story, 1 kit" in checked.stdout
    assert "font   Andika: bundled" in checked.stdout and "site-packages" in checked.stdout
    _run([kitgen, "build", "--only", "cards,workbook,guide,storybook,readme", "--jobs", "2"], project, env)
    for locale in ("ky", "ru"):
        for name in PRINT_SET:
            pdf = PdfReader(project / "output" / "kg" / locale / name)
            assert len(pdf.pages) >= 1
    cards = PdfReader(project / "output" / "kg" / "ky" / "cards.pdf")
    assert "Your address" in "".join(page.extract_text() for page in cards.pages)  # untranslated: the source text

    _run([kitgen, "video", "--episode", "1", "--preset", "draft", "--locale", "ky"], project, env)
    episodes = list((project / "output").rglob("episodes/01-*.mp4"))
    assert len(episodes) == 1
    with av.open(str(episodes[0])) as container:
        assert container.streams.video and container.streams.audio
        assert container.duration is not None and container.duration / av.time_base > 2.0
