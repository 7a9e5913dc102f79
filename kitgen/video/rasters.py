"""Illustrations drawn once: a content-addressed cache of their rasters and motion planes.

Illustrations carry no words, so what a slide draws from one depends only on the bytes given
to the rasterizer, the size it is drawn at and, for a moving picture, the geometry of its
planes (the margin the resampler needs). Each raster is kept under the SHA-256 of exactly
those: the kind of raster, the SHA-256 of the bytes, the size and geometry, and the versions
of the code and libraries that draw it (:data:`DRAWING`). A second locale, or a second kit,
of the same episode finds every illustration already drawn.

The cache sits beside the speech cache: ``<cache>/rasters`` next to ``<cache>/voice``, where
``<cache>`` is ``.cache/kitgen`` unless ``--cache-dir`` or ``KITGEN_CACHE_DIR`` name another
folder (see :func:`kitgen.voice.cache.resolve_cache_dir`). It follows the same rules: an
entry is one file, ``<dir>/<key[:2]>/<key>.raw``::

    b"KGRAST01" | array count (uint32 LE) | per array: height, width, channels (uint32 LE)
                | SHA-256 of the payload | payload (the uint8 arrays, C order, one after another)

written atomically (a temporary file renamed into place); an entry that is truncated,
altered or unreadable is a miss, and is drawn and written again.

A cached raster is not an input that changes an artifact (the same key always means the
same pixels), so it is no part of any artifact's key. ``RasterCache(None)`` draws every time.
"""

from __future__ import annotations

import hashlib
import json
import struct
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Sequence

import cv2
import numpy as np
import PIL
import resvg_py

from kitgen import __version__
from kitgen.errors import OutputError
from kitgen.output import atomic_write_bytes

FOLDER = "rasters"
#: Bump when the drawing code changes what it draws for the same inputs.
DRAWING = {"kitgen": __version__, "rasters": "1", "resvg": getattr(resvg_py, "__version__", "?"),
           "pillow": PIL.__version__, "opencv": cv2.__version__}
_MAGIC = b"KGRAST01"
_HEAD = struct.Struct("<8sI")
_SHAPE = struct.Struct("<III")
_DIGEST = 32

Arrays = list[np.ndarray]


def raster_dir(speech_cache: Path | None) -> Path | None:
    """The raster cache folder beside the speech cache folder ``<cache>/voice`` (None: no cache)."""
    return None if speech_cache is None else Path(speech_cache).parent / FOLDER


def raster_key(kind: str, source: str, **geometry: Any) -> str:
    """The key of a raster of ``kind`` drawn from bytes whose SHA-256 is ``source``."""
    fields = {"kind": kind, "source": source, "geometry": geometry, "drawing": DRAWING}
    return hashlib.sha256(json.dumps(fields, sort_keys=True).encode("utf-8")).hexdigest()


@dataclass
class Counts:
    """Entries a cache object found and entries it had made (drawn, encoded), from any thread."""

    hits: int = 0
    made: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def add(self, hit: bool) -> None:
        with self._lock:
            if hit:
                self.hits += 1
            else:
                self.made += 1

    def __getstate__(self) -> dict:
        return {"hits": self.hits, "made": self.made}

    def __setstate__(self, state: dict) -> None:
        self.__init__(**state)  # type: ignore[misc]


@dataclass(frozen=True)
class RasterCache:
    folder: Path | None
    counts: Counts = field(default_factory=Counts, compare=False)

    def path(self, key: str) -> Path:
        assert self.folder is not None
        return self.folder / key[:2] / f"{key}.raw"

    def arrays(self, key: str, draw: Callable[[], Sequence[np.ndarray]]) -> Arrays:
        """The arrays cached under ``key``, else ``draw()``'s (uint8, 2 or 3 dimensions), kept."""
        found = self.get(key)
        self.counts.add(found is not None)
        if found is not None:
            return found
        drawn = [np.ascontiguousarray(array, dtype=np.uint8) for array in draw()]
        self.put(key, drawn)
        return drawn

    def get(self, key: str) -> Arrays | None:
        """The cached arrays (read-only), or None when the entry is missing or damaged."""
        if self.folder is None:
            return None
        try:
            data = self.path(key).read_bytes()
            return _decode(data)
        except (OSError, ValueError, struct.error):
            return None

    def put(self, key: str, arrays: Sequence[np.ndarray]) -> None:
        """Keep ``arrays`` under ``key``; a cache that cannot be written is simply not used."""
        if self.folder is None:
            return
        try:
            atomic_write_bytes(self.path(key), _encode(arrays))
        except OutputError:
            pass


def _encode(arrays: Sequence[np.ndarray]) -> bytes:
    shapes = b"".join(_SHAPE.pack(a.shape[0], a.shape[1], a.shape[2] if a.ndim == 3 else 0) for a in arrays)
    digest = hashlib.sha256()
    for array in arrays:
        digest.update(memoryview(array).cast("B"))
    return b"".join([_HEAD.pack(_MAGIC, len(arrays)), shapes, digest.digest(), *(memoryview(a).cast("B") for a in arrays)])


def _decode(data: bytes) -> Arrays:
    magic, count = _HEAD.unpack_from(data)
    if magic != _MAGIC:
        raise ValueError("not a raster entry")
    offset = _HEAD.size
    shapes = [_SHAPE.unpack_from(data, offset + n * _SHAPE.size) for n in range(count)]
    offset += count * _SHAPE.size
    digest, offset = data[offset : offset + _DIGEST], offset + _DIGEST
    sizes = [h * w * (c or 1) for h, w, c in shapes]
    if len(data) != offset + sum(sizes) or hashlib.sha256(memoryview(data)[offset:]).digest() != digest:
        raise ValueError("damaged raster entry")
    arrays = []
    for (h, w, c), size in zip(shapes, sizes):
        array = np.frombuffer(data, np.uint8, size, offset).reshape((h, w, c) if c else (h, w))
        arrays.append(array)
        offset += size
    return arrays
