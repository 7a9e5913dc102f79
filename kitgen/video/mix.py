"""The episode's soundtrack: narration line by line, an optional music bed, one loudness.

Every line's samples are laid where the timeline puts them (sample-exact: slices of one
array, the values moviepy's ``AudioArrayClip`` would give). moviepy renders the music bed:
looped to the episode's length, ducked under speech by a gain envelope, faded in and out,
added to the narration chunk by chunk. The sum is then brought to
:data:`~kitgen.voice.audio.TARGET_LUFS` with its true peak at most
:data:`~kitgen.voice.audio.CEILING_DBTP` by :func:`kitgen.voice.loudness.normalize`, the same
normalization as every speech line's (ITU-R BS.1770 loudness through pyloudnorm, measured in
pieces so that memory stays flat; one limiter gain for both channels), in place.

Music levels: :data:`MUSIC_GAP_DB` below the narration's loudness between lines and a further
:data:`DUCK_DB` under speech, with :data:`RAMP` second ramps; :data:`FADE_IN` and
:data:`FADE_OUT` seconds at the ends.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import soundfile
from moviepy import AudioArrayClip
from moviepy.audio.fx import AudioFadeIn, AudioFadeOut

from kitgen.errors import Location, MediaError, OutputError
from kitgen.video import ffmpeg
from kitgen.video.timeline import Timeline
from kitgen.voice.assemble import EpisodeAudio
from kitgen.voice.audio import CEILING_DBTP, SAMPLE_RATE, TARGET_LUFS
from kitgen.voice.loudness import integrated_loudness, normalize

MUSIC_GAP_DB = -12.0
DUCK_DB = -12.0
RAMP = 0.3
FADE_IN = 1.0
FADE_OUT = 2.0
MIN_MUSIC = 0.5  # seconds: anything shorter is not usable as a bed
CHUNK = SAMPLE_RATE  # samples composed at a time


def check_music(path: Path) -> None:
    """Prove that ``path`` is audio ffmpeg can decode (at least :data:`MIN_MUSIC` seconds of it)."""
    read_music(path, seconds=MIN_MUSIC * 2, check_only=True)


def read_music(path: Path, seconds: float, check_only: bool = False) -> np.ndarray:
    """Up to ``seconds`` of the music file as ``(n, 2)`` float32 at 48 kHz."""
    where = Location.of(path)
    if not path.is_file():
        raise MediaError(f"music file '{path.name}' does not exist; check the --music path", where)
    args = ["-i", str(path), "-t", f"{seconds:.3f}", "-vn", "-map", "0:a:0", "-f", "f32le", "-ac", "2", "-ar", str(SAMPLE_RATE), "pipe:1"]
    try:
        data = ffmpeg.run(args, "reading the music", path)
    except OutputError as exc:
        reason = exc.message.splitlines()[-1].strip() if "\n" in exc.message else exc.message
        raise MediaError(
            f"music file '{path.name}' is not audio that ffmpeg can decode ({reason}); use an OGG, MP3, WAV or FLAC file", where
        ) from None
    samples = np.frombuffer(data[: len(data) - len(data) % 8], dtype="<f4").reshape(-1, 2)
    if len(samples) < MIN_MUSIC * SAMPLE_RATE and (check_only or len(samples) == 0):
        raise MediaError(f"music file '{path.name}' has less than {MIN_MUSIC} s of audio; use a longer piece", where)
    return samples.astype(np.float32)


def mix(timeline: Timeline, narration: EpisodeAudio, music: np.ndarray | None = None, mono: bool = False) -> np.ndarray:
    """The soundtrack of ``timeline``: ``(timeline.samples, channels)`` float32 at 48 kHz, in
    stereo with a music bed, else mono (the narration is mono). ``mono``: mono either way, the
    stereo mix folded down ((L + R) / 2: the music bed's two channels are averaged) before it
    is normalized, so the loudness target holds in mono."""
    duration = timeline.samples / SAMPLE_RATE
    bed = music is not None and len(music) > 0
    stereo = bed and not mono
    mixed = np.zeros((timeline.samples, 2 if stereo else 1), np.float32)
    for line in timeline.lines:  # the voice in every channel
        start = line.start_sample
        end = min(start + line.audio.end_sample - line.audio.start_sample, timeline.samples)
        if end > start:
            voice = narration.samples[line.audio.start_sample : line.audio.start_sample + end - start].astype(np.float32)
            voice *= np.float32(1 / 32768)
            mixed[start:end] += voice[:, None]
    if bed:
        assert music is not None
        if mono:  # the bed as (L + R) / 2 in both channels (moviepy's effects expect two)
            music = np.repeat(music.mean(axis=1, keepdims=True, dtype=np.float32), 2, axis=1)
        soundtrack = _bed(timeline, music, duration).with_duration(duration)
        for start in range(0, timeline.samples, CHUNK):
            end = min(start + CHUNK, timeline.samples)
            frame = soundtrack.get_frame(np.arange(start, end) / SAMPLE_RATE)
            mixed[start:end] = mixed[start:end] + frame[:, : mixed.shape[1]]  # summed in float64, rounded once
    return normalize(mixed, SAMPLE_RATE, TARGET_LUFS, CEILING_DBTP, in_place=True)


def _bed(timeline: Timeline, music: np.ndarray, duration: float) -> AudioArrayClip:
    needed = timeline.samples
    looped = np.resize(music, (needed, 2)) if len(music) < needed else music[:needed]
    level = integrated_loudness(looped, SAMPLE_RATE)
    looped *= np.float32(10 ** ((TARGET_LUFS + MUSIC_GAP_DB - level) / 20) if math.isfinite(level) else 0.0)
    knots = _duck_knots(timeline, duration)
    bed = AudioArrayClip(looped, fps=SAMPLE_RATE)
    ducked = bed.transform(lambda get_frame, t: get_frame(t) * np.interp(t, knots[0], knots[1])[:, None], keep_duration=True)
    return ducked.with_effects([AudioFadeIn(min(FADE_IN, duration / 4)), AudioFadeOut(min(FADE_OUT, duration / 4))])


def _duck_knots(timeline: Timeline, duration: float) -> tuple[np.ndarray, np.ndarray]:
    """Gain envelope of the music: 1 between lines, :data:`DUCK_DB` under speech."""
    duck = 10 ** (DUCK_DB / 20)
    spans: list[list[float]] = []
    for line in timeline.lines:
        start, end = line.start - 0.05, line.end + 0.1
        if spans and start - spans[-1][1] < 2 * RAMP:
            spans[-1][1] = end
        else:
            spans.append([start, end])
    times, gains = [0.0], [1.0]
    for start, end in spans:
        times += [max(start - RAMP, times[-1]), max(start, times[-1])]
        gains += [1.0, duck]
        times += [end, end + RAMP]
        gains += [duck, 1.0]
    times.append(max(duration, times[-1]))
    gains.append(1.0)
    return np.array(times), np.array(gains)


def write_wav(path: Path, samples: np.ndarray) -> None:
    """16-bit WAV (``samples`` are clipped to [-1, 1] in place)."""
    np.clip(samples, -1.0, 1.0, out=samples)
    soundfile.write(str(path), samples, SAMPLE_RATE, subtype="PCM_16")
