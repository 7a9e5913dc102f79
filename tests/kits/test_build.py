"""Incremental, parallel builds: what is rebuilt, what is not, and what is never left behind."""

from __future__ import annotations

import errno
import re
import json

from babel.messages.pofile import write_po

from kitgen.i18n.catalog import read_catalog
from tests.kits.conftest import PRINT_ONLY


def _statuses(project, *args):
    result = project.kitgen("build", "--only", PRINT_ONLY, "--json", "report.json", *args)
    report = json.loads((project.root / "report.json").read_text(encoding="utf-8"))
    return result, {a["label"]: a["status"] for a in report["artifacts"]}


def test_second_build_is_a_no_op_and_deleting_a_file_rebuilds_it_alone(tiny):
    first, statuses = _statuses(tiny)
    assert first.exit_code == 0, first.output
    assert "\x1b" not in first.output and "\r" not in first.output  # plain log lines off a terminal
    assert re.search(r"^\[\d/6\] built tiny/en cards\.pdf \(\d+\.\ds\)$", first.output, re.M)
    assert set(statuses.values()) == {"built"} and len(statuses) == 6
    for locale in ("en", "hy"):
        for name in ("cards.pdf", "workbook.pdf", "README.pdf"):
            assert (tiny.root / "output" / "tiny" / locale / name).stat().st_size > 1000
    again, statuses = _statuses(tiny)
    assert "up to date: 6 artifacts" in again.output
    assert set(statuses.values()) == {"up to date"}
    workbook = tiny.root / "output" / "tiny" / "hy" / "workbook.pdf"
    made = workbook.read_bytes()
    workbook.unlink()
    again, statuses = _statuses(tiny)
    # Restored from the store, not rebuilt: the same bytes, and the summary says so.
    assert [k for k, v in statuses.items() if v != "up to date"] == ["tiny/hy workbook.pdf"]
    assert statuses["tiny/hy workbook.pdf"] == "reused" and "1 reused" in again.output
    assert workbook.read_bytes() == made


def test_editing_one_translation_rebuilds_only_what_uses_it(tiny):
    _statuses(tiny)
    po = tiny.root / "sources" / "stories" / "tiny" / "locales" / "hy.po"
    catalog = read_catalog(po)
    card = next(m for m in catalog if m.context and m.context.startswith("cards/") and m.context.endswith("/title"))
    card.string = card.string + " նոր"
    with po.open("wb") as handle:
        write_po(handle, catalog)
    _, statuses = _statuses(tiny)
    assert sorted(k for k, v in statuses.items() if v == "built") == ["tiny/hy cards.pdf"]


def test_editing_the_source_story_rebuilds_the_source_locale(tiny):
    _statuses(tiny)
    story = tiny.root / "sources" / "stories" / "tiny" / "story.yaml"
    data = story.read_text(encoding="utf-8")
    assert "    title: Meet Pip\n" in data
    story.write_text(data.replace("    title: Meet Pip\n", "    title: Meet Pip again\n", 1), encoding="utf-8")
    _, statuses = _statuses(tiny)
    built = sorted(k for k, v in statuses.items() if v == "built")
    assert "tiny/en README.pdf" in built
    assert "tiny/en cards.pdf" not in built


def test_changing_an_illustration_rebuilds_its_users(tiny):
    _statuses(tiny)
    svg = tiny.root / "sources" / "stories" / "tiny" / "illustrations" / "cover.svg"
    svg.write_text(svg.read_text(encoding="utf-8").replace("</svg>", '<circle cx="1" cy="1" r="1"/></svg>'), encoding="utf-8")
    _, statuses = _statuses(tiny)
    assert {k for k, v in statuses.items() if v == "built"} >= {"tiny/en workbook.pdf", "tiny/hy workbook.pdf"}


def test_changing_options_or_version_rebuilds(tiny, monkeypatch):
    _statuses(tiny)
    kit = tiny.root / "sources" / "kits" / "tiny.yaml"
    kit.write_text(kit.read_text(encoding="utf-8").replace("paper: a4", "paper: letter"), encoding="utf-8")
    _, statuses = _statuses(tiny)
    assert set(statuses.values()) == {"built"}
    monkeypatch.setattr("kitgen.pipeline.keys.__version__", "999.0")
    _, statuses = _statuses(tiny)
    assert set(statuses.values()) == {"built"}


