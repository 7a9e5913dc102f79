"""The episode renderer: plans an episode, draws its slides and overlays, and drives the encoder.

:mod:`kitgen.video.builder` is the pipeline's builder; it calls :meth:`EpisodeRenderer.render`
for one episode. :func:`render_episodes` turns episodes of a localized story into, per episode, in the output
folder: ``<episode-id>.mp4`` (H.264 yuv420p + AAC, 25 fps, ``+faststart``, one chapter per
scene), ``<episode-id>.srt`` and ``<episode-id>.vtt`` subtitles and ``<episode-id>.png``, the
poster (the title card).

Every input is checked before anything is drawn or spoken: the size, the preset, the episode
numbers, the music file, the illustrations and the fonts' coverage of every text shown. Then
the narration is asked for (its errors, such as a locale without a voice, pass through), and
each episode is rendered into temporary files that are renamed into place only when all
four are complete: an error or an interruption leaves no partial file in the output folder,
and intermediate files live in a temporary folder that is always removed.
"""

from __future__ import annotations

import time
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Mapping, Sequence

from kitgen.builder.help import HelpLine
from kitgen.errors import EngineError, Location, OptionError, SourceError
from kitgen.i18n.chrome import Chrome
from kitgen.media import inspect_image, path_problem, resolve
from kitgen.model.story import Episode, Story
from kitgen.output import atomic_path, temporary_folder
from kitgen.text.fontset import FontSet, uncovered_message
from kitgen.video import chapters as chapter_list
from kitgen.video import encoder, mix, reuse, subtitles
from kitgen.video.artwork import Artwork, SlideJob, give_back_memory
from kitgen.video.compositor import Compositor, Shown
from kitgen.video.contacts import hold_outro
from kitgen.video.motion import KenBurns
from kitgen.video.rasters import RasterCache
from kitgen.video.reuse import SegmentCache
from kitgen.video.settings import FPS, Preset, Size, resolve_preset, resolve_size
from kitgen.video.slides import (
    OutroCard,
    SceneSlide,
    SlideArt,
    TitleCard,
    caption_box,
    speaker_tag,
)
from kitgen.video.timeline import Timeline, plan
from kitgen.voice.assemble import EpisodeAudio
from kitgen.voice.engines import ENGINE_NAMES

#: The files of one episode: the video first, then its subtitles and its poster.
EPISODE_FILES = (".mp4", ".srt", ".vtt", ".png")
#: Given episode ids, the narration of each (see :mod:`kitgen.voice`).
NarrationSource = Callable[[Sequence[str]], Mapping[str, EpisodeAudio]]
#: (what is happening, done, total): e.g. ``("secret-gems: encoding", 410, 2250)``.
Progress = Callable[[str, int, int], None]



@dataclass(frozen=True)
class EpisodeResult:
    number: int
    episode_id: str
    title: str
    video: Path
    srt: Path
    vtt: Path
    poster: Path
    size: Size
    frames: int
    duration: float  # seconds
    scenes: int
    lines: int
    cues: int
    seconds: float  # wall time spent on this episode


