"""`kitgen record script` and `kitgen record import` on real projects, with real espeak takes;
and the sample's first Kyrgyz episode recorded, imported and built with the recorded voice."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import numpy as np
import pdfplumber
import soundfile

from kitgen.pipeline.registry import default_registry
from tests.voice.takebuild import RATE, build_take

from kitgen.errors import Report
from kitgen.project import load_project
from kitgen.voice.lines import spoken_lines


def tiny_lines(root: Path):
    story = load_project(root, Report()).localized("tiny", "en")
    return spoken_lines(story, story.episodes[0])


def write_take(path: Path, take) -> Path:
    soundfile.write(path, take.samples, RATE)
    return path


def test_record_script_in_armenian_through_the_pipeline(tiny) -> None:
    result = tiny.kitgen("record", "script", "--kit", "tiny", "--locale", "hy")
    assert result.exit_code == 0, result.output
    folder = tiny.root / "output" / "tiny" / "hy"
    assert f"wrote {folder / 'recording-script.pdf'}" in result.output
    assert f"wrote {folder / 'recording-script.csv'}" in result.output
    with (folder / "recording-script.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["clip"] for r in rows] == ["hello.wave.1", "hello.wave.2", "hello.bye.1"]
    assert re.search("[\u0531-\u058f]", rows[0]["text"])  # the Armenian translation
    with pdfplumber.open(folder / "recording-script.pdf") as pdf:
        text = " ".join(page.extract_text() for page in pdf.pages)
    assert rows[0]["text"].split()[0] in text and "hello.bye.1" in text
    again = tiny.kitgen("record", "script", "--kit", "tiny", "--locale", "hy")
    assert "up to date:" in again.output
    registry = default_registry()
    assert "script" in registry.groups() and "script" not in registry.groups(default_only=True)  # `kitgen build` skips it


def test_import_dry_run_writes_only_the_picture(tiny) -> None:
    take = build_take(tiny_lines(tiny.root), seed=11, pauses=(1.0, 2.0))
    path = write_take(tiny.root / "take.wav", take)
    before = tiny.files()
    result = tiny.kitgen("record", "import", str(path), "--locale", "en", "--episode", "1", "--dry-run")
    assert result.exit_code == 0, result.output
    assert tiny.files() - before == {"take.split.png"}
    assert "the only file written" in result.output
    for name in take.names:
        assert name in result.output
    from PIL import Image

    assert Image.open(tiny.root / "take.split.png").width > 1000


def test_import_writes_clips_and_narration_uses_them(tiny) -> None:
    take = build_take(tiny_lines(tiny.root), seed=12, pauses=(1.0, 2.0))
    path = write_take(tiny.root / "take.wav", take)
    result = tiny.kitgen("record", "import", str(path), "--locale", "en", "--episode", "hello")
    assert result.exit_code == 0, result.output
    folder = tiny.root / "voices" / "recorded" / "en" / "tiny"
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{name}.wav" for name in take.names)
    assert "wrote 3 clips to voices/recorded/en/tiny/" in result.output
    assert re.search(r"1\s+hello\.wave\.1\s+[\d.]+\s+[\d.]+\s+[\d.]+\s+[\d.]+\s+[\d.]+\s+ok", result.output)
    again = tiny.kitgen("record", "import", str(path), "--locale", "en", "--episode", "1")
    assert again.exit_code == 1 and "already have a clip" in again.output and "--force" in again.output
    forced = tiny.kitgen("record", "import", str(path), "--locale", "en", "--episode", "1", "--force")
    assert forced.exit_code == 0 and "replacing 3" in forced.output
    narrated = tiny.kitgen("narrate", "--locale", "en", "--output", "narration")
    assert narrated.exit_code == 0, narrated.output
    assert "recorded 3" in narrated.output


def test_a_speaker_take(tiny) -> None:
    pip = [line for line in tiny_lines(tiny.root) if line.speaker == "pip"]
    take = build_take(pip, seed=13, pauses=(1.0, 2.0))
    path = write_take(tiny.root / "pip.wav", take)
    result = tiny.kitgen("record", "import", str(path), "--locale", "en", "--speaker", "pip")
    assert result.exit_code == 0, result.output
    assert sorted(p.stem for p in (tiny.root / "voices" / "recorded" / "en" / "tiny").iterdir()) == ["hello.bye.1", "hello.wave.2"]


def test_bad_takes_are_refused_and_nothing_is_written(tiny) -> None:
    lines = tiny_lines(tiny.root)
    missing = write_take(tiny.root / "missing.wav", build_take(lines, seed=14, drop=1, pauses=(1.0, 2.0)))
    noise = tiny.root / "noise.wav"
    soundfile.write(noise, (np.random.default_rng(1).normal(0, 0.1, RATE * 8)).astype(np.float32), RATE)
    silence = tiny.root / "silence.flac"
    soundfile.write(silence, np.zeros(RATE * 5, np.float32), RATE)
    text = tiny.root / "notes.wav"
    text.write_text("not a recording", encoding="utf-8")
    before = tiny.files()
    for take, wanted in (
        (missing, "most likely missing: hello.wave.2 ('Hello!')"),
        (noise, "steady noise"),
        (silence, "the take is silent"),
        (text, "cannot read the take"),
    ):
        result = tiny.kitgen("record", "import", str(take), "--locale", "en", "--episode", "1")
        assert result.exit_code == 1, result.output
        assert f"{take.name}: error: " in result.output and wanted in result.output, result.output
        assert "Traceback" not in result.output
    assert {f for f in tiny.files() if not f.startswith(".cache/")} == before  # the speech cache may fill; no output


def test_bad_options_are_usage_errors(tiny) -> None:
    path = write_take(tiny.root / "take.wav", build_take(tiny_lines(tiny.root), seed=15))
    for args, wanted in (
        (("--speaker", "pipp"), "did you mean 'pip'?"),
        (("--episode", "4"), "has episodes 1 to 1"),
        ((), "--episode N, --speaker ID, or both"),
        (("--episode", "1", "--png", "x.png"), "pass --dry-run too"),
    ):
        result = tiny.kitgen("record", "import", str(path), "--locale", "en", *args)
        assert result.exit_code == 2, result.output
        assert wanted in result.output


def test_done_when_the_sample_episode_is_recorded_imported_and_built(sample_copy) -> None:
    """A take of the sample's first Kyrgyz episode, made with espeak-ng, imported, and built
    into that episode: the recorded clips replace synthesis in the MP4."""
    import av
    from scipy.signal import fftconvolve, resample_poly

    from kitgen.pipeline.voice import Narrator
    from kitgen.voice.audio import Audio, finish_line

    root = sample_copy.root
    story = load_project(root, Report()).localized("stop-think-tell", "ky")
    lines = spoken_lines(story, story.episodes[0])
    take = build_take(lines, seed=21)
    path = write_take(root / "episode-1-take.wav", take)
    result = sample_copy.kitgen("record", "import", str(path), "--locale", "ky", "--episode", "1", "--kit", "kg")
    assert result.exit_code == 0, result.output
    rows = re.findall(r"^\s*\d+\s+(\S+)\s+([\d.]+)\s+([\d.]+)\s", result.output, re.M)
    assert [name for name, _, _ in rows] == list(take.names)
    errors = [abs(float(found) - true) for (_, start, end), bounds in zip(rows, take.truth)
              for found, true in zip((start, end), bounds)]
    print(f"sample ky episode 1: {len(errors)} boundaries, max {max(errors) * 1000:.0f} ms, mean {np.mean(errors) * 1000:.0f} ms")
    assert max(errors) < 0.1 + 0.005  # the table rounds to 10 ms

    narration = Narrator(root / "voices", "ky", root / ".cache").narrate(story, [story.episodes[0].id])
    assert {line.source for line in narration[story.episodes[0].id].lines} == {"recorded"}

    built = sample_copy.kitgen("video", "--locale", "ky", "--kit", "kg", "--episode", "1", "--preset", "draft")
    assert built.exit_code == 0, built.output
    (mp4,) = (root / "output" / "stop-think-tell" / "ky" / "episodes").glob("01-*.mp4")
    with av.open(str(mp4)) as container:
        to_mono = av.AudioResampler(format="flt", layout="mono", rate=48_000)
        soundtrack = np.concatenate([out.to_ndarray().reshape(-1) for frame in container.decode(audio=0) for out in to_mono.resample(frame)])
    clip, clip_rate = soundfile.read(root / "voices" / "recorded" / "ky" / "stop-think-tell" / f"{take.names[1]}.wav", dtype="float32")
    voiced = finish_line(Audio(clip, clip_rate)).astype(np.float32) / 32768
    track, piece = resample_poly(soundtrack, 1, 6), resample_poly(voiced, 1, 6)
    energy = fftconvolve(track * track, np.ones(len(piece)), mode="valid")
    match = fftconvolve(track, piece[::-1], mode="valid") / np.sqrt(np.clip(energy, 1e-12, None) * np.sum(piece * piece))
    assert match.max() > 0.9  # the recorded clip itself is in the episode's soundtrack
