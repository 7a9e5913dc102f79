"""`kitgen check` measures every caption cue of every kit's episodes against the kit's reading speed."""

from __future__ import annotations

import re


def test_cues_over_the_kits_reading_speed_are_located_warnings(tiny):
    kit = tiny.root / "sources" / "kits" / "tiny.yaml"
    tiny.edit(kit, "paper: a4", "paper: a4\nreading_speed: 8")
    result = tiny.kitgen("check")
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.output.splitlines() if ": warning: kit 'tiny': " in line]
    assert warnings, result.output
    assert any(re.match(r"sources/stories/tiny/locales/hy\.po:\d+(:\d+)?: warning: kit 'tiny': \[hy\] caption", w) for w in warnings)
    assert any(re.match(r"sources/stories/tiny/story\.yaml:\d+:\d+: warning: kit 'tiny': \[en\] caption", w) for w in warnings)
    assert all("over the reading speed of 8" in w for w in warnings)
    strict = tiny.kitgen("check", "--strict")
    assert strict.exit_code == 1


def test_the_default_reading_speed_passes_the_tiny_story(tiny):
    result = tiny.kitgen("check", "--strict")
    assert result.exit_code == 0, result.output
    assert "reading speed" not in result.output


def test_the_build_warns_for_fast_cues_of_the_episodes_it_made(tiny):
    kit = tiny.root / "sources" / "kits" / "tiny.yaml"
    tiny.edit(kit, "paper: a4", "paper: a4\nreading_speed: 8")
    result = tiny.kitgen("build", "--locale", "en", "--only", "episodes", "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert re.search(r"story\.yaml:\d+:\d+: warning: kit 'tiny': \[en\] caption .* over the reading speed of 8", result.output)
    again = tiny.kitgen("build", "--locale", "en", "--only", "episodes", "--jobs", "1")
    assert "warning" not in again.output  # nothing made, nothing measured
