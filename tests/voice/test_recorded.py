"""Recorded clips: finding them, coverage, and the checks on each clip."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import soundfile

from kitgen.errors import MediaError
from kitgen.voice.recorded import clips_folder, decode_clip, scan_clips

from .helpers import speech_wav, tone

NAMES = ["ep1.park.1", "ep1.park.2", "ep1.home.1", "ep1.home.2"]


def test_scan_and_coverage(tmp_path: Path) -> None:
    folder = clips_folder(tmp_path / "recorded", "tg", "safe-chat")
    assert folder == tmp_path / "recorded" / "tg" / "safe-chat"
    assert str(scan_clips(folder).coverage(NAMES)) == "0/4"
    speech_wav(folder / "ep1.park.1.wav", "one")
    speech_wav(folder / "ep1.home.2.ogg", "two")
    (folder / "notes.txt").write_text("who reads which line")
    clips = scan_clips(folder)
    coverage = clips.coverage(NAMES)
    assert (coverage.recorded, coverage.total, coverage.missing) == (2, 4, ("ep1.park.2", "ep1.home.1"))
    assert not coverage.complete
    assert clips.find("ep1.park.1") == folder / "ep1.park.1.wav"
    assert any("notes.txt" in p.message for p in clips.problems)


def test_two_clips_for_one_line(tmp_path: Path) -> None:
    speech_wav(tmp_path / "ep1.park.1.wav", "one")
    speech_wav(tmp_path / "ep1.park.1.flac", "one")
    with pytest.raises(MediaError, match="two clips for one line"):
        scan_clips(tmp_path)


def test_clip_checks(tmp_path: Path) -> None:
    good = speech_wav(tmp_path / "good.wav", "hello there")
    assert decode_clip(good, good.read_bytes()).duration > 0.5
    text = tmp_path / "bad.wav"
    text.write_bytes(b"not audio at all " * 10)
    with pytest.raises(MediaError, match="this clip is not audio") as caught:
        decode_clip(text, text.read_bytes())
    assert str(caught.value.location).endswith("bad.wav")
    empty = tmp_path / "empty.wav"
    soundfile.write(empty, np.zeros(0, dtype=np.float32), 48000)
    with pytest.raises(MediaError, match="the clip is empty"):
        decode_clip(empty, empty.read_bytes())
    long = tmp_path / "long.flac"
    soundfile.write(long, tone(60.5, rate=8000), 8000)
    with pytest.raises(MediaError, match="60.5 s long"):
        decode_clip(long, long.read_bytes())
