"""The key of a job: a sha256 over exactly what its builder declares it reads.

The key covers the projected localized model (the very object the builder receives), the
declared options, the branding, the help contacts, the draft mark, the files of each declared kind (by content), the builder's
own identity and kitgen's version. The output path is not in it, so two targets that would
make the same bytes share one key, and the second gets a copy from the store.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from pathlib import Path
from typing import Any

from kitgen import __version__, svg
from kitgen.icons import icon_file
from kitgen.builder import Builder
from kitgen.builder.view import dump, project, walk_strings
from kitgen.i18n.chrome_files import chrome_path
from kitgen.pipeline.digests import Digests
from kitgen.pipeline.jobs import Job
from kitgen.pipeline.session import BuildSession


def projected(session: BuildSession, job: Job):
    """The localized story as the job's builder sees it."""
    return project(session.localized(job.story_id, job.locale), job.model)


def input_files(session: BuildSession, builder: Builder, job: Job, data: Any) -> list[Path]:
    """Every file the job reads, by the kinds its builder declares."""
    project_ = session.project()
    source = project_.story(job.story_id)
    kinds = builder.reads.files
    files: list[Path] = []
    if "illustrations" in kinds:
        files += [source.directory / name for name in walk_strings(data, "file")]
    if "icons" in kinds:
        files += [icon_file(name, source.directory) for name in walk_strings(data, "icon")]
    if "fonts" in kinds:  # the files of the font set actually used: bundled, the project's own, or both
        files += [path for family in session.fonts().families for path in (family.regular, family.bold)]
    if "chrome" in kinds:
        files.append(chrome_path(job.locale))
    if "voice" in kinds:  # the locale's profile, the source locale's (it reads untranslated lines), clips
        voices = project_.voices_dir
        for locale in dict.fromkeys((job.locale, source.story.story.source_locale)):
            files += project_.voice_files(locale)  # the bundled profile and the project's layered over it
            recorded = voices / "recorded" / locale / job.story_id
            if recorded.is_dir():
                files += sorted(p for p in recorded.iterdir() if p.is_file())
    files += [source.directory / name for name in builder.reads.story_files]
    files += [ref for path in files if path.suffix.lower() == ".svg"  # images an SVG embeds
              for ref in session.by_stamp("svg-references", path, svg.references)]
    return sorted({path.resolve() for path in files})


def job_key(session: BuildSession, builder: Builder, job: Job, digests: Digests) -> str:
    data = dump(projected(session, job))
    root = session.root
    files = [(_label(path, root), digests.of(path)) for path in input_files(session, builder, job, data)]
    options = {name: (digests.of(Path(value).resolve()) if isinstance(value, Path) else value) for name, value in job.options}
    payload = {
        "kitgen": __version__,
        "builder": [builder.name, builder.format, type(builder).__module__],
        "locale": job.locale,
        "item": job.item,
        "facts": dict(job.facts),
        "options": options,
        "branding": job.branding,
        "help": [dataclasses.asdict(line) for line in job.help],
        "draft": job.draft,
        "model": data,
        "files": files,
    }
    if "voice" in builder.reads.files:
        payload["voice"] = {"engine": job.engine, "kit": session.kit_voices(job.kit, job.locale)}
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _label(path: Path, root: Path) -> str:
    """A file's name in the key: relative to the project when inside it (keys survive a move)."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.name
