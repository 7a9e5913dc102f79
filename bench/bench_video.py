"""Video episode speed: kitgen against the encoder alone, in CPU-s and wall time, and a naive moviepy render.

Renders one 60-90 s sample episode (the first episode of the sample story, cut to the scenes
that fit in 90 s) at 720p with Ken Burns motion and crossfades, and prints, all at the
release encoder settings (libx264 veryfast, CRF 23, 720p25) and in the same run:

(a)  kitgen's whole episode (slides, soundtrack, encoding, muxing): wall time and CPU-s
     (its process and every child, ``getrusage``), with an empty raster cache: every
     illustration is drawn;
(a2) the same with the raster cache already holding the illustrations (as for a second
     locale or kit of the episode): what the cache saves per episode;
(a3) another kit's episode after the first kit's (their outros show other help contacts):
     every segment but the outro copied from the segment cache;
(b)  a naive moviepy version of the same episode: ImageClip per slide, the Resize effect for
     the zoom, CompositeVideoClip with CrossFadeIn for the crossfades, write_videofile
     (``KITGEN_BENCH_NAIVE=0`` skips it: it takes minutes);
(c)  the encoder floor: one ffmpeg encoding kitgen's own frames read back from a raw dump;
(c2) the same dump encoded as kitgen's parallel segments (the floor with every core busy);

then the CPU ratio a/c (the one that counts in a kit build, where every core is busy;
target <= 1.25), the wall ratios, where kitgen's CPU-s go (one instrumented run: frame
building, slide drawing, soundtrack, the encoders), and the peak memory (resident set of
kitgen's process and all its children, sampled from /proc) of the same episode at 1080p.
(a), (a2), (a3) and (c) run :data:`ROUNDS` times, interleaved (the floor first in every other
round), because other work on the machine adds noise and its speed drifts from minute to
minute; the medians are compared, and so are the ratios of each round's own runs. The narration is synthesized (or
read from the voice cache) before timing starts. No asserts: the figures are for reading.
"""

from __future__ import annotations

import functools
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

STORY, LOCALE, SIZE = "stop-think-tell", "en", "720p"
LONGEST = 90.0
ROUNDS = int(os.environ.get("KITGEN_BENCH_ROUNDS", "3"))  # (a), (a2) and (c) each run this many times, interleaved


def sample_episode():  # type: ignore[no-untyped-def]
    """The sample story cut to one episode of 60-90 s, its narration, and the story folder."""
    from kitgen.errors import Report
    from kitgen.project import load_project
    from kitgen.video.timeline import plan
    from kitgen.voice.assemble import EpisodeAudio
    from kitgen.voice.cache import resolve_cache_dir
    from kitgen.pipeline.voice import narrate_story

    project = load_project(REPO, Report())
    story = project.localized(STORY, LOCALE)
    episode = story.episodes[0]
    narration = narrate_story(
        story, LOCALE, voices_dir=project.voices_dir, out_dir=None,
        cache_dir=resolve_cache_dir(None, project.root), episodes=[episode.id],
    )
    full = narration.episodes[0].audio
    for count in range(len(episode.scenes), 0, -1):
        cut = episode.model_copy(update={"scenes": episode.scenes[:count]})
        lines = sum(len(scene.lines) for scene in cut.scenes)
        audio = EpisodeAudio(full.episode_id, full.samples, full.lines[:lines], full.pause_samples)
        if plan(cut, audio).duration <= LONGEST:
            break
    return project, story.model_copy(update={"episodes": (cut,)}), audio


def cpu_seconds() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def kit_contacts(project, kit: str):  # type: ignore[no-untyped-def]
    """The help contacts of one of the sample's kits, as its episodes' outros show them."""
    from kitgen.pipeline.help import help_lines

    return help_lines(project.kits[kit].kit, LOCALE)


def run_kitgen(project, story, audio, out: Path, size: str = SIZE, rasters=None, segments=None, help=()) -> tuple[float, float, object]:  # type: ignore[no-untyped-def]
    """One whole episode: (wall s, CPU-s of this process and its children, result)."""
    from kitgen.i18n.chrome_files import load_chrome
    from kitgen.text.fontset import load_fontset
    from kitgen.video.renderer import render_episodes

    fonts, chrome = load_fontset(project.fonts_dir), load_chrome(LOCALE)
    cpu, began = cpu_seconds(), time.perf_counter()
    (result,) = render_episodes(
        story, project.story(STORY).directory, LOCALE, out, narration={audio.episode_id: audio},
        size=size, preset="release", fonts=fonts, chrome=chrome, branding="Safe online together", rasters=rasters,
        segments=segments, help=help,
    )
    return time.perf_counter() - began, cpu_seconds() - cpu, result


