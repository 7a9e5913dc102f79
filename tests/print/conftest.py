"""Shared fixtures for the print tests: build requests from the tiny fixture story or from a
story written in the test itself.

``make_request(story=None, locale="en", options=None, ...)`` returns a :class:`BuildRequest`
whose story folder is a private copy of ``tests/fixtures/tiny`` (so a test may corrupt its
illustrations) and whose output lies in the test's own temporary folder. ``story`` may be a
:class:`Story`, a dict (validated with ``Story.model_validate``) or None for the tiny story.
``tiny_story_data()`` gives the tiny story as a fresh dict to modify.

``HELP`` holds help contacts made up for tests (example.org addresses, 000 numbers: nothing a
child could dial); ``with_help(request, help=HELP, draft=False)`` gives them to a request.
"""

from __future__ import annotations

import copy
import dataclasses
import functools
import shutil
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest

from kitgen.builder import BuildRequest, HelpLine, SourceMap
from kitgen.i18n import catalog as catalogs
from kitgen.i18n.chrome_files import load_chrome
from kitgen.i18n.messages import story_messages
from kitgen.model.story import Story
from kitgen.source.yamlpos import load_yaml
from kitgen.text.fontset import default_fonts_dir, load_fontset

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
TINY_STORY_DIR = FIXTURES / "tiny" / "sources" / "stories" / "tiny"
BRANDING = "Safe online together"


@functools.lru_cache(maxsize=1)
def _tiny_data() -> Any:
    return load_yaml(TINY_STORY_DIR / "story.yaml").data


def tiny_story_data() -> dict:
    """The tiny fixture story as plain data: a fresh copy each call."""
    return copy.deepcopy(_tiny_data())


MakeRequest = Callable[..., BuildRequest]

#: Made-up contacts for tests only: one checked, one not, with different details.
HELP = (
    HelpLine(name="Test Helpline for Children", phone="000 111", url="https://help.example.org/children/", hours="24/7",
             languages=("English", "Armenian"), organisation="Example Foundation", source="Example source page",
             source_url="https://example.org/sources/helpline", checked="1 December 2026"),
    HelpLine(name="Test Reporting Line", phone="000 222 333", url="https://report.example.org", hours="Mon–Fri 9:00–18:00",
             source="Another example page", source_url="https://example.org/sources/report"),
)


def with_help(request: BuildRequest, help: tuple[HelpLine, ...] = HELP, draft: bool = False) -> BuildRequest:
    """``request`` as the pipeline hands it over for a kit with these help contacts."""
    return dataclasses.replace(request, help=tuple(help), draft=draft)


def source_map(folder: Path, story: Story, locale: str) -> SourceMap:
    """What the pipeline gives a builder: story.yaml positions, and catalog lines when translated."""
    path = folder / "story.yaml"
    positions = load_yaml(path).positions.values if path.is_file() else {}
    po = catalogs.po_path(folder, locale)
    if locale == story.story.source_locale or not po.is_file():
        return SourceMap(path, positions)
    catalog = catalogs.read_catalog(po)
    messages = story_messages(story)
    translated = catalogs.translations(messages, catalog)
    lines = {m.data_path: catalog.get(m.text, context=m.context).lineno for m in messages if m.context in translated}
    return SourceMap(path, positions, po, lines)


@pytest.fixture
def story_dir(tmp_path: Path) -> Path:
    """A private copy of the tiny story folder (story.yaml, illustrations, catalogs)."""
    target = tmp_path / "stories" / "tiny"
    shutil.copytree(TINY_STORY_DIR, target)
    return target


@pytest.fixture
def make_request(tmp_path: Path, story_dir: Path) -> MakeRequest:
    def make(
        story: Story | Mapping[str, Any] | None = None,
        locale: str = "en",
        options: Mapping[str, Any] | None = None,
        output: Path | str | None = None,
        branding: str = BRANDING,
        directory: Path | None = None,
        sources: SourceMap | None = None,
    ) -> BuildRequest:
        if story is None:
            story = tiny_story_data()
        if not isinstance(story, Story):
            story = Story.model_validate(story)
        out = Path(output) if output is not None else tmp_path / "output" / locale / "artifact.pdf"
        if not out.is_absolute():
            out = tmp_path / "output" / out
        folder = directory or story_dir
        return BuildRequest(
            story=story,
            story_dir=folder,
            locale=locale,
            fonts=load_fontset(default_fonts_dir()),
            chrome=load_chrome(locale),
            outputs=(out,),
            sources=sources or source_map(folder, story, locale),
            branding=branding,
            options=dict(options or {}),
        )

    return make
