"""Every text field has a hard maximum, checked when the story is read; the advised limit stays advice."""

from __future__ import annotations

from kitgen.model.base import HARD_FACTOR, PLAIN_MAXIMUM, hard_maximum
from kitgen.model.story import Story
from kitgen.model.validate import validate
from kitgen.source.yamlpos import load_yaml
from tests.conftest import FIXTURES

STORY = FIXTURES / "tiny" / "sources" / "stories" / "tiny" / "story.yaml"


def _with(tmp_path, old: str, new: str):
    text = STORY.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "story.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    loaded = load_yaml(path)
    return validate(Story, loaded.data, loaded.positions)


def test_every_translatable_field_has_a_hard_maximum():
    from kitgen.i18n.messages import story_messages

    story, problems = _with_ok()
    assert problems == []
    for message in story_messages(story):
        assert hard_maximum(message.limit) == (message.limit * HARD_FACTOR if message.limit else PLAIN_MAXIMUM)


def _with_ok():
    loaded = load_yaml(STORY)
    return validate(Story, loaded.data, loaded.positions)


def test_over_the_hard_maximum_is_a_located_error(tmp_path):
    story, problems = _with(tmp_path, "  summary: Pip the robot", "  summary: " + "Pip " * 300 + "the robot")
    assert story is None
    assert [p.message for p in problems] == ["'summary' is too long (1,261 characters, at most 800); shorten it"]
    assert problems[0].location.line == 12


def test_between_the_advice_and_the_maximum_is_allowed(tmp_path):
    story, problems = _with(tmp_path, "  title: Pip Says Hello", "  title: " + "x" * 100)  # advised 60, maximum 120
    assert problems == [] and len(story.story.title) == 100


def test_plain_text_fields_are_bounded_too(tmp_path):
    story, problems = _with(tmp_path, "  licence: CC-BY-4.0", "  licence: " + "x" * 501)
    assert story is None and "'licence' is too long (501 characters, at most 500)" in problems[0].message
