"""The shipped sample passes `kitgen check`, and corrupting it gives located errors."""

from __future__ import annotations

from kitgen.i18n.catalog import read_catalog, write_catalog

STORY = "sources/stories/stop-think-tell/story.yaml"


def test_sample_passes_strict_check(sample_copy):
    result = sample_copy.kitgen("check", "--strict")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("ok: 1 story, 12 kits, 0 warnings")


def test_corrupting_the_sample_is_located(sample_copy):
    story = sample_copy.root / STORY
    text = story.read_text(encoding="utf-8")
    speaker_line = next(n for n, line in enumerate(text.splitlines(), 1) if "speaker: kiwi" in line)
    story.write_text(text.replace("speaker: kiwi", "speaker: kiwii", 1), encoding="utf-8")
    po = sample_copy.root / "sources/stories/stop-think-tell/locales/ka.po"
    catalog = read_catalog(po)
    entry = next(m for m in catalog if m.id and "{blank}" in m.id)
    entry.string = entry.string.replace("{blank}", "...")
    write_catalog(po, catalog)
    line = next(m.lineno for m in read_catalog(po) if m.context == entry.context)
    result = sample_copy.kitgen("check")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert any(x.startswith(f"{STORY}:{speaker_line}:") and "unknown speaker 'kiwii'; did you mean 'kiwi'?" in x for x in lines)
    assert any(x.startswith(f"sources/stories/stop-think-tell/locales/ka.po:{line}: error: translation of '{entry.context}' drops placeholder {{blank}}") for x in lines)