def renderer(project, story):  # type: ignore[no-untyped-def]
    from kitgen.i18n.chrome_files import load_chrome
    from kitgen.text.fontset import load_fontset
    from kitgen.video.renderer import EpisodeRenderer
    from kitgen.video.settings import resolve_preset, resolve_size

    return EpisodeRenderer(
        story, project.story(STORY).directory, LOCALE, resolve_size(SIZE), resolve_preset("release"), False, None,
        None, "Safe online together", load_fontset(project.fonts_dir), load_chrome(LOCALE), None,
    )


def dump_frames(project, story, audio, raw: Path):  # type: ignore[no-untyped-def]
    """kitgen's own frames, exactly as they are fed to x264, into a raw yuv420p file."""
    from kitgen.video.artwork import Artwork

    ready = renderer(project, story).prepare(1, story.episodes[0], audio)
    art = Artwork(ready.slides, [1] * len(ready.slides))
    canvas = ready.compositor(art).canvas()
    with open(raw, "wb") as handle:
        for frame in range(ready.timeline.frames):
            handle.write(canvas.build(frame).data)
    return ready


def encode_dump(raw: Path, out: Path, parallel: list[tuple[int, int]] | None = None) -> tuple[float, float]:
    """(c): ffmpeg reading the raw dump, same encoder settings; optionally as parallel segments."""
    from kitgen.video import ffmpeg
    from kitgen.video.encoder import auto_jobs, encoder_threads, raw_input_args
    from kitgen.video.settings import FPS, PRESETS, SIZES

    x264 = PRESETS["release"].x264_args() + ["-pix_fmt", "yuv420p", "-an"]
    base = ffmpeg.base_command() + raw_input_args(SIZES[SIZE])
    if parallel is None:
        commands = [base + ["-i", str(raw)] + x264 + [str(out)]]
    else:
        threads = ["-threads", str(encoder_threads(auto_jobs(SIZES[SIZE])))]  # as kitgen's segments
        commands = [
            base + ["-ss", f"{start / FPS:.3f}", "-i", str(raw), "-frames:v", str(end - start)] + x264 + threads + [str(out.with_suffix(f".{n}.mp4"))]
            for n, (start, end) in enumerate(parallel)
        ]
    cpu, began = cpu_seconds(), time.perf_counter()
    processes = [subprocess.Popen(command) for command in commands]
    if any(process.wait() for process in processes):
        raise SystemExit("ffmpeg failed on the raw dump")
    return time.perf_counter() - began, cpu_seconds() - cpu


def run_naive(project, story, audio, ready, work: Path) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """(b): the tutorial way with moviepy, same slides, same soundtrack, same encoder settings."""
    import numpy as np
    from moviepy import AudioFileClip, CompositeVideoClip, ImageClip, vfx

    from kitgen.video import mix
    from kitgen.video.illustration import fitted
    from kitgen.video.slides import speaker_tag
    from kitgen.video.timeline import SAMPLES_PER_FRAME

    cpu, began = cpu_seconds(), time.perf_counter()
    size = ready.size
    fade = ready.timeline.crossfade / 25
    wav = work / "naive.wav"
    mix.write_wav(wav, mix.mix(ready.timeline, audio))
    clips = []
    for index, (slide, job) in enumerate(zip(ready.timeline.slides, ready.slides)):
        start, duration = slide.start / 25, slide.frames / 25
        if slide.kind == "scene":
            picture = np.asarray(fitted(job.picture, size.width, size.height))
            motion = job.motion

            def scale(t, d=duration, m=motion):  # type: ignore[no-untyped-def]
                return 1 + (m.zoom - 1) * t / d

            def position(t, d=duration, m=motion):  # type: ignore[no-untyped-def]
                cx, cy, _ = m.window(t / d)
                s = scale(t, d, m)
                return (size.width / 2 - cx * size.width * s, size.height / 2 - cy * size.height * s)

            moving = ImageClip(picture).with_duration(duration).with_effects([vfx.Resize(scale)]).with_position(position)
            clip = CompositeVideoClip([moving], size=(size.width, size.height)).with_duration(duration)
        else:
            clip = ImageClip(np.asarray(job.image())).with_duration(duration)
        if index:
            clip = clip.with_effects([vfx.CrossFadeIn(fade)])
        clips.append(clip.with_start(start))
    from kitgen.text.fontset import load_fontset

    fonts = load_fontset(project.fonts_dir)
    names = {c.id: c.name for c in story.characters}
    for line in ready.timeline.lines:
        if line.speaker:
            tag = speaker_tag(size, fonts, names[line.speaker])
            from kitgen.video.planes import to_rgb

            rgb = to_rgb(tag.planes)
            alpha = 255 - tag.y_inv
            picture = np.dstack([rgb, alpha]).astype(np.uint8)
            clips.append(
                ImageClip(picture).with_start(line.start_sample / SAMPLES_PER_FRAME / 25)
                .with_duration((line.end_sample - line.start_sample) / 48000).with_position((tag.x, tag.y))
            )
    final = CompositeVideoClip(clips, size=(size.width, size.height)).with_duration(ready.timeline.duration)
    final = final.with_audio(AudioFileClip(str(wav)))
    final.write_videofile(
        str(work / "naive.mp4"), fps=25, codec="libx264", preset="veryfast", ffmpeg_params=["-crf", "23"],
        audio_codec="aac", logger=None, temp_audiofile_path=str(work),
    )
    return time.perf_counter() - began, cpu_seconds() - cpu


