"""Narrating a story's episodes: plan every line, check it all, render, then write.

1. **Plan**: each line is voiced by its recorded clip when one exists, else by the profile's
   engine. Text that is empty after normalization, a locale the engine cannot speak and
   (for ``engine: recorded``) lines without a clip are errors, all reported before any work.
   So are letters the profile's transliteration (``transliterate:``) cannot rewrite.
2. **Check**: clips are read; clips not already in the cache are decoded and checked (audio,
   0-60 s). Every bad clip is reported at once.
3. **Render**: each line comes from the cache or is synthesized/processed and cached.
4. **Write**: per episode ``<episode-id>.wav``, ``<episode-id>.mp3`` and
   ``<episode-id>.timing.json`` into the caller's folder, each atomically. Nothing is written
   unless every line of every episode rendered. Timing refers to the WAV; the MP3 adds the
   encoder's usual padding.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

from kitgen.errors import Diagnostic, EngineError, KitgenError, Location, MediaError, Report, display_path
from kitgen.i18n.supported import SUPPORTED_LOCALES
from kitgen.model.story import Story
from kitgen.voice.assemble import EpisodeAudio, RenderedLine, assemble
from kitgen.voice.audio import Audio, finish_line, to_pcm16
from kitgen.voice.cache import AudioCache, clip_key, synth_key
from kitgen.voice.encode import json_bytes, mp3_bytes, wav_bytes, write_atomic
from kitgen.voice.engines import Engine, VoiceParams, get_engine
from kitgen.voice.engines.espeak import espeak_locales
from kitgen.voice.lines import Locate, SpokenLine, locate_by_key, speech_text, spoken_lines
from kitgen.voice.profile import VoiceProfile
from kitgen.voice.recorded import Coverage, RecordedClips, clips_folder, decode_clip, read_clip, scan_clips
from kitgen.voice.transliterate import Scheme


OnLine = Callable[[SpokenLine, str], None]  # called after each line with its source


@dataclass(frozen=True)
class NarrationStats:
    """``synthesized``: engine runs; ``cached``: lines taken from the cache (clips included);
    ``recorded``: lines voiced by a clip; ``silent``: lines of the silent engine."""

    synthesized: int = 0
    cached: int = 0
    recorded: int = 0
    silent: int = 0

    def __str__(self) -> str:
        return f"synthesized {self.synthesized}, cached {self.cached}, recorded {self.recorded}, silent {self.silent}"


@dataclass(frozen=True)
class EpisodeFiles:
    episode_id: str
    wav: Path | None  # None when narrated in memory only
    mp3: Path | None
    timing: Path | None
    audio: EpisodeAudio


@dataclass(frozen=True)
class Narration:
    story_id: str
    locale: str
    engine: str
    engine_version: str
    episodes: tuple[EpisodeFiles, ...]
    stats: NarrationStats
    coverage: Coverage
    warnings: tuple[Diagnostic, ...]


@dataclass(frozen=True)
class _Plan:
    line: SpokenLine
    text: str
    params: VoiceParams | None  # None: the line is recorded
    clip: Path | None = None
    profile: VoiceProfile | None = None  # the profile whose voice speaks it (None: recorded)


@dataclass(frozen=True)
class Fallback:
    """Lines shown untranslated, in the story's source language: the source locale's profile
    speaks them, so no voice ever reads another language's text."""

    profile: VoiceProfile
    lines: frozenset[str]  # line keys: "<episode>/<scene>/<line>"


def narrate(
    story: Story,
    profile: VoiceProfile,
    out_dir: Path | None,
    *,
    cache: AudioCache | None,
    recorded_dir: Path | None,
    episodes: Sequence[str] | None = None,
    locate: Locate | None = None,
    on_line: OnLine | None = None,
    fallback: Fallback | None = None,
) -> Narration:
    """Narrate ``episodes`` (default: all) of ``story`` in ``profile``'s locale into ``out_dir``.

    ``fallback``: the lines left in the source language and the source locale's profile, which
    speaks them (recorded clips still win for those lines).
    """
    locate = locate or locate_by_key(story.id)
    chosen = [e for e in story.episodes if episodes is None or e.id in episodes]
    lines = {e.id: spoken_lines(story, e) for e in chosen}
    all_lines = [line for group in lines.values() for line in group]
    clips = scan_clips(clips_folder(recorded_dir, profile.locale, story.id)) if recorded_dir else RecordedClips(Path())
    coverage = clips.coverage(line.clip_name for line in all_lines)
    warnings = clips.problems + tuple(clips.strays(line.clip_name for line in _all_lines(story)))

    plans = _plan(story, profile, all_lines, clips, locate, coverage, recorded_dir, fallback)
    voices = {}
    for speaker in dict.fromkeys(plan.profile for plan in plans if plan.profile is not None):
        own = [plan for plan in plans if plan.profile is speaker]
        voices[speaker.locale] = (*_engine_for(speaker, own, coverage, recorded_dir, story.id), speaker.scheme_for(speaker.engine))
    version = voices[profile.locale][1] if profile.locale in voices else "recorded"
    clip_data = _check_clips(plans, cache)
    renderer = _Renderer(voices, cache, clip_data, locate, on_line)
    rendered = iter([renderer.render(plan) for plan in plans])  # one per line, in speaking order
    audios = [assemble(e.id, [next(rendered) for _ in lines[e.id]], profile.pause_ms) for e in chosen]

    about = {"story": story.id, "locale": profile.locale, "engine": profile.engine, "engine_version": version}
    # out_dir None: the narration stays in memory (a video build); files only for `kitgen narrate`.
    files = tuple(_write(audio, out_dir, about) if out_dir is not None else EpisodeFiles(audio.episode_id, None, None, None, audio)
                  for audio in audios)
    return Narration(story.id, profile.locale, profile.engine, version, files, renderer.stats(), coverage, warnings)


