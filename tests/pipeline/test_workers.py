"""Warm workers: a few processes forked from the planned build, longest jobs first."""

from __future__ import annotations

import json
import os

import pytest
from pypdf import PdfReader

from kitgen.pipeline.build import BuildOptions, build
from kitgen.pipeline.registry import default_registry
from kitgen.pipeline.session import BuildSession
from tests.pipeline.conftest import edit_translation
from tests.pipeline.test_registry import plugin  # noqa: F401 - the fixture: an installed plug-in distribution


def _report(project, *args):
    result = project.kitgen("build", "--json", "r.json", *args)
    assert result.exit_code == 0, result.output
    return json.loads((project.root / "r.json").read_text(encoding="utf-8"))


def test_parallel_jobs_share_two_warm_workers(tiny):
    report = _report(tiny, "--only", "cards,workbook,guide,storybook,readme", "--jobs", "2")
    built = [a for a in report["artifacts"] if a["status"] == "built"]
    assert len(built) == 10 and report["jobs"] == 2
    workers = {a["worker"] for a in built}
    assert len(workers) <= 2 and os.getpid() not in workers  # ten artifacts, at most two processes
    assert all(a["worker"] for a in built)


def test_one_job_runs_in_this_process(tiny):
    report = _report(tiny, "--only", "readme", "--locale", "en", "--jobs", "1")
    (readme,) = report["artifacts"]
    assert readme["worker"] == os.getpid()


def test_longest_jobs_start_first(tiny):
    from kitgen.pipeline.build import schedule
    from kitgen.pipeline.jobs import kit_jobs
    from kitgen.pipeline.plan import plan
    from kitgen.pipeline.registry import default_registry
    from kitgen.pipeline.session import BuildSession

    session = BuildSession(tiny.root)
    jobs = kit_jobs(session, default_registry(), plan(session.project()), ("cards", "episodes"), tiny.root / "output")
    ordered = schedule(jobs)  # the order run_jobs hands them to the workers
    assert [job.group for job in ordered[:2]] == ["episodes", "episodes"]
    assert ordered[0].cost > 10 * ordered[-1].cost


PRINT = "cards,workbook,guide,storybook,readme"


def _text(path):
    return " ".join(page.extract_text() for page in PdfReader(str(path)).pages)


def test_workers_of_a_later_build_see_the_sources_as_they_are_then(tiny):
    """One session kept across builds (as a long-lived process keeps one): the workers of the
    second build start from what the second build read, so the edited translation is in its PDFs."""
    session, registry = BuildSession(tiny.root), default_registry()
    options = BuildOptions(only=tuple(PRINT.split(",")), jobs=2, force=True)
    readme = tiny.root / "output" / "tiny" / "hy" / "README.pdf"
    first = build(tiny.root, options, session=session, registry=registry)
    assert {o.status for o in first.outcomes} == {"built"} and os.getpid() not in {o.worker for o in first.outcomes}
    assert "Պիպը բարևում է" in _text(readme)
    edit_translation(tiny.root, "hy", "story/title", "Պիպը նորից բարևում է")
    second = build(tiny.root, options, session=session, registry=registry)
    assert {o.status for o in second.outcomes} == {"built"} and os.getpid() not in {o.worker for o in second.outcomes}
    assert not {o.worker for o in first.outcomes} & {o.worker for o in second.outcomes}  # workers live for one build
    assert "Պիպը նորից բարևում է" in _text(readme)


def test_a_plugin_builder_runs_in_the_workers(plugin, tiny):
    report = _report(tiny, "--only", f"notes,{PRINT}", "--jobs", "2")
    notes = [a for a in report["artifacts"] if a["output"].endswith("notes.txt")]
    assert len(notes) == 2 and all(a["status"] == "built" for a in notes)
    assert all(a["worker"] and a["worker"] != os.getpid() for a in notes)
    assert (tiny.root / "output" / "tiny" / "hy" / "notes.txt").read_text(encoding="utf-8").strip() == "Պիպը բարևում է"


def test_workers_started_as_fresh_interpreters_build_the_same_files(tiny, monkeypatch):
    """Where a process cannot be forked safely (macOS), each worker reads the project itself."""
    from kitgen.pipeline import workers

    forked = _report(tiny, "--only", PRINT, "--jobs", "2")
    pdfs = sorted((tiny.root / "output" / "tiny").rglob("*.pdf"))
    first = {p: p.read_bytes() for p in pdfs}
    monkeypatch.setattr(workers, "START_METHOD", "spawn")
    spawned = _report(tiny, "--force", "--only", PRINT, "--jobs", "2")
    built = [a for a in spawned["artifacts"] if a["status"] == "built"]
    assert len(built) == len(forked["artifacts"]) == 10
    assert all(a["worker"] and a["worker"] != os.getpid() for a in built)
    assert {p: p.read_bytes() for p in pdfs} == first


def test_a_process_with_other_threads_is_never_forked():
    import threading

    from kitgen.pipeline import workers

    release = threading.Event()
    helper = threading.Thread(target=release.wait)
    helper.start()
    try:
        assert workers.start_method() == "spawn"
    finally:
        release.set()
        helper.join()


def test_even_two_short_jobs_are_built_side_by_side_in_forked_workers(tiny):
    from kitgen.pipeline import workers

    if workers.start_method() != "fork":
        pytest.skip("fresh-interpreter workers cost too much to start for two short jobs")
    report = _report(tiny, "--only", "readme", "--jobs", "2")
    built = [a for a in report["artifacts"] if a["status"] == "built"]
    assert len(built) == 2 and all(a["worker"] and a["worker"] != os.getpid() for a in built)
