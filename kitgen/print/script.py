"""The recording script for voice actors: ``recording-script.pdf`` and ``recording-script.csv``.

Lines are grouped by who speaks them (the narrator first, then the characters in story
order), so that each actor records their own lines in one sitting; inside a group they keep
the story's order, which is the order ``kitgen record import --speaker`` expects in a take.
Every line shows its clip name (the file name that replaces its synthesis), speaker, text,
the scene's context (episode, scene caption or picture description) and the line's
``direction:`` when it has one.

Timing: each line's length comes from the synthetic narration through the request's voice
(recorded clips count where they exist); when nothing can narrate the locale, it is
estimated from the words (:mod:`kitgen.text.reading`). The script says which.

The studio labels (clip, seconds, the recording advice) are in English, the production's
working language; everything the actor reads aloud is in the kit's locale, in the print
fonts, each string proven to have glyphs before anything is drawn. The CSV (UTF-8 with a
byte-order mark, so spreadsheets read the letters right) has one row per line.
"""

from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Spacer, Table, TableStyle

from kitgen.builder import Builder, BuildRequest, Planned, Reads
from kitgen.errors import KitgenError, Location, SourceError
from kitgen.model.story import Story, line_key
from kitgen.output import atomic_path
from kitgen.print.base import PrintSetup, build_document, page_x_of_y_canvas, setup, text_paragraph
from kitgen.print.styles import MEASURES as M
from kitgen.print.workbook import body_template, footer_drawer
from kitgen.text.fontset import uncovered_message
from kitgen.text.reading import WORDS_PER_MINUTE, speaking_seconds

PDF_NAME, CSV_NAME = "recording-script.pdf", "recording-script.csv"
NARRATOR = ""  # the group key of lines without a speaker
SPEAKER_NARRATOR = "narrator"  # what `kitgen record import --speaker` calls them
TITLE = "Recording script"
PAUSE_ADVICE = 2  # seconds of silence asked for between lines in a take
CSV_FIELDS = ("number", "clip", "file", "episode", "scene", "line", "speaker", "speaker_name", "text", "context",
              "direction", "seconds", "timing")


@dataclass(frozen=True)
class ScriptLine:
    number: int  # 1-based inside its speaker's group
    clip: str  # <episode>.<scene>.<line>
    episode: int  # 1-based
    scene: str
    line: str  # the line's key in its scene: its id or position
    speaker: str  # character id, or NARRATOR
    speaker_name: str
    text: str
    context: str
    direction: str
    seconds: float
    path: tuple[Any, ...]  # the line's data path, for located errors


class RecordingScriptBuilder(Builder):
    name = "script"
    format = "pdf"
    default = False  # made on request: `kitgen record script`, or `kitgen build --only script`
    reads = Reads(
        model={"story": {"id", "title", "summary", "source_locale"}, "characters": True, "episodes": True},
        options={"paper": "a4"},
        files=("fonts", "chrome", "voice"),
    )

    def plan(self, story: Story) -> list[Planned]:
        return [Planned((PDF_NAME, CSV_NAME))]

    def write(self, request: BuildRequest) -> None:
        ps = setup(request)
        timing, how = line_timing(request)
        groups = script_groups(ps, timing)
        _prove(ps, groups)
        csv_bytes = script_csv(groups, how)
        with atomic_path(request.outputs[1]) as tmp:
            with open(tmp, "wb") as handle:
                handle.write(csv_bytes)
                handle.flush()
                os.fsync(handle.fileno())
            # The PDF is renamed into place first; the CSV follows when the block ends, and
            # neither stays behind half-written when the other fails.
            build_document(ps, _flowables(ps, groups, how), TITLE, [body_template(ps, ps.paper)],
                           canvasmaker=page_x_of_y_canvas(ps, footer_drawer(ps, TITLE)))


