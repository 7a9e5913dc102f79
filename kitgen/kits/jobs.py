"""The artifacts of one kit x locale, and the exact inputs each depends on.

Each :class:`Job` is keyed by a hash of exactly its inputs: its slice of the localized
model (so its catalog entries are in it too), the files it reads (illustrations, icons,
fonts, chrome catalog, voice profile), its options and kitgen's version. Editing one
translation changes only the keys of the artifacts whose slice holds that string.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from anyascii import anyascii

from kitgen import __version__
from kitgen.errors import SourceError, did_you_mean
from kitgen.kits.plan import Target
from kitgen.model.story import Story
from kitgen.project import Project

PRINT_ARTIFACTS = {
    "cards": ("cards.pdf", {"story": {"title"}, "categories": True, "cards": True}),
    "workbook": ("workbook.pdf", {"story": True, "activities": True}),
    "guide": ("teacher-guide.pdf", True),
    "storybook": ("storybook.pdf", {"story": True, "characters": True, "episodes": True}),
    "readme": ("README.pdf", {"story": True, "episodes": {"__all__": {"id", "title"}}, "lessons": True, "cards": {"__all__": {"id"}}, "activities": {"__all__": {"id"}}}),
}
ARTIFACT_GROUPS = ("cards", "workbook", "guide", "storybook", "readme", "episodes")


@dataclass(frozen=True)
class Job:
    target: Target
    story_id: str
    artifact: str  # builder name
    output: Path
    options: dict[str, Any]
    episode: str | None = None
    inputs: tuple[Path, ...] = field(default=(), compare=False)
    slice_json: str = field(default="", compare=False, repr=False)

    @property
    def id(self) -> str:
        suffix = f":{self.episode}" if self.episode else ""
        return f"{self.target.id}/{self.story_id}/{self.artifact}{suffix}"

    @property
    def group(self) -> str:
        """The ``--only`` name this job belongs to."""
        return "episodes" if self.artifact == "video" else self.artifact

    @property
    def outputs(self) -> tuple[Path, ...]:
        """Every file the job writes: an episode has subtitles and a poster beside its MP4."""
        if self.artifact == "video":
            return (self.output, *(self.output.with_suffix(s) for s in (".srt", ".vtt", ".png")))
        return (self.output,)

    @property
    def label(self) -> str:
        return f"{self.target.id} {self.output.name}"

    def key(self, file_digests: dict[Path, str]) -> str:
        digest = hashlib.sha256()
        payload = {
            "version": __version__,
            "artifact": self.artifact,
            "episode": self.episode,
            "locale": self.target.locale,
            "options": self.options,
            "slice": hashlib.sha256(self.slice_json.encode()).hexdigest(),
            "files": sorted((str(p), file_digests[p]) for p in self.inputs),
        }
        digest.update(json.dumps(payload, sort_keys=True, default=str).encode())
        return digest.hexdigest()


def parse_only(spec: str | None) -> tuple[str, ...]:
    if not spec:
        return ARTIFACT_GROUPS
    names = tuple(part.strip() for part in spec.split(",") if part.strip())
    for name in names:
        if name not in ARTIFACT_GROUPS:
            raise SourceError(f"unknown artifact '{name}' in --only{did_you_mean(name, ARTIFACT_GROUPS)}; choose from {', '.join(ARTIFACT_GROUPS)}")
    return names


def slug(text: str, limit: int = 40) -> str:
    """An ASCII-safe file name part, whatever the script: transliterated where possible."""
    ascii_text = anyascii(unicodedata.normalize("NFC", text)).replace("'", "").replace("`", "")
    cleaned = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return cleaned[:limit].rstrip("-") or "episode"


def target_dir(project: Project, target: Target, output_root: Path | None = None) -> Path:
    return (output_root or project.output_dir) / target.kit / target.locale


def jobs_for(project: Project, target: Target, only: Iterable[str], story: Story, story_id: str, output_root: Path | None = None) -> list[Job]:
    """The jobs of one story in one kit x locale (``story`` is already localized)."""
    kit = project.kit(target.kit).kit
    source = project.story(story_id)
    base = target_dir(project, target, output_root)
    prefix = f"{story_id}-" if len(kit.stories) > 1 else ""
    common_files = _font_files(project) + [_chrome_file(target.locale)]
    options = {"paper": kit.paper.value, "branding": kit.branding.get(target.locale, "")}
    jobs = []
    for artifact, (filename, include) in PRINT_ARTIFACTS.items():
        if artifact not in only:
            continue
        job_options = dict(options)
        if artifact in ("cards", "guide"):
            job_options["duplex"] = "long"
        slice_data = story.model_dump(mode="json", include=None if include is True else include)
        files = common_files + _illustrations(source.directory, slice_data) + _icons(source.directory, slice_data)
        jobs.append(Job(target, story_id, artifact, base / f"{prefix}{filename}", job_options,
                        inputs=tuple(sorted(set(files))), slice_json=_canonical(slice_data)))
    if "episodes" in only:
        voice_files = _voice_files(project, target.locale, story_id)
        for number, episode in enumerate(story.episodes, 1):
            slice_data = {
                "story": story.story.model_dump(mode="json"),
                "characters": [c.model_dump(mode="json") for c in story.characters],
                "episode": episode.model_dump(mode="json"),
                "number": number,
                "voice_override": kit.voices.get(target.locale, {}),
            }
            name = f"{number:02d}-{slug(episode.title)}.mp4"
            files = common_files + voice_files + _illustrations(source.directory, slice_data)
            video_options = {"branding": options["branding"], "size": "720p", "preset": "release"}
            jobs.append(Job(target, story_id, "video", base / "episodes" / f"{prefix}{name}", video_options,
                            episode=episode.id, inputs=tuple(sorted(set(files))), slice_json=_canonical(slice_data)))
    return jobs


def _canonical(data: Any) -> str:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _walk_values(data: Any, key: str) -> Iterable[str]:
    if isinstance(data, dict):
        for k, v in data.items():
            if k == key and isinstance(v, str):
                yield v
            else:
                yield from _walk_values(v, key)
    elif isinstance(data, list):
        for item in data:
            yield from _walk_values(item, key)


def _illustrations(story_dir: Path, slice_data: Any) -> list[Path]:
    files = [(story_dir / f).resolve() for f in _walk_values(slice_data, "file")]
    cover = story_dir / "illustrations" / "cover.svg"
    if cover.is_file():
        files.append(cover.resolve())
    return [f for f in files if f.is_file()]


def _icons(story_dir: Path, slice_data: Any) -> list[Path]:
    icons_dir = Path(__file__).resolve().parent.parent / "assets" / "icons"
    found = []
    for icon in _walk_values(slice_data, "icon"):
        path = (story_dir / icon) if icon.endswith(".svg") else icons_dir / f"{icon}.svg"
        if path.is_file():
            found.append(path.resolve())
    return found


def _font_files(project: Project) -> list[Path]:
    return sorted(p.resolve() for p in project.fonts_dir.rglob("*.ttf"))


def _chrome_file(locale: str) -> Path:
    from kitgen.i18n.chrome import LOCALES_DIR

    return (LOCALES_DIR / f"{locale}.po").resolve()


def _voice_files(project: Project, locale: str, story_id: str) -> list[Path]:
    files = []
    profile = project.voices_dir / f"{locale}.yaml"
    if profile.is_file():
        files.append(profile.resolve())
    recorded = project.voices_dir / "recorded" / locale / story_id
    if recorded.is_dir():
        files.extend(sorted(p.resolve() for p in recorded.iterdir() if p.is_file()))
    return files
