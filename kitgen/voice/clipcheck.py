"""Checks on recorded clips: what a studio engineer would listen for, measured.

Errors (narration cannot use the clip): a 0-byte file, a text file named like a clip, a file
that is not audio, a clip longer than 60 s, a silent clip, two clips for one line.
Warnings (it works, but sounds wrong): clipping, too quiet, a high noise floor, long silence
before or after the line, a length far from what the line should take, a clip for a line
that no longer exists, a file that is not a clip. Each is located at the clip's path.

Levels come from 20 ms frames: the noise floor is their 5th percentile, the speech level
their 90th percentile (dBFS). Clipping is a run of :data:`CLIP_RUN` samples or more at full
scale. Leading and trailing silence are measured to the first and last frame louder than
both the floor plus 10 dB and the peak minus 40 dB.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

import numpy as np

from kitgen.errors import Diagnostic, KitgenError, Location, Severity
from kitgen.voice.audio import Audio, mono
from kitgen.voice.decode import DecodeError, decode_bytes
from kitgen.voice.recorded import MAX_CLIP_SECONDS, scan_clips

FRAME = 0.020
FULL_SCALE = 0.999
CLIP_RUN = 3  # consecutive samples at full scale
CLIPPED_RUNS = 3  # this many runs make a warning
QUIET_SPEECH_DB = -40.0  # speech quieter than this is too quiet
NOISY_FLOOR_DB = -45.0  # a floor louder than this is high
MIN_SNR_DB = 15.0  # speech should stand this far above the floor
SILENT_DB = -60.0
LONG_LEAD, LONG_TAIL = 1.0, 1.5  # seconds of silence before and after the line
TOO_LONG, TOO_SHORT = 2.5, 0.4  # ratios of the clip's speech to the line's expected length


@dataclass(frozen=True)
class ClipLevels:
    duration: float
    peak_db: float
    speech_db: float
    floor_db: float
    clipped_runs: int
    lead: float  # seconds before the first sound
    tail: float  # seconds after the last sound
    speech: float  # seconds from the first to the last sound


def _db(value: float) -> float:
    return 20 * math.log10(value) if value > 0 else -math.inf


def measure(audio: Audio) -> ClipLevels:
    samples = mono(audio.samples)
    magnitude = np.abs(samples)
    peak = float(magnitude.max()) if len(samples) else 0.0
    hop = max(1, int(audio.rate * FRAME))
    count = max(1, len(samples) // hop)
    frames = np.zeros(count * hop, dtype=np.float64)
    frames[: min(len(samples), count * hop)] = samples[: count * hop]
    energy = 10 * np.log10(np.mean(frames.reshape(count, hop) ** 2, axis=1) + 1e-12)
    floor, speech = float(np.percentile(energy, 5)), float(np.percentile(energy, 90))
    loud = np.flatnonzero(energy > max(floor + 10.0, _db(peak) - 40.0))
    if len(loud):
        first, last = int(loud[0]) * FRAME, (int(loud[-1]) + 1) * FRAME
    else:
        first, last = 0.0, 0.0
    duration = len(samples) / audio.rate
    return ClipLevels(duration, _db(peak), speech, floor, _clipped_runs(magnitude), first, max(0.0, duration - last), last - first)


def _clipped_runs(magnitude: np.ndarray) -> int:
    hot = np.concatenate([[0], (magnitude >= FULL_SCALE).astype(np.int8), [0]])
    edges = np.diff(hot)
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    return int(np.sum(ends - starts >= CLIP_RUN))


def _looks_like_text(data: bytes) -> bool:
    head = data[:512]
    if b"\0" in head:
        return False
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return all(ch.isprintable() or ch.isspace() for ch in text)


def check_clip(path: Path, expected: float | None = None, how: str = "") -> list[Diagnostic]:
    """The problems of one clip; ``expected``: how long its line should take (``how``: from what)."""
    where = Location.of(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        return [Diagnostic(where, f"cannot read the clip: {exc.strerror}")]
    if not data:
        return [Diagnostic(where, "the clip is empty (0 bytes); record the line again or delete the file")]
    if _looks_like_text(data):
        return [Diagnostic(where, f"'{path.name}' is a text file, not audio; save the recording itself under this name")]
    try:
        audio = decode_bytes(data)
    except DecodeError as exc:
        return [Diagnostic(where, f"this clip is not audio: {exc}; record it again as WAV, FLAC, OGG or MP3")]
    if len(audio.samples) == 0:
        return [Diagnostic(where, "the clip has no samples; record the line again")]
    if audio.duration > MAX_CLIP_SECONDS:
        return [Diagnostic(where, f"the clip is {audio.duration:.1f} s long, more than the {MAX_CLIP_SECONDS:.0f} s a line may last; trim it")]
    levels = measure(audio)
    if levels.peak_db <= SILENT_DB:
        return [Diagnostic(where, f"the clip is silent (its loudest sample is {levels.peak_db:.0f} dBFS); record the line again")]
    return [Diagnostic(where, message, Severity.WARNING) for message in _warnings(levels, expected, how)]


def _warnings(levels: ClipLevels, expected: float | None, how: str) -> list[str]:
    found = []
    if levels.clipped_runs >= CLIPPED_RUNS:
        found.append(f"the clip is clipped in {levels.clipped_runs} places (flat tops at full scale); record it again with less gain")
    if levels.speech_db < QUIET_SPEECH_DB:
        found.append(f"the clip is too quiet (speech at {levels.speech_db:.0f} dBFS, peak {levels.peak_db:.0f} dBFS); "
                     "record closer to the microphone or with more gain")
    snr = levels.speech_db - levels.floor_db
    if levels.floor_db > NOISY_FLOOR_DB or snr < MIN_SNR_DB:
        found.append(f"the noise floor is high ({levels.floor_db:.0f} dBFS, speech {snr:.0f} dB above it); "
                     "record in a quieter room, away from fans and hum")
    if levels.lead > LONG_LEAD:
        found.append(f"{levels.lead:.1f} s of silence before the line; trim it to under {LONG_LEAD:.1f} s")
    if levels.tail > LONG_TAIL:
        found.append(f"{levels.tail:.1f} s of silence after the line; trim it to under {LONG_TAIL:.1f} s")
    if expected:
        ratio = levels.speech / expected
        said = f"{levels.speech:.1f} s of speech where the line should take about {expected:.1f} s" + (f" ({how})" if how else "")
        if ratio > TOO_LONG:
            found.append(f"the clip is far longer than its line: {said}; is it the right line, or several?")
        elif ratio < TOO_SHORT:
            found.append(f"the clip is far shorter than its line: {said}; is a part missing?")
    return found


def check_folder(folder: Path, lines: Mapping[str, str], expected: Mapping[str, float], how: str = "") -> list[Diagnostic]:
    """Every clip of one story in one locale. ``lines``: clip name -> text of every line of the
    story (clips for other names are stray); ``expected``: clip name -> seconds."""
    try:
        clips = scan_clips(folder)
    except KitgenError as exc:
        return [Diagnostic(exc.location or Location.of(folder), exc.message)]
    found = list(clips.problems) + clips.strays(lines)
    for name, path in clips.files:
        if name in lines:
            found += check_clip(path, expected.get(name), how)
        elif path.stat().st_size == 0:
            found += check_clip(path)
    return found
