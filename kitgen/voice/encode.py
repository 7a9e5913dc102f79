"""Episode files: 16-bit WAV, MP3 and timing JSON, each written atomically.

Every file is first built in memory, then written to a temporary file in the target folder
and moved into place with ``os.replace``, so a reader never sees half a file.
"""

from __future__ import annotations

import io
import json
import os
import secrets
from pathlib import Path
from typing import Any

import lameenc
import numpy as np
import soundfile

from kitgen.errors import Location, OutputError
from kitgen.voice.audio import SAMPLE_RATE

MP3_BITRATE = 96  # kbit/s; mono speech


def wav_bytes(samples: np.ndarray, rate: int = SAMPLE_RATE) -> bytes:
    buffer = io.BytesIO()
    soundfile.write(buffer, samples.astype(np.int16, copy=False), rate, format="WAV", subtype="PCM_16")
    return buffer.getvalue()


def mp3_bytes(samples: np.ndarray, rate: int = SAMPLE_RATE, bitrate: int = MP3_BITRATE) -> bytes:
    encoder = lameenc.Encoder()
    encoder.set_bit_rate(bitrate)
    encoder.set_in_sample_rate(rate)
    encoder.set_channels(1)
    encoder.set_quality(5)  # LAME "good": 3x faster than 2, same bitrate
    return bytes(encoder.encode(samples.astype(np.int16, copy=False).tobytes()) + encoder.flush())


def json_bytes(data: Any) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and ``os.replace``.

    The file gets the usual permissions (0666 less the umask), like any file the user creates.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except OSError as exc:
        raise OutputError(f"cannot write here: {exc.strerror}; check the folder's permissions", Location.of(path.parent)) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise OutputError(f"cannot write the file: {exc.strerror}", Location.of(path)) from None
