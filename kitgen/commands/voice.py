"""What ``kitgen voices`` and ``kitgen narrate`` do, as plain functions returning results to print.

Nothing here knows about the command line; project lookups (which stories, which folders)
are the caller's.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Mapping, Sequence

from kitgen.errors import EngineError, KitgenError, Location, SourceError
from kitgen.voice.audio import SAMPLE_RATE
from kitgen.voice.cache import AudioCache
from kitgen.voice.encode import wav_bytes, write_atomic
from kitgen.voice.engines import get_engine
from kitgen.voice.lines import speech_text
from kitgen.pipeline.voice import narrate_story
from kitgen.pipeline.voices import load_locale_profile
from kitgen.voice.narrate import no_voice_error, speak, unmapped_message
from kitgen.voice.profile import VoiceProfile
from kitgen.voice.recorded import Coverage, clips_folder, scan_clips

if TYPE_CHECKING:
    from kitgen.project import Project

__all__ = ["check_recordings", "narrate_story", "speak_sample", "voices_table"]


@dataclass(frozen=True)
class VoiceRow:
    """One line of ``kitgen voices``."""

    locale: str
    engine: str
    voice: str  # espeak voice, piper model file, or "-"
    available: bool
    detail: str  # engine and version when available, else why not
    recorded: Coverage  # recorded clips over the given stories' lines
    approximate: str | None = None  # e.g. "approximate: transliterated to fa-Latn (tg-fa-latn)"


def voices_table(
    voices_dir: Path,
    locales: Sequence[str],
    recorded_dir: Path,
    story_lines: Mapping[str, Sequence[str]],
    *,
    engine: str | None = None,
) -> list[VoiceRow]:
    """Per locale: engine, voice, whether it can speak now, and recorded coverage x/y.

    ``story_lines`` maps story ids to their line keys (:func:`kitgen.voice.lines.story_line_keys`).
    A broken profile gives a row that says why instead of stopping the table.
    """
    rows = []
    for locale in locales:
        recorded, total, missing = 0, 0, []
        for story_id, keys in story_lines.items():
            coverage = scan_clips(clips_folder(recorded_dir, locale, story_id)).coverage(k.replace("/", ".") for k in keys)
            recorded, total = recorded + coverage.recorded, total + coverage.total
            missing += coverage.missing
        coverage = Coverage(recorded, total, tuple(missing))
        try:
            profile = load_locale_profile(voices_dir, locale, engine=engine)
        except KitgenError as exc:
            rows.append(VoiceRow(locale, "?", "-", False, _first_line(exc), coverage))
            continue
        available, detail = _availability(profile, coverage)
        note = profile.approximation if profile.engine != "recorded" else None
        if note:
            detail = f"{note}; {detail}"
        rows.append(VoiceRow(locale, profile.engine, _voice_label(profile), available, detail, coverage, note))
    return rows


def _availability(profile: VoiceProfile, coverage: Coverage) -> tuple[bool, str]:
    if profile.engine == "recorded":
        if coverage.complete:
            return True, "recorded narration"
        return False, f"recorded narration, {len(coverage.missing)} line(s) without a clip"
    try:
        engine = get_engine(profile.engine)
        version = engine.version()
        engine.check(profile.params())
    except EngineError as exc:
        return False, exc.message
    return True, f"{profile.engine} {version}"


def _voice_label(profile: VoiceProfile) -> str:
    if profile.engine == "piper":
        return profile.model.name if profile.model else "-"
    if profile.engine == "espeak":
        return profile.params().voice or "-"
    return "-"


def _first_line(exc: KitgenError) -> str:
    return exc.format_message().splitlines()[0]


@dataclass(frozen=True)
class SampleResult:
    """What ``kitgen voices --test`` reports."""

    locale: str
    engine: str
    engine_version: str
    voice: str
    text: str
    duration: float  # seconds of speech after trimming
    cached: bool
    wav: Path | None
    spoken: str | None = None  # the text as the engine read it, when the profile transliterates
    approximate: str | None = None  # the profile's approximation note


def speak_sample(
    voices_dir: Path,
    locale: str,
    *,
    engine: str | None = None,
    text: str | None = None,
    cache_dir: Path | None = None,
    out: Path | None = None,
) -> SampleResult:
    """Speak the profile's ``sample`` line (or ``text``); optionally save it as WAV at ``out``."""
    profile = load_locale_profile(voices_dir, locale, engine=engine)
    sample = speech_text(text or profile.sample or "")
    if not sample:
        raise SourceError("nothing to speak: add a 'sample:' line to the profile or pass a text", Location.of(profile.path))
    if profile.engine == "recorded":
        reason = "the profile's engine is 'recorded', which has nothing to synthesize a sample with"
        raise no_voice_error(profile, reason, Coverage(0, 0), voices_dir / "recorded", "<story-id>")
    synth = get_engine(profile.engine)
    version = synth.version()
    params = profile.params()
    try:
        synth.check(params)
    except EngineError as exc:
        raise no_voice_error(profile, exc.message, Coverage(0, 0), voices_dir / "recorded", "<story-id>") from None
    scheme = profile.scheme_for(synth.name)
    unmapped = scheme.unmapped(sample) if scheme is not None else ()
    if scheme is not None and unmapped:
        raise SourceError(unmapped_message(scheme, unmapped, profile.path), Location.of(profile.path))
    cache = AudioCache(cache_dir) if cache_dir is not None else None
    samples, origin = speak(synth, version, params, sample, cache, scheme)
    if out is not None:
        write_atomic(out, wav_bytes(samples))
    return SampleResult(
        locale, synth.name, version, _voice_label(profile), sample, len(samples) / SAMPLE_RATE, origin == "cached", out,
        spoken=scheme.apply(sample) if scheme is not None else None,
        approximate=profile.approximation if synth.name != "silent" else None,
    )


def check_recordings(project: "Project", locales: Sequence[str] | None, *, cache_dir: Path | None) -> dict[str, list]:
    """``kitgen voices --check``: per locale, the problems of every recorded clip, each line's
    length expected from the synthetic narration (espeak, through the speech cache) where
    espeak speaks the locale, else from its words."""
    from kitgen.commands.record import expected_lines
    from kitgen.pipeline.clips import recorded_diagnostics
    from kitgen.voice.lines import spoken_lines

    def synthetic(story, locale: str, clips: Sequence[str]) -> tuple[dict[str, float], str]:
        wanted = set(clips)
        lines = [line for episode in story.episodes for line in spoken_lines(story, episode) if line.clip_name in wanted]
        if not lines:
            return {}, ""
        expected, how = expected_lines(story, lines, project.voices_dir, locale, cache_dir=cache_dir)
        return {line.clip_name: line.seconds for line in expected}, f"by the {how}"

    return recorded_diagnostics(project, locales, synthetic)
