"""Writing results safely: every file appears complete or not at all."""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
from pathlib import Path
from typing import Iterator

from kitgen.errors import Location, OutputError


@contextlib.contextmanager
def atomic_path(path: Path, suffix: str | None = None) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success it is renamed over ``path``.

    On any failure (including KeyboardInterrupt) the temporary file is removed, so a
    reader never sees a half-written file.
    """
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(6)}{suffix or path.suffix + '.part'}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # Created like any file the user makes: 0666 less the umask (mkstemp would give 0600).
        os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
    except OSError as exc:
        raise _output_error(path, exc) from None
    try:
        yield tmp
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise _output_error(path, exc) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def atomic_write_bytes(path: Path, data: bytes) -> None:
    with atomic_path(path) as tmp:
        with open(tmp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def _output_error(path: Path, exc: OSError) -> OutputError:
    if exc.errno == errno.ENOSPC:
        reason = "the disk is full; free some space and run again"
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        reason = "permission denied; choose a writable output folder"
    elif exc.errno in (errno.EEXIST, errno.ENOTDIR):
        reason = "a file stands where a folder is needed; move it or choose another output folder"
    else:
        reason = exc.strerror or str(exc)
    return OutputError(f"cannot write {path.name}: {reason}", Location.of(path))
