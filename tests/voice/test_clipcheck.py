"""Clip checks on real espeak speech: each problem is found, located at the clip, and a good
clip passes; in `kitgen voices --check` and in `kitgen check`."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import soundfile

from kitgen.errors import Severity
from kitgen.voice.clipcheck import check_clip, check_folder


from .takebuild import RATE, speech

TEXT = "Ана планшетти дароо чоң апасына алып барды."


def voiced(lead: float = 0.2, tail: float = 0.3, gain: float = 1.0, noise_db: float = -65.0) -> np.ndarray:
    line = speech(TEXT, "ky", 145, 50) * gain
    samples = np.concatenate([np.zeros(int(lead * RATE)), line, np.zeros(int(tail * RATE))])
    noise = np.random.default_rng(3).normal(0, 10 ** (noise_db / 20), len(samples))
    return (samples + noise).astype(np.float32)


def write(path: Path, samples: np.ndarray) -> Path:
    soundfile.write(path, np.clip(samples, -1, 1), RATE)
    return path


def messages(found) -> list[str]:
    return [f"{d.severity.value}: {d.message}" for d in found]


def test_a_good_clip_passes(tmp_path: Path) -> None:
    clip = write(tmp_path / "ep.s.1.wav", voiced())
    assert check_clip(clip, expected=len(speech(TEXT, "ky", 145, 50)) / RATE) == []


@pytest.mark.parametrize(("samples", "expected", "wanted"), [
    (lambda: voiced(gain=6.0), None, "clipped in"),
    (lambda: voiced(gain=0.004, noise_db=-120), None, "too quiet"),
    (lambda: voiced(noise_db=-32), None, "noise floor is high"),
    (lambda: voiced(lead=2.5), None, "2.5 s of silence before the line"),
    (lambda: voiced(tail=3.0), None, "s of silence after the line"),
    (lambda: voiced(), 0.8, "far longer than its line"),
    (lambda: voiced(), 20.0, "far shorter than its line"),
])
def test_each_problem_is_a_located_warning(tmp_path: Path, samples, expected, wanted) -> None:
    clip = write(tmp_path / "ep.s.1.wav", samples())
    found = check_clip(clip, expected=expected, how="test")
    assert any(wanted in d.message for d in found), messages(found)
    assert all(d.severity is Severity.WARNING and d.location.path == str(clip) for d in found)


def test_files_narration_cannot_use_are_errors(tmp_path: Path) -> None:
    empty = tmp_path / "ep.s.1.wav"
    empty.write_bytes(b"")
    text = tmp_path / "ep.s.2.wav"
    text.write_text("Ana: read this line slowly, with a smile.\n", encoding="utf-8")
    silent = write(tmp_path / "ep.s.3.wav", np.zeros(RATE, np.float32))
    garbage = tmp_path / "ep.s.4.wav"
    garbage.write_bytes(bytes(range(256)) * 8)
    for path, wanted in ((empty, "0 bytes"), (text, "is a text file, not audio"), (silent, "the clip is silent"), (garbage, "not audio")):
        (problem,) = check_clip(path)
        assert problem.severity is Severity.ERROR and wanted in problem.message, problem.message
        assert problem.location.path == str(path)


def test_a_clip_for_a_line_that_no_longer_exists(tmp_path: Path) -> None:
    write(tmp_path / "ep1.park.1.wav", voiced())
    write(tmp_path / "ep1.park.9.wav", voiced())
    (tmp_path / "notes.txt").write_text("who reads what")
    found = check_folder(tmp_path, {"ep1.park.1": TEXT, "ep1.park.2": TEXT}, {})
    assert any("'ep1.park.9.wav' matches no line" in d.message and d.severity is Severity.WARNING for d in found), messages(found)
    assert any("notes.txt" in d.message for d in found)
    assert not any("ep1.park.1.wav" in d.location.path for d in found)


def test_voices_check_and_kitgen_check_report_clips(tiny) -> None:
    folder = tiny.root / "voices" / "recorded" / "en" / "tiny"
    folder.mkdir(parents=True)
    write(folder / "hello.wave.1.wav", voiced())  # "This is Pip." read as a long Kyrgyz sentence: fine
    write(folder / "hello.wave.2.wav", voiced(lead=2.5))  # "Hello!"
    (folder / "hello.bye.1.wav").write_bytes(b"")
    write(folder / "hello.gone.1.wav", voiced())

    result = tiny.kitgen("voices", "--check", "--locale", "en")
    assert result.exit_code == 1, result.output
    assert "voices/recorded/en/tiny/hello.bye.1.wav: error: the clip is empty (0 bytes)" in result.output
    assert "hello.wave.2.wav: warning: 2.5 s of silence before the line" in result.output
    assert "hello.wave.2.wav: warning: the clip is far longer than its line" in result.output
    assert "hello.gone.1.wav: warning: clip 'hello.gone.1.wav' matches no line" in result.output
    assert "en: 1 error(s), " in result.output

    check = tiny.kitgen("check")
    assert check.exit_code == 1, check.output
    assert "voices/recorded/en/tiny/hello.bye.1.wav: error: the clip is empty (0 bytes)" in check.output
    (folder / "hello.bye.1.wav").unlink()
    check = tiny.kitgen("check")
    assert check.exit_code == 0, check.output
    assert "hello.wave.2.wav: warning: 2.5 s of silence before the line" in check.output
