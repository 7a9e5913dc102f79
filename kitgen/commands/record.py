"""What ``kitgen record`` does: the recording script, and whole takes split into clips.

Nothing here knows about the command line; the caller resolves the project and prints.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping, Sequence

from kitgen.errors import EngineError, Location, MediaError, UsageError, did_you_mean
from kitgen.model.story import Story
from kitgen.output import atomic_write_bytes
from kitgen.pipeline.artifact import build_artifact
from kitgen.pipeline.build import BuildResult
from kitgen.pipeline.jobs import Settings
from kitgen.pipeline.voices import load_locale_profile
from kitgen.print.script import CSV_NAME, SPEAKER_NARRATOR
from kitgen.project import Project
from kitgen.text.reading import WORDS_PER_MINUTE, speaking_seconds
from kitgen.voice.cache import AudioCache
from kitgen.voice.decode import DecodeError
from kitgen.voice.lines import SpokenLine, spoken_lines
from kitgen.voice.narrate import narrate
from kitgen.voice.recorded import clips_folder
from kitgen.voice.takefile import read_take
from kitgen.voice.takes import ExpectedLine, TakeError, TakePlan, existing_clips, plan_take, write_clips
from kitgen.voice.waveform import plan_png

SCRIPT_GROUP = "script"


def recording_script(root: Path, story_id: str | None, locale: str, *, kit_id: str | None, cache_dir: Path | None,
                     engine: str | None = None, output_dir: Path | None = None, force: bool = False) -> tuple[BuildResult, list[Path]]:
    """Build the recording script through the pipeline; the result and the files it names."""
    result = build_artifact(root, SCRIPT_GROUP, story_id, locale, kit_id=kit_id,
                            settings=Settings(engine=engine, cache_dir=cache_dir), output_dir=output_dir, force=force)
    files = []
    for outcome in result.outcomes:
        pdf = Path(outcome.output)
        files += [pdf, pdf.with_name(CSV_NAME)]
    return result, files


# -- takes -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TakeImport:
    """What ``kitgen record import`` did (or, with ``dry_run``, would do)."""

    take: Path
    plan: TakePlan
    timing: str  # where the expected lengths came from
    folder: Path  # where the clips go
    written: tuple[Path, ...] = ()
    picture: Path | None = None  # the dry run's waveform PNG
    replaced: tuple[Path, ...] = ()


def take_lines(story: Story, episode: str | None, speaker: str | None) -> list[SpokenLine]:
    """The lines a take holds, in reading order: one episode's, one speaker's, or both."""
    if episode is None and speaker is None:
        raise UsageError("say which lines the take holds: --episode N, --speaker ID, or both")
    episodes = list(story.episodes)
    if episode is not None:
        episodes = [_episode(story, episode)]
    lines = [line for e in episodes for line in spoken_lines(story, e)]
    if speaker is not None:
        ids = [c.id for c in story.characters]
        if speaker != SPEAKER_NARRATOR and speaker not in ids:
            raise UsageError(f"--speaker: story '{story.id}' has no character '{speaker}'{did_you_mean(speaker, ids + [SPEAKER_NARRATOR])}; "
                             f"choose from {', '.join([SPEAKER_NARRATOR] + ids)}")
        wanted = None if speaker == SPEAKER_NARRATOR and speaker not in ids else speaker
        lines = [line for line in lines if line.speaker == wanted]
        if not lines:
            where = f"episode '{episodes[0].id}'" if episode is not None else f"story '{story.id}'"
            raise UsageError(f"--speaker: '{speaker}' has no lines in {where}")
    return lines


def _episode(story: Story, episode: str) -> Any:
    if episode.isdigit():
        number = int(episode)
        if not 1 <= number <= len(story.episodes):
            raise UsageError(f"--episode: story '{story.id}' has episodes 1 to {len(story.episodes)}, not {number}")
        return story.episodes[number - 1]
    ids = [e.id for e in story.episodes]
    if episode not in ids:
        raise UsageError(f"--episode: story '{story.id}' has no episode '{episode}'{did_you_mean(episode, ids)}; "
                         f"give its number (1-{len(ids)}) or id")
    return story.episodes[ids.index(episode)]


class ReadOnlyCache(AudioCache):
    """The speech cache, read but never written (a dry run writes nothing but its picture)."""

    def put(self, key: str, samples) -> None:
        return None


def expected_lines(story: Story, lines: Sequence[SpokenLine], voices_dir: Path, locale: str, *,
                   cache_dir: Path | None, overrides: Mapping[str, Any] | None = None,
                   read_only: bool = False) -> tuple[list[ExpectedLine], str]:
    """Each line's length in the synthetic narration (espeak, through the speech cache), or an
    estimate from its words when espeak cannot speak the locale; and which it was."""
    episodes = list(dict.fromkeys(line.key.split("/")[0] for line in lines))
    cache = (ReadOnlyCache if read_only else AudioCache)(cache_dir) if cache_dir else None
    try:
        profile = load_locale_profile(voices_dir, locale, engine="espeak", overrides=overrides)
        narration = narrate(story, profile, None, cache=cache, recorded_dir=None, episodes=episodes)
    except (EngineError, MediaError) as exc:
        reason = exc.message.splitlines()[0]
        estimated = [ExpectedLine(line.clip_name, line.text, line.speaker, speaking_seconds(line.text)) for line in lines]
        return estimated, f"estimated at {WORDS_PER_MINUTE} words per minute ({reason})"
    seconds = {timing.key: timing.duration for files in narration.episodes for timing in files.audio.lines}
    found = [ExpectedLine(line.clip_name, line.text, line.speaker, seconds[line.key]) for line in lines]
    return found, f"espeak {narration.engine_version} narration"


def recorded_dir(project: Project) -> Path:
    """Where imported clips go: the project's own ``voices/recorded`` (never kitgen's bundled
    voices), which narration reads once the folder exists."""
    return project.root / "voices" / "recorded"


def import_take(project: Project, take: Path, locale: str, *, story_id: str | None, episode: str | None,
                speaker: str | None, kit_id: str | None, cache_dir: Path | None, dry_run: bool = False,
                picture: Path | None = None, force: bool = False) -> TakeImport:
    """Split ``take`` into its lines; write the clips, or with ``dry_run`` only the plan's picture."""
    story_id = project.default_story(story_id)
    overrides = project.kit(kit_id).kit.voices.get(locale) if kit_id else None
    story = project.localized(story_id, locale)
    lines = take_lines(story, episode, speaker)
    try:
        audio = read_take(take)
    except DecodeError as exc:
        raise MediaError(f"cannot read the take: {exc}; use WAV, FLAC, MP3, M4A/AAC or OGG", Location.of(take)) from None
    expected, timing = expected_lines(story, lines, project.voices_dir, locale, cache_dir=cache_dir, overrides=overrides,
                                      read_only=dry_run)
    plan = plan_take(audio, expected, Location.of(take))
    folder = clips_folder(recorded_dir(project), locale, story_id)
    if plan.missing:
        raise TakeError(missing_message(plan, len(lines)), Location.of(take))
    if dry_run:
        target = picture or take.with_name(f"{take.stem}.split.png")
        atomic_write_bytes(target, plan_png(audio, plan))
        return TakeImport(take, plan, timing, folder, picture=target)
    replaced = tuple(existing_clips(folder, plan))
    written = write_clips(audio, plan, folder, replace=force)
    return TakeImport(take, plan, timing, folder, tuple(written), replaced=replaced)


def missing_message(plan: TakePlan, expected: int) -> str:
    names = ", ".join(f"{line.clip_name} ('{_short(line.text)}')" for line in plan.missing)
    found = expected - len(plan.missing)
    return (f"the take seems to hold {found} of the {expected} lines expected; most likely missing: {names}. "
            "Nothing was written. Record the missing line in the take (leave a clear pause around it), "
            "or check with --dry-run which lines the take holds")


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def plan_rows(plan: TakePlan) -> list[tuple[str, ...]]:
    """The table ``kitgen record import`` prints: one row per clip."""
    rows = []
    for number, split in enumerate(plan.splits, 1):
        ratio = split.duration / split.expected if split.expected else 0.0
        rows.append((str(number), split.line.clip_name, f"{split.start:7.2f}", f"{split.end:7.2f}", f"{split.duration:6.2f}",
                     f"{split.expected:6.2f}", f"{ratio:4.2f}", "check: " + "; ".join(split.doubts) if split.doubts else "ok"))
    return rows

