"""Whole takes: one long recording split into the lines it holds.

A reader records several lines in one go, pausing between them. :func:`plan_take` finds the
lines in three steps:

1. **Speech and pauses.** The take is resampled to 16 kHz mono and cut into 10 ms frames.
   A frame is speech when its energy in the speech band (:data:`SPEECH_BAND`, so that mains
   hum does not count) stands :data:`SPEECH_OVER_FLOOR` dB above the take's noise floor (the
   10th percentile of frame energies). Pauses shorter than :data:`MIN_PAUSE` are part of the
   speech around them. This plain energy detector was measured against the WebRTC voice
   activity detector (``bench/bench_takes.py``): webrtcvad calls hum, hiss and loud steady
   noise speech (98-100 % of their frames in mode 3), lost a line in pink noise at -36 dBFS
   where the energy detector found every boundary, and added nothing when combined with it.
2. **Alignment.** The speech parts are grouped into exactly as many lines as expected, by
   dynamic programming over the pauses: each line's length should be its expected length
   (the synthetic narration's timing, so relative lengths count) times one pace for the
   whole reader, long pauses should fall between lines and short ones inside them. A line
   may also be judged *missing*, at a fixed cost, when that explains the take better: such
   a take is refused, never silently misassigned.
3. **Refinement.** Each line's first and last sound are found again on 5 ms frames against
   the noise in the pauses beside it; a clip keeps :data:`LEAD` s before and :data:`TAIL` s
   after, never reaching past the middle of the pause.

Splits whose length is far from the expectation, whose pause is short, or that hold a
pause as long as those between lines are *doubtful*: the caller shows them to the user.
"""

from __future__ import annotations

import contextlib
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import numpy as np

from kitgen.errors import Location, MediaError
from kitgen.output import atomic_path
from kitgen.voice.audio import Audio, mono, resample, to_pcm16
from kitgen.voice.encode import wav_bytes
from kitgen.voice.recorded import CLIP_SUFFIXES

ANALYSIS_RATE = 16_000
FRAME = 0.010  # seconds per detector frame
FINE = 0.005  # seconds per frame when refining a boundary
SPEECH_BAND = (200.0, 5000.0)  # Hz: where speech has its energy (mains hum and hiss lie outside)
SPEECH_OVER_FLOOR = 9.0  # dB above the noise floor (in the speech band) a speech frame must be
MIN_PAUSE = 0.15  # seconds: shorter pauses belong to the speech around them
MIN_SPEECH = 0.06  # seconds: shorter bursts (clicks) are not speech
SILENT_PEAK_DB = -50.0  # a take whose loudest sample is quieter is silent
NOISE_CONTRAST_DB = 12.0  # loud and quiet frames closer than this: steady noise, not speech
LEAD, TAIL = 0.15, 0.25  # seconds kept before a line's first and after its last sound
PACE_SPREAD = 0.22  # natural-log spread of a line's length around its expectation
MISSING_COST = 4.5  # cost of judging a line missing (see the module notes)
PAUSE_SHARE = 0.6  # a pause this share of the typical pause between lines is as likely inside a line as between
PAUSE_SLOPE = 8.0  # how sharply that likelihood changes with the pause's (log) length
DOUBT_RATIO = 1.6  # a split this much longer or shorter than expected is doubtful
SHORT_PAUSE = 0.3  # seconds: a pause this short between two lines is doubtful
HYSTERESIS_DB = 3.0  # dB over the local noise that a line's faint onset and decay keep
BURST_DB = 6.0  # dB over the local noise of a burst after a closure
CLOSURE = 0.15  # seconds of silence inside a word (a stop's closure) that a line's edge may bridge


class TakeError(MediaError):
    """A take that cannot be split safely (silent, only noise, a line missing)."""


@dataclass(frozen=True)
class ExpectedLine:
    clip_name: str
    text: str
    speaker: str | None
    seconds: float  # how long the line takes in the synthetic narration (or an estimate)


@dataclass(frozen=True)
class Split:
    """One line found in the take; times in seconds from the take's start."""

    line: ExpectedLine
    start: float  # first sound
    end: float  # last sound
    clip_start: float  # the clip written, with lead and tail
    clip_end: float
    expected: float  # the line's expected length at the reader's pace
    pause_before: float | None  # the pause that separates it from the previous line
    doubts: tuple[str, ...] = ()

    @property
    def duration(self) -> float:
        return self.end - self.start


