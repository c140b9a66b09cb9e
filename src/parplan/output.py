"""The one output writer: every file parplan writes goes through `atomic_writer`.

A regular file (or a new one) is written to a temporary file in the same folder, unique to this
process, then renamed over the target: readers never see half a file, an interrupted run leaves the
old file as it was, and two runs writing into one folder do not share a temporary name. Anything
else is written directly, because renaming over it would replace it: a character device
(`/dev/null`, `/dev/stdout`), a FIFO or a socket. A folder is refused. Every failure is an
`OutputError`, one line naming the path.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from parplan.errors import ParplanError

__all__ = ["OutputError", "atomic_writer", "check_writable", "write_atomic"]


class OutputError(ParplanError):
    """An output that cannot be written (exit 1: the input was fine)."""

    exit_code = 1


def _reason(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _target(path: Path) -> os.stat_result | None:
    """What is at `path` now (None: nothing), refusing a folder and a path the system refuses."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:  # a name too long, a component that is a file, no permission
        raise OutputError(f"cannot write {path} ({_reason(exc)})") from exc
    if stat.S_ISDIR(info.st_mode):
        raise OutputError(f"{path} is a directory; name an output file")
    return info


def check_writable(path: Path) -> None:
    """Raise OutputError now if `atomic_writer(path)` would fail to start: a folder, a name the
    system refuses, a folder that cannot be created or written in (a device or FIFO is fine)."""
    info = _target(path)
    if info is not None and not stat.S_ISREG(info.st_mode):
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create the folder {path.parent} ({_reason(exc)})") from exc
    if not os.access(path.parent, os.W_OK | os.X_OK):
        raise OutputError(f"cannot write in {path.parent} (permission denied)")


@contextlib.contextmanager
def atomic_writer(path: Path, encoding: str = "utf-8", binary: bool = False) -> Iterator[IO[Any]]:
    """A file object writing `path` (see the module docstring); text is written with `newline=""`."""
    info = _target(path)
    mode = "wb" if binary else "w"
    extra: dict[str, Any] = {} if binary else {"encoding": encoding, "newline": ""}
    if info is not None and not stat.S_ISREG(info.st_mode):
        try:  # a device, FIFO or socket: renaming a file over it would replace it
            fh = open(path, mode, **extra)  # noqa: SIM115 - closed below, after the caller's writes
        except OSError as exc:
            raise OutputError(f"cannot write {path} ({_reason(exc)})") from exc
        with fh:
            yield fh
        return
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name[:64]}.", suffix=".part")
    except OSError as exc:
        raise OutputError(f"cannot write {path} ({_reason(exc)})") from exc
    try:
        with os.fdopen(fd, mode, **extra) as fh:
            yield fh  # what the caller's writes raise (Ctrl-C, a full disk) goes up as it is
        try:
            os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes it private; the result is an ordinary file
            os.replace(tmp, path)
        except OSError as exc:
            raise OutputError(f"cannot write {path} ({_reason(exc)})") from exc
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def write_atomic(path: Path, text: str) -> None:
    """`text` into `path` through `atomic_writer`."""
    with atomic_writer(path) as fh:
        fh.write(text)
