"""Audio episodes: ``audio/NN-<slug>.m4a`` per episode, for radio and for phones.

The file is the episode's soundtrack made the way the video's is: the narration placed by
the episode's timeline (:func:`kitgen.video.timeline.plan`), mixed and brought to the same
loudness (:func:`kitgen.video.mix.mix`: :data:`~kitgen.voice.audio.TARGET_LUFS` integrated,
true peak at most :data:`~kitgen.voice.audio.CEILING_DBTP`), encoded by the same AAC encoder
(:mod:`kitgen.video.encoder`), with one chapter per scene titled as in the video
(:mod:`kitgen.video.chapters`). The silent title card and outro of the video are left out
(:func:`scenes_only`): the audio starts :data:`~kitgen.video.timeline.LEAD` seconds before
the first line and ends :data:`~kitgen.video.timeline.TAIL` after the last, so a radio
programme gets no dead air at either end. Its stem is the video's (:func:`episode_stem`).

The format is AAC-LC at 48 kHz (the narration's rate), **mono**, :data:`BITRATE`:

- mono, because the narration is one voice in one channel: a stereo file would carry the
  same signal twice. Broadcast chains and the single loudspeaker of a phone sum to mono
  anyway, and a music bed (option ``music``) is folded to mono before the mix is normalized,
  so the loudness holds in mono, where it is heard;
- 96 kbit/s: ffmpeg's own AAC encoder is clean on mono speech there (about 0.7 MB a minute,
  small enough to send to phones, and above what radio stations re-encode to).

Tags: title (``Episode N: <title>``, as the video's), artist (the kit's branding), album
(the story's title) and track (``N/<episodes>``).

It reads what the mix and the tags need, and no illustrations or fonts: the story's id, title
and source locale, the characters' ids (the narration's voice per speaker), its own episode's
title, scenes, captions and lines, the chrome catalog and the voice files.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from kitgen.builder import Builder, BuildRequest, Planned, Reads
from kitgen.builder.episodes import episode_stem
from kitgen.errors import SourceError
from kitgen.model.story import Story
from kitgen.output import atomic_path, temporary_folder
from kitgen.video import chapters as chapter_list
from kitgen.video import encoder, mix
from kitgen.video.timeline import SAMPLES_PER_FRAME, Timeline, plan

AUDIO_FOLDER = "audio"
BITRATE = "96k"


def scenes_only(timeline: Timeline) -> Timeline:
    """``timeline`` without its title card and outro: from the first scene's first frame to the
    last scene's last, every line moved back by as many whole frames."""
    scenes = timeline.scenes
    first, last = scenes[0].start, scenes[-1].end
    shift = first * SAMPLES_PER_FRAME
    slides = tuple(dataclasses.replace(slide, start=slide.start - first, end=slide.end - first) for slide in scenes)
    lines = tuple(
        dataclasses.replace(line, start_sample=line.start_sample - shift, end_sample=line.end_sample - shift) for line in timeline.lines
    )
    return dataclasses.replace(timeline, slides=slides, lines=lines, frames=last - first)


class AudioEpisodeBuilder(Builder):
    """``audio/NN-<title>.m4a`` for each episode: its narration, a chapter per scene."""

    name = "audio"
    group = "audio"
    format = "m4a"
    reads = Reads(
        model={"story": {"id", "title", "source_locale"}, "characters": {"id"}},
        options={"music": None},
        files=("chrome", "voice"),
    )

    def plan(self, story: Story) -> list[Planned]:
        planned = []
        for number, episode in enumerate(story.episodes, 1):
            lines = sum(len(scene.lines) for scene in episode.scenes)
            episode_spec = {"__ids__": frozenset({episode.id}), "id": True, "title": True, "scenes": {"id", "caption", "lines"}}
            planned.append(Planned(
                files=(f"{AUDIO_FOLDER}/{episode_stem(number, episode.title)}.m4a",),
                item=episode.id,
                model={**self.reads.model, "episodes": episode_spec},
                facts={"number": number, "episodes": len(story.episodes)},
                cost=5.0 + 2.0 * lines,  # narration (cached) and a mix: far less than a video
            ))
        return planned

    def prepare(self, request: BuildRequest) -> None:
        if request.voice is None:
            raise SourceError(f"episode '{request.item}' has no narration setup", request.sources.in_story(("episodes",)))
        music = request.option("music")
        if music is not None:
            mix.check_music(Path(music))

    def write(self, request: BuildRequest) -> None:
        (episode,) = request.story.episodes
        narration = request.voice.narrate(request.story, [episode.id], request.facts.get("fallback_lines", ()))
        if episode.id not in narration:
            raise SourceError(f"the narration has no audio for episode '{episode.id}'", request.sources.in_story(("episodes",)))
        number = int(request.facts["number"])
        request.report(f"{episode.id}: mixing", 0, 2)
        timeline = scenes_only(plan(episode, narration[episode.id]))
        music = request.option("music")
        bed = mix.read_music(Path(music), timeline.duration + 1.0) if music is not None else None
        title = f"{request.chrome.text('Episode {number}', number=number)}: {episode.title}"
        tags = {
            "title": title,
            "artist": request.branding or request.story.story.title,
            "album": request.story.story.title,
            "track": f"{number}/{request.facts.get('episodes', number)}",
        }
        with temporary_folder("audio") as work, atomic_path(request.output) as temporary:
            folder = Path(work)
            wav, metadata = folder / "soundtrack.wav", folder / "chapters.txt"
            mix.write_wav(wav, mix.mix(timeline, narration[episode.id], bed, mono=True))
            del bed
            metadata.write_text(chapter_list.ffmetadata(chapter_list.chapters(episode, timeline), title), encoding="utf-8")
            request.report(f"{episode.id}: encoding", 1, 2)
            encoder.encode_audio_file(wav, metadata, temporary, BITRATE, tags, request.output)
        request.report(f"{episode.id}: done", 2, 2)
