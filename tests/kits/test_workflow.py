"""The example release workflow only calls kitgen commands and options that exist."""

from __future__ import annotations

import re
import shlex

import yaml

from kitgen.cli import cli
from tests.conftest import REPO


def _kitgen_calls():
    workflow = yaml.safe_load((REPO / ".github" / "workflows" / "release.yml").read_text(encoding="utf-8"))
    for job in workflow["jobs"].values():
        for step in job["steps"]:
            for line in str(step.get("run", "")).splitlines():
                for match in re.finditer(r"\.venv/bin/kitgen ([^|;)>]*)", line):
                    yield shlex.split(match.group(1).replace("$", ""))


def test_workflow_uses_real_commands_and_options():
    calls = list(_kitgen_calls())
    assert {call[0] for call in calls} >= {"check", "plan", "build", "package"}
    for call in calls:
        command = cli.commands[call[0]]
        options = {opt for param in command.params for opt in getattr(param, "opts", [])}
        for word in call[1:]:
            if word.startswith("--"):
                assert word in options, f"kitgen {call[0]} has no option {word}"


def test_a_release_refuses_drafts():
    calls = list(_kitgen_calls())
    assert any(call[0] == "build" and "--release" in call for call in calls)
    assert any(call[0] == "package" and "--release" in call for call in calls)


def test_workflow_matrix_comes_from_plan_shards(tiny):
    import json

    matrix = json.loads(tiny.kitgen("plan", "--json", "--shards", "4").output)
    specs = [entry["shard"] for entry in matrix["include"]]
    for spec in specs:
        assert tiny.kitgen("plan", "--shard", spec).exit_code == 0
