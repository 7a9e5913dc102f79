"""Chapter metadata: one chapter per scene, in ffmpeg's ``ffmetadata`` format.

The first chapter starts at 0 so that the title card belongs to it; each later chapter
starts where its scene's slide begins to fade in, and the last runs to the end (the outro).
A chapter's title is the scene's caption, else the start of its first line.
"""

from __future__ import annotations

from dataclasses import dataclass

from kitgen.model.story import Episode
from kitgen.video.subtitles import clean
from kitgen.video.timeline import Timeline

TITLE_CHARS = 48


@dataclass(frozen=True)
class Chapter:
    title: str
    start: float  # seconds
    end: float


def chapters(episode: Episode, timeline: Timeline) -> list[Chapter]:
    scenes = timeline.scenes
    starts = [0] + [slide.start for slide in scenes[1:]]
    ends = starts[1:] + [timeline.frames]
    return [
        Chapter(_title(scene.caption or scene.lines[0].text), start / timeline.fps, end / timeline.fps)
        for scene, start, end in zip(episode.scenes, starts, ends)
    ]


def ffmetadata(chapters_: list[Chapter], title: str | None = None) -> str:
    """The ``;FFMETADATA1`` text ffmpeg reads with ``-i file -map_metadata N -map_chapters N``."""
    lines = [";FFMETADATA1"]
    if title:
        lines.append(f"title={_escape(title)}")
    for chapter in chapters_:
        lines += [
            "[CHAPTER]",
            "TIMEBASE=1/1000",
            f"START={int(round(chapter.start * 1000))}",
            f"END={int(round(chapter.end * 1000))}",
            f"title={_escape(chapter.title)}",
        ]
    return "\n".join(lines) + "\n"


def _title(text: str) -> str:
    text = clean(text)
    if len(text) <= TITLE_CHARS:
        return text
    cut = text[: TITLE_CHARS - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:.") + "…"


def _escape(value: str) -> str:
    for char in "\\=;#\n":
        value = value.replace(char, "\\" + char)
    return value
