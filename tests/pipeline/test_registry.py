"""Explicit registration: kitgen's own builders, and a plug-in's through the entry-point group."""

from __future__ import annotations

import pytest

from kitgen.builder import Builder, Reads
from kitgen.pipeline.registry import BUILTIN_BUILDERS, ENTRY_POINT_GROUP, Registry, UnknownArtifact, default_registry

PLUGIN = '''
from kitgen.builder import Builder, Reads
from kitgen.output import atomic_path


class NotesBuilder(Builder):
    """A plug-in artifact: one text file with the story title in the kit's locale."""

    name = "notes"
    format = "txt"
    filename = "notes.txt"
    reads = Reads(model={"story": {"title"}}, files=("fonts", "chrome"))

    def write(self, request):
        with atomic_path(request.output) as tmp:
            tmp.write_text(request.story.story.title + "\\n", encoding="utf-8")
'''


@pytest.fixture
def plugin(tmp_path, monkeypatch):
    """An installed distribution declaring a builder in the ``kitgen.builders`` group."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "kitgen_notes.py").write_text(PLUGIN, encoding="utf-8")
    info = site / "kitgen_notes-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: kitgen-notes\nVersion: 1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(f"[{ENTRY_POINT_GROUP}]\nnotes = kitgen_notes:NotesBuilder\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(site))
    return site


def test_kitgen_registers_its_own_builders_explicitly():
    registry = default_registry(plugins=False)
    assert len(registry.names()) == len(BUILTIN_BUILDERS)
    assert {"cards", "workbook", "guide", "storybook", "readme", "episode"} <= set(registry.names())
    assert registry.parse_only("cards,episodes") == ("cards", "episodes")
    with pytest.raises(UnknownArtifact, match="did you mean 'cards'"):
        registry.parse_only("cardz")


def test_a_builder_must_declare_what_it_reads():
    class Vague(Builder):
        name, format, filename = "vague", "txt", "vague.txt"

        def write(self, request):
            pass

    with pytest.raises(TypeError, match="does not declare 'reads'"):
        Registry().add_builder(Vague)
    registry = Registry()

    class Fine(Vague):
        reads = Reads(model={"story": {"title"}})

    registry.add_builder(Fine)
    with pytest.raises(ValueError, match="already registered"):
        registry.add_builder(Fine)


def test_a_plugin_adds_an_artifact_through_the_entry_point_group(plugin, tiny):
    assert "notes" in default_registry().names()
    result = tiny.kitgen("build", "--only", "notes", "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert (tiny.root / "output" / "tiny" / "hy" / "notes.txt").read_text(encoding="utf-8").strip() == "Պիպը բարևում է"
    again = tiny.kitgen("build", "--only", "notes", "--jobs", "1")
    assert "up to date: 2 artifacts" in again.output  # keyed and incremental like kitgen's own


def test_a_plugin_builds_in_warm_workers_too(plugin, tiny):
    result = tiny.kitgen("build", "--only", "notes", "--jobs", "2")
    assert result.exit_code == 0, result.output
    assert (tiny.root / "output" / "tiny" / "en" / "notes.txt").is_file()


def test_default_builds_leave_out_on_request_artifacts():
    class OnRequest(Builder):
        name, format, filename, default = "extra", "txt", "extra.txt", False
        reads = Reads(model={"story": {"title"}})

        def write(self, request):
            pass

    registry = default_registry(plugins=False)
    registry.add_builder(OnRequest)
    assert "extra" not in registry.parse_only(None) and "extra" in registry.parse_only("extra")

