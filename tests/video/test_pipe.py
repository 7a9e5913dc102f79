"""Frames handed to an encoder's pipe arrive exactly as built, even with buffers reused in turn."""

from __future__ import annotations

import hashlib
import subprocess
import sys

import numpy as np
import pytest

from kitgen.video import ffmpeg
from kitgen.video.pipe import FramePipe

# Reads its input slowly in small pieces, so the pipe stays full while frames are rebuilt, and
# prints the MD5 of every frame it read (frames of argv[1] bytes).
SLOW_READER = """
import hashlib, sys, time
size, frames = int(sys.argv[1]), int(sys.argv[2])
stdin = sys.stdin.buffer
for n in range(frames):
    data = bytearray()
    while len(data) < size:
        piece = stdin.read1(min(7919, size - len(data)))
        if not piece:
            sys.exit("short input")
        data += piece
        if n % 3 == 0:
            time.sleep(0.0005)
    print(hashlib.md5(data).hexdigest(), flush=True)
"""


def frame(size: int, n: int) -> bytes:
    return np.random.default_rng(n).integers(0, 256, size, dtype=np.uint8).tobytes()


@pytest.mark.parametrize("size", [1000, 4096 * 3 + 17, 1280 * 720 * 3 // 2])
def test_frames_arrive_intact_while_their_buffers_are_refilled(size: int) -> None:
    count = 40 if size > 100_000 else 300
    reader = subprocess.Popen([sys.executable, "-c", SLOW_READER, str(size), str(count)], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    ffmpeg._widen_pipe(reader)
    pipe = FramePipe(reader.stdin)  # type: ignore[arg-type]
    ring = [np.empty(size, np.uint8) for _ in range(pipe.buffers(size))]
    sent, turn = [], -1
    for n in range(count):
        if n % 3 != 2:  # every third frame is the last one again (a held frame: not rebuilt)
            turn = (turn + 1) % len(ring)
            ring[turn][:] = np.frombuffer(frame(size, n), np.uint8)
        pipe.write(ring[turn])
        sent.append(hashlib.md5(ring[turn].tobytes()).hexdigest())
    pipe.close()
    assert reader.stdout is not None
    out = reader.stdout.read()
    assert reader.wait(timeout=120) == 0
    assert out.decode().split() == sent


def test_frames_are_handed_over_on_linux_pipes() -> None:
    reader = subprocess.Popen(["cat"], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL)
    try:
        pipe = FramePipe(reader.stdin)  # type: ignore[arg-type]
        if sys.platform.startswith("linux"):
            assert pipe.lending
            assert pipe.buffers(1280 * 720 * 3 // 2) >= 2
        pipe.write(np.zeros(10, np.uint8))
        pipe.close()
    finally:
        reader.wait()


def test_a_file_is_written_the_ordinary_way(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with open(tmp_path / "frames.raw", "wb") as stream:
        pipe = FramePipe(stream)
        assert not pipe.lending and pipe.buffers(1000) == 1
        pipe.write(np.arange(10, dtype=np.uint8))
    assert (tmp_path / "frames.raw").read_bytes() == bytes(range(10))


def test_an_encoder_that_has_gone_is_a_broken_pipe() -> None:
    reader = subprocess.Popen([sys.executable, "-c", "pass"], stdin=subprocess.PIPE)
    reader.wait()
    pipe = FramePipe(reader.stdin)  # type: ignore[arg-type]
    with pytest.raises(BrokenPipeError):
        for _ in range(100):
            pipe.write(np.zeros(1 << 20, np.uint8))
