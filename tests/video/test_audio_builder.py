"""Audio episodes: real narration mixed, AAC-encoded and probed back with PyAV."""

from __future__ import annotations

import json
from pathlib import Path

import av
import numpy as np

from kitgen.pipeline.registry import default_registry
from kitgen.project import Project
from kitgen.video import mix
from kitgen.video import timeline as tl
from kitgen.video.audio_builder import BITRATE, scenes_only
from kitgen.voice.audio import SAMPLE_RATE, TARGET_LUFS
from kitgen.voice.loudness import integrated_loudness
from tests.conftest import ScratchProject
from tests.video.conftest import narrator, tone

FRAME = 1 / 25
CROSSFADE = round(tl.CROSSFADE * 25) / 25



def build(project: ScratchProject, *args: str) -> dict[str, str]:
    result = project.kitgen("build", "--only", "audio", "--json", "report.json", *args)
    assert result.exit_code == 0, result.output
    report = json.loads((project.root / "report.json").read_text(encoding="utf-8"))
    return {a["label"]: a["status"] for a in report["artifacts"]}


def probe(path: Path) -> dict:
    with av.open(str(path)) as container:
        stream = container.streams.audio[0]
        samples = np.concatenate([frame.to_ndarray() for frame in container.decode(stream)], axis=1)
        return {
            "codec": stream.codec_context.name, "rate": stream.rate, "channels": stream.channels,
            "bit_rate": stream.bit_rate, "duration": float(stream.duration * stream.time_base),
            "chapters": container.chapters(), "tags": dict(container.metadata), "brand": container.metadata.get("major_brand"),
            "samples": samples,
        }


def sound_span(samples: np.ndarray, threshold: float = 1e-3) -> tuple[float, float]:
    loud = np.nonzero(np.abs(samples).max(axis=0) > threshold)[0]
    return loud[0] / SAMPLE_RATE, (loud[-1] + 1) / SAMPLE_RATE


def speech_per_scene(project: Project, locale: str, cache: Path) -> list[float]:
    audio = narrator(project, locale, cache)(["hello"])["hello"]
    scenes: dict[str, list] = {}
    for line in audio.lines:
        scenes.setdefault(line.key.split("/")[1], []).append(line)
    return [(lines[-1].end_sample - lines[0].start_sample) / SAMPLE_RATE for lines in scenes.values()]


def test_one_m4a_per_episode_with_chapters_tags_and_the_videos_loudness(tiny, tiny_project, voice_cache) -> None:
    assert build(tiny, "--locale", "en") == {"tiny/en 01-hello-pip.m4a": "built"}
    audio = tiny.root / "output" / "tiny" / "en" / "audio" / "01-hello-pip.m4a"  # the video's stem
    found = probe(audio)
    assert (found["codec"], found["rate"], found["channels"]) == ("aac", 48000, 1)
    assert found["brand"] == "M4A "
    assert abs(found["bit_rate"] - int(BITRATE.rstrip("k")) * 1000) < 30_000
    speech = speech_per_scene(tiny_project, "en", voice_cache)
    # The scenes of the video without its silent title card and outro.
    expected = sum(tl.LEAD + s + tl.TAIL for s in speech) - (len(speech) - 1) * CROSSFADE
    assert abs(found["duration"] - expected) <= FRAME
    start, end = sound_span(found["samples"])
    assert abs(start - tl.LEAD) < 0.1 and abs(found["duration"] - end - tl.TAIL) < 0.1
    chapters = found["chapters"]
    assert [c["metadata"]["title"] for c in chapters] == ["Pip waves.", "Keep your password secret."]
    assert chapters[0]["start"] == 0
    second = chapters[1]["start"] * float(chapters[1]["time_base"])
    assert abs(second - (tl.LEAD + speech[0] + tl.TAIL - CROSSFADE)) <= FRAME
    assert found["tags"]["title"] == "Episode 1: Hello, Pip"
    assert (found["tags"]["artist"], found["tags"]["album"], found["tags"]["track"]) == ("Tiny kit", "Pip Says Hello", "1/1")
    loudness = integrated_loudness(found["samples"].T.astype(np.float32), SAMPLE_RATE)
    assert abs(loudness - TARGET_LUFS) <= 1.0


