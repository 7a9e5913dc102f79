"""The engine protocol: text and voice parameters in, mono audio out."""

from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from kitgen.voice.audio import Audio

INSTALL_HINTS = {
    "gtts": "pip install 'kitgen[gtts]'",
    "piper": "pip install 'kitgen[piper]'",
}


@dataclass(frozen=True)
class VoiceParams:
    """Everything an engine needs to speak one line in one voice.

    ``voice`` is an espeak voice (``kk``, ``en-us+f3``); ``model`` and ``speaker`` are a piper
    model file and speaker id. ``rate`` is in words per minute and ``pitch`` in 0-99 (50 is
    the voice's normal pitch). Engines ignore the fields they have no use for.
    """

    engine: str
    locale: str
    voice: str | None = None
    model: Path | None = None
    speaker: int | None = None
    rate: int = 175
    pitch: int = 50

    def identity(self) -> str:
        """A stable text of the parameters for cache keys (the model by its content)."""
        fields = {
            "engine": self.engine,
            "locale": self.locale,
            "voice": self.voice,
            "model": file_digest(self.model) if self.model else None,
            "speaker": self.speaker,
            "rate": self.rate,
            "pitch": self.pitch,
        }
        return json.dumps(fields, sort_keys=True)


class Engine(Protocol):
    """A speech engine. Implementations raise :class:`kitgen.errors.EngineError` for every failure."""

    name: str

    def version(self) -> str:
        """The engine's version; part of every cache key."""
        ...

    def check(self, params: VoiceParams) -> None:
        """Raise EngineError unless the engine is installed and can speak ``params.locale``."""
        ...

    def synthesize(self, text: str, params: VoiceParams) -> Audio:
        """Speak ``text`` (already normalized, never empty)."""
        ...


def language(locale: str) -> str:
    """The language subtag of a BCP 47 code: 'uz-Latn' -> 'uz'."""
    return locale.split("-", 1)[0].lower()


def file_digest(path: Path) -> str:
    stat = path.stat()
    return _digest(str(path.resolve()), stat.st_size, stat.st_mtime_ns)


@functools.lru_cache(maxsize=32)
def _digest(path: str, size: int, mtime_ns: int) -> str:
    sha = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            sha.update(block)
    return sha.hexdigest()
