"""Reading a take from its file: WAV, FLAC, OGG and MP3 through libsndfile, anything else
(M4A/AAC, Opus, WMA...) through the ffmpeg binary of imageio-ffmpeg, at any rate and channel
count, mixed down to mono.

ffmpeg is given the file's path rather than a pipe, so that containers whose index sits at
the end (an M4A written without "faststart", as phones do) decode too. Failures raise
:class:`~kitgen.voice.decode.DecodeError`, which callers turn into located errors.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import soundfile

from kitgen.voice.audio import SAMPLE_RATE, Audio, mono
from kitgen.voice.decode import DecodeError

#: Longest take kitgen reads (a whole recording session of one character is well under this).
MAX_TAKE_SECONDS = 3 * 3600


def read_take(path: Path) -> Audio:
    """The take at ``path`` as mono float32 samples (libsndfile's rate, or 48 kHz via ffmpeg)."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise DecodeError(f"cannot read the file: {exc.strerror}") from None
    if size == 0:
        raise DecodeError("the file is empty (0 bytes)")
    try:
        with soundfile.SoundFile(str(path)) as handle:
            if handle.frames > MAX_TAKE_SECONDS * handle.samplerate:
                raise DecodeError(f"the take is longer than {MAX_TAKE_SECONDS // 3600} hours; split it into sessions")
            samples = handle.read(dtype="float32", always_2d=True)
            return Audio(mono(samples), int(handle.samplerate))
    except (soundfile.LibsndfileError, RuntimeError, TypeError, ValueError):
        pass
    return _ffmpeg(path)


def _ffmpeg(path: Path) -> Audio:
    try:
        import imageio_ffmpeg

        exe = imageio_ffmpeg.get_ffmpeg_exe()
    except (ImportError, RuntimeError):
        raise DecodeError("not a format libsndfile reads, and no ffmpeg binary is available") from None
    command = [exe, "-nostdin", "-v", "error", "-i", str(path), "-vn", "-map", "0:a:0", "-t", str(MAX_TAKE_SECONDS),
               "-f", "f32le", "-ac", "1", "-ar", str(SAMPLE_RATE), "pipe:1"]
    try:
        done = subprocess.run(command, capture_output=True, timeout=900, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise DecodeError(f"ffmpeg could not run: {exc}") from None
    if done.returncode != 0 or len(done.stdout) < 4:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()
        detail = reason[-1] if reason else "no audio stream"
        raise DecodeError(f"not an audio file that libsndfile or ffmpeg can read ({detail})")
    usable = len(done.stdout) - len(done.stdout) % 4
    return Audio(np.frombuffer(done.stdout[:usable], dtype="<f4").astype(np.float32), SAMPLE_RATE)
