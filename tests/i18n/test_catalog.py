"""Catalog extraction, merging and status, on real .pot/.po files read back with Babel."""

from __future__ import annotations

from pathlib import Path

from babel.messages.pofile import write_po

from kitgen.i18n.catalog import read_catalog


def _read(path: Path):
    return read_catalog(path)


def _translate_all(path: Path, prefix: str = "HY ") -> None:
    catalog = _read(path)
    for message in catalog:
        if message.id:
            message.string = prefix + message.id
            message.flags.discard("fuzzy")
    with path.open("wb") as handle:
        write_po(handle, catalog)


def test_extract_writes_template_with_context_and_comments(scratch):
    result = scratch.kitgen("i18n", "extract")
    assert result.exit_code == 0, result.output
    template = _read(scratch.story_dir / "locales" / "demo.pot")
    line = template.get("Who is this? I will ask Mum before I answer.", context="episodes/first-steps/scenes/tablet/lines/2/text")
    assert line is not None
    assert "Spoken by: Sam." in line.auto_comments
    assert any(c.startswith("Appears as: spoken line") for c in line.auto_comments)
    assert "Keep it under 240 characters." in line.auto_comments
    assert line.locations[0][0] == "demo/story.yaml"
    title = template.get("Your address", context="cards/home-address/title")
    assert "Appears as: play card title." in title.auto_comments
    blank = template.get("A good {blank} is long and hard to guess.", context="activities/fill-in/sentences/1/text")
    assert "Keep these placeholders unchanged: {blank}." in blank.auto_comments


def test_extract_twice_leaves_the_file_alone(scratch):
    scratch.kitgen("i18n", "extract")
    pot = scratch.story_dir / "locales" / "demo.pot"
    first = pot.read_bytes()
    result = scratch.kitgen("i18n", "extract")
    assert "unchanged" in result.output
    assert pot.read_bytes() == first


def test_po_header_asks_for_native_review(scratch):
    text = (scratch.story_dir / "locales" / "hy.po").read_text(encoding="utf-8")
    assert "a native speaker should review it" in text
    assert _read(scratch.story_dir / "locales" / "hy.po").locale.language == "hy"


def test_moving_a_scene_keeps_every_translation(scratch):
    po = scratch.story_dir / "locales" / "hy.po"
    _translate_all(po)
    scene = """      - id: later
        illustration: {file: illustrations/scene.svg, alt: A second picture.}
        lines:
          - text: This scene comes second for now.
"""
    text = scratch.story_file.read_text(encoding="utf-8")
    scratch.story_file.write_text(text.replace("\ncategories:", scene + "\ncategories:"), encoding="utf-8")
    scratch.kitgen("i18n", "update", "--locale", "hy")
    _translate_all(po)
    before = {m.context: m.string for m in _read(po) if m.id}
    # Move the new scene in front of the first one.
    text = scratch.story_file.read_text(encoding="utf-8")
    first_start = text.index("      - id: tablet")
    later_start = text.index("      - id: later")
    end = text.index("\ncategories:")
    moved = text[:first_start] + text[later_start:end] + "\n" + text[first_start:later_start].rstrip("\n") + text[end:]
    scratch.story_file.write_text(moved, encoding="utf-8")
    assert scratch.kitgen("check").exit_code == 0
    result = scratch.kitgen("i18n", "update", "--locale", "hy")
    assert result.exit_code == 0, result.output
    after = _read(po)
    assert {m.context: m.string for m in after if m.id} == before
    assert not any(m.fuzzy for m in after if m.id)


