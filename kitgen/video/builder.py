"""The episode builder: one MP4 per episode, with its SRT and VTT subtitles and its poster.

It declares what it reads like every other builder: the story's title and credits, the
characters, its own episode (nothing of the others), the size, preset and caption options,
and the illustrations, fonts, chrome catalog and voice files. Narration comes from the
request's voice (cached speech, kept in memory); rendering from
:class:`~kitgen.video.renderer.EpisodeRenderer`, which also gets the request's help
contacts (shown on the outro, held long enough to read them) and whether the kit is a draft
(a "DRAFT — for review" band on the title card and the poster).
"""

from __future__ import annotations

from pathlib import Path

from kitgen.builder import Builder, BuildRequest, Planned, Reads
from kitgen.builder.episodes import episode_stem, slug  # noqa: F401 (slug: also importable from here)
from kitgen.errors import Location, SourceError
from kitgen.model.story import Story
from kitgen.text.fontset import uncovered_message
from kitgen.video import mix
from kitgen.video.rasters import RasterCache, raster_dir
from kitgen.video.reuse import SegmentCache, segment_dir
from kitgen.video.renderer import EPISODE_FILES, EpisodeRenderer, check_episode
from kitgen.video.settings import resolve_preset, resolve_size

EPISODES_FOLDER = "episodes"


class EpisodeBuilder(Builder):
    """``episodes/NN-<title>.mp4`` (+ .srt, .vtt, .png) for each episode."""

    name = "episode"
    group = "episodes"
    format = "mp4"
    reads = Reads(
        model={"story": {"id", "title", "credits", "source_locale"}, "characters": True},
        options={"size": "720p", "preset": "release", "burn_captions": False, "music": None},
        files=("illustrations", "fonts", "chrome", "voice"),
    )

    def plan(self, story: Story) -> list[Planned]:
        planned = []
        for number, episode in enumerate(story.episodes, 1):
            stem = f"{EPISODES_FOLDER}/{episode_stem(number, episode.title)}"
            lines = sum(len(scene.lines) for scene in episode.scenes)
            planned.append(Planned(
                files=tuple(stem + suffix for suffix in EPISODE_FILES),
                item=episode.id,
                model={**self.reads.model, "episodes": {"__ids__": frozenset({episode.id})}},
                facts={"number": number},
                cost=50.0 + 10.0 * lines,  # an episode takes far longer than any PDF
            ))
        return planned

    def prepare(self, request: BuildRequest) -> None:
        resolve_size(request.option("size")), resolve_preset(request.option("preset"))
        if request.voice is None:
            raise SourceError(f"episode '{request.item}' has no narration setup", request.sources.in_story(("episodes",)))
        music = request.option("music")
        if music is not None:
            mix.check_music(Path(music))
        (episode,) = request.story.episodes
        check_episode(request.story, request.story_dir, request.locale, request.fonts, request.chrome,
                      episode, request.branding, bool(request.option("burn_captions")))
        for key, text in help_texts(request):  # the chrome's own labels are proved by `kitgen check`
            missing = request.fonts.missing_characters(text)
            if missing:
                raise SourceError(uncovered_message(key, request.locale, missing[0]), Location("the kit's help contacts"))

    def write(self, request: BuildRequest) -> None:
        (episode,) = request.story.episodes
        narration = request.voice.narrate(request.story, [episode.id], request.facts.get("fallback_lines", ()))
        if episode.id not in narration:
            raise SourceError(f"the narration has no audio for episode '{episode.id}'", request.sources.in_story(("episodes",)))
        music = request.option("music")
        renderer = EpisodeRenderer(
            request.story, request.story_dir, request.locale, resolve_size(request.option("size")),
            resolve_preset(request.option("preset")), bool(request.option("burn_captions")),
            Path(music) if music is not None else None, request.workers, request.branding,
            request.fonts, request.chrome, request.progress, RasterCache(raster_dir(request.cache_dir)),
            SegmentCache(segment_dir(request.cache_dir)), help=tuple(request.help), draft=request.draft,
        )
        paths = dict(zip(EPISODE_FILES, request.outputs))
        renderer.render(int(request.facts["number"]), episode, narration[episode.id], paths)


def help_texts(request: BuildRequest) -> list[tuple[str, str]]:
    """What the outro shows of each help contact, keyed as in the kit (``help/0/name``)."""
    texts: list[tuple[str, str]] = []
    for n, line in enumerate(request.help):
        texts += [(f"help/{n}/{name}", value) for name, value in (("name", line.name), ("phone", line.phone),
                                                                 ("url", line.address), ("hours", line.hours)) if value]
    return texts
