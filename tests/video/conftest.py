"""Fixtures for the video tests: the tiny fixture story, its real narration, rendered episodes.

Rendering is real (slides, x264, AAC, mux) at a small internal size; the narration is real
espeak speech from :mod:`kitgen.voice`, cached for the session.
"""

from __future__ import annotations

import math
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import av
import numpy as np
import pytest
import soundfile

from kitgen.errors import Report
from kitgen.i18n.chrome_files import load_chrome
from kitgen.text.fontset import load_fontset
from kitgen.project import Project, load_project
from kitgen.video.renderer import EpisodeResult, render_episodes
from kitgen.video.settings import Size
from kitgen.voice.assemble import EpisodeAudio
from kitgen.commands.voice import narrate_story

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SMALL = Size("small", 320, 180)


@pytest.fixture(scope="session")
def tiny_project() -> Project:
    report = Report()
    project = load_project(FIXTURES / "tiny", report)
    assert not report.errors
    return project


@pytest.fixture(scope="session")
def voice_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("voice-cache")


def narrator(project: Project, locale: str, cache: Path) -> Callable[[list[str]], dict[str, EpisodeAudio]]:
    """The narration source the CLI uses: the voice layer, narrating into a scratch folder."""
    story = project.localized("tiny", locale)

    def narrate(episode_ids: list[str]) -> dict[str, EpisodeAudio]:
        with tempfile.TemporaryDirectory() as scratch:
            done = narrate_story(story, locale, voices_dir=project.voices_dir, out_dir=Path(scratch), cache_dir=cache, episodes=episode_ids)
        return {files.episode_id: files.audio for files in done.episodes}

    return narrate


@dataclass
class Rendered:
    result: EpisodeResult
    audio: EpisodeAudio
    project: Project
    locale: str

    @property
    def folder(self) -> Path:
        return self.result.video.parent


def render_tiny(project: Project, locale: str, cache: Path, out: Path, **options: object) -> Rendered:
    narrate = narrator(project, locale, cache)
    audio = narrate(["hello"])["hello"]
    (result,) = render_episodes(
        project.localized("tiny", locale), project.story("tiny").directory, locale, out,
        narration={"hello": audio}, size=options.pop("size", SMALL),
        fonts=load_fontset(project.fonts_dir), chrome=load_chrome(locale), **options,  # type: ignore[arg-type]
    )
    return Rendered(result, audio, project, locale)


@pytest.fixture(scope="session")
def rendered(tiny_project: Project, voice_cache: Path, tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    """The English episode with burned-in captions and branding, two parallel segments."""
    out = tmp_path_factory.mktemp("episode")
    return render_tiny(tiny_project, "en", voice_cache, out, burn_captions=True, branding="Tiny kit", jobs=2)


def tone(path: Path, seconds: float = 4.0, frequency: float = 220.0) -> Path:
    """A stereo sine tone saved as a real audio file (format from the suffix)."""
    t = np.arange(int(seconds * 48000)) / 48000
    wave = 0.3 * np.sin(2 * math.pi * frequency * t)
    soundfile.write(str(path), np.stack([wave, wave], axis=1), 48000)
    return path


def decode_audio(path: Path) -> tuple[np.ndarray, int]:
    """All audio of ``path`` as mono float32, and its rate."""
    with av.open(str(path)) as container:
        stream = container.streams.audio[0]
        chunks = [frame.to_ndarray().astype(np.float32) for frame in container.decode(stream)]
        rate = stream.rate
    data = np.concatenate(chunks, axis=1)
    return data.mean(axis=0), rate


def decode_frame(path: Path, seconds: float) -> np.ndarray:
    """The RGB frame shown at ``seconds``."""
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        for frame in container.decode(stream):
            if frame.time is not None and frame.time + 1e-6 >= seconds:
                return frame.to_ndarray(format="rgb24")
    raise AssertionError(f"no frame at {seconds} s in {path}")


def files_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def kitgen_temp_dirs() -> list[str]:
    return [name for name in os.listdir(tempfile.gettempdir()) if name.startswith("kitgen-video-")]
