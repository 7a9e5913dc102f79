"""Encoding an episode: frames built in parallel segments, joined by stream copy, then muxed.

The frames are cut into ``jobs`` segments of about equal work (moving and crossfading
frames cost more than still ones). Each segment has a thread that builds its frames (see
:mod:`kitgen.video.compositor`; OpenCV and pipe writes release the GIL) and hands them raw
to its own x264 process, so all cores stay busy: the pages of its frame buffers go into the
pipe, not copies of them (:mod:`kitgen.video.pipe`), so the canvas builds into a few buffers
in turn. Every segment starts with a keyframe, so
the concat demuxer joins them by stream copy, frame-exact; keyframes are also forced at
each scene's start so that chapters seek precisely. The last step muxes the video, the AAC
soundtrack and the chapters into an MP4 with ``+faststart``.

The outro, which shows the kit's own help contacts, is always a segment of its own, and a
segment found in the segment cache (:mod:`kitgen.video.reuse`: another kit, or an earlier
build, encoded the same frames the same way) is copied instead of encoded.

The cut depends on the frames and the machine only (:func:`auto_jobs`), never on how many
encoders may run at once (``concurrent``): an episode comes out the same bytes whether it is
built alone or beside others (``kitgen build --jobs 1`` or ``--jobs 2``). x264's output depends
on its thread count, so on a machine with another number of cores the bytes differ while the
pictures stay the same to the eye.

Any failure or interruption stops every encoder; the caller's temporary folder holds all
intermediate files.
"""

from __future__ import annotations

import os
import threading
from bisect import bisect_left
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path
from typing import Callable, Mapping, Sequence

import cv2

from kitgen.video import ffmpeg
from kitgen.video.compositor import Compositor
from kitgen.video.pipe import FramePipe
from kitgen.video.reuse import SegmentCache
from kitgen.video.planes import COLOUR_TAGS, frame_bytes
from kitgen.video.settings import FPS, Preset, Size
from kitgen.video.timeline import Timeline

MIN_SEGMENT = 2 * FPS  # frames: shorter segments are not worth a process
ENCODER_BUDGET = 400 * 2**20  # bytes of encoder memory the default number of jobs may use
ENCODER_BYTES_PER_PIXEL = 130  # measured: about 120 MB at 720p, 250 MB at 1080p
STILL_COST, MOVING_COST, FADE_COST = 0.15, 1.0, 1.8  # estimated work per frame
DRAW_COST = 60.0  # drawing a slide, in the same units (about 60 moving frames)

Progress = Callable[[int, int], None]  # (frames done, frames in all)


@dataclass(frozen=True)
class Segment:
    index: int
    start: int
    end: int
    path: Path

    @property
    def frames(self) -> int:
        return self.end - self.start


