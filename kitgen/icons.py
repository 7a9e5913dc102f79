"""The built-in icons: the one place their folder is named."""

from __future__ import annotations

from pathlib import Path

ASSETS_DIR = Path(__file__).resolve().parent / "assets"
ICONS_DIR = ASSETS_DIR / "icons"


def builtin_icons() -> list[str]:
    """The names of the built-in icons (``lock``, ``shield``, ...), sorted."""
    return sorted(p.stem for p in ICONS_DIR.glob("*.svg"))


def icon_file(icon: str, story_dir: Path) -> Path:
    """A built-in icon name, or an SVG path relative to the story folder."""
    if icon.lower().endswith(".svg"):
        return story_dir / icon
    return ICONS_DIR / f"{icon}.svg"
