"""Writing results safely: every file appears complete or not at all.

Temporary files beside an output are named ``.<name>.<12 hex digits><suffix>.part`` and
temporary folders ``$TMPDIR/kitgen-<what>-<random>/``; each is removed when its block ends,
also on an interrupt. A process killed outright (SIGKILL) cannot do that, so a build first
removes what earlier, dead builds left (:func:`remove_stale`): the ``.part`` files and
folders in its output folder, which it holds locked (:func:`output_lock`), and the kitgen
temporary folders no living process holds (each holds a lock on a file inside its folder).
Nothing else is touched.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import re
import secrets
import shutil
import tempfile
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


#: Temporary names beside outputs (:func:`atomic_path`) and in the artifact store.
PART_NAME = re.compile(r"^\..+\.[0-9a-f]{8}(?:[0-9a-f]{4})?(?:\.[A-Za-z0-9]+)?\.part$")
TEMPORARY_PREFIX = "kitgen-"
_HOLDER = ".kitgen-in-use"


@contextlib.contextmanager
def temporary_folder(what: str) -> Iterator[Path]:
    """A new folder ``$TMPDIR/kitgen-<what>-<random>/``, removed when the block ends.

    While in use it holds an exclusive lock on a file inside it, so that :func:`remove_stale`
    in a later run can tell a folder left by a killed process from one in use.
    """
    folder = Path(tempfile.mkdtemp(prefix=f"{TEMPORARY_PREFIX}{what}-"))
    holder = None
    try:
        # Locked before it gets its name, so no one ever sees the name unlocked.
        pending = folder / f"{_HOLDER}.{secrets.token_hex(4)}"
        holder = os.open(pending, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        fcntl.flock(holder, fcntl.LOCK_EX)
        os.replace(pending, folder / _HOLDER)
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        if holder is not None:
            os.close(holder)


@contextlib.contextmanager
def output_lock(output: Path) -> Iterator[None]:
    """Hold a lock on the ``output`` folder (made if missing) for a build; another build holding
    it now is an OutputError. The lock goes with the process, however it ends."""
    output = Path(output)
    try:
        output.mkdir(parents=True, exist_ok=True)
        handle = os.open(output, os.O_RDONLY | os.O_DIRECTORY)
    except OSError as exc:
        raise _output_error(output, exc) from None
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise OutputError(f"another kitgen build is writing to {output} right now; wait for it to finish, "
                              f"or build into another folder with --output", Location.of(output)) from None
        yield
    finally:
        os.close(handle)


def remove_stale(output: Path) -> list[Path]:
    """Remove what killed builds left: ``.part`` files and folders under ``output`` (call it
    holding :func:`output_lock`) and kitgen's temporary folders that no process holds."""
    removed = []
    for directory, folders, files in os.walk(output):
        for name in [*files, *folders]:
            if PART_NAME.match(name):
                path = Path(directory) / name
                shutil.rmtree(path, ignore_errors=True) if path.is_dir() and not path.is_symlink() else path.unlink(missing_ok=True)
                removed.append(path)
        folders[:] = [name for name in folders if not PART_NAME.match(name)]
    return removed + remove_stale_folders()


def remove_stale_folders(parent: Path | None = None) -> list[Path]:
    """Remove the ``kitgen-*`` temporary folders in ``parent`` (default: TMPDIR) whose holder died."""
    parent = Path(parent or tempfile.gettempdir())
    removed = []
    try:
        candidates = [p for p in parent.iterdir() if p.name.startswith(TEMPORARY_PREFIX)]
    except OSError:
        return removed
    for folder in candidates:
        holder = folder / _HOLDER
        try:
            if folder.is_symlink() or not folder.is_dir() or not holder.is_file():
                continue  # not a folder of this kitgen (or one still being set up)
            handle = os.open(holder, os.O_RDONLY)
        except OSError:
            continue
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            continue  # in use
        finally:
            os.close(handle)
        shutil.rmtree(folder, ignore_errors=True)
        removed.append(folder)
    return removed
