"""Raw frames into an encoder's standard input, handed over rather than copied (Linux).

``write()`` on a pipe copies every byte into pipe pages that the encoder then copies out
again: 1.4 MB a frame at 720p, a few tenths of a CPU-second per minute of video.
Linux's ``vmsplice(2)`` puts the frame's own memory pages into the pipe instead; the encoder
reads them as usual (``read(2)`` copies them out of the pipe). The pages are lent, not
copied, so a frame buffer must not be written again until the encoder has read it. A pipe
holds at most ``capacity / page size`` pages (one per page or piece of a page handed over)
and gives them out in order, so once that many further pages have gone in after a frame,
the frame has been read: a builder that fills :meth:`FramePipe.buffers` buffers in turn (see
:class:`kitgen.video.compositor.Canvas`), sending each whole before it fills the next, never
writes over a frame the pipe still holds. Every buffer sent must also stay allocated until
the encoder has finished (the caller keeps them until the process has exited).

Where ``vmsplice`` does not exist or the stream is not a pipe, frames are written the
ordinary way (``buffers`` is then 1).
"""

from __future__ import annotations

import ctypes
import errno
import mmap
from collections import deque
from typing import IO

import numpy as np

F_GETPIPE_SZ = 1032  # Linux fcntl: the pipe's capacity in bytes


class _IoVec(ctypes.Structure):
    _fields_ = [("base", ctypes.c_void_p), ("length", ctypes.c_size_t)]


def _vmsplice():  # type: ignore[no-untyped-def]
    """libc's ``vmsplice``, or None where there is none."""
    try:
        function = ctypes.CDLL(None, use_errno=True).vmsplice
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_int, ctypes.POINTER(_IoVec), ctypes.c_size_t, ctypes.c_uint]
    function.restype = ctypes.c_ssize_t
    return function


def _capacity(fd: int) -> int | None:
    """The pipe's capacity in bytes, or None when ``fd`` is no pipe (or the system cannot say)."""
    try:
        import fcntl

        return fcntl.fcntl(fd, F_GETPIPE_SZ) or None
    except (ImportError, OSError):
        return None


class FramePipe:
    """Frames (contiguous uint8 arrays) into ``stream``, the write end of a pipe."""

    def __init__(self, stream: IO[bytes]) -> None:
        self._stream = stream
        self._fd = stream.fileno()
        capacity = _capacity(self._fd)
        self._splice = _vmsplice() if capacity else None
        self._pages = (capacity or 0) // mmap.PAGESIZE  # pages the pipe can hold at once
        self._lent: deque[np.ndarray] = deque()  # the last frames handed over, kept alive

    @property
    def lending(self) -> bool:
        """Whether frames are handed over (vmsplice) rather than copied."""
        return self._splice is not None

    def buffers(self, frame_bytes: int) -> int:
        """How many frame buffers of ``frame_bytes`` a builder must fill in turn (see the notes).

        Each frame takes at least ``ceil(frame_bytes / page)`` pipe pages; once the other
        buffers have each been sent after a frame, at least a pipe's capacity of pages has
        followed it; one more buffer is kept as a margin."""
        if self._splice is None:
            return 1
        per_frame = max(1, -(-frame_bytes // mmap.PAGESIZE))
        return 2 + -(-self._pages // per_frame)

    def write(self, frame: np.ndarray) -> None:
        """Send all of ``frame``; raises BrokenPipeError when the encoder has gone."""
        if self._splice is None:
            self._stream.write(frame.data)
            return
        if not frame.flags.c_contiguous:
            raise ValueError("a frame sent to the encoder must be contiguous")
        if not self._lent or self._lent[-1] is not frame:
            self._lent.append(frame)
            while len(self._lent) > self.buffers(frame.nbytes) + 1:
                self._lent.popleft()
        address, left = frame.ctypes.data, frame.nbytes
        while left:
            sent = self._splice(self._fd, ctypes.byref(_IoVec(address, left)), 1, 0)
            if sent < 0:
                code = ctypes.get_errno()
                if code == errno.EINTR:
                    continue
                if code == errno.EPIPE:
                    raise BrokenPipeError(code, "the encoder closed its input")
                if code in (errno.EINVAL, errno.ENOSYS, errno.EBADF) and left == frame.nbytes and len(self._lent) == 1:
                    self._splice = None  # not a pipe after all: the first frame is written the ordinary way
                    self._lent.clear()
                    self._stream.write(frame.data)
                    return
                raise OSError(code, f"cannot hand a frame to the encoder: {errno.errorcode.get(code, code)}")
            address += sent
            left -= sent

    def close(self) -> None:
        """Close the stream (the encoder reads what is left, then sees the end)."""
        self._stream.close()
