"""Segments encoded once: kits that differ only in their help contacts share every segment
but the outro's, and an episode made from cached segments is the same bytes as one encoded whole."""

from __future__ import annotations

import dataclasses
import os
import threading
from pathlib import Path

import numpy as np
import pytest

from kitgen.builder.help import HelpLine
from kitgen.i18n.chrome_files import load_chrome
from kitgen.project import Project
from kitgen.text.fontset import load_fontset
from kitgen.video import encoder
from kitgen.video.renderer import EPISODE_FILES, EpisodeRenderer
from kitgen.video.reuse import SegmentCache, fingerprint, segment_key, slide_print
from kitgen.video.settings import resolve_preset
from kitgen.voice.assemble import EpisodeAudio
from tests.video.conftest import SMALL, decode_frame, narrator

KIT_A = (HelpLine("Child line A", phone="111"),)
KIT_B = (HelpLine("Child line B", phone="116 111", hours="24/7"), HelpLine("Report abuse", url="https://example.org/report"))


@pytest.fixture(scope="module")
def audio(tiny_project: Project, voice_cache: Path) -> EpisodeAudio:
    return narrator(tiny_project, "en", voice_cache)(["hello"])["hello"]


def renderer(project: Project, help: tuple[HelpLine, ...], cache: SegmentCache | None, branding: str = "Tiny kit") -> EpisodeRenderer:
    story = project.localized("tiny", "en")
    return EpisodeRenderer(
        story, project.story("tiny").directory, "en", SMALL, resolve_preset("release"), False, None, None, branding,
        load_fontset(project.fonts_dir), load_chrome("en"), None,
        segments=cache if cache is not None else SegmentCache(None), help=help,
    )


def render(project: Project, audio: EpisodeAudio, help: tuple[HelpLine, ...], cache: SegmentCache | None, out: Path, **kw: str) -> Path:
    job = renderer(project, help, cache, **kw)
    episode = job.story.episodes[0]
    video = out / f"{episode.id}.mp4"
    job.render(1, episode, audio, {suffix: video.with_suffix(suffix) for suffix in EPISODE_FILES})
    return video


def parts_of(project: Project, audio: EpisodeAudio, help: tuple[HelpLine, ...]) -> list[encoder.Segment]:
    job = renderer(project, help, None)
    ready = job.prepare(1, job.story.episodes[0], audio)
    return encoder.segments(ready.timeline, ready.moves, encoder.auto_jobs(SMALL), Path("."))


def test_a_second_kit_encodes_only_its_outro_and_gets_the_same_bytes(tiny_project: Project, audio: EpisodeAudio, tmp_path: Path) -> None:
    parts = parts_of(tiny_project, audio, KIT_B)
    assert len(parts) >= 2 and parts[-1].start > 0  # the outro is a segment of its own
    cache = SegmentCache(tmp_path / "segments")
    render(tiny_project, audio, KIT_A, cache, tmp_path / "a")
    assert (cache.counts.hits, cache.counts.made) == (0, len(parts))

    second = SegmentCache(cache.folder)
    reused = render(tiny_project, audio, KIT_B, second, tmp_path / "b")
    assert (second.counts.hits, second.counts.made) == (len(parts) - 1, 1)
    encoded = render(tiny_project, audio, KIT_B, None, tmp_path / "b-whole")
    assert reused.read_bytes() == encoded.read_bytes()

    # and what it shows is kit B's: the same frames as kit A before the outro, its own contacts after
    a, outro_at = tmp_path / "a" / reused.name, parts[-1].start / 25
    assert np.array_equal(decode_frame(reused, outro_at / 2), decode_frame(a, outro_at / 2))
    late = outro_at + 2.0
    assert np.abs(decode_frame(reused, late).astype(int) - decode_frame(a, late).astype(int)).mean() > 1