@dataclass(frozen=True)
class TakePlan:
    duration: float
    rate: int
    splits: tuple[Split, ...]
    missing: tuple[ExpectedLine, ...]
    pace: float  # the reader's length per synthetic second (1.2: 20 % slower)
    speech: tuple[tuple[float, float], ...]  # the speech parts found (for the waveform)

    @property
    def doubtful(self) -> tuple[Split, ...]:
        return tuple(split for split in self.splits if split.doubts)


@dataclass(frozen=True)
class _Activity:
    energy: np.ndarray  # dB per 10 ms frame
    speech: np.ndarray  # bool per frame
    floor: float  # dB


def plan_take(audio: Audio, lines: Sequence[ExpectedLine], where: Location) -> TakePlan:
    """Split ``audio`` into ``lines`` (in the order they were read). Errors are located at ``where``."""
    if not lines:
        raise TakeError("no lines to import from this take", where)
    samples = resample(mono(audio.samples), audio.rate, ANALYSIS_RATE)
    activity = _activity(speech_band(samples), where)
    units = _speech_parts(activity.speech)
    if not units:
        raise TakeError("no speech found in the take: it holds only silence or noise; check the input and record it again", where)
    expected = [max(0.2, line.seconds) for line in lines]
    assignment, pace = _align(units, expected)
    missing = tuple(line for line, group in zip(lines, assignment) if group is None)
    splits = _splits(samples, activity, units, lines, assignment, expected, pace) if not missing else ()
    speech = tuple((a * FRAME, b * FRAME) for a, b in units)
    return TakePlan(len(samples) / ANALYSIS_RATE, audio.rate, splits, missing, pace, speech)


def speech_band(samples: np.ndarray) -> np.ndarray:
    """``samples`` (at :data:`ANALYSIS_RATE`) with hum below and hiss above the speech band filtered out."""
    from scipy.signal import butter, sosfiltfilt

    if len(samples) < 64:
        return samples
    sos = butter(4, SPEECH_BAND, btype="bandpass", fs=ANALYSIS_RATE, output="sos")
    return sosfiltfilt(sos, samples).astype(np.float32)


def _frame_energy(samples: np.ndarray, hop: int) -> np.ndarray:
    count = len(samples) // hop
    frames = samples[: count * hop].reshape(count, hop).astype(np.float64)
    return 10 * np.log10(np.mean(frames * frames, axis=1) + 1e-12)


def _activity(samples: np.ndarray, where: Location) -> _Activity:
    peak = float(np.max(np.abs(samples))) if len(samples) else 0.0
    if peak <= 10 ** (SILENT_PEAK_DB / 20):
        level = f"{20 * math.log10(peak):.0f} dBFS" if peak > 0 else "digital silence"
        raise TakeError(f"the take is silent (its loudest sample is {level}); check the microphone and record it again", where)
    hop = int(ANALYSIS_RATE * FRAME)
    energy = _frame_energy(samples, hop)
    if len(energy) < 50:
        raise TakeError(f"the take is {len(samples) / ANALYSIS_RATE:.2f} s long, too short to hold a line", where)
    floor = float(np.percentile(energy, 10))
    contrast = float(np.percentile(energy, 95)) - floor
    if contrast < NOISE_CONTRAST_DB:
        raise TakeError(
            f"the take sounds like steady noise, not speech with pauses: its loud and quiet parts differ by only "
            f"{contrast:.0f} dB (speech and pauses differ by more than {NOISE_CONTRAST_DB:.0f}); record it again in a quieter place",
            where,
        )
    return _Activity(energy, energy > floor + SPEECH_OVER_FLOOR, floor)


def _runs(mask: np.ndarray) -> list[tuple[int, int]]:
    edges = np.diff(np.concatenate([[0], mask.astype(np.int8), [0]]))
    return list(zip(np.flatnonzero(edges == 1).tolist(), np.flatnonzero(edges == -1).tolist()))


def _speech_parts(speech: np.ndarray) -> list[tuple[int, int]]:
    """Runs of speech frames, short pauses closed and clicks dropped: [(first, end)) in frames."""
    min_pause, min_speech = round(MIN_PAUSE / FRAME), round(MIN_SPEECH / FRAME)
    parts: list[list[int]] = []
    for start, end in _runs(speech):
        if parts and start - parts[-1][1] < min_pause:
            parts[-1][1] = end
        else:
            parts.append([start, end])
    return [(a, b) for a, b in parts if b - a >= min_speech]


# -- alignment ---------------------------------------------------------------------------------


