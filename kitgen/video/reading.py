"""Reading speed of subtitle cues: characters per second, and warnings for cues too fast to read.

A cue's reading speed is its characters (:attr:`~kitgen.video.subtitles.Cue.characters`:
spaces count, the line break counts as one space, combining marks do not) divided by the time
it is shown. Because the cues of a spoken line share the line's audio by their characters,
the speed is the narration's own speed, so the cure for a fast cue is a slower voice
(``rate:`` in ``voices/<locale>.yaml``, or the kit's ``voices:`` override) or a shorter line.

The limit is the kit manifest's ``reading_speed``, 15 characters per second by default: a
speed that children aged 7 to 10, who are still becoming fluent readers, can follow. Netflix's
timed-text style guide gives 13 for children's programmes (which include pre-readers) and 17
for adults'; 15 sits between, for readers of primary-school age.

To check an episode's narration::

    warnings = narration_warnings(episode, narration, kit.reading_speed, locale="kk", names=names)
    for warning in warnings:
        report.warning(warning.location, warning.message)

or, with the cues already made (``subtitles.cues(timeline.lines, names)``),
``cue_warnings(cues, kit.reading_speed, locale="kk")``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable, Mapping, Sequence

from kitgen.errors import Diagnostic, Location, Severity
from kitgen.model.story import Episode
from kitgen.video.subtitles import Cue, cues
from kitgen.video.timeline import plan
from kitgen.voice.assemble import EpisodeAudio

LocateKey = Callable[[str], Location]  # a spoken line's key, ``<episode>/<scene>/<line>``, to where it is


def cps(cue: Cue) -> float:
    """The reading speed of ``cue`` in characters per second (infinite when it is not shown)."""
    return cue.characters / cue.duration if cue.duration > 0 else math.inf


def too_fast(cues_: Sequence[Cue], limit_cps: float) -> list[Cue]:
    """The cues faster than ``limit_cps`` characters per second, in order.

    Speeds are compared at a tenth of a character per second, as they are reported: a cue
    at 15.04 is not over a limit of 15.
    """
    return [cue for cue in cues_ if round(cps(cue), 1) > limit_cps]


@dataclass(frozen=True)
class CueWarning:
    """One cue shown too briefly for its text; ``str()`` gives ``<location>: <message>``."""

    locale: str
    key: str  # the spoken line, ``<episode>/<scene>/<line>``
    part: int  # 1-based: which of the line's cues
    parts: int
    cps: float
    limit: float
    start: float  # seconds into the episode
    text: str  # the cue's text on one line
    location: Location

    @property
    def message(self) -> str:
        which = f"caption {self.part} of {self.parts} of line" if self.parts > 1 else "caption of line"
        return (
            f"[{self.locale}] {which} '{self.key}' at {_clock(self.start)} needs {self.cps:.1f} characters per second, "
            f"over the reading speed of {_number(self.limit)} ({_excerpt(self.text)}); "
            f"lower the voice's rate: in voices/{self.locale}.yaml, or shorten the line"
        )

    def diagnostic(self) -> Diagnostic:
        return Diagnostic(self.location, self.message, Severity.WARNING)

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


def cue_warnings(
    cues_: Sequence[Cue], limit_cps: float, *, locale: str, locate: LocateKey | None = None
) -> list[CueWarning]:
    """A warning for every cue of ``cues_`` faster than ``limit_cps``, in order.

    ``locate`` maps a line key to its place (e.g. the line's text in the story file or the
    locale's catalog); by default the location is the key itself.
    """
    parts: dict[str | None, int] = {}
    for cue in cues_:
        parts[cue.key] = parts.get(cue.key, 0) + 1
    warnings: list[CueWarning] = []
    seen: dict[str | None, int] = {}
    for cue in cues_:
        seen[cue.key] = seen.get(cue.key, 0) + 1
        speed = cps(cue)
        if round(speed, 1) <= limit_cps:
            continue
        key = cue.key or "?"
        where = locate(key) if locate is not None and cue.key is not None else Location(key)
        warnings.append(
            CueWarning(locale, key, seen[cue.key], parts[cue.key], speed, limit_cps, cue.start, " ".join(cue.lines), where)
        )
    return warnings


def narration_warnings(
    episode: Episode,
    narration: EpisodeAudio,
    limit_cps: float,
    *,
    locale: str,
    names: Mapping[str, str] | None = None,
    locate: LocateKey | None = None,
) -> list[CueWarning]:
    """:func:`cue_warnings` for the cues the video of ``episode`` narrated by ``narration`` shows.

    ``names`` maps character ids to display names (the WebVTT voices; not counted in speeds).
    """
    timeline = plan(episode, narration)
    return cue_warnings(cues(timeline.lines, dict(names or {})), limit_cps, locale=locale, locate=locate)


def _clock(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    return f"{minutes}:{secs:02d}"


def _number(value: float) -> str:
    return f"{value:g}"


def _excerpt(text: str, width: int = 40) -> str:
    return f"“{text}”" if len(text) <= width else f"“{text[: width - 1].rstrip()}…”"
