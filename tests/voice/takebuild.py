"""Real takes for the tests: espeak-ng lines joined by pauses of varied length, over noise.

The "reader" is a different espeak voice and rate than the one that sets the expected
lengths, as a person differs from the synthetic narration. Each line's true bounds in the
take are its first and last sound (:func:`kitgen.voice.audio.sound_bounds`).
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from scipy.signal import lfilter

from kitgen.errors import Report
from kitgen.voice.audio import resample, sound_bounds
from kitgen.voice.engines.base import VoiceParams
from kitgen.voice.engines.espeak import EspeakEngine
from kitgen.voice.lines import SpokenLine, spoken_lines
from kitgen.voice.takes import ExpectedLine

RATE = 48_000
READER = ("ky+m2", 130, 45)  # voice, words per minute, pitch: the take's "actor"
NARRATION = ("ky", 145, 50)  # the synthetic narration that sets the expected lengths


@lru_cache(maxsize=None)
def sample_lines(locale: str = "ky", episode: int = 0) -> tuple[SpokenLine, ...]:
    """The lines of one episode of the shipped sample story, localized."""
    from kitgen.project import load_project

    from tests.conftest import REPO

    project = load_project(REPO, Report())
    story = project.localized("stop-think-tell", locale)
    return tuple(spoken_lines(story, story.episodes[episode]))


@lru_cache(maxsize=None)
def speech(text: str, voice: str, rate: int, pitch: int) -> np.ndarray:
    """espeak-ng speech of ``text`` at 48 kHz, trimmed to its first and last sound, peak 0.6."""
    audio = EspeakEngine().synthesize(text, VoiceParams("espeak", "ky", voice=voice, rate=rate, pitch=pitch))
    samples = resample(audio.samples, audio.rate, RATE)
    start, end = sound_bounds(samples, RATE)
    samples = samples[start:end]
    return (samples * (0.6 / float(np.abs(samples).max()))).astype(np.float32)


def expected(lines) -> list[ExpectedLine]:
    return [ExpectedLine(line.clip_name, line.text, line.speaker, len(speech(line.text, *NARRATION)) / RATE) for line in lines]


@dataclass(frozen=True)
class Take:
    samples: np.ndarray  # mono float32 at RATE
    truth: tuple[tuple[float, float], ...]  # each line read: (first sound, last sound) in seconds
    names: tuple[str, ...]  # the clip names of the lines read, in order


def build_take(lines, *, seed: int = 1, drop: int | None = None, pauses: tuple[float, float] = (0.8, 2.2),
               noise_db: float = -50.0, lead: float = 0.8, tail: float = 1.0) -> Take:
    """The reader's take of ``lines`` (skipping index ``drop``), pauses drawn from ``pauses``, pink-ish noise."""
    rng = np.random.default_rng(seed)
    parts, truth, names = [np.zeros(int(lead * RATE), np.float32)], [], []
    position = len(parts[0])
    kept = [line for index, line in enumerate(lines) if index != drop]
    for index, line in enumerate(kept):
        voiced = speech(line.text, *READER)
        truth.append((position / RATE, (position + len(voiced)) / RATE))
        names.append(line.clip_name)
        parts.append(voiced)
        position += len(voiced)
        gap = int((rng.uniform(*pauses) if index + 1 < len(kept) else tail) * RATE)
        parts.append(np.zeros(gap, np.float32))
        position += gap
    take = np.concatenate(parts)
    noise = lfilter([1.0], [1.0, -0.9], rng.normal(0.0, 1.0, len(take)))
    take = take + (noise * (10 ** (noise_db / 20) / np.sqrt(np.mean(noise**2)))).astype(np.float32)
    return Take(take.astype(np.float32), tuple(truth), tuple(names))


def boundary_errors(plan, take: Take) -> list[float]:
    """Seconds between each found first/last sound and the true one."""
    assert [s.line.clip_name for s in plan.splits] == list(take.names)
    return [abs(value) for split, (start, end) in zip(plan.splits, take.truth) for value in (split.start - start, split.end - end)]


def ffmpeg_encode(source: Path, target: Path, *args: str) -> Path:
    import imageio_ffmpeg

    command = [imageio_ffmpeg.get_ffmpeg_exe(), "-nostdin", "-v", "error", "-y", "-i", str(source), *args, str(target)]
    subprocess.run(command, check=True, capture_output=True, timeout=300)
    return target