def _align(units: list[tuple[int, int]], expected: list[float]) -> tuple[list[tuple[int, int] | None], float]:
    """Per line, the range [first, last] of speech parts it covers (None: missing), and the pace."""
    pauses = [(units[i + 1][0] - units[i][1]) * FRAME for i in range(len(units) - 1)]
    n = len(expected)
    longest = sorted(pauses, reverse=True)[: max(1, n - 1)]
    reference = float(np.median(longest)) if pauses else 1.0
    span = (units[-1][1] - units[0][0]) * FRAME
    pace = max(0.05, (span - sum(longest[: n - 1])) / sum(expected))
    assignment: list[tuple[int, int] | None] = [None] * n
    for _ in range(4):
        assignment = _best_path(units, pauses, expected, pace, reference)
        found = [(i, g) for i, g in enumerate(assignment) if g is not None]
        if not found:
            break
        spoken = sum((units[g[1]][1] - units[g[0]][0]) * FRAME for _, g in found)
        new_pace = spoken / sum(expected[i] for i, _ in found)
        if abs(new_pace - pace) < 1e-3 * pace:
            break
        pace = new_pace
    return assignment, pace


def _boundary_probability(pause: float, reference: float) -> float:
    """How likely a pause this long separates two lines, given the take's typical line pause."""
    threshold = max(MIN_PAUSE * 1.5, PAUSE_SHARE * reference)
    z = PAUSE_SLOPE * (math.log(pause) - math.log(threshold))
    return min(1 - 1e-6, max(1e-6, 1 / (1 + math.exp(-z))))


def _best_path(units, pauses, expected, pace, reference) -> list[tuple[int, int] | None]:
    m, n = len(units), len(expected)
    choose = [-math.log(_boundary_probability(p, reference)) for p in pauses]
    skip = [-math.log(1 - _boundary_probability(p, reference)) for p in pauses]
    skip_sum = np.concatenate([[0.0], np.cumsum(skip)])
    inf = math.inf
    cost = np.full((n + 1, m + 1), inf)
    back: dict[tuple[int, int], tuple[int, int] | None] = {}
    cost[0][0] = 0.0
    for i in range(1, n + 1):
        target = pace * expected[i - 1]
        for j in range(0, m + 1):
            best, how = cost[i - 1][j] + MISSING_COST, None  # line i missing
            for a in range(j - 1, -1, -1):  # line i covers parts a..j-1
                length = (units[j - 1][1] - units[a][0]) * FRAME
                if length > 4 * target + 2:
                    break
                if cost[i - 1][a] == inf:
                    continue
                ratio = math.log(length / target) / PACE_SPREAD
                total = cost[i - 1][a] + ratio * ratio + (skip_sum[j - 1] - skip_sum[a]) + (choose[a - 1] if a > 0 else 0.0)
                if total < best:
                    best, how = total, (a, j - 1)
            cost[i][j] = best
            back[(i, j)] = how
    path: list[tuple[int, int] | None] = []
    j = m
    if cost[n][m] == inf:
        return [None] * n
    for i in range(n, 0, -1):
        how = back[(i, j)]
        path.append(how)
        if how is not None:
            j = how[0]
    return path[::-1]


# -- refinement --------------------------------------------------------------------------------


def _splits(samples, activity, units, lines, assignment, expected, pace) -> tuple[Split, ...]:
    hop = int(ANALYSIS_RATE * FINE)
    fine = _frame_energy(samples, hop)
    duration = len(samples) / ANALYSIS_RATE
    groups = [g for g in assignment if g is not None]
    rough = [(units[a][0] * FRAME, units[b][1] * FRAME) for a, b in groups]
    inner = [[(units[k + 1][0] - units[k][1]) * FRAME for k in range(a, b)] for a, b in groups]
    between = [rough[k + 1][0] - rough[k][1] for k in range(len(rough) - 1)]
    typical = float(np.median(between)) if between else 1.0
    splits = []
    for k, (line, (start, end)) in enumerate(zip(lines, rough)):
        left = rough[k - 1][1] if k else max(0.0, start - 1.0)
        right = rough[k + 1][0] if k + 1 < len(rough) else min(duration, end + 1.0)
        first, last = _refine(fine, activity.floor, start, end, left, right)
        low = (left + start) / 2 if k else 0.0
        high = (end + right) / 2 if k + 1 < len(rough) else duration
        doubts = _doubts(last - first, pace * expected[k], between[k - 1] if k else None, inner[k], typical)
        splits.append(Split(line, first, last, max(low, first - LEAD), min(high, last + TAIL), pace * expected[k],
                            between[k - 1] if k else None, doubts))
    return tuple(splits)


