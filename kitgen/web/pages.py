"""The storybook as screen pages: one page per scene, with its narration and each line's timing.

A page's audio is the scene's stretch of its episode's narration, from the first line's start
to the last line's end, with :data:`LEAD` seconds of silence before and :data:`TAIL` after.
Every line keeps its place in that stretch exactly (counted in samples at 48 kHz), so the
highlight follows the very timing the episode's captions use. The audio is MP3 through the
voice layer's encoder at :data:`PAGE_KBPS` kbit/s, which LAME codes at 32 kHz: speech from
the engines has nothing above 11 kHz. (LAME's encoder delay, about 35 ms, is left in: the
highlight leads the voice by that much.)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Sequence

import numpy as np

from kitgen.builder import BuildRequest
from kitgen.errors import SourceError
from kitgen.model.story import Episode, Scene, Story, line_key
from kitgen.voice.assemble import EpisodeAudio
from kitgen.voice.audio import SAMPLE_RATE
from kitgen.voice.encode import mp3_bytes

LEAD = 0.25  # seconds of silence before a page's first line
TAIL = 0.5  # and after its last
PAGE_KBPS = 48  # mono speech


@dataclass(frozen=True)
class PageLine:
    key: str  # "<episode>/<scene>/<line>"
    speaker: str | None  # the character's name, None for narration
    text: str
    begin: float  # seconds into the page's audio
    end: float
    lang: str | None = None  # the source locale, for a line shown untranslated


@dataclass(frozen=True, eq=False)
class StoryPage:
    number: int  # 1-based, over the whole story
    episode_number: int
    episode: Episode
    scene: Scene
    first: bool  # the first page of its episode
    last: bool  # the last page of the story
    lines: tuple[PageLine, ...]
    samples: np.ndarray  # int16 at 48 kHz

    @property
    def duration(self) -> float:
        return len(self.samples) / SAMPLE_RATE

    @property
    def id(self) -> str:
        return f"{self.episode.id}.{self.scene.id}"


def scene_list(story: Story) -> list[tuple[int, Episode, Scene]]:
    """(episode number, episode, scene) for every scene, in reading order."""
    return [(n, episode, scene) for n, episode in enumerate(story.episodes, 1) for scene in episode.scenes]


def audio_name(episode: Episode, scene: Scene) -> str:
    """The page audio's file name: ``<episode>.<scene>.mp3`` (ids never contain dots)."""
    return f"{episode.id}.{scene.id}.mp3"


def narrate(request: BuildRequest) -> dict[str, EpisodeAudio]:
    """Every episode's narration, from the request's narrator (cached speech, in memory)."""
    if request.voice is None:
        raise SourceError("the storybook pages have no narration setup", request.sources.in_story(("episodes",)))
    ids = [episode.id for episode in request.story.episodes]
    fallback = tuple(request.facts.get("fallback_lines", ()))
    narration = request.voice.narrate(request.story, ids, fallback) if fallback else request.voice.narrate(request.story, ids)
    missing = [episode_id for episode_id in ids if episode_id not in narration]
    if missing:
        raise SourceError(f"the narration has no audio for episode '{missing[0]}'", request.sources.in_story(("episodes",)))
    return narration


def story_pages(story: Story, narration: Mapping[str, EpisodeAudio], fallback: Sequence[str] = (),
                source_locale: str | None = None) -> list[StoryPage]:
    """One page per scene with its slice of narration; ``fallback`` lines are marked ``source_locale``."""
    names = {c.id: c.name for c in story.characters}
    untranslated = set(fallback)
    scenes = scene_list(story)
    pages = []
    for index, (number, episode, scene) in enumerate(scenes):
        audio = narration[episode.id]
        timing = {line.key: line for line in audio.lines}
        keys = [f"{episode.id}/{scene.id}/{line_key(line, n)}" for n, line in enumerate(scene.lines)]
        spoken = [timing[key] for key in keys]
        start, stop = spoken[0].start_sample, spoken[-1].end_sample
        lead, tail = int(round(LEAD * SAMPLE_RATE)), int(round(TAIL * SAMPLE_RATE))
        samples = np.concatenate([np.zeros(lead, np.int16), audio.samples[start:stop], np.zeros(tail, np.int16)])
        lines = tuple(
            PageLine(
                key, names.get(line.speaker, line.speaker) if line.speaker else None, line.text,
                round((lead + t.start_sample - start) / SAMPLE_RATE, 3), round((lead + t.end_sample - start) / SAMPLE_RATE, 3),
                source_locale if key in untranslated else None,
            )
            for key, line, t in zip(keys, scene.lines, spoken)
        )
        first = scene is episode.scenes[0]
        pages.append(StoryPage(index + 1, number, episode, scene, first, index == len(scenes) - 1, lines, samples))
    return pages


def page_mp3(page: StoryPage) -> bytes:
    """The page's narration as MP3."""
    return mp3_bytes(page.samples, SAMPLE_RATE, PAGE_KBPS)


def clock(seconds: float) -> str:
    """``H:MM:SS.mmm``, as EPUB media overlays write durations and clip times."""
    millis = int(round(seconds * 1000))
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    return f"{hours}:{minutes:02d}:{rest // 1000:02d}.{rest % 1000:03d}"
