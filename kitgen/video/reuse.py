"""Encoded segments made once: a content-addressed cache of the parallel segments of episodes.

An episode is encoded in segments (:mod:`kitgen.video.encoder`), and the outro, which shows
the kit's own help contacts, is always a segment of its own. The other segments of an
episode are the same frames in every kit that tells the story in the same language with the
same branding, so a region build encodes them once and every other kit copies them.

A segment's bytes depend only on its frames and on how they are encoded, so its key is the
SHA-256 of exactly those (:func:`segment_key`):

- each slide it shows, by the fingerprint of what the slide is drawn from
  (:func:`fingerprint`: its texts, sizes, motion, the SHA-256 of each illustration's bytes
  and the fonts' files), with the slide's first and last frame relative to the segment;
- each overlay it shows (speaker's name, burned-in caption), by the SHA-256 of its drawn
  planes, its place and its frames; the crossfade's length;
- the encoder's arguments (size, preset, threads, forced keyframes) and the versions of
  the code and libraries that draw and encode (:data:`ENCODING`, with the ffmpeg binary's
  name, size and date).

The cache sits beside the speech and raster caches (``<cache>/segments``) with their rules:
an entry is one file, ``<dir>/<key[:2]>/<key>.seg`` (``b"KGSEG001"``, the SHA-256 of the
payload, then the MP4 segment), written atomically; an entry that is truncated, altered or
unreadable is a miss, encoded and written again. A build encodes a segment only while it
holds the lock file beside the entry; a build (or worker) that finds another holding it
encodes its other segments meanwhile, then copies that one, so it is encoded once. The folder is kept under :data:`LIMIT` bytes by removing the entries
used longest ago. ``SegmentCache(None)`` encodes everything.

A cached segment is not an input that changes an artifact (the same key always means the
same bytes), so it is no part of any artifact's key.
"""

from __future__ import annotations

import dataclasses
import enum
import errno
import hashlib
import json
import os
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Iterator, Sequence

import numpy as np

try:
    import fcntl
except ImportError:  # no lock files where there is no flock: two builds may then encode a segment twice
    fcntl = None  # type: ignore[assignment]

from kitgen.errors import Location, OutputError
from kitgen.output import atomic_write_bytes
from kitgen.text.fontset import FontSet
from kitgen.video import ffmpeg
from kitgen.video.compositor import Shown
from kitgen.video.illustration import Drawing
from kitgen.video.rasters import DRAWING, Counts, RasterCache
from kitgen.video.timeline import Timeline
from kitgen.voice.engines.base import file_digest

FOLDER = "segments"
LIMIT = 2 * 2**30  # bytes the folder may hold
#: Bump when the frame-building or encoding code changes what it makes from the same inputs.
ENCODING = {"segments": "1", "numpy": np.__version__, **DRAWING}
_MAGIC = b"KGSEG001"
_DIGEST = 32
_POLL = 0.1  # seconds between tries of a lock another build holds


def segment_dir(speech_cache: Path | None) -> Path | None:
    """The segment cache folder beside the speech cache folder ``<cache>/voice`` (None: no cache)."""
    return None if speech_cache is None else Path(speech_cache).parent / FOLDER


def fingerprint(value: Any) -> Any:
    """What ``value`` (a slide to draw, and everything in it) is drawn from, as JSON data.

    Dataclasses give their type and compared fields; files give the SHA-256 of their bytes
    (an illustration: of the bytes given to the rasterizer); a font set gives its families.
    Caches and error locations change no pixel and are left out. Any other type raises
    TypeError: a slide holding something unknown is not cached at all, never cached wrongly.
    """
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, enum.Enum):
        return ["enum", type(value).__qualname__, fingerprint(value.value)]
    if isinstance(value, (tuple, list)):
        return [fingerprint(item) for item in value]
    if isinstance(value, Path):
        return ["file", Drawing.read(value).sha if value.suffix.lower() == ".svg" else file_digest(value)]
    if isinstance(value, FontSet):
        return ["fonts", fingerprint(value.families)]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = [(f.name, getattr(value, f.name)) for f in dataclasses.fields(value) if f.compare]
        kept = [(name, fingerprint(item)) for name, item in fields if not isinstance(item, (RasterCache, Location))]
        return [type(value).__module__, type(value).__qualname__, kept]
    raise TypeError(f"cannot fingerprint a {type(value).__qualname__}")


def slide_print(job: object) -> str | None:
    """The SHA-256 of :func:`fingerprint` of a slide, or None when it cannot be fingerprinted."""
    try:
        data = fingerprint(job)
    except (TypeError, OSError):
        return None
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode("utf-8")).hexdigest()