def test_localized_title_and_stem(tiny) -> None:
    assert build(tiny, "--locale", "hy") == {"tiny/hy 01-barev-pip.m4a": "built"}
    found = probe(tiny.root / "output" / "tiny" / "hy" / "audio" / "01-barev-pip.m4a")
    assert found["tags"]["title"].startswith("Դրվագ 1: ") and found["tags"]["artist"] == "Փոքրիկ հավաքածու"


def test_audio_builds_are_incremental_and_read_no_illustrations(tiny) -> None:
    assert set(build(tiny, "--locale", "en").values()) == {"built"}
    assert set(build(tiny, "--locale", "en").values()) == {"up to date"}
    audio = tiny.root / "output" / "tiny" / "en" / "audio" / "01-hello-pip.m4a"
    made = audio.read_bytes()
    audio.unlink()
    assert set(build(tiny, "--locale", "en").values()) == {"reused"}  # from the store, not mixed again
    assert audio.read_bytes() == made
    illustrations = tiny.root / "sources" / "stories" / "tiny" / "illustrations"
    svg = illustrations / "wave.svg"
    svg.write_text(svg.read_text(encoding="utf-8").replace("</svg>", '<circle cx="1" cy="1" r="1"/></svg>'), encoding="utf-8")
    assert set(build(tiny, "--locale", "en").values()) == {"up to date"}  # pictures are not its input
    tiny.edit(tiny.root / "sources" / "stories" / "tiny" / "story.yaml", "caption: Pip waves.", "caption: Pip waves hello.")
    assert set(build(tiny, "--locale", "en").values()) == {"built"}  # a chapter title changed
    assert [c["metadata"]["title"] for c in probe(audio)["chapters"]][0] == "Pip waves hello."


def test_audio_is_built_by_default() -> None:
    assert "audio" in default_registry(plugins=False).parse_only(None)


def test_the_scenes_only_timeline_keeps_the_videos_spacing(tiny_project, voice_cache) -> None:
    story = tiny_project.localized("tiny", "en")
    audio = narrator(tiny_project, "en", voice_cache)(["hello"])["hello"]
    video = tl.plan(story.episodes[0], audio)
    cut = scenes_only(video)
    shift = video.scenes[0].start * tl.SAMPLES_PER_FRAME
    assert [s.kind for s in cut.slides] == ["scene", "scene"] and cut.slides[0].start == 0
    assert cut.frames == video.scenes[-1].end - video.scenes[0].start
    assert [line.start_sample for line in cut.lines] == [line.start_sample - shift for line in video.lines]
    assert all(0 < line.start_sample and line.end_sample < cut.samples for line in cut.lines)


def test_a_music_bed_is_folded_to_mono_before_normalizing(tiny_project, voice_cache, tmp_path) -> None:
    story = tiny_project.localized("tiny", "en")
    audio = narrator(tiny_project, "en", voice_cache)(["hello"])["hello"]
    timeline = scenes_only(tl.plan(story.episodes[0], audio))
    music = mix.read_music(tone(tmp_path / "bed.wav"), timeline.duration + 1)
    mono = mix.mix(timeline, audio, music.copy(), mono=True)
    stereo = mix.mix(timeline, audio, music.copy())  # the video's mix: unchanged
    assert mono.shape == (timeline.samples, 1) and stereo.shape == (timeline.samples, 2)
    for mixed in (mono, stereo):
        assert abs(integrated_loudness(mixed, SAMPLE_RATE) - TARGET_LUFS) < 0.5
    gap = slice(int(0.1 * SAMPLE_RATE), int(0.5 * SAMPLE_RATE))  # before the first line: the bed alone
    assert float(np.abs(mono[gap]).max()) > 1e-3 and float(np.abs(stereo[gap]).max()) > 1e-3