def segments(timeline: Timeline, moves: Sequence[bool], jobs: int, folder: Path) -> list[Segment]:
    """Cut the frames into at most ``jobs`` runs of about equal estimated work, and the outro.

    The outro (from the first frame of the crossfade into it) is a segment of its own: it
    shows the kit's help contacts, and the frames before it are then cut the same way in
    every kit that shows them, so their segments can be reused (:mod:`kitgen.video.reuse`)."""
    total = timeline.frames
    outro = next((slide.start for slide in timeline.slides if slide.kind == "outro"), total)
    head = outro if MIN_SEGMENT <= outro < total else total
    count = max(1, min(jobs, head // MIN_SEGMENT))
    costs = list(accumulate(_cost(timeline, moves, frame) for frame in range(head)))
    cuts = [0] + [bisect_left(costs, costs[-1] * k / count) for k in range(1, count)] + [head, total]
    cuts = sorted(set(cuts))
    return [Segment(i, a, b, folder / f"segment-{i:03d}.mp4") for i, (a, b) in enumerate(zip(cuts, cuts[1:]))]


def _cost(timeline: Timeline, moves: Sequence[bool], frame: int) -> float:
    active = timeline.active(frame)
    cost = FADE_COST if len(active) == 2 else MOVING_COST if moves[active[0]] else STILL_COST
    if any(timeline.slides[i].start == frame for i in active):
        cost += DRAW_COST  # the slide is drawn when first shown
    return cost


class Encoding:
    """Segments being encoded by background threads; :meth:`wait` for them, :meth:`stop` to abort.

    Use as a context manager: leaving the block with an exception stops every encoder.
    """

    def __init__(
        self,
        compositor: Compositor,
        size: Size,
        preset: Preset,
        parts: Sequence[Segment],
        keyframes: Sequence[int],
        where: Path,
        threads: int | None = None,
        concurrent: int | None = None,
        reuse: SegmentCache | None = None,
        keys: Sequence[str | None] = (),
    ) -> None:
        self.total = compositor.timeline.frames
        slots = threading.BoundedSemaphore(max(1, concurrent or len(parts)))  # encoders running at once
        cache = reuse if reuse is not None else SegmentCache(None)
        keyed = list(keys) or [None] * len(parts)
        self._runs = [_SegmentRun(compositor, size, preset, part, keyframes, where, threads, slots, cache, key) for part, key in zip(parts, keyed)]
        self._workers = [threading.Thread(target=run.run, name=f"kitgen-video-segment-{run.part.index}", daemon=True) for run in self._runs]

    def __enter__(self) -> "Encoding":
        # The segment threads are the parallelism: OpenCV's own thread pool would only make
        # them contend with each other and with x264.
        self._opencv_threads = cv2.getNumThreads()
        cv2.setNumThreads(1)
        for worker in self._workers:
            worker.start()
        return self

    def __exit__(self, kind: type | None, *rest: object) -> None:
        if kind is not None:
            self.stop()
        cv2.setNumThreads(self._opencv_threads)

    @property
    def done(self) -> int:
        return sum(run.done for run in self._runs)

    def check(self) -> None:
        """Raise the first failure of any encoder so far."""
        failed = next((run.error for run in self._runs if run.error is not None), None)
        if failed is not None:
            raise failed

    def wait(self, progress: Progress | None = None) -> None:
        """Wait for every segment; raises the first failure (the other encoders are stopped)."""
        try:
            while any(worker.is_alive() for worker in self._workers):
                for worker in self._workers:
                    worker.join(timeout=0.2)
                self.check()
                if progress is not None:
                    progress(self.done, self.total)
            self.check()
            if progress is not None:
                progress(self.done, self.total)
        except BaseException:
            self.stop()
            raise

    def stop(self) -> None:
        for run in self._runs:
            run.stop()
        for worker in self._workers:
            if worker.is_alive() or worker.ident is not None:
                worker.join()


class _SegmentRun:
    def __init__(self, compositor: Compositor, size: Size, preset: Preset, part: Segment, keyframes: Sequence[int], where: Path,
                 threads: int | None, slots: threading.BoundedSemaphore, cache: SegmentCache, key: str | None) -> None:
        self.compositor, self.part, self.where, self.slots = compositor, part, where, slots
        self.cache, self.key = cache, key
        self.args = encoder_args(size, preset, part, keyframes, threads)
        self.done = 0
        self.error: BaseException | None = None
        self._cancel = threading.Event()
        self._process = None
        self._lock = threading.Lock()

    def run(self) -> None:
        try:
            while not self._cancel.is_set():
                if self.cache.fetch(self.key, self.part.path):  # encoded before, by this build or another
                    self._reused()
                    return
                while not self.slots.acquire(timeout=0.1):  # wait for an encoder slot, or for a stop
                    if self._cancel.is_set():
                        return
                try:
                    with self.cache.claim(self.key) as mine:
                        if mine:
                            if self.cache.fetch(self.key, self.part.path):  # finished while this one waited
                                self._reused()
                            else:
                                self._encode()
                                if self.error is None and not self._cancel.is_set():
                                    self.cache.keep(self.key, self.part.path)
                            return
                finally:
                    self.slots.release()
                # Another build is encoding this segment: the slot goes to another one meanwhile.
                if not self.cache.wait(self.key, self._cancel):
                    return
        except BaseException as exc:  # handed to the main thread, which re-raises it
            self.error = self.error or exc

    def _reused(self) -> None:
        self.compositor.release_range(self.part.start, self.part.end)
        self.done = self.part.frames

    def _encode(self) -> None:
        log_path = self.part.path.with_suffix(".log")
        try:
            with open(log_path, "w+b") as log:
                with self._lock:
                    if self._cancel.is_set():
                        return
                    self._process = process = ffmpeg.start(self.args, log)
                pipe = FramePipe(process.stdin)
                # The canvas (its frame buffers) outlives the encoder: the pipe may hold their pages.
                canvas = self.compositor.canvas(pipe.buffers(frame_bytes(self.compositor.width, self.compositor.height)))
                try:
                    for frame in range(self.part.start, self.part.end):
                        if self._cancel.is_set():
                            return
                        pipe.write(canvas.build(frame))
                        self.done += 1
                    pipe.close()
                except (BrokenPipeError, ValueError):
                    pass  # the encoder died; its log says why
                finally:
                    canvas.close()
                code = process.wait()
                if code != 0 and not self._cancel.is_set():
                    what = f"encoding video segment {self.part.index + 1} (frames {self.part.start}-{self.part.end - 1})"
                    self.error = ffmpeg.failure(what, code, ffmpeg.read_log(log), self.where)
        except BaseException as exc:  # handed to the main thread, which re-raises it
            self.error = exc
        finally:
            self._kill()

    def stop(self) -> None:
        with self._lock:
            self._cancel.set()
        self._kill()

    def _kill(self) -> None:
        process = self._process
        if process is not None and process.poll() is None:
            try:
                process.kill()
            except OSError:
                pass
            process.wait()
        if process is not None and process.stdin is not None:
            try:
                process.stdin.close()
            except (OSError, ValueError):
                pass


def encoder_args(size: Size, preset: Preset, part: Segment, keyframes: Sequence[int], threads: int | None = None) -> list[str]:
    """ffmpeg arguments that read raw yuv420p frames from standard input and write ``part``."""
    args = raw_input_args(size) + ["-i", "pipe:0"] + preset.x264_args() + ["-pix_fmt", "yuv420p"]
    if threads:
        args += ["-threads", str(threads)]
    inside = [f"{(k - part.start) / FPS:.3f}" for k in keyframes if part.start < k < part.end]
    if inside:
        args += ["-force_key_frames", ",".join(inside)]
    return args + ["-an", "-f", "mp4", str(part.path)]


def raw_input_args(size: Size) -> list[str]:
    """How ffmpeg must read kitgen's raw frames: yuv420p at 25 fps, tagged BT.709 studio range."""
    return ["-f", "rawvideo", "-pix_fmt", "yuv420p", "-s", f"{size.width}x{size.height}", "-framerate", str(FPS), *COLOUR_TAGS]


def mux(
    parts: Sequence[Segment],
    soundtrack: Path,
    chapters: Path,
    out: Path,
    title: str,
    where: Path,
) -> None:
    """Join ``parts`` by stream copy, add the (AAC) soundtrack and the chapters: ``out`` (MP4)."""
    listing = parts[0].path.parent / "segments.txt"
    listing.write_text("".join(f"file '{_quote(part.path)}'\n" for part in parts), encoding="utf-8")
    args = ["-f", "concat", "-safe", "0", "-i", str(listing), "-i", str(soundtrack), "-f", "ffmetadata", "-i", str(chapters)]
    args += ["-map", "0:v:0", "-map", "1:a:0", *chapter_args(2)]
    args += ["-c", "copy", *tag_args({"title": title})]
    args += ["-movflags", "+faststart", "-f", "mp4", str(out)]
    ffmpeg.run(args, "joining the segments and adding the soundtrack", where)


def encode_audio(wav: Path, out: Path, bitrate: str, where: Path) -> None:
    """The soundtrack as AAC at ``bitrate`` in an MP4 container, ready to be muxed by stream copy."""
    args = ["-i", str(wav), *aac_args(bitrate), "-f", "mp4", str(out)]
    ffmpeg.run(args, "encoding the soundtrack", where)


def encode_audio_file(wav: Path, chapters: Path, out: Path, bitrate: str, tags: Mapping[str, str], where: Path) -> None:
    """A stand-alone audio file: the WAV as AAC (as :func:`encode_audio` encodes it) with the
    chapters and the ``tags`` (title, artist...) of the ffmetadata file ``chapters``, in an
    M4A (the ``ipod`` flavour of MP4, which phones and players recognise) with ``+faststart``."""
    args = ["-i", str(wav), "-f", "ffmetadata", "-i", str(chapters), "-map", "0:a:0", *chapter_args(1)]
    args += [*aac_args(bitrate), *tag_args(tags), "-movflags", "+faststart", "-f", "ipod", str(out)]
    ffmpeg.run(args, "encoding the audio episode", where)


def aac_args(bitrate: str) -> list[str]:
    """ffmpeg's AAC encoder as every kitgen soundtrack uses it, at ``bitrate`` (e.g. ``160k``)."""
    return ["-c:a", "aac", "-aac_coder", "fast", "-b:a", bitrate]


def chapter_args(index: int) -> list[str]:
    """Take the global metadata and the chapters from input ``index`` (an ffmetadata file)."""
    return ["-map_metadata", str(index), "-map_chapters", str(index)]


def tag_args(tags: Mapping[str, str]) -> list[str]:
    return [arg for name, value in tags.items() for arg in ("-metadata", f"{name}={value}")]


def _quote(path: Path) -> str:
    return str(path.resolve()).replace("'", "'\\''")


def cores() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))


def auto_jobs(size: Size) -> int:
    """Parallel encoders by default: one per core, as many as fit :data:`ENCODER_BUDGET` of memory
    (an x264 process at veryfast needs about :data:`ENCODER_BYTES_PER_PIXEL` per pixel)."""
    fitting = int(ENCODER_BUDGET // (ENCODER_BYTES_PER_PIXEL * size.width * size.height))
    return max(1, min(cores(), fitting))


def encoder_threads(parts: int) -> int:
    """x264 threads per encoder: the cores shared among the encoders (x264 alone would take
    1.5 threads per core, which costs memory at 1080p and gains nothing measurable)."""
    return max(1, cores() // parts)
