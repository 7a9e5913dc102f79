"""`kitgen check`: each kind of error, with its exact message, exit code, and nothing written."""

from __future__ import annotations

from pathlib import Path

from babel.messages.pofile import read_po, write_po

STORY = "sources/stories/demo/story.yaml"


def test_scaffold_project_passes(scratch):
    result = scratch.kitgen("check")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("ok: 1 story, 1 kit")


def _check_fails(scratch, *expected: str) -> str:
    before = scratch.files()
    result = scratch.kitgen("check")
    assert result.exit_code == 1, result.output
    for line in expected:
        assert line in result.output.splitlines(), f"{line!r} not in:\n{result.output}"
    assert "Traceback" not in result.output
    assert scratch.files() == before, "check must not write anything"
    return result.output


def test_yaml_syntax_error_is_located(scratch):
    line = scratch.line_of(scratch.story_file, "summary: One or two")
    scratch.edit(scratch.story_file, "  summary: One or two sentences", "  summary: [One or two sentences")
    output = _check_fails(scratch)
    assert f"{STORY}:{line + 1}:" in output
    assert "error: YAML syntax error:" in output


def test_unknown_key_suggests_the_right_one(scratch):
    line = scratch.line_of(scratch.story_file, "  summary:")
    scratch.edit(scratch.story_file, "  summary:", "  sumary:")
    _check_fails(
        scratch,
        f"{STORY}:{line}:3: error: unknown key 'sumary'; did you mean 'summary'?",
        f"{STORY}:4:1: error: missing required key 'summary' in 'story'",
    )


def test_missing_illustration(scratch):
    (scratch.story_dir / "illustrations" / "scene.svg").unlink()
    line = scratch.line_of(scratch.story_file, "illustration: {file: illustrations/scene.svg")
    column = scratch.story_file.read_text().splitlines()[line - 1].index("illustrations/") + 1
    _check_fails(scratch, f"{STORY}:{line}:{column}: error: illustration 'illustrations/scene.svg' does not exist")


def test_wrong_speaker(scratch):
    line = scratch.line_of(scratch.story_file, "- speaker: hero")
    scratch.edit(scratch.story_file, "- speaker: hero", "- speaker: heroo")
    _check_fails(
        scratch,
        f"{STORY}:{line}:22: error: unknown speaker 'heroo'; did you mean 'hero'?; "
        "declare it under 'characters' or use one of: hero",
    )


def test_lesson_references_are_checked(scratch):
    scratch.edit(scratch.story_file, "cards: [home-address]", "cards: [home-adress]")
    line = scratch.line_of(scratch.story_file, "cards: [home-adress]")
    _check_fails(scratch, f"{STORY}:{line}:15: error: lesson 'lesson-1' uses unknown card 'home-adress'; did you mean 'home-address'?")


def test_every_problem_is_reported_at_once(scratch):
    scratch.edit(scratch.story_file, "- speaker: hero", "- speaker: nobody")
    scratch.edit(scratch.story_file, "category: privacy", "category: privasy")
    scratch.edit(scratch.story_file, "icon: lock", "icon: lok")
    output = _check_fails(scratch)
    assert "unknown speaker 'nobody'" in output
    assert "unknown category 'privasy'; did you mean 'privacy'?" in output
    assert "unknown icon 'lok'; did you mean 'lock'?" in output
    assert output.splitlines()[-1] == "kitgen: 3 errors; nothing was written"


def test_activity_type_and_values(scratch):
    scratch.edit(scratch.story_file, "type: true_false", "type: true_or_false")
    scratch.edit(scratch.story_file, "colour: \"#2f6fb3\"", "colour: blue")
    output = _check_fails(scratch)
    assert "error: unknown type 'true_or_false'; did you mean 'true_false'?; expected one of:" in output
    assert "error: 'colour' value 'blue' is not a colour: write it as #rrggbb" in output


