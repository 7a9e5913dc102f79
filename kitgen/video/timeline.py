"""When everything happens in an episode video: slides, crossfades and every spoken line.

The timeline is counted in samples at the narration's 48 kHz, where one video frame at 25 fps
is exactly 1920 samples, so audio placement is sample-exact and slide cuts fall on frames:

- a title card of :data:`TITLE` seconds;
- one slide per scene lasting :data:`LEAD` + the scene's speech + :data:`TAIL`, where the
  speech runs from its first line's start to its last line's end with the narration's own
  pauses between lines;
- an outro card of :data:`OUTRO` seconds;
- consecutive slides overlap by :data:`CROSSFADE` seconds (a whole number of frames).

A scene's lines keep their narration offsets relative to its first line, which starts
:data:`LEAD` after the scene's slide does: after the crossfade into it has finished. The
video lasts ``TITLE + OUTRO + sum(LEAD + speech + TAIL) - (slides - 1) * CROSSFADE``; slide
boundaries are rounded to the nearest frame, so the total is within half a frame of that.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Sequence

from kitgen.errors import KitgenError, Location
from kitgen.model.story import Episode, line_key
from kitgen.video.settings import FPS
from kitgen.voice.assemble import EpisodeAudio, LineTiming
from kitgen.voice.audio import SAMPLE_RATE

SAMPLES_PER_FRAME = SAMPLE_RATE // FPS
assert SAMPLES_PER_FRAME * FPS == SAMPLE_RATE

TITLE = 3.0
OUTRO = 5.0
LEAD = 0.6
TAIL = 1.0
CROSSFADE = 0.48  # 12 frames

SlideKind = Literal["title", "scene", "outro"]


def _samples(seconds: float) -> int:
    return int(round(seconds * SAMPLE_RATE))


@dataclass(frozen=True)
class Slide:
    """One slide's frames ``[start, end)``; ``scene`` is the scene's 0-based index, or None."""

    kind: SlideKind
    scene: int | None
    start: int
    end: int

    @property
    def frames(self) -> int:
        return self.end - self.start


@dataclass(frozen=True)
class PlacedLine:
    """A spoken line on the video timeline, in samples at 48 kHz (``end`` exclusive)."""

    key: str
    scene: int
    speaker: str | None
    text: str
    start_sample: int
    end_sample: int
    audio: LineTiming  # where its samples are in the narration

    @property
    def start(self) -> float:
        return self.start_sample / SAMPLE_RATE

    @property
    def end(self) -> float:
        return self.end_sample / SAMPLE_RATE

    @property
    def start_frame(self) -> int:
        """The first frame showing the line: the frame in which its audio starts."""
        return self.start_sample // SAMPLES_PER_FRAME


@dataclass(frozen=True)
class Timeline:
    episode_id: str
    slides: tuple[Slide, ...]
    lines: tuple[PlacedLine, ...]
    frames: int
    crossfade: int  # frames of overlap between consecutive slides

    @property
    def fps(self) -> int:
        return FPS

    @property
    def duration(self) -> float:
        return self.frames / FPS

    @property
    def samples(self) -> int:
        return self.frames * SAMPLES_PER_FRAME

    @property
    def scenes(self) -> tuple[Slide, ...]:
        return tuple(s for s in self.slides if s.kind == "scene")

    def active(self, frame: int) -> list[int]:
        """Indexes of the slides visible in ``frame``: one, or two (outgoing, incoming) during a crossfade."""
        return [index for index, slide in enumerate(self.slides) if slide.start <= frame < slide.end]


def plan(episode: Episode, audio: EpisodeAudio) -> Timeline:
    """The timeline of ``episode`` narrated by ``audio`` (see the module notes)."""
    by_scene = _lines_by_scene(episode, audio)
    crossfade = int(round(CROSSFADE * FPS))
    overlap = crossfade * SAMPLES_PER_FRAME
    lead, tail = _samples(LEAD), _samples(TAIL)
    slides: list[Slide] = []
    placed: list[PlacedLine] = []

    def add(kind: SlideKind, scene: int | None, start: int, length: int) -> int:
        slides.append(Slide(kind, scene, _frame(start), _frame(start + length)))
        return start + length

    cursor = add("title", None, 0, _samples(TITLE))
    for index, timings in enumerate(by_scene):
        start = cursor - overlap
        first = timings[0].start_sample
        speech = timings[-1].end_sample - first
        for timing in timings:
            offset = start + lead + timing.start_sample - first
            placed.append(
                PlacedLine(timing.key, index, timing.speaker, timing.text, offset, offset + timing.end_sample - timing.start_sample, timing)
            )
        cursor = add("scene", index, start, lead + speech + tail)
    end = add("outro", None, cursor - overlap, _samples(OUTRO))
    return Timeline(episode.id, tuple(slides), tuple(placed), _frame(end), crossfade)


def expected_duration(speech: Sequence[float]) -> float:
    """The length in seconds of an episode whose scenes speak for ``speech`` seconds each."""
    crossfade = int(round(CROSSFADE * FPS)) / FPS
    return TITLE + OUTRO + sum(LEAD + s + TAIL for s in speech) - (len(speech) + 1) * crossfade


def _frame(sample: int) -> int:
    return int(round(sample / SAMPLES_PER_FRAME))


def _lines_by_scene(episode: Episode, audio: EpisodeAudio) -> list[list[LineTiming]]:
    expected = [
        [f"{episode.id}/{scene.id}/{line_key(line, i)}" for i, line in enumerate(scene.lines)] for scene in episode.scenes
    ]
    flat = [key for keys in expected for key in keys]
    got = [timing.key for timing in audio.lines]
    if got != flat:
        missing = next((k for k in flat if k not in got), None)
        detail = f"no audio for line '{missing}'" if missing else "the lines are not in the story's order"
        raise KitgenError(
            f"the narration of episode '{episode.id}' does not match the story ({detail}); narrate the episode again",
            Location(f"{episode.id}"),
        )
    timings = iter(audio.lines)
    return [[next(timings) for _ in keys] for keys in expected]