def test_corrupt_state_record_counts_as_a_miss(tiny):
    _statuses(tiny)
    for record in (tiny.root / "output" / ".kitgen" / "state").glob("*.json"):
        record.write_text("{not json", encoding="utf-8")
    _, statuses = _statuses(tiny)
    assert set(statuses.values()) == {"reused"}  # a miss: the files come back from the store
    for record in (tiny.root / "output" / ".kitgen" / "state").glob("*.json"):
        record.write_text("{not json", encoding="utf-8")
    for entry in (tiny.root / "output" / ".kitgen" / "store").glob("*/entry.json"):
        entry.write_text("[broken", encoding="utf-8")
    _, statuses = _statuses(tiny)
    assert set(statuses.values()) == {"built"}  # a corrupt store entry is a miss too


def test_parallel_build_gives_the_same_files(tiny):
    result, _ = _statuses(tiny, "--jobs", "2")
    assert result.exit_code == 0, result.output
    first = {p.name: p.read_bytes() for p in (tiny.root / "output" / "tiny" / "hy").glob("*.pdf")}
    result, statuses = _statuses(tiny, "--force", "--jobs", "1")
    assert set(statuses.values()) == {"built"}
    assert first == {p.name: p.read_bytes() for p in (tiny.root / "output" / "tiny" / "hy").glob("*.pdf")}


def test_a_failure_does_not_stop_the_others(tiny):
    po = tiny.root / "sources" / "stories" / "tiny" / "locales" / "hy.po"
    catalog = read_catalog(po)
    card = next(m for m in catalog if m.context and m.context.endswith("/body") and m.context.startswith("cards/"))
    card.string = "Շատ\n" * 100  # 100 lines: within the hard maximum (400 characters), taller than any card
    with po.open("wb") as handle:
        write_po(handle, catalog)
    result, statuses = _statuses(tiny)
    assert result.exit_code == 1
    assert statuses["tiny/hy cards.pdf"] == "failed"
    assert statuses["tiny/hy workbook.pdf"] == "built" and statuses["tiny/en cards.pdf"] == "built"
    assert "overflows" in result.output
    assert not (tiny.root / "output" / "tiny" / "hy" / "cards.pdf").exists()


def _leftovers(root):
    return [p for p in (root / "output").rglob("*") if p.is_file() and (p.name.startswith(".") or p.suffix == ".part")]


def test_full_disk_is_a_clear_error_and_leaves_nothing(tiny, monkeypatch):
    import kitgen.output

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(kitgen.output.os, "replace", full)
    result = tiny.kitgen("build", "--only", "cards", "--locale", "en")
    assert result.exit_code == 1
    assert "cannot write cards.pdf: the disk is full; free some space and run again" in result.output
    assert not (tiny.root / "output" / "tiny" / "en" / "cards.pdf").exists()
    assert _leftovers(tiny.root) == []


def test_interrupted_build_leaves_only_complete_files_and_resumes(tiny, monkeypatch):
    from kitgen.print.readme import ReadmeBuilder

    def interrupted(self, request):
        from kitgen.output import atomic_path

        with atomic_path(request.output) as tmp:
            tmp.write_bytes(b"%PDF-1.4 half")
            raise KeyboardInterrupt

    with monkeypatch.context() as patch:
        patch.setattr(ReadmeBuilder, "write", interrupted)
        result = tiny.kitgen("build", "--only", PRINT_ONLY, "--locale", "en", "--jobs", "1")  # the patch is in this process
        assert result.exit_code == 130, result.output  # 128 + SIGINT, as a shell reports Ctrl-C
        assert "kitgen: interrupted by SIGINT; finished files are kept" in result.output and "Aborted" not in result.output
    out = tiny.root / "output" / "tiny" / "en"
    assert not (out / "README.pdf").exists()
    assert _leftovers(tiny.root) == []
    _, statuses = _statuses(tiny, "--locale", "en")
    assert statuses["tiny/en README.pdf"] == "built"
    assert statuses["tiny/en cards.pdf"] == "up to date"


