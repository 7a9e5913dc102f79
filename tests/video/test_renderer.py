"""The whole pipeline on the tiny story: what the MP4, subtitles and poster really contain."""

from __future__ import annotations

import re
from pathlib import Path

import av
import numpy as np
import pytest
from PIL import Image

from kitgen.i18n.chrome_files import load_chrome
from kitgen.text.fontset import default_fonts_dir, load_fontset
from kitgen.errors import EngineError, KitgenError, MediaError, OptionError, OutputError, SourceError
from kitgen.model.story import Story
from kitgen.video import timeline as tl
from kitgen.video.renderer import render_episodes
from kitgen.voice.loudness import integrated_loudness
from kitgen.video.settings import Preset
from tests.video.conftest import (
    SMALL,
    Rendered,
    decode_audio,
    decode_frame,
    files_in,
    kitgen_temp_dirs,
    render_tiny,
    tone,
)

FRAME = 1 / 25


def speech_per_scene(rendered: Rendered) -> list[float]:
    by_scene: dict[str, list] = {}
    for line in rendered.audio.lines:
        by_scene.setdefault(line.key.split("/")[1], []).append(line)
    return [(lines[-1].end_sample - lines[0].start_sample) / 48000 for lines in by_scene.values()]


def srt_cues(text: str) -> list[tuple[float, float, str]]:
    cues = []
    for block in text.strip().split("\n\n"):
        lines = block.splitlines()
        start, end = re.fullmatch(r"(\S+) --> (\S+)", lines[1]).groups()  # type: ignore[union-attr]
        cues.append((_seconds(start), _seconds(end), "\n".join(lines[2:])))
    return cues


def _seconds(stamp: str) -> float:
    hours, minutes, seconds = stamp.replace(",", ".").split(":")
    return int(hours) * 3600 + int(minutes) * 60 + float(seconds)


def test_video_and_audio_streams(rendered: Rendered) -> None:
    with av.open(str(rendered.result.video)) as container:
        video, audio = container.streams.video[0], container.streams.audio[0]
        assert video.codec_context.name == "h264"
        assert video.codec_context.pix_fmt == "yuv420p"
        assert (video.codec_context.width, video.codec_context.height) == (SMALL.width, SMALL.height)
        assert video.average_rate == 25
        assert audio.codec_context.name == "aac"
        assert audio.rate == 48000
        assert audio.channels == 1  # the narration alone: one voice, one channel
        frames = sum(1 for _ in container.decode(video))
    assert frames == rendered.result.frames


def test_duration_is_narration_plus_padding(rendered: Rendered) -> None:
    speech = speech_per_scene(rendered)
    crossfade = round(tl.CROSSFADE * 25) / 25
    expected = tl.TITLE + tl.OUTRO + sum(tl.LEAD + s + tl.TAIL for s in speech) - (len(speech) + 1) * crossfade
    with av.open(str(rendered.result.video)) as container:
        stream = container.streams.video[0]
        video_seconds = float(stream.duration * stream.time_base)
        container_seconds = container.duration / 1_000_000
    assert abs(video_seconds - expected) <= FRAME
    assert abs(container_seconds - expected) <= FRAME


def test_one_chapter_per_scene(rendered: Rendered) -> None:
    with av.open(str(rendered.result.video)) as container:
        chapters = container.chapters()
    assert len(chapters) == 2 == rendered.result.scenes
    assert chapters[0]["start"] == 0
    assert chapters[0]["metadata"]["title"] == "Pip waves."  # the scene's caption
    assert chapters[1]["metadata"]["title"] == "Keep your password secret."  # no caption: its first line


def test_subtitle_cues_follow_the_lines(rendered: Rendered) -> None:
    srt = srt_cues(rendered.result.srt.read_text(encoding="utf-8"))
    vtt_text = rendered.result.vtt.read_text(encoding="utf-8")
    assert vtt_text.startswith("WEBVTT\n")
    vtt = re.findall(r"^(\S+) --> (\S+)$", vtt_text, flags=re.M)
    lines = rendered.audio.lines
    assert len(srt) == len(vtt) == len(lines) == 3
    assert [cue[2] for cue in srt] == [line.text for line in lines]
    assert "<v Pip>Hello!" in vtt_text
    first_line_start = tl.TITLE - round(tl.CROSSFADE * 25) / 25 + tl.LEAD
    assert srt[0][0] == pytest.approx(first_line_start, abs=0.0015)
    assert _seconds(vtt[0][0]) == srt[0][0]


