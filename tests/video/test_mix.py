"""The soundtrack: lines placed sample-exactly, the music bed ducked and faded, one loudness."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pyloudnorm
import pytest

from kitgen.errors import MediaError
from kitgen.video.mix import DUCK_DB, check_music, mix, read_music
from kitgen.video.timeline import plan
from kitgen.voice.loudness import integrated_loudness, true_peak_db
from tests.video.conftest import tone
from tests.video.test_timeline import EPISODE, narration


def speechlike(n: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    envelope = np.abs(np.sin(np.arange(n) / 2400)) + 0.05
    return (rng.standard_normal(n) * 6000 * envelope).clip(-32768, 32767).astype(np.int16)


def spoken():
    audio = narration()
    parts = [speechlike(line.end_sample - line.start_sample, i) for i, line in enumerate(audio.lines)]
    samples = audio.samples.copy()
    for line, part in zip(audio.lines, parts):
        samples[line.start_sample : line.end_sample] = part
    return type(audio)(audio.episode_id, samples, audio.lines, audio.pause_samples)


def test_lines_are_placed_sample_exactly_and_normalized() -> None:
    audio = spoken()
    timeline = plan(EPISODE, audio)
    track = mix(timeline, audio)
    assert track.shape == (timeline.samples, 1)
    first = timeline.lines[0]
    assert not track[: first.start_sample].any()
    assert track[first.start_sample] != 0
    original = audio.samples[first.audio.start_sample : first.audio.end_sample].astype(np.float64)
    placed = track[first.start_sample : first.end_sample, 0].astype(np.float64)
    assert np.corrcoef(original, placed)[0, 1] > 0.999  # the same line, only louder or softer
    assert integrated_loudness(track, 48000) == pytest.approx(-16.0, abs=0.3)
    assert pyloudnorm.Meter(48000).integrated_loudness(track.astype(np.float64)) == pytest.approx(-16.0, abs=0.3)
    assert true_peak_db(track[:, 0]) <= -1.0 + 0.05


def test_music_is_ducked_under_speech_and_faded_at_the_ends(tmp_path: Path) -> None:
    audio = spoken()
    timeline = plan(EPISODE, audio)
    music = read_music(tone(tmp_path / "bed.wav", seconds=10.0), 60.0)
    track = mix(timeline, audio, music)
    assert track.shape == (timeline.samples, 2)
    rate = 48000

    def level(start: float, end: float) -> float:
        part = track[int(start * rate) : int(end * rate), 0]
        return 20 * math.log10(np.sqrt(np.mean(part**2)))

    before_speech = level(1.5, 2.5)  # title card: music alone
    line = timeline.lines[2]
    quiet = timeline.slides[-1].start / 25 + 1.0  # outro, before the fade-out
    assert level(0.0, 0.05) < before_speech - 20  # fading in
    # under a line the tone is DUCK_DB lower; the line itself adds its own energy, so look at the tone's bin
    spectrum = lambda a, b: np.abs(np.fft.rfft(track[int(a * rate) : int(b * rate), 0] * np.hanning(int(b * rate) - int(a * rate))))  # noqa: E731
    bins = np.fft.rfftfreq(int(1.0 * rate), 1 / rate)
    tone_bin = np.argmin(np.abs(bins - 220))
    during = spectrum(line.start + 0.1, line.start + 1.1)[tone_bin]
    between = spectrum(quiet, quiet + 1.0)[tone_bin]
    assert 20 * math.log10(between / during) == pytest.approx(-DUCK_DB, abs=2.5)
    assert level(timeline.duration - 0.05, timeline.duration) < before_speech - 20  # faded out


def test_music_that_is_not_audio_is_a_located_error(tmp_path: Path) -> None:
    fake = tmp_path / "song.mp3"
    fake.write_bytes(b"\x00" * 2000)
    with pytest.raises(MediaError, match="music file 'song.mp3' is not audio that ffmpeg can decode") as caught:
        check_music(fake)
    assert caught.value.location is not None and caught.value.location.path.endswith("song.mp3")
    with pytest.raises(MediaError, match="does not exist"):
        check_music(tmp_path / "missing.ogg")
    short = tone(tmp_path / "blip.wav", seconds=0.1)
    with pytest.raises(MediaError, match="less than 0.5 s"):
        check_music(short)


def test_a_stereo_mix_with_a_loud_transient_is_limited_and_normalized(tmp_path: Path) -> None:
    audio = spoken()
    audio.samples[:] = audio.samples // 10  # speech peaks near -20 dBFS ...
    line = audio.lines[1]
    click = line.start_sample + (line.end_sample - line.start_sample) // 2
    audio.samples[click : click + 24] = 32767  # ... and a full-scale click: +15 dBTP after a plain gain to -16 LUFS
    timeline = plan(EPISODE, audio)
    music = read_music(tone(tmp_path / "bed.wav", seconds=10.0), 60.0)
    track = mix(timeline, audio, music)
    assert track.shape == (timeline.samples, 2) and track.dtype == np.float32
    assert pyloudnorm.Meter(48000).integrated_loudness(track.astype(np.float64)) == pytest.approx(-16.0, abs=0.3)
    assert integrated_loudness(track, 48000) == pytest.approx(-16.0, abs=0.3)
    assert true_peak_db(track) <= -1.0
    assert true_peak_db(track[:, 0]) <= -1.0 and true_peak_db(track[:, 1]) <= -1.0
    # the click was pulled down much further than the speech before it: the limiter acted locally
    offset = timeline.lines[1].start_sample - line.start_sample  # narration sample -> track sample
    speech = np.abs(audio.samples[line.start_sample : click - 480].astype(np.float64)).max()
    ratio_in = 32767 / speech
    track_click = np.abs(track[click + offset : click + offset + 24, 0]).max()
    ratio_out = track_click / np.abs(track[line.start_sample + offset : click - 480 + offset, 0]).max()
    assert ratio_out < ratio_in / 4
    # one gain for both channels: the bed's stereo image (identical channels) stays put
    assert np.array_equal(track[:, 0], track[:, 1])


@pytest.mark.parametrize("bed, mono", [(False, False), (True, False), (True, True)])
def test_the_mix_is_what_moviepy_composes(tmp_path: Path, bed: bool, mono: bool) -> None:
    """Lines laid into the array, the bed added chunk by chunk: the very samples that moviepy's
    CompositeAudioClip of one AudioArrayClip per line and the bed gives, normalized alike."""
    from moviepy import AudioArrayClip, CompositeAudioClip

    from kitgen.video import mix as soundtrack
    from kitgen.voice.loudness import normalize

    audio = spoken()
    timeline = plan(EPISODE, audio)
    music = read_music(tone(tmp_path / "bed.wav", seconds=10.0), 60.0) if bed else None
    duration = timeline.samples / 48000
    clips = []
    for line in timeline.lines:
        voice = audio.samples[line.audio.start_sample : line.audio.end_sample].astype(np.float32) * np.float32(1 / 32768)
        clips.append(AudioArrayClip(voice[:, None], fps=48000).with_start(line.start))
    if music is not None:
        source = np.repeat(music.mean(axis=1, keepdims=True, dtype=np.float32), 2, axis=1) if mono else music
        clips.append(soundtrack._bed(timeline, source, duration))
    composed = CompositeAudioClip(clips).with_duration(duration)
    expected = np.zeros((timeline.samples, 2 if bed and not mono else 1), np.float32)
    for start in range(0, timeline.samples, 48000):
        end = min(start + 48000, timeline.samples)
        expected[start:end] = composed.get_frame(np.arange(start, end) / 48000)[:, : expected.shape[1]]
    normalize(expected, 48000, -16.0, -1.0, in_place=True)
    assert np.array_equal(mix(timeline, audio, music, mono=mono), expected)