def test_bad_build_inputs(tiny):
    assert "unknown kit 'tinny'; did you mean 'tiny'?" in tiny.kitgen("build", "--kit", "tinny").output
    assert "no kit has locale 'ka'" in tiny.kitgen("build", "--locale", "ka").output
    assert "shard '5/4' is out of range" in tiny.kitgen("build", "--shard", "5/4").output
    assert "unknown artifact 'cardz' in --only; did you mean 'cards'?" in tiny.kitgen("build", "--only", "cardz").output
    kit = tiny.root / "sources" / "kits" / "tiny.yaml"
    kit.write_text(kit.read_text(encoding="utf-8").replace("stories: [tiny]", "stories: [tiny, nope]"), encoding="utf-8")
    result = tiny.kitgen("build")
    assert result.exit_code == 1
    assert "sources/kits/tiny.yaml:9:17: error: kit 'tiny' names story 'nope', which does not exist" in result.output


def test_unwritable_output(tiny, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    result = tiny.kitgen("build", "--output", str(blocker / "out"))
    assert result.exit_code == 1
    assert f"output folder {blocker / 'out'} is not writable; choose another with --output" in result.output


def test_renamed_episode_replaces_its_old_files(tiny):
    result = tiny.kitgen("build", "--locale", "en", "--only", "episodes")
    assert result.exit_code == 0, result.output
    episodes = tiny.root / "output" / "tiny" / "en" / "episodes"
    assert sorted(p.stem for p in episodes.iterdir()) == ["01-hello-pip"] * 4
    story = tiny.root / "sources" / "stories" / "tiny" / "story.yaml"
    text = story.read_text(encoding="utf-8")
    assert "title: Hello, Pip" in text
    story.write_text(text.replace("title: Hello, Pip", "title: Goodbye, Pip", 1), encoding="utf-8")
    result = tiny.kitgen("build", "--locale", "en", "--only", "episodes")
    assert result.exit_code == 0, result.output
    assert "removed " in result.output and "01-hello-pip.mp4" in result.output
    assert sorted(p.name for p in episodes.iterdir()) == [f"01-goodbye-pip{s}" for s in (".mp4", ".png", ".srt", ".vtt")]


def test_slugs_are_ascii_whatever_the_script():
    from kitgen.video.builder import slug

    assert slug("Пароль и чат класса") == "parol-i-chat-klassa"
    assert slug("პაროლი და კლასის ჩატი") == "paroli-da-klasis-chati"
    assert slug("Գաղտնի գոհարները").isascii()
    assert slug("Oʻzbekcha sarlavha") == "ozbekcha-sarlavha"
    assert slug("!!!") == "episode"


def test_removed_episode_files_are_pruned(tiny):
    story = tiny.root / "sources" / "stories" / "tiny" / "story.yaml"
    original = story.read_text(encoding="utf-8")
    extra = """  - id: again
    title: Pip again
    scenes:
      - id: again-wave
        illustration: {file: illustrations/wave.svg, alt: Pip waves again.}
        lines:
          - text: Pip is back.
"""
    story.write_text(original.replace("\ncategories:", extra + "\ncategories:", 1), encoding="utf-8")
    assert tiny.kitgen("build", "--locale", "en", "--only", "episodes,readme").exit_code == 0
    episodes = tiny.root / "output" / "tiny" / "en" / "episodes"
    assert (episodes / "02-pip-again.mp4").is_file()
    story.write_text(original, encoding="utf-8")
    result = tiny.kitgen("build", "--locale", "en", "--only", "episodes")
    assert result.exit_code == 0, result.output
    assert not list(episodes.glob("02-*")), "the removed episode's files must go"
    assert (episodes / "01-hello-pip.mp4").is_file()
    assert (tiny.root / "output" / "tiny" / "en" / "README.pdf").is_file(), "--only episodes leaves other artifacts alone"