def test_first_cue_starts_when_the_first_line_is_heard(rendered: Rendered) -> None:
    samples, rate = decode_audio(rendered.result.video)
    loud = np.flatnonzero(np.abs(samples) > 10 ** (-40 / 20))
    onset = loud[0] / rate
    first_cue = srt_cues(rendered.result.srt.read_text(encoding="utf-8"))[0][0]
    assert first_cue - 0.005 <= onset <= first_cue + FRAME  # espeak's clip starts with 10 ms of quiet


def test_audio_is_narration_at_target_loudness(rendered: Rendered) -> None:
    samples, rate = decode_audio(rendered.result.video)
    assert rate == 48000
    assert np.sqrt(np.mean(samples**2)) > 10 ** (-40 / 20)
    assert integrated_loudness(samples, rate) == pytest.approx(-16.0, abs=1.5)


def test_poster_is_the_title_card(rendered: Rendered) -> None:
    with Image.open(rendered.result.poster) as poster:
        assert poster.format == "PNG"
        assert poster.size == (SMALL.width, SMALL.height)
        first = decode_frame(rendered.result.video, 0.0)
        difference = np.abs(np.asarray(poster.convert("RGB"), dtype=np.int16) - first.astype(np.int16)).mean()
    assert difference < 6  # the same picture, give or take compression


def test_burned_captions_show_only_while_their_line_is_spoken(rendered: Rendered) -> None:
    cue_start, cue_end, _ = srt_cues(rendered.result.srt.read_text(encoding="utf-8"))[0]
    before = decode_frame(rendered.result.video, cue_start - 3 * FRAME)
    during = decode_frame(rendered.result.video, (cue_start + cue_end) / 2)
    band = (slice(int(SMALL.height * 0.83), int(SMALL.height * 0.91)), slice(int(SMALL.width * 0.44), int(SMALL.width * 0.56)))
    assert during[band].mean() < before[band].mean() - 40  # the dark caption box
    light = during[band].mean(axis=-1)
    assert (light > 160).sum() >= 5 and (light < 80).sum() >= 50  # light letters on the dark box


def test_only_the_four_files_are_written(rendered: Rendered) -> None:
    assert files_in(rendered.folder) == ["hello.mp4", "hello.png", "hello.srt", "hello.vtt"]


