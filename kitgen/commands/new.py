"""``kitgen new story``: scaffold a valid story with one of everything."""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

from kitgen.errors import Location, SourceError

SCAFFOLD = Path(__file__).resolve().parent.parent / "assets" / "scaffold"
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def new_story(stories_dir: Path, story_id: str) -> Path:
    """Create ``stories_dir/<story_id>`` from the scaffold; it appears complete or not at all."""
    if not ID_PATTERN.match(story_id) or len(story_id) > 48:
        raise SourceError(f"'{story_id}' is not a valid story id: use lower-case ASCII letters, digits and hyphens")
    target = stories_dir / story_id
    if target.exists():
        raise SourceError(f"story '{story_id}' already exists; choose another id", Location.of(target))
    stories_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{story_id}.", dir=stories_dir))
    try:
        shutil.copytree(SCAFFOLD, staging, dirs_exist_ok=True)
        story_file = staging / "story.yaml"
        title = story_id.replace("-", " ").capitalize()
        text = story_file.read_text(encoding="utf-8").replace("__STORY_ID__", story_id).replace("__STORY_TITLE__", title)
        story_file.write_text(text, encoding="utf-8")
        staging.rename(target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return target
