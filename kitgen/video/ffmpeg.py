"""Running the ffmpeg binary that the imageio-ffmpeg wheel ships.

Every failure becomes an :class:`~kitgen.errors.OutputError` that quotes the last lines
ffmpeg wrote to its standard error, located at the file being made.

ffmpeg runs in a process group of its own, so a Ctrl-C at the terminal reaches kitgen alone:
kitgen then stops ffmpeg itself (an interrupted :func:`run` kills its ffmpeg; an encoder's is
killed by :class:`~kitgen.video.encoder.Encoding`), rather than ffmpeg finishing a cut-short
file on its own. An encoder whose kitgen process dies outright reads the end of its input and
exits.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import IO, Sequence

from kitgen.errors import Location, OutputError

TAIL_LINES = 10


def executable() -> str:
    try:
        import imageio_ffmpeg

        return imageio_ffmpeg.get_ffmpeg_exe()
    except (ImportError, RuntimeError) as exc:
        raise OutputError(f"no ffmpeg binary is available ({exc}); reinstall kitgen's dependencies (pip install imageio-ffmpeg)") from None


def base_command() -> list[str]:
    return [executable(), "-hide_banner", "-nostdin", "-loglevel", "error", "-y"]


def failure(what: str, returncode: int | None, stderr: str, where: Path) -> OutputError:
    lines = [line.rstrip() for line in stderr.strip().splitlines() if line.strip()]
    tail = "\n".join("    " + line for line in lines[-TAIL_LINES:]) or "    (ffmpeg printed nothing)"
    code = f"exit code {returncode}" if returncode is not None else "killed"
    return OutputError(f"ffmpeg failed while {what} ({code}); its last messages:\n{tail}", Location.of(where))


def run(args: Sequence[str], what: str, where: Path, stdin: bytes | None = None) -> bytes:
    """Run ffmpeg with ``args`` (after the common options); returns its standard output."""
    try:
        done = subprocess.run([*base_command(), *args], input=stdin, capture_output=True, check=False, process_group=0)
    except OSError as exc:
        raise OutputError(f"cannot run ffmpeg while {what}: {exc}", Location.of(where)) from None
    if done.returncode != 0:
        raise failure(what, done.returncode, done.stderr.decode("utf-8", "replace"), where)
    return done.stdout


def read_log(log: IO[bytes]) -> str:
    log.seek(0)
    return log.read().decode("utf-8", "replace")


def start(args: Sequence[str], log: IO[bytes]) -> subprocess.Popen:
    """Start ffmpeg reading raw frames from its standard input; its messages go to ``log``."""
    process = subprocess.Popen([*base_command(), *args], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=log, process_group=0)
    _widen_pipe(process)
    return process


def _widen_pipe(process: subprocess.Popen) -> None:
    """Ask for a 1 MiB pipe (Linux): fewer wake-ups per frame; harmless where unsupported."""
    try:
        import fcntl

        fcntl.fcntl(process.stdin.fileno(), 1031, 1 << 20)  # F_SETPIPE_SZ
    except (ImportError, OSError, AttributeError):
        pass
