"""Voice profiles read from ``voices/<locale>.yaml``: the file is opened here, above the voice
layer, which only builds and checks the profile from the parsed data.

A locale's profile is kitgen's bundled ``<locale>.yaml`` with a project's own
``voices/<locale>.yaml`` layered over it key by key (an empty file changes nothing), then a
kit's ``voices:`` overrides and an ``--engine`` choice.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping

from kitgen.bundled import VOICES_DIR
from kitgen.errors import Location, SourceError, did_you_mean
from kitgen.project import profile_files
from kitgen.source.positions import LoadedYaml, Positions
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
    """The file that has the last word on ``locale``'s profile: the project's, else the bundled one."""
    return _files(voices_dir, locale)[-1]


def _files(voices_dir: Path, locale: str) -> tuple[Path, ...]:
    files = profile_files(voices_dir, locale)
    if not files:
        known = sorted({p.stem for folder in (VOICES_DIR, voices_dir) for p in Path(folder).glob("*.yaml")})
        raise SourceError(
            f"no voice profile for '{locale}'{did_you_mean(locale, known)}; create {locale}.yaml (copy en.yaml and change its voice)",
            Location.of(voices_dir),
        )
    return files


def layered_profile(voices_dir: Path, locale: str) -> tuple[LoadedYaml, Path]:
    """``locale``'s profile document: the bundled one with the project's file layered over it.

    Each key the project's file sets replaces the bundled value (``characters`` merge per
    character); positions are the project file's, so its mistakes are located there.
    """
    files = _files(voices_dir, locale)
    loaded = [load_yaml(path) for path in files]
    if len(loaded) == 1 or not loaded[1].data:
        return loaded[0], files[0]
    base, own = loaded
    if not isinstance(own.data, dict) or not isinstance(base.data, dict):
        return own, files[1]  # profile_from says what is wrong with it
    data = {**base.data, **own.data}
    if isinstance(base.data.get("characters"), dict) and isinstance(own.data.get("characters"), dict):
        data["characters"] = {**base.data["characters"], **own.data["characters"]}
    return LoadedYaml(data, own.positions), files[1]


def load_locale_profile(
    voices_dir: Path,
    locale: str,
    *,
    engine: str | None = None,
    overrides: Mapping[str, Any] | None = None,
    overrides_positions: Positions | None = None,
) -> VoiceProfile:
    """``locale``'s layered profile (see :func:`layered_profile`) with a kit's overrides and an
    ``--engine`` choice applied."""
    loaded, path = layered_profile(voices_dir, locale)
    return profile_from(loaded, path, overrides, engine=engine, overrides_positions=overrides_positions)