def _refine(fine: np.ndarray, floor: float, start: float, end: float, left: float, right: float) -> tuple[float, float]:
    """The first and last 5 ms frame of sound near the detector's bounds, against the local noise."""
    lo, hi = int(max(left, start - 0.2) / FINE), int(min(right, end + 0.2) / FINE)
    lo, hi = max(0, lo), min(len(fine), max(hi, lo + 1))
    quiet = np.concatenate([fine[int(left / FINE) : int(start / FINE)], fine[int(end / FINE) : int(right / FINE)]])
    local = float(np.percentile(quiet, 50)) if len(quiet) >= 4 else floor
    region = fine[lo:hi]
    loud = float(np.percentile(region, 95)) if len(region) else local
    threshold = local + max(4.0, min(10.0, 0.2 * (loud - local)))
    above = region > threshold
    sustained = above & np.concatenate([above[1:], [False]])  # two frames in a row
    hits = np.flatnonzero(sustained)
    if len(hits) == 0:
        return start, end
    first, last = int(hits[0]), int(hits[-1]) + 1
    # Hysteresis: the faint onset and decay around the loud part still count while they stay
    # clearly above the noise (a 3-frame mean, so that single noise peaks do not).
    smooth = np.convolve(region, np.ones(3) / 3, mode="same")
    faint = local + HYSTERESIS_DB
    while first > 0 and smooth[first - 1] > faint:
        first -= 1
    # A stop's closure (the silence before the burst of a final "t") may interrupt the sound
    # for up to CLOSURE seconds: a burst after it (two frames clearly over the noise) belongs
    # to the line too.
    reach, burst = int(CLOSURE / FINE), smooth > local + BURST_DB
    burst = burst & np.concatenate([burst[1:], [False]])
    while True:
        while last + 1 < len(region) and smooth[last + 1] > faint:
            last += 1
        later = np.flatnonzero(burst[last + 1 : last + 1 + reach])
        if not len(later):
            break
        last = last + 2 + int(later[-1])
    return (lo + first) * FINE, (lo + last + 1) * FINE


def _doubts(length: float, target: float, pause: float | None, inner: list[float], typical: float) -> tuple[str, ...]:
    doubts = []
    if length > DOUBT_RATIO * target:
        doubts.append(f"{length / target:.1f}x longer than expected: it may hold two lines or a retake")
    elif length < target / DOUBT_RATIO:
        doubts.append(f"{target / length:.1f}x shorter than expected: part of it may be in the next or previous clip")
    if pause is not None and (pause < SHORT_PAUSE or pause < 0.4 * typical):
        doubts.append(f"the pause before it is short ({pause:.2f} s)")
    long_inside = [p for p in inner if p >= max(SHORT_PAUSE, 0.7 * typical)]
    if long_inside:
        doubts.append(f"it has a pause of {max(long_inside):.2f} s inside, as long as those between lines")
    return tuple(doubts)


# -- writing -----------------------------------------------------------------------------------


def existing_clips(folder: Path, plan: TakePlan) -> list[Path]:
    """Clips already in ``folder`` for the plan's lines (any clip suffix)."""
    names = {split.line.clip_name for split in plan.splits}
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in CLIP_SUFFIXES and p.stem in names)


def write_clips(audio: Audio, plan: TakePlan, folder: Path, replace: bool = False) -> list[Path]:
    """Write each split as ``<clip>.wav`` (16-bit mono at the take's rate) into ``folder``.

    All clips are written to temporary files first and renamed into place together, so a
    failure leaves no clip of this take behind. Clips already there for these lines are an
    error unless ``replace``; then they are replaced, other formats of them removed.
    """
    existing = existing_clips(folder, plan)
    if existing and not replace:
        raise TakeError(
            f"{len(existing)} of these lines already have a clip (first: {existing[0].name}); "
            "pass --force to replace them", Location.of(existing[0]))
    samples = mono(audio.samples)
    targets = [folder / f"{split.line.clip_name}.wav" for split in plan.splits]
    with contextlib.ExitStack() as stack:
        for split, target in zip(plan.splits, targets):
            piece = samples[int(split.clip_start * audio.rate) : int(math.ceil(split.clip_end * audio.rate))]
            tmp = stack.enter_context(atomic_path(target))
            tmp.write_bytes(wav_bytes(to_pcm16(piece), audio.rate))
    for path in existing:
        if path not in targets:
            path.unlink(missing_ok=True)
    return targets
