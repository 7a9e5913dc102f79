"""Episode files: WAV and MP3 bytes, atomic writes."""

from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np
import pytest
import soundfile

from kitgen.errors import OutputError
from kitgen.voice.audio import to_pcm16
from kitgen.voice.encode import json_bytes, mp3_bytes, wav_bytes, write_atomic

from .helpers import tone


def test_wav_is_16_bit_48k_and_exact() -> None:
    samples = to_pcm16(tone(0.75))
    data, rate = soundfile.read(io.BytesIO(wav_bytes(samples)), dtype="int16")
    assert rate == 48000 and np.array_equal(data, samples)


def test_mp3_holds_the_audio() -> None:
    samples = to_pcm16(tone(2.0))
    decoded, rate = soundfile.read(io.BytesIO(mp3_bytes(samples)), dtype="float32")
    assert rate == 48000 and abs(len(decoded) / rate - 2.0) < 0.1
    assert 0.25 < decoded.max() < 0.35


def test_write_atomic_leaves_only_the_file(tmp_path: Path) -> None:
    target = tmp_path / "out" / "ep1.timing.json"
    write_atomic(target, json_bytes({"text": "Сәлем"}))
    write_atomic(target, json_bytes({"text": "Բարև"}))
    assert json.loads(target.read_text(encoding="utf-8")) == {"text": "Բարև"}
    assert [p.name for p in target.parent.iterdir()] == ["ep1.timing.json"]


def test_unwritable_target_is_an_output_error(tmp_path: Path) -> None:
    blocker = tmp_path / "out"
    blocker.write_text("a file where a folder should be")
    with pytest.raises(OutputError, match="cannot write ep1.wav: a file stands where a folder is needed"):
        write_atomic(blocker / "ep1.wav", b"x")


def test_written_files_get_ordinary_permissions(tmp_path: Path) -> None:
    import os

    target = tmp_path / "ep1.wav"
    write_atomic(target, b"RIFF")
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask
