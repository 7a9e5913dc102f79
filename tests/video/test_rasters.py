"""Illustrations drawn once: the raster cache's entries, keys, damage handling, and real renders."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import av
import numpy as np
import pytest

from kitgen.model.story import Motion
from kitgen.text.fontset import default_fonts_dir, load_fontset
from kitgen.video.illustration import Drawing, fitted
from kitgen.video.motion import KenBurns
from kitgen.video.rasters import RasterCache, raster_dir
from kitgen.video.settings import Size
from kitgen.video.slides import SceneSlide, TitleCard
from kitgen.voice.cache import resolve_cache_dir

from .conftest import FIXTURES, render_tiny

ILLUSTRATIONS = FIXTURES / "tiny" / "sources" / "stories" / "tiny" / "illustrations"
SMALL = Size("small", 320, 180)


def entries(folder: Path) -> dict[Path, int]:
    """Every cache entry with its modification time."""
    return {path: path.stat().st_mtime_ns for path in folder.rglob("*.raw")}


def video_frames(path: Path) -> list[np.ndarray]:
    with av.open(str(path)) as container:
        return [frame.to_ndarray(format="gray") for frame in container.decode(video=0)]


def test_the_folder_sits_beside_the_speech_cache(tmp_path: Path) -> None:
    speech = resolve_cache_dir(None, tmp_path, environ={})
    assert raster_dir(speech) == tmp_path / ".cache" / "kitgen" / "rasters"
    assert raster_dir(resolve_cache_dir(tmp_path / "elsewhere", tmp_path, environ={})) == tmp_path / "elsewhere" / "rasters"
    assert raster_dir(resolve_cache_dir(None, tmp_path, environ={"KITGEN_CACHE_DIR": str(tmp_path / "env")})) == tmp_path / "env" / "rasters"
    assert raster_dir(None) is None


def test_an_entry_round_trips_and_is_drawn_once(tmp_path: Path) -> None:
    cache = RasterCache(tmp_path)
    planes = [np.arange(24, dtype=np.uint8).reshape(4, 6), np.full((2, 3), 7, np.uint8), np.zeros((2, 3, 3), np.uint8)]
    drawn: list[int] = []

    def draw() -> list[np.ndarray]:
        drawn.append(1)
        return planes

    first = cache.arrays("ab" * 32, draw)
    again = RasterCache(tmp_path).arrays("ab" * 32, draw)
    assert len(drawn) == 1 and (cache.counts.hits, cache.counts.made) == (0, 1)
    assert all(np.array_equal(a, b) and a.shape == b.shape for a, b in zip(first, again))
    assert not list(tmp_path.rglob("*.part"))  # written atomically: no leftovers


@pytest.mark.parametrize("damage", ["truncate", "flip", "magic", "empty"])
def test_a_damaged_entry_is_a_miss_and_is_drawn_again(tmp_path: Path, damage: str) -> None:
    cache = RasterCache(tmp_path)
    image = np.random.default_rng(1).integers(0, 256, (20, 30, 3), dtype=np.uint8)
    cache.arrays("cd" * 32, lambda: [image])
    entry = cache.path("cd" * 32)
    data = bytearray(entry.read_bytes())
    if damage == "truncate":
        data = data[:-10]
    elif damage == "flip":
        data[-5] ^= 0xFF
    elif damage == "magic":
        data[:8] = b"NOTRASTR"
    else:
        data = bytearray()
    entry.write_bytes(bytes(data))
    assert cache.get("cd" * 32) is None
    fresh = RasterCache(tmp_path)
    (again,) = fresh.arrays("cd" * 32, lambda: [image])
    assert fresh.counts.made == 1 and np.array_equal(again, image)
    assert fresh.get("cd" * 32) is not None  # written again, whole


def test_keys_cover_the_bytes_the_size_and_the_geometry(tmp_path: Path) -> None:
    wave = Drawing.read(ILLUSTRATIONS / "wave.svg")
    assert wave.key("planes", width=64, height=36, margin=10) == Drawing.read(ILLUSTRATIONS / "wave.svg").key("planes", width=64, height=36, margin=10)
    variants = {
        wave.key("planes", width=64, height=36, margin=10),
        wave.key("planes", width=66, height=36, margin=10),
        wave.key("planes", width=64, height=38, margin=10),
        wave.key("planes", width=64, height=36, margin=12),
        wave.key("fitted", width=64, height=36),
    }
    assert len(variants) == 5
    changed = tmp_path / "wave.svg"
    changed.write_text((ILLUSTRATIONS / "wave.svg").read_text(encoding="utf-8").replace("</svg>", "<rect width='1' height='1'/></svg>"), encoding="utf-8")
    assert Drawing.read(changed).key("fitted", width=64, height=36) != wave.key("fitted", width=64, height=36)


def test_a_changed_illustration_is_drawn_again(tmp_path: Path) -> None:
    cache = RasterCache(tmp_path / "rasters")
    picture = tmp_path / "bye.png"
    shutil.copyfile(ILLUSTRATIONS / "bye.png", picture)
    before = np.asarray(fitted(picture, 64, 36, cache=cache))
    from PIL import Image

    Image.new("RGB", (40, 20), (200, 10, 10)).save(picture)
    after = np.asarray(fitted(picture, 64, 36, cache=cache))
    assert cache.counts.made == 2 and not np.array_equal(before, after)
    assert np.abs(after.astype(int) - (200, 10, 10)).max() <= 2


def test_cached_slides_equal_freshly_drawn_ones(tmp_path: Path) -> None:
    cache = RasterCache(tmp_path)
    fonts = load_fontset(default_fonts_dir())
    moving = KenBurns.of(Motion(zoom=1.2, pan="left"))
    slides = [
        SceneSlide(SMALL, fonts, ILLUSTRATIONS / "wave.svg", moving, "Pip waves.", "Tiny kit", rasters=cache),
        SceneSlide(Size("tall", 180, 320), fonts, ILLUSTRATIONS / "bye.png", None, "Bye.", "Tiny kit", rasters=cache),
    ]
    title = TitleCard(SMALL, fonts, "Episode 1", "Hello", "Tiny kit", ILLUSTRATIONS / "wave.svg", rasters=cache)
    drawn = [slide.render() for slide in slides] + [title.render()]
    assert cache.counts.made == 3 and cache.counts.hits == 0
    plain = [replace(slide, rasters=RasterCache(None)).render() for slide in slides]  # the same slides, no cache
    again = [slide.render() for slide in slides] + [TitleCard(SMALL, fonts, "Episode 1", "Hello", "Tiny kit", ILLUSTRATIONS / "wave.svg", rasters=cache).render()]
    assert cache.counts.made == 3 and cache.counts.hits == 3
    for a, b, c in zip(drawn, again, plain + [drawn[-1]]):
        for planes in ("still", "picture"):
            x, y, z = getattr(a, planes), getattr(b, planes), getattr(c, planes)
            assert (x is None) == (y is None) == (z is None)
            if x is not None:
                for name in ("y", "u", "v"):
                    assert np.array_equal(getattr(x, name), getattr(y, name)) and np.array_equal(getattr(x, name), getattr(z, name))
        assert a.margin == b.margin


def test_a_second_locale_of_the_episode_draws_no_illustration(tiny_project, voice_cache: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "rasters"
    english = RasterCache(folder)
    first = render_tiny(tiny_project, "en", voice_cache, tmp_path / "en", rasters=english)
    assert english.counts.made == 3  # the moving planes, the still picture, the title card's backdrop
    kept = entries(folder)
    assert len(kept) == 3
    armenian = RasterCache(folder)
    render_tiny(tiny_project, "hy", voice_cache, tmp_path / "hy", rasters=armenian)
    assert armenian.counts.made == 0 and armenian.counts.hits == 3
    assert entries(folder) == kept  # nothing drawn, nothing written
    again = render_tiny(tiny_project, "en", voice_cache, tmp_path / "again", rasters=RasterCache(folder))
    plain = render_tiny(tiny_project, "en", voice_cache, tmp_path / "plain")
    frames = video_frames(again.result.video)
    assert len(frames) == first.result.frames
    for a, b, c in zip(frames, video_frames(first.result.video), video_frames(plain.result.video)):
        assert np.array_equal(a, b) and np.array_equal(a, c)  # cached pixels are the pixels


def test_a_kit_build_draws_each_illustration_once_for_all_locales(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.conftest import ScratchProject

    root = tmp_path / "tiny"
    shutil.copytree(FIXTURES / "tiny", root)
    monkeypatch.chdir(root)
    project, cache = ScratchProject(root), tmp_path / "cache"
    english = project.kitgen("build", "--only", "episodes", "--locale", "en", "--jobs", "1", "--cache-dir", str(cache))
    assert english.exit_code == 0, english.output
    kept = entries(cache / "rasters")
    assert len(kept) == 3 and (cache / "voice").is_dir()
    armenian = project.kitgen("build", "--only", "episodes", "--locale", "hy", "--jobs", "1", "--cache-dir", str(cache))
    assert armenian.exit_code == 0, armenian.output
    assert "1 built" in armenian.output
    assert entries(cache / "rasters") == kept  # the Armenian episode drew nothing