def line_timing(request: BuildRequest) -> tuple[dict[str, float], str]:
    """Seconds per clip name, and where they came from."""
    story = request.story
    if request.voice is not None:
        try:
            ids = [episode.id for episode in story.episodes]
            fallback = tuple(request.facts.get("fallback_lines", ()))
            narration = request.voice.narrate(story, ids, fallback) if fallback else request.voice.narrate(story, ids)
        except KitgenError as exc:
            reason = exc.message.splitlines()[0]
            return {}, f"estimated at {WORDS_PER_MINUTE} words per minute (no narration: {reason})"
        timing = {line.key.replace("/", "."): line.duration for audio in narration.values() for line in audio.lines}
        sources = sorted({line.source for audio in narration.values() for line in audio.lines})
        return timing, f"timed by the narration ({', '.join(sources)})"
    return {}, f"estimated at {WORDS_PER_MINUTE} words per minute"


def script_groups(ps: PrintSetup, timing: dict[str, float]) -> list[tuple[str, str, list[ScriptLine]]]:
    """(speaker id, speaker name, lines) per group: the narrator, then the characters in order."""
    story = ps.story
    names = {character.id: character.name for character in story.characters}
    narrator = ps.t("Narrator")
    grouped: dict[str, list[ScriptLine]] = {NARRATOR: []}
    grouped.update((character.id, []) for character in story.characters)
    for e_index, episode in enumerate(story.episodes):
        for s_index, scene in enumerate(episode.scenes):
            context = f"{ps.t('Episode {number}', number=e_index + 1)}: {episode.title} \u2014 {scene.caption or scene.illustration.alt}"
            for l_index, line in enumerate(scene.lines):
                clip = f"{episode.id}.{scene.id}.{line_key(line, l_index)}"
                speaker = line.speaker or NARRATOR
                group = grouped.setdefault(speaker, [])
                group.append(ScriptLine(
                    number=len(group) + 1, clip=clip, episode=e_index + 1, scene=scene.id, line=line_key(line, l_index), speaker=speaker,
                    speaker_name=names.get(speaker, speaker) if speaker else narrator, text=line.text, context=context,
                    direction=line.direction or "", seconds=timing.get(clip) or speaking_seconds(line.text),
                    path=("episodes", e_index, "scenes", s_index, "lines", l_index),
                ))
    return [(key, names.get(key, key) if key else narrator, lines) for key, lines in grouped.items() if lines]


def script_csv(groups: list[tuple[str, str, list[ScriptLine]]], how: str) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_FIELDS)
    for _, _, lines in groups:
        for line in lines:
            writer.writerow([line.number, line.clip, f"{line.clip}.wav", line.episode, line.scene, line.line, line.speaker,
                             line.speaker_name, line.text, line.context, line.direction, f"{line.seconds:.1f}", how])
    return buffer.getvalue().encode("utf-8-sig")


def _prove(ps: PrintSetup, groups: list[tuple[str, str, list[ScriptLine]]]) -> None:
    """Every string the actor reads must have glyphs in the bundled fonts (else a located error)."""
    chrome = Location.of(ps.chrome.path) if ps.chrome.path else None
    checks: list[tuple[str, str, Location | None]] = [
        ("story/title", ps.story.story.title, ps.request.sources.where(("story", "title"))),
        ("Narrator", ps.t("Narrator"), chrome), ("Episode {number}", ps.t("Episode {number}", number=1), chrome),
        ("Page {page} of {pages}", ps.t("Page {page} of {pages}", page=1, pages=2), chrome),
        ("{minutes} min", ps.t("{minutes} min", minutes=1), chrome),
    ]
    if ps.request.branding:
        checks.append(("branding", ps.request.branding, None))
    for index, character in enumerate(ps.story.characters):
        checks.append((f"characters/{character.id}/name", character.name, ps.request.sources.where(("characters", index, "name"))))
    for _, _, lines in groups:
        for line in lines:
            checks.append((line.clip, line.text, ps.request.sources.where(line.path + ("text",))))
            checks.append((line.clip, line.context, ps.request.sources.where(line.path[:4] + ("caption",))))
            if line.direction:
                checks.append((f"{line.clip}/direction", line.direction, ps.request.sources.where(line.path + ("direction",))))
    for key, text, where in checks:
        missing = ps.fontset.missing_characters(text)
        if missing:
            raise SourceError(uncovered_message(key, ps.locale, missing[0]), where)


