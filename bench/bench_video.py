"""Video episode speed: kitgen against a naive moviepy render and against the encoder alone.

Renders one 60-90 s sample episode (the first episode of the sample story, cut to the scenes
that fit in 90 s) at 720p with Ken Burns motion and crossfades, and prints, all at the
release encoder settings (libx264 veryfast, CRF 23) and in the same run:

(a)  kitgen's wall time for the whole episode (slides, soundtrack, encoding, muxing);
(b)  a naive moviepy version of the same episode: ImageClip per slide, the Resize effect for
     the zoom, CompositeVideoClip with CrossFadeIn for the crossfades, write_videofile;
(c)  the encoder limit: one ffmpeg encoding kitgen's own frames read back from a raw dump;
(c2) the same dump encoded as kitgen's parallel segments (the limit with every core busy);

then the ratios a/b and a/c, and the peak memory (resident set of kitgen's process and all its
children, sampled from /proc) of the same episode rendered at 1080p. (a) and (c) are the
best of three runs, interleaved, because other work on the machine adds noise. The narration
is synthesized (or read from the voice cache) before timing starts. No asserts: the figures
are for reading.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

STORY, LOCALE, SIZE = "stop-think-tell", "en", "720p"
LONGEST = 90.0
ROUNDS = 3  # (a) and (c) are each the best of this many interleaved runs


def sample_episode():  # type: ignore[no-untyped-def]
    """The sample story cut to one episode of 60-90 s, its narration, and the story folder."""
    from kitgen.errors import Report
    from kitgen.project import load_project
    from kitgen.video.timeline import plan
    from kitgen.voice.assemble import EpisodeAudio
    from kitgen.voice.cache import resolve_cache_dir
    from kitgen.commands.voice import narrate_story

    project = load_project(REPO, Report())
    story = project.localized(STORY, LOCALE)
    episode = story.episodes[0]
    with tempfile.TemporaryDirectory() as scratch:
        narration = narrate_story(
            story, LOCALE, voices_dir=project.voices_dir, out_dir=Path(scratch),
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


def run_kitgen(project, story, audio, out: Path, size: str = SIZE) -> tuple[float, float, object]:  # type: ignore[no-untyped-def]
    from kitgen.video.renderer import render_episodes

    cpu, began = cpu_seconds(), time.perf_counter()
    (result,) = render_episodes(
        story, project.story(STORY).directory, LOCALE, out, narration={audio.episode_id: audio},
        size=size, preset="release", fonts_dir=project.fonts_dir, branding="Safe online together",
    )
    return time.perf_counter() - began, cpu_seconds() - cpu, result


def renderer(project, story):  # type: ignore[no-untyped-def]
    from kitgen.text.fontset import load_fontset
    from kitgen.video.renderer import EpisodeRenderer
    from kitgen.video.settings import resolve_preset, resolve_size

    return EpisodeRenderer(
        story, project.story(STORY).directory, LOCALE, Path(tempfile.gettempdir()), resolve_size(SIZE),
        resolve_preset("release"), False, None, None, "Safe online together", load_fontset(project.fonts_dir), None,
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
    from kitgen.video.encoder import encoder_threads, raw_input_args
    from kitgen.video.settings import FPS, PRESETS, SIZES

    x264 = PRESETS["release"].x264_args() + ["-pix_fmt", "yuv420p", "-an"]
    base = ffmpeg.base_command() + raw_input_args(SIZES[SIZE])
    if parallel is None:
        commands = [base + ["-i", str(raw)] + x264 + [str(out)]]
    else:
        threads = ["-threads", str(encoder_threads(len(parallel)))]
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


def main() -> None:
    from kitgen.video.encoder import auto_jobs, segments
    from kitgen.video.settings import SIZES

    project, story, audio = sample_episode()
    with tempfile.TemporaryDirectory(prefix="kitgen-bench-video-") as scratch:
        work = Path(scratch)
        raw = work / "frames.yuv"
        ready = dump_frames(project, story, audio, raw)
        timeline = ready.timeline
        parts = [(p.start, p.end) for p in segments(timeline, ready.moves, auto_jobs(SIZES[SIZE]), work)]
        episode = story.episodes[0]
        print(f"episode: '{episode.title}' (scenes 1-{len(episode.scenes)} of the sample story's episode 1), "
              f"{timeline.duration:.1f} s, {timeline.frames} frames at {SIZE}, {len(timeline.slides)} slides, "
              f"{len(timeline.slides) - 1} crossfades; encoder: libx264 veryfast CRF 23; jobs: {len(parts)}")
        a_runs, c_runs = [], []
        for round_ in range(ROUNDS):
            a_runs.append(run_kitgen(project, story, audio, work / f"a{round_}")[:2])
            c_runs.append(encode_dump(raw, work / f"c{round_}.mp4"))
        c2 = encode_dump(raw, work / "c2.mp4", parts)
        raw.unlink()
        b = run_naive(project, story, audio, ready, work)
    a, c = min(a_runs), min(c_runs)
    peak, at, wall_1080 = peak_memory_1080p()
    print(f"(a)  kitgen:                         {a[0]:7.1f} s wall  {a[1]:7.1f} CPU-s   ({timeline.duration / a[0]:.1f}x real time)")
    print(f"(b)  naive moviepy:                  {b[0]:7.1f} s wall  {b[1]:7.1f} CPU-s")
    print(f"(c)  ffmpeg on kitgen's raw frames:  {c[0]:7.1f} s wall  {c[1]:7.1f} CPU-s")
    print(f"(c2) the same, as parallel segments: {c2[0]:7.1f} s wall  {c2[1]:7.1f} CPU-s")
    print(f"a/b = {a[0] / b[0]:.3f}  (kitgen is {b[0] / a[0]:.1f}x faster than naive moviepy)")
    print(f"a/c = {a[0] / c[0]:.3f}   a/c2 = {a[0] / c2[0]:.3f}")
    print(f"load average during the run: {os.getloadavg()[0]:.1f} (2 cores; figures above ~2 mean other work competed)")
    shares = ", ".join(f"{name} {size / 2**20:.0f} MB" for name, size in sorted(at, key=lambda x: -x[1]))
    print(f"peak memory at 1080p: {peak / 2**20:.0f} MB (all processes together: {shares}); 1080p wall {wall_1080:.1f} s")


if __name__ == "__main__":
    if "--render-1080p" in sys.argv:
        render_1080p_child()
    else:
        main()
