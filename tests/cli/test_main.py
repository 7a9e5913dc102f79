"""The real entry point: errors print as located lines, never as tracebacks."""

from __future__ import annotations

import subprocess
import sys


def _kitgen(*args, cwd):
    return subprocess.run([sys.executable, "-m", "kitgen", *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def test_errors_have_no_traceback(scratch):
    scratch.edit(scratch.story_file, "- speaker: hero", "- speaker: ghost")
    result = _kitgen("check", cwd=scratch.root)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert "sources/stories/demo/story.yaml:" in result.stderr
    assert "error: unknown speaker 'ghost'" in result.stderr


def test_no_project_here(tmp_path):
    result = _kitgen("check", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.startswith("error: no kitgen project here")


def test_version_and_help(tmp_path):
    assert _kitgen("--version", cwd=tmp_path).stdout.startswith("kitgen, version ")
    assert "check" in _kitgen("--help", cwd=tmp_path).stdout
