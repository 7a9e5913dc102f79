"""``kitgen package``: a deterministic release zip of a kit, with a manifest beside it.

The zip's entries are sorted and carry fixed timestamps (``SOURCE_DATE_EPOCH``, default
1980-01-01), so two runs over the same files give the same bytes. Outputs of several CI
shards can be merged: pass each shard's output folder; a file that differs between two
shards is an error, and so is a kit locale that no shard built.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

from kitgen import __version__
from kitgen.errors import KitgenError, Location, OptionError, SourceError
from kitgen.i18n import catalog as catalogs
from kitgen.i18n.locales import display_name
from kitgen.output import atomic_write_bytes
from kitgen.pipeline.readiness import DraftRefused, Reason, kit_draft_reasons
from kitgen.pipeline.voices import load_locale_profile
from kitgen.project import Project

ZIP_EPOCH = 315532800  # 1980-01-01, the earliest time a zip entry can hold


@dataclass(frozen=True)
class Package:
    zip_path: Path
    manifest_path: Path
    files: int


def source_date_epoch(environ: dict[str, str] | None = None) -> int:
    value = (environ if environ is not None else os.environ).get("SOURCE_DATE_EPOCH", "")
    if not value:
        return ZIP_EPOCH
    try:
        return max(int(value), ZIP_EPOCH)
    except ValueError:
        raise OptionError(f"SOURCE_DATE_EPOCH must be a whole number of seconds, not {value!r}") from None


def collect(project: Project, kit_id: str, roots: list[Path]) -> dict[str, bytes]:
    """Relative path inside the kit -> file bytes, merged over the output roots."""
    kit = project.kit(kit_id).kit
    files: dict[str, tuple[bytes, Path]] = {}
    for locale in kit.locales:
        found = False
        for root in roots:
            base = root / kit.id / locale
            if not base.is_dir():
                continue
            found = True
            for path in sorted(base.rglob("*")):
                relative = path.relative_to(root / kit.id).as_posix()
                if not path.is_file() or any(part.startswith(".") for part in relative.split("/")):
                    continue
                data = path.read_bytes()
                if relative in files and files[relative][0] != data:
                    raise SourceError(f"'{relative}' differs between {files[relative][1]} and {root}; rebuild both shards from the same sources", Location.of(path))
                files[relative] = (data, root)
        if not found:
            where = ", ".join(str(r) for r in roots)
            raise KitgenError(f"locale '{locale}' of kit '{kit.id}' was not built (no {kit.id}/{locale}/ in {where}); "
                              f"run 'kitgen build --kit {kit.id}' or pass every shard's output with --from", Location.of(roots[0]))
    return {name: data for name, (data, _) in files.items()}


def draft_reasons(project: Project, kit_id: str, files: dict[str, bytes]) -> list[Reason]:
    """Why the kit is a draft; the voice counts when the package holds episodes."""
    speaks = any(name.endswith((".mp4", ".m4a")) for name in files)
    return kit_draft_reasons(project, kit_id, speaks=speaks)


def _relative(reason: Reason, root: Path) -> str:
    """A reason as the manifest keeps it: the file relative to the project (same bytes anywhere)."""
    path = Path(reason.location.path)
    try:
        shown = path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        shown = path.name
    line = f":{reason.location.line}" if reason.location.line is not None else ""
    return f"{shown}{line}: {reason.message}"


def manifest(project: Project, kit_id: str, files: dict[str, bytes], reasons: list[Reason] | None = None) -> dict:
    kit = project.kit(kit_id).kit
    reasons = draft_reasons(project, kit_id, files) if reasons is None else reasons
    locales = []
    for locale in kit.locales:
        coverage = {}
        for story_id in kit.stories:
            source = project.story(story_id)
            if locale == source.story.story.source_locale:
                coverage[story_id] = 100.0
            else:
                cov = catalogs.coverage(source.messages, project.catalog(story_id, locale))
                coverage[story_id] = round(cov.percent, 1)
        engine, approximate = voice_of(project, kit_id, locale)
        entry = {"code": locale, "name": display_name(locale), "translated_percent": coverage, "voice_engine": engine}
        if approximate:
            entry["voice_approximate"] = approximate
        locales.append(entry)
    return {
        "kit": kit.id,
        "name": kit.name,
        "country": kit.country,
        "version": kit.version,
        "kitgen": __version__,
        "stories": list(kit.stories),
        "draft": bool(reasons),
        "draft_reasons": [_relative(reason, project.root) for reason in reasons],
        "locales": locales,
        "files": [
            {"path": name, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()} for name, data in sorted(files.items())
        ],
    }


def voice_of(project: Project, kit_id: str, locale: str) -> tuple[str, str]:
    """The engine that narrates ``locale`` in the kit, and what makes it approximate ("" if nothing)."""
    try:
        profile = load_locale_profile(project.voices_dir, locale, overrides=project.kit(kit_id).kit.voices.get(locale))
    except KitgenError:
        return "none", ""
    return profile.engine, str(profile.approximation) if profile.approximate else ""


def deterministic_zip(entries: dict[str, bytes], epoch: int) -> bytes:
    stamp = time.gmtime(epoch)[:6]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            archive.writestr(info, entries[name], compresslevel=9)
    return buffer.getvalue()


def package(project: Project, kit_id: str, roots: list[Path] | None = None, dest: Path | None = None,
            release: bool = False) -> Package:
    """Zip the kit's built files with its manifest. ``release``: refuse a draft, writing nothing."""
    kit = project.kit(kit_id).kit
    roots = roots or [project.output_dir]
    files = collect(project, kit_id, roots)
    reasons = draft_reasons(project, kit_id, files)
    if release and reasons:
        raise DraftRefused(f"kit '{kit_id}'", reasons)
    data = manifest(project, kit_id, files, reasons)
    manifest_bytes = (json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")
    prefix = f"{kit.id}-{kit.version}"
    entries = {f"{prefix}/{name}": content for name, content in files.items()}
    entries[f"{prefix}/manifest.json"] = manifest_bytes
    dest = dest or project.output_dir
    zip_path = dest / f"{prefix}.zip"
    manifest_path = dest / f"{prefix}.manifest.json"
    atomic_write_bytes(zip_path, deterministic_zip(entries, source_date_epoch()))
    atomic_write_bytes(manifest_path, manifest_bytes)
    return Package(zip_path, manifest_path, len(files))