def test_editing_a_sentence_makes_only_that_string_fuzzy(scratch):
    po = scratch.story_dir / "locales" / "hy.po"
    _translate_all(po)
    scratch.edit(scratch.story_file, "Sam was drawing a dragon", "Sam was painting a dragon")
    assert scratch.kitgen("i18n", "update", "--locale", "hy").exit_code == 0
    catalog = _read(po)
    fuzzy = [m for m in catalog if m.id and m.fuzzy]
    assert [m.context for m in fuzzy] == ["episodes/first-steps/scenes/tablet/lines/1/text"]
    assert fuzzy[0].id.startswith("Sam was painting a dragon")
    assert fuzzy[0].previous_id == ["Sam was drawing a dragon when a message popped up."]
    assert fuzzy[0].string == "HY Sam was drawing a dragon when a message popped up."
    assert "#| msgid \"Sam was drawing a dragon" in po.read_text(encoding="utf-8")
    # A second update keeps the previous source text of the still-fuzzy entry.
    scratch.edit(scratch.story_file, "title: Your address", "title: Your home address")
    scratch.kitgen("i18n", "update", "--locale", "hy")
    again = _read(po).get(fuzzy[0].id, context=fuzzy[0].context)
    assert again.fuzzy and again.previous_id == ["Sam was drawing a dragon when a message popped up."]


def test_removed_strings_become_obsolete_not_lost(scratch):
    po = scratch.story_dir / "locales" / "hy.po"
    _translate_all(po)
    scratch.edit(scratch.story_file, "    extra_words: [colour]\n", "")
    scratch.kitgen("i18n", "update", "--locale", "hy")
    catalog = _read(po)
    assert catalog.get("colour", context="activities/fill-in/extra_words/1") is None
    assert any(m.string == "HY colour" for m in catalog.obsolete.values())


def test_status_counts_fuzzy_as_missing_and_min_fails(scratch):
    po = scratch.story_dir / "locales" / "hy.po"
    _translate_all(po)
    full = scratch.kitgen("i18n", "status", "--min", "100")
    assert full.exit_code == 0, full.output
    row = next(line for line in full.output.splitlines() if line.startswith("demo "))
    assert "Armenian" in row and "100.0" in row
    scratch.edit(scratch.story_file, "Sam was drawing a dragon", "Sam was painting a dragon")
    scratch.kitgen("i18n", "update", "--locale", "hy")
    status = scratch.kitgen("i18n", "status", "--min", "100")
    assert status.exit_code == 1
    row = next(line for line in status.output.splitlines() if line.startswith("demo "))
    columns = row.split()
    assert columns[-7:-4] == [str(int(columns[-7])), "1", "0"]  # translated, fuzzy, untranslated (then %, reviewed, rev.%, kits)
    assert "error: translation below 100% for: demo/hy" in status.output


def test_a_translation_for_an_older_source_text_does_not_count(scratch):
    po = scratch.story_dir / "locales" / "hy.po"
    _translate_all(po)
    # The source changes but the catalog is not updated: the stale entry must not count.
    scratch.edit(scratch.story_file, "Sam was drawing a dragon", "Sam was painting a dragon")
    status = scratch.kitgen("i18n", "status", "--locale", "hy")
    row = next(line for line in status.output.splitlines() if line.startswith("demo "))
    assert row.split()[-5] == "1"  # one untranslated (then %, reviewed, rev.%, kits)


def test_update_rejects_bad_locale_and_writes_nothing(scratch):
    before = scratch.files()
    result = scratch.kitgen("i18n", "update", "--locale", "uz_Latn")
    assert result.exit_code == 2  # a bad option
    assert "error: locale 'uz_Latn' uses '_'; write the BCP 47 form 'uz-Latn'" in result.output
    assert scratch.files() == before


def test_localized_story_uses_translations_but_not_fuzzy(scratch):
    from kitgen.errors import Report
    from kitgen.project import load_project

    po = scratch.story_dir / "locales" / "hy.po"
    _translate_all(po, prefix="Հ ")
    scratch.edit(scratch.story_file, "Sam was drawing a dragon", "Sam was painting a dragon")
    scratch.kitgen("i18n", "update", "--locale", "hy")
    project = load_project(scratch.root, Report())
    story = project.localized("demo", "hy")
    lines = story.episodes[0].scenes[0].lines
    assert lines[0].text.startswith("Sam was painting")  # fuzzy: source text kept
    assert lines[1].text == "Հ Who is this? I will ask Mum before I answer."
    assert story.cards[0].title == "Հ Your address"
    assert project.stories["demo"].story.cards[0].title == "Your address"
