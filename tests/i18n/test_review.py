"""Native-speaker review marks in real .po files: written by ``kitgen i18n review``, kept by
``kitgen i18n update``, Babel and GNU msgmerge, lost when the source or the translation changes."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po

from kitgen.i18n.catalog import read_catalog
from kitgen.i18n.review import review_of
from tests.i18n.test_catalog import _translate_all

CARD = "cards/home-address/title"


def _po(scratch) -> Path:
    return scratch.story_dir / "locales" / "hy.po"


def _reviewed(path: Path) -> dict[str, str]:
    """msgctxt -> reviewer, for the entries whose review still stands."""
    found = {}
    for entry in read_catalog(path):
        review = review_of(entry)
        if entry.id and review is not None:
            found[entry.context] = review.by
    return found


def _row(output: str) -> list[str]:
    return next(line for line in output.splitlines() if line.startswith("demo ")).split()


@pytest.fixture
def translated(scratch):
    _translate_all(_po(scratch))
    return scratch


def test_review_all_marks_every_translated_string_with_who_and_when(translated):
    result = translated.kitgen("i18n", "review", "--locale", "hy", "--by", "Anahit Petrosyan", "--all")
    assert result.exit_code == 0, result.output
    total = sum(1 for entry in read_catalog(_po(translated)) if entry.id)
    assert f"{total} marked reviewed by Anahit Petrosyan" in result.output
    assert set(_reviewed(_po(translated)).values()) == {"Anahit Petrosyan"}
    assert len(_reviewed(_po(translated))) == total
    marks = re.findall(r"^# reviewed: Anahit Petrosyan, (\d{4}-\d{2}-\d{2}), [0-9a-f]{12}$", _po(translated).read_text("utf-8"), re.M)
    assert len(marks) == total
    status = translated.kitgen("i18n", "status", "--min-reviewed", "100")
    assert _row(status.output)[-3:-1] == [str(total), "100.0"]
    assert status.exit_code == 1  # kitgen's own hy strings are drafts: only they stay below
    assert "review below 100% for: (kitgen)/hy 0.0%" in status.output and "demo/hy" not in status.output


def test_review_by_key_marks_only_that_string(translated):
    result = translated.kitgen("i18n", "review", "--locale", "hy", "--by", "Anahit", "--key", CARD)
    assert result.exit_code == 0, result.output
    assert _reviewed(_po(translated)) == {CARD: "Anahit"}
    status = translated.kitgen("i18n", "status", "--min-reviewed", "50")
    assert status.exit_code == 1
    assert "review below 50% for: demo/hy" in status.output
    assert _row(status.output)[-3] == "1"


def test_marks_survive_update_and_a_babel_round_trip(translated):
    translated.kitgen("i18n", "review", "--locale", "hy", "--by", "Anahit", "--all")
    before = _reviewed(_po(translated))
    assert translated.kitgen("i18n", "update", "--locale", "hy").exit_code == 0
    assert _reviewed(_po(translated)) == before
    with _po(translated).open("rb") as handle:  # Babel alone, as another tool built on it would
        catalog = read_po(handle)
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=76)
    _po(translated).write_bytes(buffer.getvalue())
    assert _reviewed(_po(translated)) == before


@pytest.mark.skipif(shutil.which("msgmerge") is None, reason="GNU gettext's msgmerge is not installed")
def test_marks_survive_gnu_msgmerge_and_a_changed_source_loses_its_own(translated):
    translated.kitgen("i18n", "review", "--locale", "hy", "--by", "Anahit", "--all")
    before = _reviewed(_po(translated))
    line = "episodes/first-steps/scenes/tablet/lines/2/text"
    assert line in before
    translated.edit(translated.story_file, "I will ask Mum before I answer.", "I will ask Dad before I answer.")
    translated.kitgen("i18n", "extract")
    pot = translated.story_dir / "locales" / "demo.pot"
    merged = subprocess.run(["msgmerge", "--quiet", "--output-file=-", str(_po(translated)), str(pot)],
                            check=True, capture_output=True).stdout
    _po(translated).write_bytes(merged)
    after = _reviewed(_po(translated))
    assert line not in after  # msgmerge made it fuzzy (and kept the comment): the review does not count
    assert after == {key: who for key, who in before.items() if key != line}


def test_a_source_change_makes_the_string_unreviewed_and_update_drops_its_mark(translated):
    translated.kitgen("i18n", "review", "--locale", "hy", "--by", "Anahit", "--all")
    text = "Sam was drawing a dragon"
    key = next(e.context for e in read_catalog(_po(translated)) if e.id and text in e.id)
    translated.edit(translated.story_file, text, "Sam was painting a dragon")
    assert translated.kitgen("i18n", "update", "--locale", "hy").exit_code == 0
    entry = next(e for e in read_catalog(_po(translated)) if e.context == key)
    assert entry.fuzzy and review_of(entry) is None
    assert not any(c.startswith("reviewed:") for c in entry.user_comments)
    assert key not in _reviewed(_po(translated))
    assert len(_reviewed(_po(translated))) == sum(1 for e in read_catalog(_po(translated)) if e.id) - 1


def test_an_edited_translation_is_no_longer_reviewed(translated):
    translated.kitgen("i18n", "review", "--locale", "hy", "--by", "Anahit", "--key", CARD)
    catalog = read_catalog(_po(translated))
    entry = next(e for e in catalog if e.context == CARD)
    translated.edit(_po(translated), f'msgstr "{entry.string}"', f'msgstr "{entry.string}!"')
    assert _reviewed(_po(translated)) == {}


def test_review_refuses_unknown_and_untranslated_keys_and_writes_nothing(scratch):
    before = _po(scratch).read_bytes()
    unknown = scratch.kitgen("i18n", "review", "--locale", "hy", "--by", "A", "--key", "cards/home-adress/title")
    assert unknown.exit_code == 1
    assert "unknown key 'cards/home-adress/title'; did you mean 'cards/home-address/title'" in unknown.output
    untranslated = scratch.kitgen("i18n", "review", "--locale", "hy", "--by", "A", "--key", CARD)
    assert untranslated.exit_code == 1
    assert re.search(r"hy\.po:\d+: 'cards/home-address/title' is untranslated", untranslated.output)
    assert _po(scratch).read_bytes() == before
    both = scratch.kitgen("i18n", "review", "--locale", "hy", "--by", "A", "--all", "--key", CARD)
    assert both.exit_code == 2 and "--all, or one --key" in both.output
    comma = scratch.kitgen("i18n", "review", "--locale", "hy", "--by", "Doe, Jane", "--all")
    assert comma.exit_code == 2 and "without commas" in comma.output
    assert _po(scratch).read_bytes() == before


def test_status_has_a_row_for_kitgens_own_strings_and_chrome_review_marks_them(scratch, monkeypatch, tmp_path):
    status = scratch.kitgen("i18n", "status", "--locale", "hy")
    row = next(line for line in status.output.splitlines() if line.startswith("(kitgen) "))
    columns = row.split()
    assert columns[1] == "hy" and columns[-3:] == ["0", "0.0", "demo-kit"]  # drafts: nothing reviewed
    from kitgen.commands import i18n as i18n_command
    from kitgen.i18n.chrome import CHROME
    from kitgen.i18n.chrome_files import chrome_path

    copy = tmp_path / "chrome" / "hy.po"  # a copy: kitgen's own catalogs stay untouched
    copy.parent.mkdir()
    copy.write_bytes(chrome_path("hy").read_bytes())
    monkeypatch.setattr(i18n_command, "chrome_path", lambda locale: copy.parent / f"{locale}.po")
    result = scratch.kitgen("i18n", "review", "--chrome", "--locale", "hy", "--by", "Anahit", "--key", "Need help?", "--key", "Phone")
    assert result.exit_code == 0, result.output
    assert _reviewed_chrome(copy) == {"Need help?", "Phone"}
    row = next(line for line in scratch.kitgen("i18n", "status", "--locale", "hy").output.splitlines() if line.startswith("(kitgen) "))
    assert row.split()[-3] == "2" and len(CHROME) > 2


def _reviewed_chrome(path: Path) -> set[str]:
    return {entry.id for entry in read_catalog(path) if entry.id and review_of(entry) is not None}
