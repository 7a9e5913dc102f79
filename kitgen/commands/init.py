"""``kitgen init DIR``: a new project that builds at once, offline, with kitgen's bundled
fonts and voices.

The project gets a story (a short starter, or with ``sample`` kitgen's full sample story and
its translations), a kit manifest for the country, a catalog for every kit locale, documented
empty voice overrides, a ``.gitignore``, a release workflow and a README for the content
team. Everything is written into a staging folder first and moved into place at the end:
a failed ``init`` leaves nothing behind, and a folder that is not empty is refused unless
``force`` is given.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from kitgen import __version__
from kitgen.bundled import RELEASE_WORKFLOW, SAMPLE_STORY, STORIES_DIR, VOICES_DIR
from kitgen.commands.new import PROJECT_TEMPLATES, add_catalogs, kit_country, kit_locales, new_kit, new_story
from kitgen.errors import KitgenError, Location, Report
from kitgen.i18n.locales import display_name
from kitgen.i18n.territories import country_name
from kitgen.project import load_project

STARTER_STORY = "first-story"
#: The lines of kitgen's own release workflow between these markers build kitgen itself.
KITGEN_ONLY = ("# >>> kitgen only", "# <<< kitgen only")
MAKE_INSTALL = "- run: make install"


@dataclass(frozen=True)
class Initialized:
    root: Path
    kit: str
    country: str
    locales: tuple[str, ...]
    story: str
    files: tuple[Path, ...]  # relative to root


def init_project(
    target: Path,
    *,
    country: str | None = None,
    locales: Sequence[str] = (),
    sample: bool = False,
    force: bool = False,
) -> Initialized:
    """Create a ready project in ``target``; options are checked before anything is written."""
    chosen_country = kit_country(country, list(locales))
    chosen_locales = kit_locales(list(locales), chosen_country)
    target = target.resolve()
    if target.exists() and not target.is_dir():
        raise KitgenError("this is a file, not a folder; choose a folder for the new project", Location.of(target))
    if target.is_dir() and any(target.iterdir()) and not force:
        names = sorted(p.name for p in target.iterdir())
        shown = ", ".join(names[:5]) + (", ..." if len(names) > 5 else "")
        raise KitgenError(
            f"the folder is not empty ({shown}); choose a new or empty folder, or pass --force to add "
            f"the project's files to it (files with the same names are replaced)",
            Location.of(target),
        )
    kit_id = chosen_country.lower()
    story_id = SAMPLE_STORY if sample else STARTER_STORY
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".kitgen-init-", dir=target if target.is_dir() else target.parent))
    try:
        _write(staging, kit_id, chosen_country, chosen_locales, story_id, sample)
        files = tuple(sorted(p.relative_to(staging) for p in staging.rglob("*") if p.is_file()))
        _move_into_place(staging, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return Initialized(target, kit_id, chosen_country, chosen_locales, story_id, files)


def _write(root: Path, kit_id: str, country: str, locales: tuple[str, ...], story_id: str, sample: bool) -> None:
    stories = root / "sources" / "stories"
    if sample:
        stories.mkdir(parents=True)
        shutil.copytree(STORIES_DIR / SAMPLE_STORY, stories / SAMPLE_STORY)
    else:
        new_story(stories, story_id)
    new_kit(root / "sources" / "kits", kit_id, country, locales, [story_id])
    _catalogs(root, locales)
    _voices(root / "voices", locales)
    (root / ".gitignore").write_text((PROJECT_TEMPLATES / "gitignore").read_text(encoding="utf-8"), encoding="utf-8")
    workflow = root / ".github" / "workflows" / "release.yml"
    workflow.parent.mkdir(parents=True)
    workflow.write_text(project_workflow(RELEASE_WORKFLOW.read_text(encoding="utf-8")), encoding="utf-8")
    project = load_project(root, Report())
    source_locale = project.story(story_id).story.story.source_locale
    values = {
        "__NAME__": country_name(country), "__COUNTRY__": country, "__KIT__": kit_id, "__STORY__": story_id,
        "__LOCALE_NAMES__": _names(locales), "__SOURCE_NAME__": display_name(source_locale), "__SOURCE__": source_locale,
        "__FIRST_LOCALE__": locales[0], "__LOCALES_CSV__": ",".join(locales), "__VERSION__": __version__,
    }
    (root / "README.md").write_text(_fill((PROJECT_TEMPLATES / "README.md").read_text(encoding="utf-8"), values), encoding="utf-8")


def _catalogs(root: Path, locales: tuple[str, ...]) -> None:
    """A catalog for every kit locale but the story's own (as ``kitgen i18n update`` makes it)."""
    report = Report()
    project = load_project(root, report)
    report.raise_if_errors()
    add_catalogs(project, locales, sorted(project.stories))


def _voices(folder: Path, locales: tuple[str, ...]) -> None:
    folder.mkdir(parents=True)
    first = locales[0]
    (folder / "README.md").write_text(
        (PROJECT_TEMPLATES / "voices-README.md").read_text(encoding="utf-8").replace("__FIRST_LOCALE__", first), encoding="utf-8"
    )
    for locale in locales:
        bundled = VOICES_DIR / f"{locale}.yaml"
        lines = [
            f"# Voice profile changes for {display_name(locale)} ({locale}) in this project (see README.md).",
            "# Empty: kitgen's bundled profile is used as it is. Each key set here replaces its value;",
            "# uncomment a line below and change it, then try it: kitgen voices --locale " + locale + " --test",
            "#",
            f"# kitgen {__version__}'s bundled profile, for reference:",
        ]
        if bundled.is_file():  # its keys, commented out (its own comment lines left out)
            lines += [f"# {line}" for line in bundled.read_text(encoding="utf-8").splitlines() if line.strip() and not line.startswith("#")]
        (folder / f"{locale}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def project_workflow(kitgen_workflow: str) -> str:
    """A project's release workflow from kitgen's own: the steps that build kitgen itself left out,
    and ``make install`` replaced by installing this version of kitgen from PyPI."""
    install = f'- run: python -m venv .venv && .venv/bin/python -m pip install "kitgen=={__version__}"'
    lines, skipping = [], False
    for line in kitgen_workflow.splitlines():
        stripped = line.strip()
        if stripped.startswith(KITGEN_ONLY[0]):
            skipping = True
        elif stripped.startswith(KITGEN_ONLY[1]):
            skipping = False
        elif not skipping:
            lines.append(line.replace(MAKE_INSTALL, install) if stripped == MAKE_INSTALL else line)
    header = [f"# Made by `kitgen init` (kitgen {__version__}) from kitgen's own release workflow.", "#"]
    return "\n".join(header + lines) + "\n"


def _move_into_place(staging: Path, target: Path) -> None:
    """A new folder is renamed into place; an existing one (perhaps the working directory) stays
    and gets the entries, merged into those of the same names with ``--force``."""
    if not target.exists():
        staging.rename(target)
        return
    for entry in staging.iterdir():
        destination = target / entry.name
        if not destination.exists():
            entry.rename(destination)
        elif entry.is_dir():
            shutil.copytree(entry, destination, dirs_exist_ok=True)
        else:
            shutil.copy2(entry, destination)


def _names(locales: Sequence[str]) -> str:
    names = [f"{display_name(locale)} ({locale})" for locale in locales]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _fill(text: str, values: dict[str, str]) -> str:
    for key, value in values.items():
        text = text.replace(key, value)
    return text
