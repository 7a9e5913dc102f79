"""The episodes as the reader shows them: the episode builder's files, and their captions inline.

The reader links to the MP4 and poster the episode builder writes beside it
(``../episodes/NN-<title>.mp4``, :func:`kitgen.video.builder.episode_stem`); it renders no
video. Its ``<track>`` carries the episode's WebVTT as a ``data:`` URL, made by the same code
from the same narration as the ``.vtt`` file (:mod:`kitgen.video.subtitles`), because a page
opened from ``file://`` may not load a track from another file: browsers treat every
``file:`` URL as an origin of its own, and Chromium refuses the track with "Unsafe attempt
to load URL".
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import Mapping

from kitgen.model.story import Story
from kitgen.video import subtitles
from kitgen.video.builder import EPISODES_FOLDER, episode_stem
from kitgen.video.timeline import plan
from kitgen.voice.assemble import EpisodeAudio


@dataclass(frozen=True)
class EpisodeLink:
    number: int
    title: str
    video: str  # relative to the target folder, e.g. "episodes/01-the-secret-gems.mp4"
    poster: str
    captions_file: str
    captions: str  # the WebVTT text

    @property
    def captions_url(self) -> str:
        return "data:text/vtt;charset=utf-8;base64," + base64.b64encode(self.captions.encode("utf-8")).decode("ascii")


def episode_links(story: Story, narration: Mapping[str, EpisodeAudio], prefix: str = "") -> list[EpisodeLink]:
    """Every episode's files (with the pipeline's ``prefix`` for kits of several stories) and captions."""
    names = {c.id: c.name for c in story.characters}
    links = []
    for number, episode in enumerate(story.episodes, 1):
        stem = f"{EPISODES_FOLDER}/{prefix}{episode_stem(number, episode.title)}"
        captions = subtitles.vtt(subtitles.cues(plan(episode, narration[episode.id]).lines, names))
        links.append(EpisodeLink(number, episode.title, stem + ".mp4", stem + ".png", stem + ".vtt", captions))
    return links
