"""Interrupts: SIGINT and SIGTERM end kitgen the same clean way.

Both become :class:`Interrupted`, a :class:`KeyboardInterrupt`, raised in the main thread. As
it unwinds, every ``with`` block does its cleanup: temporary files beside outputs are removed
(:func:`kitgen.output.atomic_path`), temporary folders are deleted, encoders and their ffmpeg
processes are stopped, worker processes are told to stop. The command line turns it into
kitgen's own message and exit status 128 + the signal (130 for SIGINT, 143 for SIGTERM).

Worker processes call :func:`stop_with_parent`, so that a parent killed outright (SIGKILL)
still stops them (they get SIGTERM and clean up as above).
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys

_PR_SET_PDEATHSIG = 1


class Interrupted(KeyboardInterrupt):
    """The user or the system asked kitgen to stop (``signum``: SIGINT or SIGTERM)."""

    def __init__(self, signum: int = signal.SIGINT) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = int(signum)

    @property
    def name(self) -> str:
        return signal.Signals(self.signum).name

    @property
    def exit_code(self) -> int:
        return 128 + self.signum


def signal_of(exc: BaseException) -> int:
    """The signal behind a KeyboardInterrupt (SIGINT unless it is an :class:`Interrupted`)."""
    return exc.signum if isinstance(exc, Interrupted) else int(signal.SIGINT)


def _raise(signum: int, frame: object) -> None:
    raise Interrupted(signum)


def raise_on_signals(*signums: int) -> None:
    """From now on, each of ``signums`` (default SIGINT and SIGTERM) raises :class:`Interrupted`
    in the main thread. Call it from the main thread."""
    for signum in signums or (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, _raise)


def stop_with_parent(parent_pid: int) -> None:
    """Ask Linux to send this process SIGTERM when its parent dies (elsewhere: nothing), and
    stop now if the parent is already gone."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGTERM), 0, 0, 0)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent_pid:
        raise Interrupted(signal.SIGTERM)
