"""Projected models: a builder sees exactly what it declares, and reading anything else fails."""

from __future__ import annotations

import pytest

from kitgen.builder.view import dump, normalize, project, walk_strings
from kitgen.errors import Report
from kitgen.project import load_project
from tests.conftest import FIXTURES


@pytest.fixture(scope="module")
def story():
    project = load_project(FIXTURES / "tiny", Report())
    return project.story("tiny").story


def test_only_declared_fields_are_there(story):
    seen = project(story, {"story": {"title"}, "cards": True})
    assert seen.story.title == story.story.title
    assert seen.cards == story.cards
    with pytest.raises(AttributeError, match="summary"):
        seen.story.summary  # noqa: B018 - the read itself is what is tested
    with pytest.raises(AttributeError, match="episodes"):
        seen.episodes  # noqa: B018


def test_a_default_valued_field_is_absent_too_not_its_default(story):
    seen = project(story, {"story": {"id"}})
    with pytest.raises(AttributeError):
        seen.story.credits  # noqa: B018 - has a default in the schema; still refused


def test_dump_holds_exactly_the_projection(story):
    data = dump(project(story, {"story": {"title", "summary"}, "episodes": {"id", "title"}}))
    assert set(data) == {"story", "episodes"}
    assert set(data["story"]) == {"title", "summary"}
    assert [set(e) for e in data["episodes"]] == [{"id", "title"}] * len(story.episodes)
    assert [e["title"] for e in data["episodes"]] == [e.title for e in story.episodes]


def test_ids_choose_items_of_a_list(story):
    first = story.episodes[0].id
    seen = project(story, {"episodes": {"__ids__": frozenset({first})}})
    assert [e.id for e in seen.episodes] == [first]
    assert seen.episodes[0] == story.episodes[0]
    assert project(story, {"episodes": {"__ids__": frozenset({"nope"})}}).episodes == ()


def test_unknown_field_in_a_spec_is_a_bug_said_at_once(story):
    with pytest.raises(KeyError, match="no field 'sumary'"):
        project(story, {"story": {"sumary"}})
    with pytest.raises(TypeError):
        normalize("story")


def test_walk_strings_finds_every_file(story):
    data = dump(project(story, {"episodes": True}))
    files = list(walk_strings(data, "file"))
    assert files == [scene.illustration.file for e in story.episodes for scene in e.scenes]
