"""Writing the files a user names, the way `cp`, editors and shells do.

A regular file is replaced atomically (a temporary file beside it, then a
rename), so a reader sees the old calendar or the new one, never half. Only a
regular file: a FIFO, a device or a socket is written through, and a symlink
is followed to what it points at, so the link stays a link. A new file gets
the mode the umask gives; an existing one keeps its mode. A read-only file is
refused, even for root, as an editor would ask before overwriting it.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path


class ReadOnlyFile(PermissionError):
    """The named file exists and has no write permission: we do not replace it."""


def _umask_mode() -> int:
    """The mode a new file gets here: 0666 less the umask (0644 under umask 022)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def write_file(path: Path, data: bytes) -> None:
    """Write `data` to the file the user named, keeping what that name is."""
    target = Path(os.path.realpath(path))
    try:
        info = os.stat(target)
    except FileNotFoundError:
        atomic_write(target, data, _umask_mode())
        return
    if not stat.S_ISREG(info.st_mode):
        with open(target, "wb") as stream:  # a FIFO, a device: write through, never replace
            stream.write(data)
        return
    if not info.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        raise ReadOnlyFile(13, "read-only file", str(path))
    atomic_write(target, data, stat.S_IMODE(info.st_mode))


def atomic_write(path: Path, data: bytes, mode: int | None = None) -> None:
    """Write `data` to `path` so that readers see the old file or the new one, never half.

    `mode` is the permission the file ends with (mkstemp's own is 0600, right
    for a private cache, wrong for a calendar the user will share).
    """
    folder = path.parent if str(path.parent) else Path(".")
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "wb") as stream:
            if mode is not None:
                os.fchmod(stream.fileno(), mode)
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
