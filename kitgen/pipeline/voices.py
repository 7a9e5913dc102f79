"""Voice profiles read from ``voices/<locale>.yaml``: the file is opened here, above the voice
layer, which only builds and checks the profile from the parsed data."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping

from kitgen.errors import Location, SourceError, did_you_mean
from kitgen.source.positions import Positions
from kitgen.source.yamlpos import load_yaml
from kitgen.voice.profile import VoiceProfile, profile_from


def load_profile(
    path: Path,
    overrides: Mapping[str, Any] | None = None,
    *,
    engine: str | None = None,
    overrides_positions: Positions | None = None,
) -> VoiceProfile:
    """Read a voice profile, apply a kit's ``overrides`` and an ``engine`` choice, and check it."""
    return profile_from(load_yaml(path), path, overrides, engine=engine, overrides_positions=overrides_positions)


def profile_path(voices_dir: Path, locale: str) -> Path:
    path = voices_dir / f"{locale}.yaml"
    if not path.is_file():
        known = sorted(p.stem for p in voices_dir.glob("*.yaml"))
        raise SourceError(
            f"no voice profile for '{locale}'{did_you_mean(locale, known)}; create {path.name} (copy en.yaml and change its voice)",
            Location.of(voices_dir),
        )
    return path


def load_locale_profile(
    voices_dir: Path,
    locale: str,
    *,
    engine: str | None = None,
    overrides: Mapping[str, Any] | None = None,
    overrides_positions: Positions | None = None,
) -> VoiceProfile:
    """``voices/<locale>.yaml`` with a kit's overrides and an ``--engine`` choice applied."""
    return load_profile(profile_path(voices_dir, locale), overrides, engine=engine, overrides_positions=overrides_positions)