def render_episodes(
    story: Story,
    story_dir: Path,
    locale: str,
    output_dir: Path,
    *,
    narration: NarrationSource | Mapping[str, EpisodeAudio],
    fonts: FontSet,
    chrome: Chrome,
    episodes: Sequence[int] | None = None,
    size: str | Size = "720p",
    burn_captions: bool = False,
    music: Path | None = None,
    preset: str | Preset = "release",
    jobs: int | None = None,
    branding: str = "",
    progress: Progress | None = None,
    rasters: RasterCache | None = None,
    segments: SegmentCache | None = None,
    help: Sequence[HelpLine] = (),
    draft: bool = False,
) -> list[EpisodeResult]:
    """Render ``episodes`` (1-based numbers; default all) of the localized ``story``.

    ``narration`` gives each episode's audio with exact per-line timing; ``jobs`` is the
    number of segments encoded at once (default: one per core, as many as fit in memory, see
    :func:`kitgen.video.encoder.auto_jobs`; the cut into segments never depends on it);
    ``rasters`` keeps what is drawn from the illustrations and ``segments`` the encoded
    segments (default: nothing kept); ``help`` are the kit's help contacts for the outro and
    ``draft`` marks the title card. See the module notes for what is written and checked.
    """
    chosen_size, chosen_preset = resolve_size(size), resolve_preset(preset)
    if jobs is not None and jobs < 1:
        raise OptionError(f"--jobs must be 1 or more, not {jobs}")
    numbers = _episode_numbers(story, episodes)
    if music is not None:
        mix.check_music(Path(music))
    chosen = [story.episodes[n - 1] for n in numbers]
    for episode in chosen:
        check_episode(story, story_dir, locale, fonts, chrome, episode, branding, burn_captions)

    audio = narration([e.id for e in chosen]) if callable(narration) else narration
    missing = [e.id for e in chosen if e.id not in audio]
    if missing:
        raise EngineError(f"the narration has no audio for episode '{missing[0]}'; narrate it first", Location.of(story_dir / "story.yaml"))
    job = EpisodeRenderer(story, story_dir, locale, chosen_size, chosen_preset, burn_captions, music, jobs, branding, fonts, chrome,
                          progress, rasters or RasterCache(None), segments or SegmentCache(None), tuple(help), draft)
    results = []
    for number in numbers:
        episode = story.episodes[number - 1]
        video = Path(output_dir) / f"{episode.id}.mp4"
        results.append(job.render(number, episode, audio[episode.id], {suffix: video.with_suffix(suffix) for suffix in EPISODE_FILES}))
    return results


def check_episode(story: Story, story_dir: Path, locale: str, fonts: FontSet, chrome: Chrome, episode: Episode,
                  branding: str, burn_captions: bool) -> None:
    """Every illustration of ``episode`` decodes and every text it shows has a glyph."""
    _check_illustrations(story_dir, [episode])
    _check_coverage(fonts, locale, _texts(story, [episode], chrome, branding, burn_captions), Location.of(story_dir / "story.yaml"))


@dataclass(frozen=True, eq=False)
class PreparedEpisode:
    """An episode planned, with its slides described (not drawn yet) and its overlays drawn."""

    number: int
    episode: Episode
    narration: EpisodeAudio
    timeline: Timeline
    cues: list[subtitles.Cue]
    slides: list[SlideJob]  # one per timeline slide
    shown: list[Shown]
    size: Size
    title: str  # "Episode 2: The title"

    @property
    def title_card(self) -> TitleCard:
        card = self.slides[0]
        assert isinstance(card, TitleCard)
        return card

    @property
    def moves(self) -> tuple[bool, ...]:
        return tuple(isinstance(job, SceneSlide) and job.motion is not None and not job.motion.still for job in self.slides)

    @property
    def keyframes(self) -> list[int]:
        """Frames that start a scene: forced keyframes, so chapters seek exactly."""
        return [slide.start for slide in self.timeline.scenes]

    def compositor(self, art: Callable[[int], SlideArt], release: Callable[[int], None] | None = None) -> Compositor:
        return Compositor(self.timeline, art, self.moves, self.shown, self.size.width, self.size.height, release)