def _minutes(ps: PrintSetup, seconds: float) -> str:
    return f"\u2248 {ps.t('{minutes} min', minutes=max(1, round(seconds / 60)))}"


def _flowables(ps: PrintSetup, groups: list[tuple[str, str, list[ScriptLine]]], how: str) -> list:
    story = ps.story
    total = sum(line.seconds for _, _, lines in groups for line in lines)
    count = sum(len(lines) for _, _, lines in groups)
    content: list = [
        text_paragraph(ps, story.story.title, "Title"),
        text_paragraph(ps, f"{TITLE} \u2014 {ps.locale}" + (f" \u2014 {ps.request.branding}" if ps.request.branding else ""), "Subtitle"),
        Spacer(1, 6 * mm),
        text_paragraph(ps, f"{count} lines, {_minutes(ps, total)} of speech ({total:.0f} s), {how}.", "Body"),
    ]
    rows = [[text_paragraph(ps, "Voice", "TableHeader"), text_paragraph(ps, "Lines", "TableHeader"),
             text_paragraph(ps, "Speech", "TableHeader")]]
    for _, name, lines in groups:
        seconds = sum(line.seconds for line in lines)
        rows.append([text_paragraph(ps, name, "TableCell"), text_paragraph(ps, str(len(lines)), "TableCell"),
                     text_paragraph(ps, f"{_minutes(ps, seconds)} ({seconds:.0f} s)", "TableCell")])
    width = ps.paper[0] - 2 * M.margin
    content.append(_table(rows, [width * 0.5, width * 0.2, width * 0.3], ps))
    content.append(Spacer(1, 5 * mm))
    for advice in (
        "Each voice records its own section in one sitting, in the order printed.",
        f"Leave about {PAUSE_ADVICE} seconds of silence between lines, and say nothing else between them.",
        "A line said wrong: stop, pause, and say it again from the start; then re-record the whole take, or trim it later.",
        "Import a take of one voice with: kitgen record import TAKE.wav --locale " + ps.locale + " --speaker ID",
        "Or one clip per line, named as in the Clip column (WAV, FLAC, OGG or MP3), in voices/recorded/"
        + f"{ps.locale}/{story.story.id}/.",
    ):
        content.append(text_paragraph(ps, f"\u2022 {advice}", "ListItem"))
    for speaker, name, lines in groups:
        content.append(PageBreak())
        seconds = sum(line.seconds for line in lines)
        content.append(text_paragraph(ps, name, "Heading1"))
        description = next((c.description for c in story.characters if c.id == speaker), None)
        if description:
            content.append(text_paragraph(ps, description, "Instructions"))
        content.append(text_paragraph(ps, f"{len(lines)} lines, {_minutes(ps, seconds)} ({seconds:.0f} s)"
                                      + f" \u2014 kitgen record import --speaker {speaker or SPEAKER_NARRATOR}", "Small"))
        content.append(Spacer(1, 3 * mm))
        content.append(_line_table(ps, lines, width))
    return content


def _line_table(ps: PrintSetup, lines: list[ScriptLine], width: float) -> Table:
    rows = [[text_paragraph(ps, "#", "TableHeader"), text_paragraph(ps, "Clip / line", "TableHeader"),
             text_paragraph(ps, "s", "TableHeader")]]
    for line in lines:
        cell = [text_paragraph(ps, line.clip, "Small"), text_paragraph(ps, line.text, "Answer"),
                text_paragraph(ps, line.context, "Small")]
        if line.direction:
            cell.append(text_paragraph(ps, f"\u2192 {line.direction}", "KeyLine", bold=True))
        rows.append([text_paragraph(ps, str(line.number), "TableCell"), cell,
                     text_paragraph(ps, f"{line.seconds:.1f}", "TableCell")])
    return _table(rows, [width * 0.07, width * 0.83, width * 0.10], ps)


def _table(rows: list, widths: list[float], ps: PrintSetup) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, 0), M.rule, ps.styles.palette.rule),
        ("LINEBELOW", (0, 1), (-1, -1), M.hairline, ps.styles.palette.rule),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
    ]))
    return table
