"""A content-addressed cache of finished line audio (48 kHz, 16-bit, normalized).

The key of a line is the SHA-256 of the engine's name and version, the voice parameters,
the NFC text the engine is given and the processing pipeline's version; for a recorded clip,
of the clip's bytes instead of the engine. When the voice profile transliterates its lines
(``transliterate:``), the text is the transliterated one and the scheme's name is part of
the key too, so a changed scheme or a changed spelling is synthesized again. An entry is
one file, ``<dir>/<key[:2]>/<key>.pcm``:

    b"KGVOICE1" | sample count (uint64 LE) | SHA-256 of the samples | int16 LE samples

Entries are written atomically (temporary file + ``os.replace``). An entry that is
truncated, altered or unreadable counts as a miss and is written again.

The folder is ``<root>/.cache/kitgen/voice`` unless ``--cache-dir DIR`` or the environment
variable ``KITGEN_CACHE_DIR`` names another kitgen cache folder (then ``DIR/voice``).
"""

from __future__ import annotations

import hashlib
import json
import os
import struct
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

import numpy as np

from kitgen.voice.audio import PIPELINE
from kitgen.voice.encode import write_atomic

ENV_VAR = "KITGEN_CACHE_DIR"
_MAGIC = b"KGVOICE1"
_HEADER = struct.Struct("<8sQ32s")


def resolve_cache_dir(option: str | Path | None, root: Path, environ: Mapping[str, str] | None = None) -> Path:
    """The voice cache folder: ``--cache-dir`` beats ``KITGEN_CACHE_DIR`` beats ``<root>/.cache/kitgen``."""
    env = os.environ if environ is None else environ
    if option:
        base = Path(option).expanduser()
    elif env.get(ENV_VAR):
        base = Path(env[ENV_VAR]).expanduser()
    else:
        base = root / ".cache" / "kitgen"
    return base / "voice"


def synth_key(engine: str, version: str, params_identity: str, text: str, *, scheme: str | None = None) -> str:
    """The key of synthesized speech of ``text``, the text exactly as the engine is given it.

    ``scheme``: the transliteration that produced ``text`` (None: the line's own text).
    """
    fields = {"engine": engine, "version": version, "params": params_identity, "text": unicodedata.normalize("NFC", text)}
    if scheme is not None:  # keys without a scheme stay as they were
        fields["transliterate"] = scheme
    return _key(fields)


def clip_key(clip_bytes: bytes) -> str:
    return _key({"engine": "recorded", "clip": hashlib.sha256(clip_bytes).hexdigest()})


def _key(fields: dict[str, str]) -> str:
    fields = {**fields, "pipeline": PIPELINE}
    return hashlib.sha256(json.dumps(fields, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class AudioCache:
    folder: Path

    def path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.pcm"

    def get(self, key: str) -> np.ndarray | None:
        """The cached samples, or None when the entry is missing or damaged."""
        try:
            data = self.path(key).read_bytes()
        except OSError:
            return None
        if len(data) < _HEADER.size:
            return None
        magic, count, digest = _HEADER.unpack_from(data)
        payload = data[_HEADER.size :]
        if magic != _MAGIC or len(payload) != 2 * count or hashlib.sha256(payload).digest() != digest:
            return None
        return np.frombuffer(payload, dtype="<i2").astype(np.int16)

    def put(self, key: str, samples: np.ndarray) -> None:
        payload = samples.astype("<i2", copy=False).tobytes()
        header = _HEADER.pack(_MAGIC, len(samples), hashlib.sha256(payload).digest())
        write_atomic(self.path(key), header + payload)
