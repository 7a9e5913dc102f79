"""Reading audio files and bytes: libsndfile (WAV, FLAC, OGG, MP3) first, then ffmpeg.

ffmpeg is the binary that the imageio-ffmpeg wheel ships, so no system package is needed.
Failures raise :class:`DecodeError`, which callers turn into located errors.
"""

from __future__ import annotations

import io
import subprocess

import numpy as np
import soundfile

from kitgen.voice.audio import SAMPLE_RATE, Audio, mono


class DecodeError(Exception):
    """The data is not audio that libsndfile or ffmpeg can read."""


def decode_bytes(data: bytes) -> Audio:
    """Decode a whole audio file held in memory."""
    if not data:
        raise DecodeError("the file is empty (0 bytes)")
    try:
        samples, rate = soundfile.read(io.BytesIO(data), dtype="float32", always_2d=True)
        return Audio(mono(samples), int(rate))
    except (soundfile.LibsndfileError, RuntimeError, TypeError, ValueError):
        pass
    return _ffmpeg_decode(data)


def _ffmpeg_decode(data: bytes) -> Audio:
    try:
        import imageio_ffmpeg

        exe = imageio_ffmpeg.get_ffmpeg_exe()
    except (ImportError, RuntimeError):
        raise DecodeError("not a format libsndfile reads, and no ffmpeg binary is available") from None
    command = [exe, "-nostdin", "-v", "error", "-i", "pipe:0", "-vn", "-f", "f32le", "-ac", "1", "-ar", str(SAMPLE_RATE), "pipe:1"]
    try:
        done = subprocess.run(command, input=data, capture_output=True, timeout=120, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise DecodeError(f"ffmpeg could not run: {exc}") from None
    if done.returncode != 0 or len(done.stdout) < 4:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()
        detail = reason[-1] if reason else "no audio stream"
        raise DecodeError(f"not an audio file that libsndfile or ffmpeg can read ({detail})")
    usable = len(done.stdout) - len(done.stdout) % 4
    return Audio(np.frombuffer(done.stdout[:usable], dtype="<f4").astype(np.float32), SAMPLE_RATE)