@dataclass(frozen=True)
class EpisodeRenderer:
    """The settings shared by the episodes of one :func:`render_episodes` call."""

    story: Story
    story_dir: Path
    locale: str
    size: Size
    preset: Preset
    burn_captions: bool
    music: Path | None
    jobs: int | None  # parallel encoders; None: as many as cores and memory allow
    branding: str
    fonts: FontSet
    chrome: Chrome
    progress: Progress | None
    rasters: RasterCache = field(default_factory=lambda: RasterCache(None))  # illustrations drawn once
    segments: SegmentCache = field(default_factory=lambda: SegmentCache(None))  # segments encoded once
    help: tuple[HelpLine, ...] = ()  # the kit's help contacts, shown on the outro
    draft: bool = False  # a draft kit: the title card (and poster) carries "DRAFT — for review"

    def prepare(self, number: int, episode: Episode, narration: EpisodeAudio) -> PreparedEpisode:
        """Plan the episode (its outro held long enough to read the help contacts), describe its
        slides and draw its overlays."""
        chrome = self.chrome
        timeline = hold_outro(plan(episode, narration), len(self.help))
        names = {c.id: c.name for c in self.story.characters}
        cues = subtitles.cues(timeline.lines, names)
        label = chrome.text("Episode {number}", number=number)
        title_card = TitleCard(
            self.size, self.fonts, label, episode.title, self.branding, self._picture(episode.scenes[0].illustration.file),
            rasters=self.rasters, draft=chrome.text("DRAFT — for review") if self.draft else "",
        )
        slides = self._slides(episode, narration, title_card, chrome)
        shown = self._overlays(timeline, cues, names)
        return PreparedEpisode(number, episode, narration, timeline, cues, slides, shown, self.size, f"{label}: {episode.title}")

    def render(self, number: int, episode: Episode, narration: EpisodeAudio, paths: Mapping[str, Path]) -> EpisodeResult:
        """Render one episode to ``paths`` (one per suffix of :data:`EPISODE_FILES`), all or nothing."""
        began = time.perf_counter()
        ready = self.prepare(number, episode, narration)
        timeline = ready.timeline
        video = paths[".mp4"]
        with temporary_folder("video") as work, ExitStack() as stack:
            folder = Path(work)
            temporary = {suffix: stack.enter_context(atomic_path(path)) for suffix, path in paths.items()}
            jobs = encoder.auto_jobs(self.size)
            parts = encoder.segments(timeline, ready.moves, jobs, folder)  # never by self.jobs: same bytes
            threads = encoder.encoder_threads(jobs)
            keys = self._segment_keys(ready, parts, threads)
            art = Artwork.for_segments(ready.slides, timeline, [(part.start, part.end) for part in parts])
            encoding = stack.enter_context(
                encoder.Encoding(ready.compositor(art, art.release), self.size, self.preset, parts, ready.keyframes, video, threads,
                                 self.jobs or jobs, self.segments, keys)
            )
            # While the frames are encoded: subtitles, poster, soundtrack, chapters.
            temporary[".srt"].write_text(subtitles.srt(ready.cues), encoding="utf-8")
            temporary[".vtt"].write_text(subtitles.vtt(ready.cues), encoding="utf-8")
            ready.title_card.image().save(temporary[".png"], format="PNG")
            encoding.check()
            self._report(f"{episode.id}: mixing the soundtrack", encoding.done, timeline.frames)
            bed = mix.read_music(Path(self.music), timeline.duration + 1.0) if self.music is not None else None
            wav, aac = folder / "soundtrack.wav", folder / "soundtrack.m4a"
            soundtrack = mix.mix(timeline, narration, bed)
            channels = soundtrack.shape[1]
            mix.write_wav(wav, soundtrack)
            del bed, soundtrack
            give_back_memory()
            encoding.check()
            encoder.encode_audio(wav, aac, self.preset.soundtrack_bitrate(channels), video)
            metadata = folder / "chapters.txt"
            metadata.write_text(chapter_list.ffmetadata(chapter_list.chapters(episode, timeline), ready.title), encoding="utf-8")
            encoding.wait(lambda done, total: self._report(f"{episode.id}: encoding", done, total))
            self._report(f"{episode.id}: muxing", timeline.frames, timeline.frames)
            encoder.mux(parts, aac, metadata, temporary[".mp4"], ready.title, video)
        return EpisodeResult(
            number, episode.id, episode.title, paths[".mp4"], paths[".srt"], paths[".vtt"], paths[".png"], self.size,
            timeline.frames, timeline.duration, len(episode.scenes), len(timeline.lines), len(ready.cues), time.perf_counter() - began,
        )

    def _segment_keys(self, ready: PreparedEpisode, parts: Sequence[encoder.Segment], threads: int) -> list[str | None]:
        """Each segment's key in the segment cache (none without a cache)."""
        if self.segments.folder is None:
            return [None] * len(parts)
        prints = [reuse.slide_print(job) for job in ready.slides]
        return [
            reuse.segment_key(ready.timeline, prints, ready.shown, part.start, part.end,
                              encoder.encoder_args(self.size, self.preset, part, ready.keyframes, threads)[:-1])
            for part in parts
        ]

    def _slides(self, episode: Episode, narration: EpisodeAudio, title_card: TitleCard, chrome) -> list[SlideJob]:  # type: ignore[no-untyped-def]
        sources = sorted({ENGINE_NAMES[line.source] for line in narration.lines if line.source in ENGINE_NAMES})
        credits = tuple(self.story.story.credits)
        if sources:
            credits += (f"{chrome.text('Voices')}: {', '.join(sources)}",)
        outro = OutroCard(
            self.size, self.fonts, chrome.text("The end"), chrome.text("Talk to an adult you trust"),
            chrome.text("Credits"), credits, self.branding,
            chrome.text("Where to get help"), self.help, chrome.text("Hours"),
        )
        scenes = [
            SceneSlide(
                self.size, self.fonts, self._picture(scene.illustration.file),
                KenBurns.of(scene.motion) if self.preset.motion else None, scene.caption or episode.title, self.branding,
                rasters=self.rasters,
            )
            for scene in episode.scenes
        ]
        return [title_card, *scenes, outro]

    def _overlays(self, timeline: Timeline, cues: list[subtitles.Cue], names: Mapping[str, str]) -> list[Shown]:
        shown: list[Shown] = []
        tags: dict[str, object] = {}
        slide_end = {index: slide.end for index, slide in enumerate(timeline.slides) if slide.kind == "scene"}
        scene_slides = [index for index, slide in enumerate(timeline.slides) if slide.kind == "scene"]
        for index, line in enumerate(timeline.lines):
            if not line.speaker:
                continue
            name = names.get(line.speaker, line.speaker)
            if name not in tags:
                tags[name] = speaker_tag(self.size, self.fonts, name)
            following = timeline.lines[index + 1].start_frame if index + 1 < len(timeline.lines) else timeline.frames
            end = min(_frame_at(line.end + subtitles.HOLD), following, slide_end[scene_slides[line.scene]])
            shown.append(Shown(_frame_at(line.start), end, tags[name]))  # type: ignore[arg-type]
        if self.burn_captions:
            for cue in cues:
                shown.append(Shown(_frame_at(cue.start), _frame_at(cue.end), caption_box(self.size, self.fonts, cue.lines)))
        return shown

    def _picture(self, relative: str) -> Path:
        return resolve(self.story_dir, relative)

    def _report(self, what: str, done: int, total: int) -> None:
        if self.progress is not None:
            self.progress(what, done, total)


