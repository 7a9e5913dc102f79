"""Spoken lines: keys, clip names and the text given to engines."""

from __future__ import annotations

from kitgen.source.yamlpos import load_yaml
from kitgen.voice.lines import locate_in, speech_text, spoken_lines, story_line_keys

from .helpers import make_story


def test_keys_follow_episode_scene_and_line() -> None:
    story = make_story("en", line_ids={2: "photo"})
    lines = spoken_lines(story, "ep1")
    assert [line.key for line in lines] == ["ep1/park/1", "ep1/park/2", "ep1/home/photo", "ep1/home/2"]
    assert [line.clip_name for line in lines] == ["ep1.park.1", "ep1.park.2", "ep1.home.photo", "ep1.home.2"]
    assert [line.speaker for line in lines] == [None, "mira", "stranger", None]
    assert lines[0].text == story.episodes[0].scenes[0].lines[0].text
    assert story_line_keys(story) == [line.key for line in lines]
    assert spoken_lines(story, story.episodes[0]) == lines


def test_speech_text_normalizes() -> None:
    assert speech_text("  Сәлем,\n\tдос!  ") == "Сәлем, дос!"
    assert speech_text("Ca\u0301fe\u0301\u200b") == "Cáfé"
    assert speech_text("\u00ad\u200b …  — ") == ""
    assert speech_text("") == ""


def test_locate_in_points_at_the_line_text(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "story.yaml"
    path.write_text(
        "episodes:\n  - id: ep1\n    scenes:\n      - id: park\n        lines:\n          - text: Hello\n          - text: Bye\n"
    )
    positions = load_yaml(path).positions
    story = make_story("en")
    line = spoken_lines(story, "ep1")[1]
    assert str(locate_in(positions)(line)).endswith("story.yaml:7:19")
