"""Recorded narration: human clips that replace synthesis line by line.

A clip lives at ``<recorded-dir>/<locale>/<story-id>/<episode-id>.<scene-id>.<line-key>.<ext>``
(by default ``recorded-dir`` is ``voices/recorded``), e.g.
``voices/recorded/tg/safe-chat/ep1.park.2.wav`` for the second line of scene ``park`` of
episode ``ep1``, or ``...ep1.park.hello.wav`` for a line with ``id: hello``. Extensions:
``.wav``, ``.flac``, ``.ogg``, ``.mp3`` (anything else libsndfile or ffmpeg decodes is
refused by name, so that stray files are noticed). A clip must be 0-60 s of audible sound.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from kitgen.errors import Diagnostic, Location, MediaError, Severity, did_you_mean
from kitgen.voice.audio import Audio
from kitgen.voice.decode import DecodeError, decode_bytes

CLIP_SUFFIXES = (".wav", ".flac", ".ogg", ".mp3")
MAX_CLIP_SECONDS = 60.0


def clips_folder(recorded_dir: Path, locale: str, story_id: str) -> Path:
    return recorded_dir / locale / story_id


@dataclass(frozen=True)
class Coverage:
    recorded: int
    total: int
    missing: tuple[str, ...] = ()

    @property
    def complete(self) -> bool:
        return self.total > 0 and self.recorded == self.total

    def __str__(self) -> str:
        return f"{self.recorded}/{self.total}"


@dataclass(frozen=True)
class RecordedClips:
    """The clips found in one story's folder, by clip name (``ep1.park.2``)."""

    folder: Path
    files: tuple[tuple[str, Path], ...] = ()
    problems: tuple[Diagnostic, ...] = ()

    def find(self, clip_name: str) -> Path | None:
        return dict(self.files).get(clip_name)

    def coverage(self, clip_names: Iterable[str]) -> Coverage:
        names = list(clip_names)
        missing = tuple(name for name in names if self.find(name) is None)
        return Coverage(len(names) - len(missing), len(names), missing)

    def strays(self, clip_names: Iterable[str]) -> list[Diagnostic]:
        """Warnings for clips that match no line (a typo in a file name leaves a line unrecorded)."""
        expected = set(clip_names)
        warnings = []
        for name, path in self.files:
            if name not in expected:
                hint = did_you_mean(name, expected) or f"; clips are named <episode>.<scene>.<line>{path.suffix}"
                warnings.append(Diagnostic(Location.of(path), f"clip '{path.name}' matches no line{hint}", Severity.WARNING))
        return warnings


def scan_clips(folder: Path) -> RecordedClips:
    """The clips in ``folder`` (which may not exist). Two clips for one line are an error."""
    if not folder.is_dir():
        return RecordedClips(folder)
    files: dict[str, Path] = {}
    problems = []
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or not path.is_file():
            continue
        if path.suffix.lower() not in CLIP_SUFFIXES:
            problems.append(
                Diagnostic(Location.of(path), f"'{path.name}' is not a clip kitgen uses; save it as {', '.join(CLIP_SUFFIXES)}", Severity.WARNING)
            )
            continue
        if path.stem in files:
            raise MediaError(f"two clips for one line: '{files[path.stem].name}' and '{path.name}'; keep one", Location.of(path))
        files[path.stem] = path
    return RecordedClips(folder, tuple(files.items()), tuple(problems))


def read_clip(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise MediaError(f"cannot read the clip: {exc.strerror}", Location.of(path)) from None


def decode_clip(path: Path, data: bytes) -> Audio:
    """Decode a clip's bytes and check its length; problems are MediaErrors located at the clip."""
    try:
        audio = decode_bytes(data)
    except DecodeError as exc:
        raise MediaError(f"this clip is not audio: {exc}; record it again as WAV, FLAC, OGG or MP3", Location.of(path)) from None
    if len(audio.samples) == 0:
        raise MediaError("the clip is empty (no samples); record the line again", Location.of(path))
    if audio.duration > MAX_CLIP_SECONDS:
        raise MediaError(
            f"the clip is {audio.duration:.1f} s long, more than the {MAX_CLIP_SECONDS:.0f} s a line may last; "
            "trim it, or split the line in the story",
            Location.of(path),
        )
    return audio
