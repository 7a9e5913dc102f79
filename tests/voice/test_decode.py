"""Decoding clips: WAV, FLAC, OGG and MP3 through libsndfile, anything else refused."""

from __future__ import annotations

import io
import subprocess

import imageio_ffmpeg
import pytest
import soundfile

from kitgen.voice.decode import DecodeError, decode_bytes
from kitgen.voice.encode import mp3_bytes
from kitgen.voice.audio import to_pcm16

from .helpers import tone


@pytest.mark.parametrize("fmt", ["WAV", "FLAC", "OGG"])
def test_decodes_libsndfile_formats(fmt: str) -> None:
    buffer = io.BytesIO()
    soundfile.write(buffer, tone(0.5, 16000), 16000, format=fmt)
    audio = decode_bytes(buffer.getvalue())
    assert audio.rate == 16000
    assert abs(audio.duration - 0.5) < 0.01


def test_decodes_mp3() -> None:
    audio = decode_bytes(mp3_bytes(to_pcm16(tone(1.0))))
    assert audio.rate == 48000
    assert abs(audio.duration - 1.0) < 0.1
    assert audio.samples.max() > 0.2


def test_falls_back_to_ffmpeg_for_other_formats() -> None:
    # an AAC clip in an MP4 container, which libsndfile cannot read
    wav = io.BytesIO()
    soundfile.write(wav, tone(1.0, 44100), 44100, format="WAV")
    exe = imageio_ffmpeg.get_ffmpeg_exe()
    done = subprocess.run(
        [exe, "-v", "error", "-f", "wav", "-i", "pipe:0", "-c:a", "aac", "-f", "adts", "pipe:1"],
        input=wav.getvalue(), capture_output=True, check=True,
    )
    audio = decode_bytes(done.stdout)
    assert audio.rate == 48000
    assert abs(audio.duration - 1.0) < 0.1


def test_refuses_what_is_not_audio() -> None:
    with pytest.raises(DecodeError, match="empty"):
        decode_bytes(b"")
    with pytest.raises(DecodeError, match="not an audio file"):
        decode_bytes(b"Line one of a script, not a recording.\n" * 20)