def overlay_print(shown: Shown) -> str:
    overlay = shown.overlay
    digest = hashlib.sha256(f"{overlay.x},{overlay.y},{overlay.width},{overlay.height}".encode())
    for plane in (overlay.planes.y, overlay.planes.u, overlay.planes.v, overlay.y_inv, overlay.c_inv):
        digest.update(np.ascontiguousarray(plane).data)
    return digest.hexdigest()


def segment_key(timeline: Timeline, slides: Sequence[str | None], shown: Sequence[Shown], start: int, end: int,
                args: Sequence[str]) -> str | None:
    """The key of frames ``[start, end)`` encoded with ffmpeg ``args`` (without the output
    file), or None when a slide they show has no fingerprint (see the module notes)."""
    used = [(index, slide) for index, slide in enumerate(timeline.slides) if slide.start < end and start < slide.end]
    if any(slides[index] is None for index, _ in used):
        return None
    data = {
        "encoding": ENCODING,
        "ffmpeg": _ffmpeg_identity(),
        "args": list(args),
        "frames": end - start,
        "crossfade": timeline.crossfade,
        "slides": [[slides[index], slide.kind, slide.start - start, slide.end - start] for index, slide in used],
        "overlays": [[overlay_print(item), item.start - start, item.end - start] for item in shown if item.start < end and start < item.end],
    }
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class SegmentCache:
    folder: Path | None
    counts: Counts = field(default_factory=Counts, compare=False)
    limit: int = LIMIT

    def path(self, key: str) -> Path:
        assert self.folder is not None
        return self.folder / key[:2] / f"{key}.seg"

    @contextmanager
    def claim(self, key: str | None) -> Iterator[bool]:
        """Try to take the lock of ``key`` without waiting: yields True while this build holds
        it (or there is nothing to lock), False when another build holds it (it is encoding
        that segment: :meth:`wait` for it, then :meth:`fetch`)."""
        handle = self._lock_file(key)
        if handle is None:
            yield True
            return
        with handle:
            if not _try_lock(handle):
                yield False
                return
            try:
                yield True
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def wait(self, key: str | None, stopped: threading.Event) -> bool:
        """Wait until no build holds the lock of ``key``; False when ``stopped`` was set first."""
        handle = self._lock_file(key)
        if handle is None:
            return True
        with handle:
            while not _try_lock(handle):
                if stopped.wait(_POLL):
                    return False
            fcntl.flock(handle, fcntl.LOCK_UN)
        return True

    def _lock_file(self, key: str | None) -> IO[bytes] | None:
        if self.folder is None or key is None or fcntl is None:
            return None
        try:
            lock = self.path(key).with_suffix(".lock")
            lock.parent.mkdir(parents=True, exist_ok=True)
            return open(lock, "a+b")
        except OSError:  # a cache that cannot be written is simply not used
            return None

    def fetch(self, key: str | None, out: Path) -> bool:
        """Write the segment cached under ``key`` to ``out``; False when there is none (or it is damaged)."""
        if self.folder is None or key is None:
            return False
        entry = self.path(key)
        try:
            data = entry.read_bytes()
        except OSError:
            return False
        payload = memoryview(data)[len(_MAGIC) + _DIGEST :]
        if data[: len(_MAGIC)] != _MAGIC or hashlib.sha256(payload).digest() != data[len(_MAGIC) : len(_MAGIC) + _DIGEST]:
            return False
        out.write_bytes(payload)
        try:
            os.utime(entry)  # used now: pruned last
        except OSError:
            pass
        self.counts.add(True)
        return True

    def keep(self, key: str | None, segment: Path) -> None:
        """Keep the encoded ``segment`` under ``key``, then prune the folder to :attr:`limit`."""
        self.counts.add(False)
        if self.folder is None or key is None:
            return
        try:
            payload = segment.read_bytes()
            atomic_write_bytes(self.path(key), _MAGIC + hashlib.sha256(payload).digest() + payload)
        except (OSError, OutputError):
            return
        self.prune()

    def prune(self) -> None:
        """Remove the entries used longest ago until the folder holds at most :attr:`limit` bytes."""
        if self.folder is None:
            return
        entries = []
        for entry in self.folder.glob("*/*.seg"):
            try:
                stat = entry.stat()
            except OSError:
                continue
            entries.append((stat.st_mtime_ns, stat.st_size, entry))
        total = sum(size for _, size, _ in entries)
        for _, size, entry in sorted(entries, key=lambda item: item[0]):
            if total <= self.limit:
                break
            try:
                entry.unlink()
            except OSError:
                continue
            total -= size


def _try_lock(handle: IO[bytes]) -> bool:
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError as exc:
        if exc.errno in (errno.EAGAIN, errno.EACCES):
            return False
        raise


def _ffmpeg_identity() -> list[Any]:
    exe = Path(ffmpeg.executable())
    try:
        stat = exe.stat()
        return [exe.name, stat.st_size, stat.st_mtime_ns]
    except OSError:
        return [exe.name]
