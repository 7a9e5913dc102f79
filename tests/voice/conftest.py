"""Fixtures for the voice tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from .helpers import VOICES


@pytest.fixture
def voices_dir(tmp_path: Path) -> Path:
    """A copy of the shipped profiles, so tests can add recordings and profiles freely."""
    target = tmp_path / "voices"
    target.mkdir()
    for profile in VOICES.glob("*.yaml"):
        (target / profile.name).write_bytes(profile.read_bytes())
    return target