def _frame_at(seconds: float) -> int:
    """The first frame shown at or after ``seconds`` (so nothing appears early)."""
    return int(-(-round(seconds * FPS * 1000) // 1000))


def _episode_numbers(story: Story, episodes: Sequence[int] | None) -> list[int]:
    count = len(story.episodes)
    if episodes is None:
        return list(range(1, count + 1))
    listing = ", ".join(f"{n} ({e.id})" for n, e in enumerate(story.episodes, 1))
    numbers = []
    for number in episodes:
        if not isinstance(number, int) or not 1 <= number <= count:
            raise OptionError(f"story '{story.id}' has no episode {number}; it has {count}: {listing}")
        if number not in numbers:
            numbers.append(number)
    return numbers


def _check_illustrations(story_dir: Path, episodes: Sequence[Episode]) -> None:
    for episode in episodes:
        for scene in episode.scenes:
            problem = path_problem(story_dir, scene.illustration.file)
            where = Location.of(story_dir / "story.yaml")
            if problem:
                raise SourceError(f"scene '{scene.id}' of episode '{episode.id}': {problem}", where)
            inspect_image(resolve(story_dir, scene.illustration.file))


def _texts(story: Story, episodes: Sequence[Episode], chrome, branding: str, burn_captions: bool) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    texts = [(key, chrome.text(key)) for key in ("The end", "Talk to an adult you trust", "Credits", "Voices")]
    texts.append(("Episode {number}", chrome.text("Episode {number}", number=len(story.episodes))))
    texts += [("branding", branding)] + [("credits", credit) for credit in story.story.credits]
    texts += [(f"characters/{c.id}/name", c.name) for c in story.characters]
    for episode in episodes:
        texts.append((f"episodes/{episode.id}/title", episode.title))
        for scene in episode.scenes:
            if scene.caption:
                texts.append((f"episodes/{episode.id}/{scene.id}/caption", scene.caption))
            if burn_captions:
                texts += [(f"episodes/{episode.id}/{scene.id}/lines", line.text) for line in scene.lines]
    return texts


def _check_coverage(fonts: FontSet, locale: str, texts: list[tuple[str, str]], where: Location) -> None:
    for key, text in texts:
        missing = fonts.missing_characters(text)
        if missing:
            raise SourceError(uncovered_message(key, locale, missing[0]), where)
