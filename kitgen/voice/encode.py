"""Episode files: 16-bit WAV, MP3 and timing JSON, each written atomically.

Every file is first built in memory, then written to a temporary file in the target folder
and moved into place with ``os.replace``, so a reader never sees half a file.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import lameenc
import numpy as np
import soundfile

from kitgen.output import atomic_write_bytes
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
    """Write ``data`` to ``path`` atomically (see :func:`kitgen.output.atomic_write_bytes`)."""
    atomic_write_bytes(path, data)