def tree_rss(root: int) -> tuple[int, list[tuple[str, int]]]:
    """Resident memory (bytes) of ``root`` and all its descendants, with each process's share."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            children.setdefault(int(stat.rsplit(")", 1)[1].split()[1]), []).append(int(entry))
    found, stack = [], [root]
    while stack:
        pid = stack.pop()
        stack += children.get(pid, [])
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        if "VmRSS" in fields:
            found.append((fields["Name"].strip(), int(fields["VmRSS"].split()[0]) * 1024))
    return sum(size for _, size in found), found


def peak_memory_1080p() -> tuple[int, list[tuple[str, int]], float]:
    child = subprocess.Popen([sys.executable, __file__, "--render-1080p"], stdout=subprocess.PIPE, text=True)
    peak, at = 0, []
    while child.poll() is None:
        total, parts = tree_rss(child.pid)
        if total > peak:
            peak, at = total, parts
        time.sleep(0.05)
    wall = float((child.stdout.read() if child.stdout else "0").strip() or 0)
    return peak, at, wall


def render_1080p_child() -> None:
    project, story, audio = sample_episode()
    with tempfile.TemporaryDirectory() as out:
        wall, _, _ = run_kitgen(project, story, audio, Path(out), size="1080p")
    print(f"{wall:.3f}")


class Breakdown:
    """Where one render's CPU-s go: thread CPU time of kitgen's own stages, child CPU of ffmpeg steps."""

    def __init__(self) -> None:
        self.seconds: Counter[str] = Counter()
        self._lock = threading.Lock()
        self._local = threading.local()

    def add(self, what: str, seconds: float) -> None:
        with self._lock:
            self.seconds[what] += seconds

    def timed(self, what: str, function):  # type: ignore[no-untyped-def]
        """``function`` with its thread CPU time counted under ``what`` (nested timed calls excluded)."""

        @functools.wraps(function)
        def wrapper(*args, **kwargs):  # type: ignore[no-untyped-def]
            stack = self._local.__dict__.setdefault("stack", [])
            began = time.thread_time()
            stack.append(0.0)
            try:
                return function(*args, **kwargs)
            finally:
                spent, inner = time.thread_time() - began, stack.pop()
                self.add(what, spent - inner)
                if stack:
                    stack[-1] += spent

        return wrapper


def breakdown(project, story, audio, out: Path, rasters) -> tuple[float, Counter]:  # type: ignore[no-untyped-def]
    """One instrumented render: its CPU-s and where they went (a rough profile, stage by stage)."""
    from kitgen.video import artwork, compositor, encoder, ffmpeg, mix

    parts = Breakdown()
    patched = [(compositor.Canvas, "build"), (artwork.Artwork, "__call__"), (mix, "mix"), (mix, "write_wav"),
               (encoder._SegmentRun, "run"), (ffmpeg, "run")]
    saved = [(owner, name, getattr(owner, name)) for owner, name in patched]
    run_ffmpeg = ffmpeg.run

    def measured_ffmpeg(args, what, where, stdin=None):  # type: ignore[no-untyped-def]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        try:
            return run_ffmpeg(args, what, where, stdin)
        finally:
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            parts.add(f"ffmpeg: {what}", after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)

    compositor.Canvas.build = parts.timed("frames: resampling moving pictures, crossfades, overlays", compositor.Canvas.build)
    artwork.Artwork.__call__ = parts.timed("slides: drawing (illustrations, text, RGB to YUV)", artwork.Artwork.__call__)
    mix.mix = parts.timed("soundtrack: mixing and loudness", mix.mix)
    mix.write_wav = parts.timed("soundtrack: writing the WAV", mix.write_wav)
    encoder._SegmentRun.run = parts.timed("frames: writing them to the encoders' pipes", encoder._SegmentRun.run)
    ffmpeg.run = measured_ffmpeg
    try:
        own = resource.getrusage(resource.RUSAGE_SELF)
        wall, cpu, _ = run_kitgen(project, story, audio, out, rasters=rasters)
        after = resource.getrusage(resource.RUSAGE_SELF)
    finally:
        for owner, name, original in saved:
            setattr(owner, name, original)
    kitgen_cpu = after.ru_utime + after.ru_stime - own.ru_utime - own.ru_stime
    measured = parts.seconds
    children = cpu - kitgen_cpu
    measured["x264: the segment encoders"] = children - sum(v for k, v in measured.items() if k.startswith("ffmpeg"))
    measured["other kitgen work (planning, subtitles, poster, threads)"] = kitgen_cpu - sum(
        v for k, v in measured.items() if not k.startswith(("ffmpeg", "x264")))
    return cpu, measured


def median(values: list[float]) -> float:
    return statistics.median(values)


def runs(values: list[float]) -> str:
    return ", ".join(f"{value:.1f}" for value in values)


def main() -> None:
    from kitgen.video.encoder import auto_jobs, segments
    from kitgen.video.rasters import RasterCache
    from kitgen.video.reuse import SegmentCache
    from kitgen.video.settings import SIZES

    load_before = os.getloadavg()
    project, story, audio = sample_episode()
    naive = os.environ.get("KITGEN_BENCH_NAIVE", "1") != "0"
    with tempfile.TemporaryDirectory(prefix="kitgen-bench-video-") as scratch:
        work = Path(scratch)
        raw = work / "frames.yuv"
        ready = dump_frames(project, story, audio, raw)
        timeline = ready.timeline
        parts = [(p.start, p.end) for p in segments(timeline, ready.moves, auto_jobs(SIZES[SIZE]), work)]
        episode = story.episodes[0]
        print(f"episode: '{episode.title}' (scenes 1-{len(episode.scenes)} of the sample story's episode 1), "
              f"{timeline.duration:.1f} s, {timeline.frames} frames at {SIZE}, {len(timeline.slides)} slides, "
              f"{len(timeline.slides) - 1} crossfades; encoder: libx264 veryfast CRF 23; segments: {len(parts)}")
        cold, warm, floor, other_kit = [], [], [], []
        draws, reuse_counts = [], []
        ru, kz = kit_contacts(project, "ru"), kit_contacts(project, "kz")
        for round_ in range(ROUNDS):
            if round_ % 2:  # the floor first in every other round, so a drift in the machine's speed evens out
                floor.append(encode_dump(raw, work / f"c{round_}.mp4"))
            rasters = RasterCache(work / f"rasters-{round_}")
            cold.append(run_kitgen(project, story, audio, work / f"a{round_}", rasters=rasters)[:2])
            drawn = rasters.counts.made
            again = RasterCache(rasters.folder)
            warm.append(run_kitgen(project, story, audio, work / f"w{round_}", rasters=again)[:2])
            draws.append((drawn, again.counts.made, again.counts.hits))
            if not round_ % 2:
                floor.append(encode_dump(raw, work / f"c{round_}.mp4"))
            # (a3): the ru kit's episode was made; now the kz kit's, whose outro shows other contacts
            shared = SegmentCache(work / f"segments-{round_}")
            run_kitgen(project, story, audio, work / f"k{round_}", rasters=RasterCache(rasters.folder), segments=shared, help=ru)
            again_segments = SegmentCache(shared.folder)
            other_kit.append(run_kitgen(project, story, audio, work / f"o{round_}", rasters=RasterCache(rasters.folder),
                                        segments=again_segments, help=kz)[:2])
            reuse_counts.append((again_segments.counts.hits, again_segments.counts.made))
        c2 = encode_dump(raw, work / "c2.mp4", parts)
        raw.unlink()
        profiled_cpu, spent = breakdown(project, story, audio, work / "profiled", RasterCache(work / "rasters-profiled"))
        warm_cpu, warm_spent = breakdown(project, story, audio, work / "profiled-warm", RasterCache(work / "rasters-profiled"))
        b = run_naive(project, story, audio, ready, work) if naive else None
    a_wall, a_cpu = median([w for w, _ in cold]), median([c for _, c in cold])
    w_wall, w_cpu = median([w for w, _ in warm]), median([c for _, c in warm])
    c_wall, c_cpu = median([w for w, _ in floor]), median([c for _, c in floor])
    o_wall, o_cpu = median([w for w, _ in other_kit]), median([c for _, c in other_kit])
    peak, at, wall_1080 = peak_memory_1080p()
    print(f"medians of {ROUNDS} interleaved runs (each run's figure in brackets):")
    print(f"(a)  kitgen, raster cache empty:      {a_wall:6.1f} s wall  {a_cpu:6.1f} CPU-s   [{runs([c for _, c in cold])}]  "
          f"({timeline.duration / a_wall:.1f}x real time; {draws[0][0]} rasters drawn)")
    print(f"(a2) kitgen, illustrations cached:    {w_wall:6.1f} s wall  {w_cpu:6.1f} CPU-s   [{runs([c for _, c in warm])}]  "
          f"({draws[0][1]} drawn, {draws[0][2]} from the cache)")
    print(f"(a3) another kit, segments cached:   {o_wall:6.1f} s wall  {o_cpu:6.1f} CPU-s   [{runs([c for _, c in other_kit])}]  "
          f"({reuse_counts[0][0]} segments copied, {reuse_counts[0][1]} encoded: the outro with the kit's own help contacts)")
    if b is not None:
        print(f"(b)  naive moviepy:                   {b[0]:6.1f} s wall  {b[1]:6.1f} CPU-s")
    print(f"(c)  ffmpeg on kitgen's raw frames:   {c_wall:6.1f} s wall  {c_cpu:6.1f} CPU-s   [{runs([c for _, c in floor])}]")
    print(f"(c2) the same, as parallel segments:  {c2[0]:6.1f} s wall  {c2[1]:6.1f} CPU-s")
    paired = [a[1] / c[1] for a, c in zip(cold, floor)]
    paired_warm = [a[1] / c[1] for a, c in zip(warm, floor)]
    print(f"CPU ratio a/c = {a_cpu / c_cpu:.2f} (target <= 1.25; medians)   median of the rounds' own ratios: a/c {median(paired):.2f}, "
          f"a2/c {median(paired_warm):.2f}   a2/c = {w_cpu / c_cpu:.2f}   a/c2 = {a_cpu / c2[1]:.2f}   "
          f"per round a/c: {', '.join(f'{r:.2f}' for r in paired)}; a2/c: {', '.join(f'{r:.2f}' for r in paired_warm)}")
    print(f"segment reuse: another kit of the episode costs {o_cpu:.1f} CPU-s, {o_cpu / w_cpu:.2f} of (a2) and {o_cpu / c_cpu:.2f} of (c)")
    print(f"wall ratio a/c = {a_wall / c_wall:.2f}   a/c2 = {a_wall / c2[0]:.2f}" + (f"   a/b = {a_wall / b[0]:.3f} (kitgen is {b[0] / a_wall:.1f}x faster than naive moviepy)" if b else ""))
    drawing = "slides: drawing (illustrations, text, RGB to YUV)"
    print(f"the raster cache saves {spent[drawing] - warm_spent[drawing]:.2f} CPU-s per episode: slide drawing "
          f"{spent[drawing]:.2f} -> {warm_spent[drawing]:.2f} CPU-s ({draws[0][0]} illustration rasters not drawn again for "
          f"another locale or kit of the episode; whole-episode medians a - a2: {a_cpu - w_cpu:.1f} CPU-s, {a_wall - w_wall:.1f} s wall)")
    print(f"where the CPU-s of one render go (instrumented; raster cache empty: {profiled_cpu:.1f} CPU-s in all, "
          f"illustrations cached: {warm_cpu:.1f}):")
    for what, seconds in sorted(spent.items(), key=lambda item: -item[1]):
        print(f"  {seconds:6.2f}  {warm_spent.get(what, 0.0):6.2f}  {what}")
    print(f"load average before/after: {'/'.join(f'{v:.1f}' for v in load_before)} -> {'/'.join(f'{v:.1f}' for v in os.getloadavg())} "
          f"(2 cores; above ~2 means other work competed)")
    shares = ", ".join(f"{name} {size / 2**20:.0f} MB" for name, size in sorted(at, key=lambda x: -x[1]))
    print(f"peak memory at 1080p: {peak / 2**20:.0f} MB (all processes together: {shares}); 1080p wall {wall_1080:.1f} s")


if __name__ == "__main__":
    if "--render-1080p" in sys.argv:
        render_1080p_child()
    else:
        main()
