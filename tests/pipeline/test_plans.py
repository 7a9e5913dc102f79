"""Kept plans: a build with nothing to do ends at a stat check, and any change takes the full path."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kitgen.pipeline.session import BuildSession
from tests.conftest import ScratchProject

from .conftest import edit_translation

ONLY = "cards,readme"


def build(project: ScratchProject, *args: str) -> dict:
    result = project.kitgen("build", "--only", ONLY, "--jobs", "1", "--json", "report.json", *args)
    assert result.exit_code == 0, result.output
    return json.loads((project.root / "report.json").read_text(encoding="utf-8"))


def statuses(report: dict) -> dict[str, str]:
    return {a["label"]: a["status"] for a in report["artifacts"]}


def plans(project: ScratchProject) -> list[Path]:
    return sorted((project.root / "output" / ".kitgen" / "plans").glob("*.json"))


@pytest.fixture
def planning(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Counts the builds that loaded the project (the full path)."""
    loads: list[str] = []
    original = BuildSession.load

    def load(self: BuildSession):  # type: ignore[no-untyped-def]
        loads.append("load")
        return original(self)

    monkeypatch.setattr(BuildSession, "load", load)
    return loads


def test_a_second_build_reads_the_kept_plan_and_loads_nothing(tiny: ScratchProject, planning: list[str]) -> None:
    first = build(tiny)
    assert set(statuses(first).values()) == {"built"} and len(plans(tiny)) == 1
    planning.clear()
    again = build(tiny)
    assert planning == []  # no project loaded, nothing localized or keyed
    assert statuses(again) == {label: "up to date" for label in statuses(first)}
    assert again["jobs"] == 1


def test_any_change_takes_the_full_path_and_rebuilds_what_it_changes(tiny: ScratchProject, planning: list[str]) -> None:
    build(tiny)
    edit_translation(tiny.root, "hy", "story/title", "Նոր վերնագիր")
    planning.clear()
    changed = statuses(build(tiny))
    assert planning  # the full path
    assert changed["tiny/hy README.pdf"] == "built" and changed["tiny/en README.pdf"] == "up to date"
    planning.clear()
    assert set(statuses(build(tiny)).values()) == {"up to date"} and planning == []


def test_a_deleted_output_or_a_new_request_is_not_answered_by_the_plan(tiny: ScratchProject, planning: list[str]) -> None:
    build(tiny)
    (tiny.root / "output" / "tiny" / "en" / "cards.pdf").unlink()
    planning.clear()
    assert statuses(build(tiny))["tiny/en cards.pdf"] == "reused" and planning
    planning.clear()
    other = tiny.kitgen("build", "--only", "cards", "--jobs", "1")
    assert other.exit_code == 0 and planning  # another request: its own plan
    assert len(plans(tiny)) == 2


def test_a_changed_file_of_any_kind_is_seen(tiny: ScratchProject, planning: list[str]) -> None:
    build(tiny)
    picture = tiny.root / "sources" / "stories" / "tiny" / "illustrations" / "cover.svg"  # not on cards or README
    picture.write_text(picture.read_text(encoding="utf-8").replace("</svg>", "<circle cx='2' cy='2' r='1'/></svg>"), encoding="utf-8")
    planning.clear()
    report = build(tiny)
    assert planning  # the full path looked, and found that these artifacts do not show it
    assert set(statuses(report).values()) == {"up to date"}


def test_a_damaged_plan_or_force_takes_the_full_path(tiny: ScratchProject, planning: list[str]) -> None:
    build(tiny)
    (plan,) = plans(tiny)
    plan.write_text("{not json", encoding="utf-8")
    planning.clear()
    assert set(statuses(build(tiny)).values()) == {"up to date"} and planning
    planning.clear()
    assert set(statuses(build(tiny, "--force")).values()) == {"built"} and planning


def test_jobs_default_to_the_usable_cores_and_the_summary_says_how_many(tiny: ScratchProject, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1, 2}, raising=False)
    built = tiny.kitgen("build", "--only", "readme")
    assert built.exit_code == 0, built.output
    assert "3 jobs)" in built.output.splitlines()[-1]
    again = tiny.kitgen("build", "--only", "readme")  # the kept plan's answer says it too
    assert again.output.strip().splitlines()[-1].startswith("up to date: 2 artifacts") and "3 jobs)" in again.output
