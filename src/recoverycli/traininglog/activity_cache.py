"""The activity files of an export folder, each read once: their summaries kept between runs.

A Strava export holds a file per activity; parsing 2,000 of them takes a while,
and the next run would parse them all again. What `read_activity` makes of a
file (a few short strings) is kept in one JSON file per export folder, in the
user cache directory (`$RECOVER_CACHE_DIR`, else `$XDG_CACHE_HOME/recover`, else
`~/.cache/recover`), so a second run reads that one file instead of 2,000.

Each summary is keyed by the file's absolute path, size and modification time
(ns); the package version and FORMAT are checked for the whole cache file. A
file that changed is read again. The cache holds plain data only (JSON, never
pickle: reading it cannot run code), and any problem with it (unwritable
folder, corrupt, foreign or oversized file) falls back, silently, to reading
the activity files. `$RECOVER_NO_CACHE` leaves the disk alone.

Only files inside the export folder are ever read: a name that leads outside it
(`../`, an absolute path, a symbolic link pointing away) is not followed.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from recoverycli.traininglog.activity_files import ActivityFileError, read_activity
from recoverycli.version import __version__

__all__ = ["FORMAT", "NO_CACHE_ENV", "ActivitySummaries", "cache_file"]

FORMAT = 1
"""Raised when what a summary holds, or how the cache file is laid out, changes."""

NO_CACHE_ENV = "RECOVER_NO_CACHE"
MAX_CACHE_BYTES = 64 * 1024 * 1024
"""A cache file larger than this is not read (a summary is ~150 bytes: 400,000 files)."""

SUMMARY_KEYS = frozenset({"date", "type", "duration_min", "distance_km"})

Entry = tuple[int, int, dict[str, str]]  # size, mtime_ns, summary


def cache_file(folder: str) -> Path:
    """Where the summaries of this export folder (a real path) are kept."""
    from recoverycli.rulefiles.cache import cache_dir

    digest = hashlib.sha256(folder.encode("utf-8", "surrogateescape")).hexdigest()[:24]
    return cache_dir() / "activities" / f"{digest}.json"


class ActivitySummaries:
    """The summaries of one export folder's activity files, read from disk or the cache.

    `summary(path)` gives a file's summary (from the cache while the file is
    unchanged); `save()` writes what was read back to the cache. With `collect`
    set, a file the cache lacks is not read but noted in `pending` (a first pass
    that counts what is left to read).
    """

    def __init__(self, folder: str, *, cache: bool | None = None) -> None:
        self.folder = os.path.realpath(folder)
        self.cache = not os.environ.get(NO_CACHE_ENV) if cache is None else cache
        self.reads = 0  # activity files read (not found in the cache) by this object
        self.collect = False
        self.pending: list[str] = []
        self._noted: set[str] = set()
        self._kept: dict[str, Entry] | None = None  # the cache file's entries, once read
        self._fresh: dict[str, Entry] = {}  # entries looked up or read in this run
        self._changed = False

    def path_of(self, relative: str) -> str | None:
        """The activity file a row names, when it is one (FIT, GPX, TCX) and exists inside
        the export folder."""
        from recoverycli.traininglog.activity_files import is_activity_file

        try:
            path = os.path.realpath(os.path.join(self.folder, relative))
            if path.startswith(self.folder + os.sep) and is_activity_file(path) and os.path.isfile(path):
                return path
        except (OSError, ValueError):  # a name with a NUL byte, a loop of links
            pass
        return None

    def summary(self, path: str) -> dict[str, str]:
        """What `read_activity` makes of the file, from the cache while it is unchanged.

        Raises ActivityFileError for a file that cannot be read or used."""
        try:
            status = os.stat(path)
        except (OSError, ValueError) as exc:
            raise ActivityFileError(str(getattr(exc, "strerror", None) or exc)) from None
        size, mtime = status.st_size, status.st_mtime_ns
        entry = self._fresh.get(path) or self._entries().get(path)
        if entry is not None and entry[0] == size and entry[1] == mtime:
            self._fresh[path] = entry
            return dict(entry[2])
        if self.collect:
            if path not in self._noted:
                self._noted.add(path)
                self.pending.append(path)
            return {}
        found = read_activity(path)
        self.reads += 1
        self._fresh[path] = (size, mtime, dict(found))
        self._changed = True
        return found

    def read_pending(self) -> Iterable[str]:
        """Read the files the first pass noted, yielding each path once it is read."""
        self.collect = False
        pending, self.pending, self._noted = self.pending, [], set()
        for path in pending:
            with contextlib.suppress(ActivityFileError):  # passed over when its row is read, as before
                self.summary(path)
            yield path

    # --- the cache file ---------------------------------------------------------

    def _entries(self) -> dict[str, Entry]:
        if self._kept is None:
            self._kept = self._read_cache() if self.cache else {}
        return self._kept

    def _read_cache(self) -> dict[str, Entry]:
        """The cache file's entries; nothing when it is missing, corrupt or another version's."""
        try:
            with open(cache_file(self.folder), "rb") as stream:
                data = stream.read(MAX_CACHE_BYTES + 1)
            if len(data) > MAX_CACHE_BYTES:
                return {}
            doc = json.loads(data)
        except (OSError, ValueError, RecursionError):
            return {}
        if not isinstance(doc, dict) or doc.get("format") != FORMAT or doc.get("version") != __version__ \
                or doc.get("folder") != self.folder or not isinstance(doc.get("files"), dict):
            return {}
        entries: dict[str, Entry] = {}
        for path, value in doc["files"].items():
            entry = _entry(value)
            if entry is not None:
                entries[path] = entry
        return entries

    def save(self) -> None:
        """Write what this run read to the cache; a cache that cannot be written is left be."""
        if not self.cache or not self._changed:
            return
        files = {path: entry for path, entry in self._entries().items()
                 if path not in self._fresh and os.path.isfile(path)}  # not looked up: kept while it exists
        files.update(self._fresh)
        doc = {"format": FORMAT, "version": __version__, "folder": self.folder,
               "files": {path: {"size": size, "mtime_ns": mtime, "summary": summary}
                         for path, (size, mtime, summary) in sorted(files.items())}}
        target = cache_file(self.folder)
        from recoverycli.fileio import atomic_write

        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(target, json.dumps(doc, separators=(",", ":")).encode("utf-8"))
            self._changed = False
        except (OSError, ValueError):
            pass


def _entry(value: Any) -> Entry | None:
    """A cache entry as recover wrote it, or None for anything else."""
    if not isinstance(value, dict):
        return None
    size, mtime, summary = value.get("size"), value.get("mtime_ns"), value.get("summary")
    if type(size) is not int or type(mtime) is not int or not isinstance(summary, dict):
        return None
    if "date" not in summary or not set(summary) <= SUMMARY_KEYS \
            or not all(isinstance(text, str) for text in summary.values()):
        return None
    return size, mtime, summary