def test_warning_fails_only_with_strict(scratch):
    scratch.edit(scratch.story_file, "duration: 40", "duration: 45")
    relaxed = scratch.kitgen("check")
    assert relaxed.exit_code == 0
    line = scratch.line_of(scratch.story_file, "duration: 45")
    warning = f"{STORY}:{line}:15: warning: lesson 'lesson-1' lasts 45 min but its steps add up to 40 min"
    assert warning in relaxed.output.splitlines()
    strict = scratch.kitgen("check", "--strict")
    assert strict.exit_code == 1
    assert warning.replace("warning:", "error:") in strict.output.splitlines()


def _translate(path: Path, context: str, text: str) -> int:
    with path.open("rb") as handle:
        catalog = read_po(handle)
    catalog.get(next(m.id for m in catalog if m.context == context), context=context).string = text
    with path.open("wb") as handle:
        write_po(handle, catalog)
    with path.open("rb") as handle:
        return next(m.lineno for m in read_po(handle) if m.context == context)


def test_dropped_placeholder_in_translation(scratch):
    po = scratch.story_dir / "locales" / "hy.po"
    line = _translate(po, "activities/fill-in/sentences/1/text", "Լավ գաղտնաբառը երկար է։")
    _check_fails(
        scratch,
        f"sources/stories/demo/locales/hy.po:{line}: error: translation of 'activities/fill-in/sentences/1/text' "
        "drops placeholder {blank}; copy it into the msgstr unchanged",
    )


def test_character_no_font_covers(scratch):
    scratch.edit(scratch.story_file, "title: Your address", "title: Your address 😀")
    line = scratch.line_of(scratch.story_file, "title: Your address")
    _check_fails(
        scratch,
        f"{STORY}:{line}:12: error: 'cards/home-address/title' (en) has the character '😀' (U+1F600 GRINNING FACE) "
        "that no bundled font covers; remove it or add a font that has it to fonts/",
    )


def test_tifinagh_in_a_translation(scratch):
    po = scratch.story_dir / "locales" / "hy.po"
    line = _translate(po, "cards/home-address/title", "Հասցե ⵣ")
    _check_fails(scratch, f"sources/stories/demo/locales/hy.po:{line}: error: 'cards/home-address/title' (hy) has the character "
                 "'ⵣ' (U+2D63 TIFINAGH LETTER YAZ) that no bundled font covers; remove it or add a font that has it to fonts/")


def test_kit_problems(scratch):
    kit = scratch.root / "sources" / "kits" / "demo-kit.yaml"
    scratch.edit(kit, "stories: [demo]", "stories: [demo, missing-story]")
    scratch.edit(kit, "locales: [en, hy]", "locales: [en, hy, kz]")
    output = _check_fails(
        scratch,
        "sources/kits/demo-kit.yaml:5:17: error: kit 'demo-kit' names story 'missing-story', which does not exist",
        "sources/kits/demo-kit.yaml:4:19: error: unknown locale 'kz'; 'kz' looks like a country code; did you mean the language 'kk'?",
    )
    assert "Traceback" not in output


def test_corrupt_svg_and_truncated_png(scratch):
    (scratch.story_dir / "illustrations" / "scene.svg").write_text("<svg><rect></svg>", encoding="utf-8")
    output = _check_fails(scratch)
    assert "sources/stories/demo/illustrations/scene.svg:1:" in output
    assert "is not valid SVG XML: mismatched tag" in output


def test_kit_voice_override_errors_point_into_the_kit(scratch):
    kit = scratch.root / "sources" / "kits" / "demo-kit.yaml"
    original = kit.read_text(encoding="utf-8")
    kit.write_text(original + "voices:\n  hy:\n    rat: 150\n", encoding="utf-8")
    output = _check_fails(scratch)
    assert "sources/kits/demo-kit.yaml:12:5: error: unknown key 'rat'; did you mean 'rate'?" in output
    kit.write_text(original + "voices:\n  hy:\n    voice: hy-nonexistent\n", encoding="utf-8")
    output = _check_fails(scratch)
    assert "sources/kits/demo-kit.yaml:12:" in output and "hy-nonexistent" in output