def _all_lines(story: Story) -> list[SpokenLine]:
    return [line for episode in story.episodes for line in spoken_lines(story, episode)]


def _plan(
    story: Story,
    profile: VoiceProfile,
    lines: list[SpokenLine],
    clips: RecordedClips,
    locate: Locate,
    coverage: Coverage,
    recorded_dir: Path | None,
    fallback: Fallback | None = None,
) -> list[_Plan]:
    cast = {character.id: index for index, character in enumerate(story.characters)}
    report = Report()
    plans = []
    for line in lines:
        text = speech_text(line.text)
        if not text:
            report.error(locate(line), "this line has nothing to speak (no letters or digits after normalization); write the words or remove the line")
        clip = clips.find(line.clip_name)
        speaker = fallback.profile if fallback is not None and line.key in fallback.lines else profile
        if clip is not None:
            plans.append(_Plan(line, text, None, clip))
        elif speaker.engine != "recorded":
            params = speaker.params(line.speaker, cast.get(line.speaker or ""), engine=speaker.engine)
            plans.append(_Plan(line, text, params, profile=speaker))
            scheme = speaker.scheme_for(speaker.engine)
            unmapped = scheme.unmapped(text) if scheme is not None else ()
            if scheme is not None and unmapped:
                report.error(locate(line), unmapped_message(scheme, unmapped, speaker.path))
        elif speaker is not profile:  # the source voice is recordings only and this line has none
            report.error(locate(line), f"this line is not translated into '{profile.locale}', and the '{speaker.locale}' voice "
                                       f"profile ({display_path(speaker.path)}) only plays recordings; translate the line or record it")
    report.raise_if_errors()
    if profile.engine == "recorded" and coverage.missing:
        reason = f"the voice profile's engine is 'recorded' and {len(coverage.missing)} of {coverage.total} lines have no clip"
        raise no_voice_error(profile, reason, coverage, recorded_dir, story.id)
    assert len(plans) == len(lines)
    return plans


def unmapped_message(scheme: Scheme, letters: tuple[str, ...], profile_path: Path) -> str:
    shown = ", ".join(f"'{ch}'" for ch in letters)
    return (
        f"the voice profile {display_path(profile_path)} transliterates with '{scheme.name}', which has no "
        f"spelling for {shown}; write the word in the locale's own alphabet or record this line"
    )


def no_voice_error(profile: VoiceProfile, reason: str, coverage: Coverage, recorded_dir: Path | None, story_id: str) -> EngineError:
    """The error for a locale nothing can voice, listing the ways out."""
    folder = display_path(clips_folder(recorded_dir or Path("voices/recorded"), profile.locale, story_id))
    first = f" (first missing: {coverage.missing[0].replace('/', '.')}.wav)" if coverage.missing else ""
    speakable = espeak_locales(SUPPORTED_LOCALES)
    approximate = profile.approximate and profile.voice is not None and profile.scheme_for("espeak") is not None
    if (profile.locale in speakable or approximate) and profile.engine != "espeak":
        espeak = f"  - pass --engine espeak (offline{', ' + str(profile.approximation) if approximate else ''})"
    else:
        espeak = f"  - espeak cannot: it speaks only {', '.join(speakable)}"
    return EngineError(
        f"no voice can narrate '{profile.locale}': {reason} (recorded {coverage} lines). Choose one:\n"
        f"  - record the lines as {folder}/<episode>.<scene>.<line>.wav{first}\n"
        f"  - pass --engine silent for captions-only episodes\n"
        f"{espeak}",
        Location.of(profile.path),
    )


def _engine_for(
    profile: VoiceProfile, plans: list[_Plan], coverage: Coverage, recorded_dir: Path | None, story_id: str
) -> tuple[Engine | None, str]:
    synthesized = [plan for plan in plans if plan.params is not None]
    if not synthesized:
        return None, "recorded"
    try:
        engine = get_engine(profile.engine)
        version = engine.version()
    except EngineError as exc:  # not installed: point at the profile that asks for it
        raise EngineError(exc.message, exc.location or Location.of(profile.path)) from None
    for params in dict.fromkeys(plan.params for plan in synthesized if plan.params is not None):
        try:
            engine.check(params)
        except EngineError as exc:
            raise no_voice_error(profile, exc.message, coverage, recorded_dir, story_id) from None
    return engine, version