def test_a_damaged_entry_is_encoded_again(tiny_project: Project, audio: EpisodeAudio, tmp_path: Path) -> None:
    cache = SegmentCache(tmp_path / "segments")
    first = render(tiny_project, audio, KIT_A, cache, tmp_path / "a").read_bytes()
    entries = sorted(cache.folder.glob("*/*.seg"))  # type: ignore[union-attr]
    assert len(entries) == cache.counts.made
    data = bytearray(entries[0].read_bytes())
    data[len(data) // 2] ^= 0xFF
    entries[0].write_bytes(bytes(data))
    entries[1].write_bytes(entries[1].read_bytes()[:100])  # and one cut short

    again = SegmentCache(cache.folder)
    assert render(tiny_project, audio, KIT_A, again, tmp_path / "again").read_bytes() == first
    assert (again.counts.hits, again.counts.made) == (len(entries) - 2, 2)


def test_a_changed_slide_changes_the_keys_of_its_segments(tiny_project: Project, audio: EpisodeAudio, tmp_path: Path) -> None:
    cache = SegmentCache(tmp_path / "segments")
    render(tiny_project, audio, KIT_A, cache, tmp_path / "a")
    other = SegmentCache(cache.folder)
    render(tiny_project, audio, KIT_A, other, tmp_path / "b", branding="Another kit")  # on the title card and the outro
    assert other.counts.hits < cache.counts.made


def test_two_builds_at_once_encode_each_shared_segment_once(tiny_project: Project, audio: EpisodeAudio, tmp_path: Path) -> None:
    """Two renders in two threads: each takes its segment's lock file (a lock on an open file,
    so two threads hold it as two processes would), the second waits and then copies."""
    folder = tmp_path / "segments"
    caches = [SegmentCache(folder), SegmentCache(folder)]
    failures: list[BaseException] = []

    def run(n: int, help: tuple[HelpLine, ...]) -> None:
        try:
            render(tiny_project, audio, help, caches[n], tmp_path / f"kit-{n}")
        except BaseException as exc:  # pragma: no cover - reported below
            failures.append(exc)

    threads = [threading.Thread(target=run, args=(0, KIT_A)), threading.Thread(target=run, args=(1, KIT_B))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures
    shared = len(parts_of(tiny_project, audio, KIT_A)) - 1
    assert sum(c.counts.made for c in caches) == shared + 2  # the shared ones once, each outro once
    assert sum(c.counts.hits for c in caches) == shared


def test_what_cannot_be_fingerprinted_is_never_cached(tiny_project: Project, audio: EpisodeAudio) -> None:
    job = renderer(tiny_project, KIT_A, None)
    ready = job.prepare(1, job.story.episodes[0], audio)
    prints = [slide_print(slide) for slide in ready.slides]
    assert all(prints) and len(set(prints)) == len(prints)
    assert slide_print(dataclasses.replace(ready.slides[-1], help=KIT_B)) != prints[-1]  # type: ignore[type-var]
    with pytest.raises(TypeError):
        fingerprint(object())
    assert slide_print(object()) is None
    end = ready.timeline.slides[0].end
    assert segment_key(ready.timeline, prints, ready.shown, 0, end, ["-c:v", "libx264"]) is not None
    assert segment_key(ready.timeline, [None, *prints[1:]], ready.shown, 0, end, ["-c:v", "libx264"]) is None
    assert segment_key(ready.timeline, prints, ready.shown, 0, end, ["-c:v", "libx264", "-crf", "28"]) != \
        segment_key(ready.timeline, prints, ready.shown, 0, end, ["-c:v", "libx264"])


def test_the_folder_is_kept_under_its_limit_oldest_first(tmp_path: Path) -> None:
    cache = SegmentCache(tmp_path / "segments")
    keys = [f"{n:02d}" + "0" * 62 for n in range(4)]
    for n, key in enumerate(keys):
        segment = tmp_path / f"{n}.mp4"
        segment.write_bytes(bytes([n]) * 1000)
        cache.keep(key, segment)
        os.utime(cache.path(key), (1_000_000 + n, 1_000_000 + n))  # kept one after another
    assert cache.fetch(keys[0], tmp_path / "back.mp4")  # used again: now the newest
    assert (tmp_path / "back.mp4").read_bytes() == bytes([0]) * 1000
    SegmentCache(cache.folder, limit=2500).prune()  # room for two entries
    assert sorted(p.name[:2] for p in cache.folder.glob("*/*.seg")) == ["00", "03"]  # type: ignore[union-attr]
