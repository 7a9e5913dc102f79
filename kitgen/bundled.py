"""What kitgen ships besides its code: the defaults every project starts from.

``kitgen/data/`` holds the fonts (with their OFL licences), the voice profiles, the sample
story and the release workflow that ``kitgen init`` adapts. In a checkout of kitgen these
are symbolic links to the repository's own ``fonts/``, ``voices/``,
``sources/stories/stop-think-tell/`` and ``.github/workflows/release.yml``, so there is one
copy of every file; building the sdist or the wheel copies the files the links point to.

A project's own ``fonts/`` and ``voices/`` folders add to these or override them, family by
family and locale by locale (see :mod:`kitgen.project` and :mod:`kitgen.text.fontset`).
"""

from __future__ import annotations

from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
FONTS_DIR = DATA_DIR / "fonts"
VOICES_DIR = DATA_DIR / "voices"
STORIES_DIR = DATA_DIR / "stories"
SAMPLE_STORY = "stop-think-tell"
RELEASE_WORKFLOW = DATA_DIR / "release.yml"


def is_bundled(path: Path) -> bool:
    """Whether ``path`` is (inside) one of the bundled folders, links followed."""
    resolved = Path(path).resolve()
    return any(resolved == root or root in resolved.parents for root in (FONTS_DIR.resolve(), VOICES_DIR.resolve()))