def _check_clips(plans: list[_Plan], cache: AudioCache | None) -> dict[Path, tuple[str, Audio | None]]:
    """Each clip's cache key, and its decoded audio unless the cache already has it."""
    report = Report()
    found: dict[Path, tuple[str, Audio | None]] = {}
    for plan in plans:
        if plan.clip is None or plan.clip in found:
            continue
        try:
            data = read_clip(plan.clip)
            key = clip_key(data)
            cached = cache is not None and cache.get(key) is not None
            found[plan.clip] = (key, None if cached else decode_clip(plan.clip, data))
        except KitgenError as exc:
            report.error(exc.location or Location.of(plan.clip), exc.message)
    report.raise_if_errors()
    return found


class _Renderer:
    """Renders planned lines one by one and counts where their audio came from."""

    def __init__(
        self,
        voices: dict[str, tuple[Engine | None, str, Scheme | None]],  # locale -> engine, version, scheme
        cache: AudioCache | None,
        clips: dict[Path, tuple[str, Audio | None]],
        locate: Locate,
        on_line: OnLine | None,
    ) -> None:
        self.voices, self.cache, self.clips = voices, cache, clips
        self.locate, self.on_line = locate, on_line
        self.counts = {"synthesized": 0, "cached": 0, "recorded": 0, "silent": 0}

    def stats(self) -> NarrationStats:
        return NarrationStats(**self.counts)

    def render(self, plan: _Plan) -> RenderedLine:
        if plan.clip is not None:
            samples, source = self._clip(plan), "recorded"
            self.counts["recorded"] += 1
        else:
            assert plan.profile is not None and plan.params is not None
            engine, version, scheme = self.voices[plan.profile.locale]
            assert engine is not None
            samples, source = self._synth(plan, engine, version, plan.params, scheme), engine.name
        if self.on_line:
            self.on_line(plan.line, source)
        return RenderedLine(plan.line.key, plan.line.text, plan.line.speaker, source, samples)

    def _cached(self, key: str) -> np.ndarray | None:
        found = self.cache.get(key) if self.cache is not None else None
        if found is not None:
            self.counts["cached"] += 1
        return found

    def _store(self, key: str, samples: np.ndarray) -> None:
        if self.cache is not None:
            self.cache.put(key, samples)

    def _clip(self, plan: _Plan) -> np.ndarray:
        assert plan.clip is not None
        key, audio = self.clips[plan.clip]
        found = self._cached(key)
        if found is not None:
            return found
        if audio is None:  # the entry vanished since the check; read it again
            audio = decode_clip(plan.clip, read_clip(plan.clip))
        samples = finish_line(audio)
        if len(samples) == 0:
            raise MediaError("the clip is silent (nothing louder than -60 dBFS); record the line again", Location.of(plan.clip))
        self._store(key, samples)
        return samples

    def _synth(self, plan: _Plan, engine: Engine, version: str, params: VoiceParams, scheme: Scheme | None) -> np.ndarray:
        samples, origin = speak(engine, version, params, plan.text, self.cache, scheme)
        self.counts[origin] += 1
        if len(samples) == 0:
            raise EngineError(f"{engine.name} produced only silence for this line; check its text and voice", self.locate(plan.line))
        return samples


def speak(
    engine: Engine, version: str, params: VoiceParams, text: str, cache: AudioCache | None, scheme: Scheme | None = None
) -> tuple[np.ndarray, str]:
    """Finished samples of ``text`` and where they came from: "synthesized", "cached" or "silent".

    ``scheme`` (the profile's transliteration, when it writes for this engine) rewrites the
    text just before synthesis; the rewritten text and the scheme are part of the cache key.
    The silent engine's lines are neither processed, transliterated nor cached; empty samples
    mean the engine produced nothing audible.
    """
    if engine.name == "silent":
        return to_pcm16(engine.synthesize(text, params).samples), "silent"
    if scheme is not None and scheme.applies_to(engine.name):
        text = scheme.apply(text)
    else:
        scheme = None
    key = synth_key(engine.name, version, params.identity(), text, scheme=scheme.name if scheme is not None else None)
    found = cache.get(key) if cache is not None else None
    if found is not None:
        return found, "cached"
    samples = finish_line(engine.synthesize(text, params))
    if cache is not None and len(samples):
        cache.put(key, samples)
    return samples, "synthesized"


def _write(audio: EpisodeAudio, out_dir: Path, about: dict[str, str]) -> EpisodeFiles:
    wav = out_dir / f"{audio.episode_id}.wav"
    mp3 = out_dir / f"{audio.episode_id}.mp3"
    timing = out_dir / f"{audio.episode_id}.timing.json"
    contents = [(wav, wav_bytes(audio.samples)), (mp3, mp3_bytes(audio.samples)), (timing, json_bytes(audio.timing(**about)))]
    for path, data in contents:
        write_atomic(path, data)
    return EpisodeFiles(audio.episode_id, wav, mp3, timing, audio)