def test_music_bed_is_ducked_under_speech(tiny_project, voice_cache: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    music = tone(tmp_path / "bed.ogg", seconds=3.0, frequency=220.0)  # looped to the episode's length
    done = render_tiny(tiny_project, "en", voice_cache, tmp_path / "out", music=music, jobs=1)
    samples, rate = decode_audio(done.result.video)
    line = done.audio.lines[0]
    first = tl.TITLE - round(tl.CROSSFADE * 25) / 25 + tl.LEAD

    def tone_level(start: float, end: float) -> float:
        part = samples[int(start * rate) : int(end * rate)]
        spectrum = np.abs(np.fft.rfft(part * np.hanning(len(part))))
        freqs = np.fft.rfftfreq(len(part), 1 / rate)
        return float(spectrum[(freqs > 210) & (freqs < 230)].max())

    between = tone_level(1.5, 2.5)  # title card: the bed alone, faded in
    under = tone_level(first + 0.1, first + line.duration - 0.1)
    assert 20 * np.log10(between / under) > 8
    with av.open(str(done.result.video)) as container:  # the bed is stereo, and so is the soundtrack
        assert container.streams.audio[0].channels == 2


def test_a_music_file_that_is_not_audio_is_refused(tiny_project, voice_cache: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    fake = tmp_path / "music.ogg"
    fake.write_text("this is not music", encoding="utf-8")
    out = tmp_path / "out"
    with pytest.raises(MediaError, match="music file 'music.ogg' is not audio"):
        render_tiny(tiny_project, "en", voice_cache, out, music=fake)
    assert files_in(out) == []


@pytest.mark.parametrize(("size", "hint"), [("720", "did you mean '720p'"), ("sqaure", "did you mean 'square'"), ("4k", "choose from 720p")])
def test_an_unknown_size_is_refused(tiny_project, voice_cache: Path, tmp_path: Path, size: str, hint: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(OptionError, match=f"unknown video size '{size}'.*{hint}"):
        render_tiny(tiny_project, "en", voice_cache, tmp_path / "out", size=size)
    assert files_in(tmp_path / "out") == []


def shown_in(locale: str) -> dict:
    """What the pipeline hands the renderer: the loaded fonts and the locale's chrome."""
    return {"fonts": load_fontset(default_fonts_dir()), "chrome": load_chrome(locale)}


def test_an_episode_that_does_not_exist_is_refused(tiny_project, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    asked: list[list[str]] = []
    with pytest.raises(OptionError, match=r"story 'tiny' has no episode 3; it has 1: 1 \(hello\)"):
        render_episodes(
            tiny_project.story("tiny").story, tiny_project.story("tiny").directory, "en", tmp_path / "out",
            narration=lambda ids: asked.append(list(ids)) or {}, episodes=[3], size=SMALL, **shown_in("en"),
        )
    assert asked == []  # refused before any narration
    assert files_in(tmp_path / "out") == []


def test_a_locale_without_a_voice_fails_with_the_narration_error(tiny_project, voice_cache: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    story = tiny_project.story("tiny").story  # any text: a recordings-only profile with no recordings
    voices = tmp_path / "voices"
    voices.mkdir()
    (voices / "tg.yaml").write_text("engine: recorded\npause_ms: 450\n", encoding="utf-8")
    with pytest.raises(EngineError, match="no voice can narrate 'tg'"):
        render_episodes(story, tiny_project.story("tiny").directory, "tg", tmp_path / "out",
                        narration=narrator_for(tiny_project, story, "tg", voice_cache, voices), size=SMALL, **shown_in("tg"))
    assert files_in(tmp_path / "out") == []


def narrator_for(project, story: Story, locale: str, cache: Path, voices: Path | None = None):  # type: ignore[no-untyped-def]
    import tempfile

    from kitgen.commands.voice import narrate_story

    def narrate(ids):  # type: ignore[no-untyped-def]
        with tempfile.TemporaryDirectory() as scratch:
            done = narrate_story(story, locale, voices_dir=voices or project.voices_dir, out_dir=Path(scratch), cache_dir=cache,
                                 episodes=list(ids))
        return {files.episode_id: files.audio for files in done.episodes}

    return narrate


def test_ffmpeg_failing_shows_its_messages_and_leaves_nothing(tiny_project, voice_cache: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    broken = Preset("broken", motion=True, x264_preset="warp-speed", crf=23)
    out = tmp_path / "out"
    with pytest.raises(OutputError) as caught:
        render_tiny(tiny_project, "en", voice_cache, out, preset=broken, jobs=2)
    message = caught.value.format_message()
    assert "ffmpeg failed while encoding video segment" in message
    assert "its last messages:" in message and "libx264" in message
    assert files_in(out) == []


def test_an_interrupted_render_leaves_nothing(tiny_project, voice_cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    out = tmp_path / "out"

    seen: list[tuple[str, int, int]] = []

    def interrupt(what: str, done: int, total: int) -> None:
        seen.append((what, done, total))
        if "soundtrack" in what:  # the frames are being encoded meanwhile
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        render_tiny(tiny_project, "en", voice_cache, out, progress=interrupt, jobs=2)
    assert seen[-1][0] == "hello: mixing the soundtrack"
    assert files_in(out) == []
    assert kitgen_temp_dirs() == []
    assert _ffmpeg_children() == []


def _ffmpeg_children() -> list[int]:
    import os

    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            continue
        name, rest = stat.split("(", 1)[1].rsplit(")", 1)
        if int(rest.split()[1]) == os.getpid() and "ffmpeg" in name and rest.split()[0] != "Z":
            found.append(int(pid))
    return found


def test_text_no_font_can_draw_is_refused_before_rendering(tiny_project, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    story = tiny_project.story("tiny").story
    episode = story.episodes[0].model_copy(update={"title": "Hello ⵣ"})
    broken = story.model_copy(update={"episodes": (episode,)})
    with pytest.raises(SourceError, match="U\\+2D63 TIFINAGH LETTER YAZ"):
        render_episodes(broken, tiny_project.story("tiny").directory, "en", tmp_path / "out", narration={}, size=SMALL, **shown_in("en"))
    assert files_in(tmp_path / "out") == []


def test_armenian_episode_renders_with_armenian_text(tiny_project, voice_cache: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    done = render_tiny(tiny_project, "hy", voice_cache, tmp_path / "out", branding="Փոքրիկ հավաքածու", preset="draft")
    cues = srt_cues(done.result.srt.read_text(encoding="utf-8"))
    assert [cue[2] for cue in cues] == [line.text for line in done.audio.lines]
    assert all(any("\u0531" <= char <= "\u058f" for char in cue[2]) for cue in cues)
    with av.open(str(done.result.video)) as container:
        assert container.streams.video[0].codec_context.name == "h264"


def test_every_requested_episode_needs_narration(tiny_project, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(KitgenError, match="no audio for episode 'hello'"):
        render_episodes(tiny_project.story("tiny").story, tiny_project.story("tiny").directory, "en", tmp_path / "out", narration={}, size=SMALL,
                        **shown_in("en"))
