"""Identical work once: artifacts stored by key; a twin target and a deleted output get copies."""

from __future__ import annotations

import json


def _twin_kit(tiny, branding_hy="Փոքրիկ հավաքածու"):
    kit = (tiny.root / "sources" / "kits" / "tiny.yaml").read_text(encoding="utf-8")
    twin = kit.replace("id: tiny", "id: twin").replace("name: Tiny", "name: Twin").replace("Փոքրիկ հավաքածու", branding_hy)
    (tiny.root / "sources" / "kits" / "twin.yaml").write_text(twin, encoding="utf-8")


def _statuses(tiny, *args):
    result = tiny.kitgen("build", "--json", "r.json", *args)
    assert result.exit_code == 0, result.output
    report = json.loads((tiny.root / "r.json").read_text(encoding="utf-8"))
    return result.output, {a["label"]: a["status"] for a in report["artifacts"]}, report


def test_a_second_kit_with_the_same_inputs_gets_hard_links_not_rebuilds(tiny):
    _twin_kit(tiny)
    output, statuses, report = _statuses(tiny, "--only", "cards,readme", "--jobs", "1")
    assert {k: v for k, v in statuses.items() if k.startswith("tiny/")} == dict.fromkeys(
        ["tiny/en cards.pdf", "tiny/en README.pdf", "tiny/hy cards.pdf", "tiny/hy README.pdf"], "built")
    assert {k: v for k, v in statuses.items() if k.startswith("twin/")} == dict.fromkeys(
        ["twin/en cards.pdf", "twin/en README.pdf", "twin/hy cards.pdf", "twin/hy README.pdf"], "reused")
    assert report["reused"] == 4 and "4 built, 4 reused" in output
    for locale in ("en", "hy"):
        mine, twin = (tiny.root / "output" / kit / locale / "cards.pdf" for kit in ("tiny", "twin"))
        assert mine.stat().st_ino == twin.stat().st_ino  # one file on disk, two names
        assert mine.read_bytes() == twin.read_bytes()


def test_a_different_branding_is_a_different_artifact(tiny):
    _twin_kit(tiny, branding_hy="Այլ անուն")
    _, statuses, _ = _statuses(tiny, "--only", "cards", "--jobs", "1")
    assert statuses["twin/hy cards.pdf"] == "built" and statuses["twin/en cards.pdf"] == "reused"


def test_an_edited_output_is_never_handed_out_again(tiny):
    _, statuses, _ = _statuses(tiny, "--only", "readme", "--locale", "en")
    readme = tiny.root / "output" / "tiny" / "en" / "README.pdf"
    original = readme.read_bytes()
    with readme.open("r+b") as handle:  # edited in place: the store shares this inode
        handle.seek(100)
        handle.write(b"XXXX")
    _, statuses, _ = _statuses(tiny, "--only", "readme", "--locale", "en")
    assert statuses["tiny/en README.pdf"] == "built"  # not "up to date", and not restored from a damaged entry
    assert readme.read_bytes() == original


def test_the_store_keeps_only_what_records_refer_to(tiny):
    _statuses(tiny, "--only", "readme", "--locale", "en")
    store = tiny.root / "output" / ".kitgen" / "store"
    before = {p.name for p in store.iterdir()}
    tiny.edit(tiny.root / "sources" / "stories" / "tiny" / "story.yaml", "Pip Says Hello", "Pip Says Hi")
    _statuses(tiny, "--only", "readme", "--locale", "en")
    after = {p.name for p in store.iterdir()}
    assert len(before) == len(after) == 1 and before != after
