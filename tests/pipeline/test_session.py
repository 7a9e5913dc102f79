"""One build session per process: what it read is re-read when a file changes, never kept stale."""

from __future__ import annotations

from pypdf import PdfReader

from kitgen.pipeline.build import BuildOptions, build
from kitgen.pipeline.registry import default_registry
from kitgen.pipeline.session import BuildSession
from tests.pipeline.conftest import edit_translation


def _text(path):
    return " ".join(page.extract_text() for page in PdfReader(str(path)).pages)


def test_a_translation_edited_between_two_builds_in_one_process_is_seen(tiny):
    session, registry = BuildSession(tiny.root), default_registry()
    options = BuildOptions(locales=("hy",), only=("readme",))
    first = build(tiny.root, options, session=session, registry=registry)
    assert [o.status for o in first.outcomes] == ["built"]
    readme = tiny.root / "output" / "tiny" / "hy" / "README.pdf"
    assert "Պիպը բարևում է" in _text(readme)
    edit_translation(tiny.root, "hy", "story/title", "Պիպը նորից բարևում է")
    second = build(tiny.root, options, session=session, registry=registry)
    assert [o.status for o in second.outcomes] == ["built"]
    assert "Պիպը նորից բարևում է" in _text(readme)


def test_the_session_keeps_what_is_unchanged_and_rereads_what_changed(tiny):
    session = BuildSession(tiny.root)
    project, fonts, chrome = session.project(), session.fonts(), session.chrome("hy")
    assert session.project() is project and session.fonts() is fonts and session.chrome("hy") is chrome
    story = tiny.root / "sources" / "stories" / "tiny" / "story.yaml"
    story.write_text(story.read_text(encoding="utf-8").replace("Pip Says Hello", "Pip Says Hi"), encoding="utf-8")
    assert session.project() is not project
    assert session.localized("tiny", "en").story.title == "Pip Says Hi"
