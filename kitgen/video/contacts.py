"""The help contacts on each episode's outro, and how long the outro stays so they can be read.

Each contact is one cell of the outro's text model (:mod:`kitgen.video.blocks`): its name, its
phone number big and bold, its web address and, when known, its hours. A contact with no phone
gets its web address big and bold instead. The cells stand in columns
(:func:`kitgen.video.layout.help_columns`) and shrink with the rest of the card.

The outro is a still card: with contacts it stays fully shown (after the crossfade into it)
:data:`READ_FIRST` seconds for the first contact and :data:`READ_EACH` more for each further
one (:func:`hold_outro`); without any it keeps the timeline's
:data:`~kitgen.video.timeline.OUTRO`.
"""

from __future__ import annotations

import dataclasses

from kitgen.builder.help import HelpLine
from kitgen.video.blocks import Gap, Text
from kitgen.video.layout import ACCENT, LIGHT, WHITE
from kitgen.video.settings import FPS
from kitgen.video.timeline import Timeline

READ_FIRST = 6.0  # seconds to read the outro with one contact
READ_EACH = 1.0  # seconds more for each further contact


def contact_cell(line: HelpLine, hours_label: str, unit: float) -> tuple[Text | Gap, ...]:
    """The parts of one contact's cell at ``unit`` pixels (a hundredth of the frame's shorter side)."""
    parts: list[Text | Gap] = [Text(line.name, 3.2 * unit, WHITE, bold=True, max_lines=3)]
    if line.phone:
        parts += [Gap(0.4 * unit), Text(line.phone, 6.4 * unit, ACCENT, bold=True, max_lines=1)]
        if line.address:
            parts.append(Text(line.address, 3.0 * unit, LIGHT, max_lines=2))
    elif line.address:
        parts += [Gap(0.6 * unit), Text(line.address, 4.4 * unit, ACCENT, bold=True, max_lines=2)]
    if line.hours:
        parts.append(Text(f"{hours_label}: {line.hours}", 2.8 * unit, LIGHT, max_lines=2))
    return tuple(parts)


def outro_seconds(contacts: int) -> float:
    """How long the outro stays fully shown with ``contacts`` help contacts (0: the timeline's own)."""
    return READ_FIRST + READ_EACH * (contacts - 1) if contacts > 0 else 0.0


def hold_outro(timeline: Timeline, contacts: int) -> Timeline:
    """``timeline`` with its outro (the last slide, still) lengthened to show ``contacts`` help
    contacts for :func:`outro_seconds`; unchanged when it already lasts that long."""
    *before, outro = timeline.slides
    if outro.kind != "outro":
        raise ValueError(f"the last slide of episode '{timeline.episode_id}' is a {outro.kind}, not the outro")
    end = outro.start + timeline.crossfade + int(round(outro_seconds(contacts) * FPS))
    if end <= outro.end:
        return timeline
    return dataclasses.replace(timeline, slides=(*before, dataclasses.replace(outro, end=end)), frames=end)
