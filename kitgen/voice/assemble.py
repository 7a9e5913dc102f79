"""Episode assembly: finished lines joined by the profile's pause, with exact per-line timing.

Timing is counted in samples at 48 kHz and converted to seconds only for display, so the
line durations plus the pauses between lines add up to the episode's length exactly:
``samples == sum(line samples) + (lines - 1) * pause samples``. There is no pause before the
first line or after the last.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np

from kitgen.voice.audio import SAMPLE_RATE

TIMING_FORMAT = "kitgen-narration-timing/1"


@dataclass(frozen=True)
class LineTiming:
    key: str
    text: str
    speaker: str | None
    source: str  # the engine's name, or "recorded"
    start_sample: int
    end_sample: int

    @property
    def start(self) -> float:
        return self.start_sample / SAMPLE_RATE

    @property
    def end(self) -> float:
        return self.end_sample / SAMPLE_RATE

    @property
    def duration(self) -> float:
        return (self.end_sample - self.start_sample) / SAMPLE_RATE


@dataclass(frozen=True)
class RenderedLine:
    key: str
    text: str
    speaker: str | None
    source: str
    samples: np.ndarray  # int16 at SAMPLE_RATE


@dataclass(frozen=True, eq=False)
class EpisodeAudio:
    episode_id: str
    samples: np.ndarray  # int16 at SAMPLE_RATE
    lines: tuple[LineTiming, ...]
    pause_samples: int

    @property
    def duration(self) -> float:
        return len(self.samples) / SAMPLE_RATE

    def timing(self, **about: Any) -> dict[str, Any]:
        """The timing document written beside the audio; ``about`` adds fields such as story and locale."""
        return {
            "format": TIMING_FORMAT,
            **about,
            "episode": self.episode_id,
            "sample_rate": SAMPLE_RATE,
            "samples": len(self.samples),
            "duration": round(self.duration, 6),
            "pause": round(self.pause_samples / SAMPLE_RATE, 6),
            "lines": [
                {
                    "key": line.key,
                    "clip": line.key.replace("/", "."),
                    "speaker": line.speaker,
                    "text": line.text,
                    "source": line.source,
                    "start": round(line.start, 6),
                    "end": round(line.end, 6),
                    "duration": round(line.duration, 6),
                    "start_sample": line.start_sample,
                    "end_sample": line.end_sample,
                }
                for line in self.lines
            ],
        }


def pause_samples(pause_ms: int) -> int:
    return int(round(pause_ms * SAMPLE_RATE / 1000))


def assemble(episode_id: str, lines: Sequence[RenderedLine], pause_ms: int) -> EpisodeAudio:
    gap = pause_samples(pause_ms)
    parts: list[np.ndarray] = []
    timings: list[LineTiming] = []
    position = 0
    for index, line in enumerate(lines):
        if index:
            parts.append(np.zeros(gap, dtype=np.int16))
            position += gap
        parts.append(line.samples.astype(np.int16, copy=False))
        timings.append(LineTiming(line.key, line.text, line.speaker, line.source, position, position + len(line.samples)))
        position += len(line.samples)
    samples = np.concatenate(parts) if parts else np.zeros(0, dtype=np.int16)
    assert len(samples) == position
    return EpisodeAudio(episode_id, samples, tuple(timings), gap)
