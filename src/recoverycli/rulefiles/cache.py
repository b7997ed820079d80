"""The one rules cache: every rule file read once, then kept under its own key.

Key. A rule file's entry (its checked entries, as plain data) is kept under
the package version, the cache FORMAT, the file's absolute path (and the path
as written, which its rules quote), its size and mtime_ns, and the
vocabulary's key, since a file's checks depend on the vocabulary. The
vocabulary folder's three files are one entry with one key. Loading the
shipped rules plus a user file therefore reads only that user file once the
shipped ones are cached.

Disk. One JSON file in the user cache directory ($RECOVER_CACHE_DIR, else
$XDG_CACHE_HOME/recover) holds a bundle {slot: {key, data}}, so a start-up is
one read. Each entry's data is its own JSON text inside the bundle, decoded
only when a load asks for that entry under its current key, so entries a run
does not need cost it nearly nothing. A slot is a file's absolute path: a
changed file's new entry replaces the old one, an entry whose file is gone is
dropped when the bundle is written, and at most KEEP entries stay, the least
recently used going first. Plain JSON only (no pickle: reading the cache can never run code);
conditions are compiled in memory after reading. Only files without problems
are kept. Any problem with the cache (unwritable folder, corrupt or foreign
file) silently falls back to the YAML. A version change never reuses an old
entry: the version names the file, is checked inside it and is in every key.
$RECOVER_NO_CACHE leaves the disk alone: every file is read from YAML.
Writing the bundle removes the rules caches of other versions (and of the
older one-file-per-book layout), which nothing reads again.

Memory. The same entries, the assembled books and the bundle as read are kept
for the process; `clear()` forgets them all, as a new process would. The
checks that need the whole book (duplicate ids) run on every assembled book.

Nothing happens at import: the environment and the disk are read on the first load.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

from recoverycli.model import RuleBook, Vocabulary
from recoverycli.problems import Problem
from recoverycli.rulefiles.assemble import FileRules, assemble, compile_rules
from recoverycli.rulefiles.discovery import VOCABULARY_FILES, book_files, vocabulary_dir
from recoverycli.rulefiles.plaindata import encode, revive
from recoverycli.version import __version__

CACHE_ENV = "RECOVER_CACHE_DIR"
NO_CACHE_ENV = "RECOVER_NO_CACHE"
FORMAT = 5
KEEP = 64
"""Entries the disk bundle keeps (the shipped rules take 25), besides those of the last load."""
BOOKS_KEPT = 16
"""Assembled books kept in memory (one per set of files)."""

Entry = TypeVar("Entry", Vocabulary, FileRules)


class _Memory:
    """What this process has loaded: entries by slot, books by their files' keys, the bundle."""

    def __init__(self) -> None:
        self.entries: dict[str, tuple[str, Any]] = {}  # slot -> (key, Vocabulary or compiled FileRules)
        self.books: dict[tuple[str, ...], RuleBook] = {}
        self.bundle: dict[str, Any] | None = None  # slot -> {"key", "data": JSON text}, as read from disk
        self.bundle_path: Path | None = None
        self.used: set[str] = set()  # slots the last load used: never dropped from the bundle
        self.dirty = False  # the bundle has an entry the disk lacks


_memory = _Memory()


def clear() -> None:
    """Forget every entry, book and bundle this process holds, as a new process would."""
    global _memory
    _memory = _Memory()


# --- keys -------------------------------------------------------------------

def _stamp(path: Path) -> str | None:
    """Absolute path, size and mtime_ns; None when the file cannot be read."""
    try:
        info = path.stat()
    except OSError:
        return None
    return f"{os.path.abspath(path)}|{info.st_size}|{info.st_mtime_ns}"


def vocabulary_key(folder: Path) -> str | None:
    """The vocabulary's key: version, FORMAT and the stamps of its three files."""
    stamps = [_stamp(folder / name) for name in VOCABULARY_FILES]
    if any(stamp is None for stamp in stamps):
        return None
    return "\n".join([__version__, str(FORMAT), *(s for s in stamps if s)])


def rule_file_key(path: Path, vocab_key: str) -> str | None:
    """A rule file's key: version, FORMAT, its stamp, the path as written, the vocabulary's key."""
    stamp = _stamp(path)
    if stamp is None:
        return None
    return "\n".join([__version__, str(FORMAT), stamp, str(path), vocab_key])


# --- the disk bundle --------------------------------------------------------

def cache_dir() -> Path:
    """$RECOVER_CACHE_DIR, else $XDG_CACHE_HOME/recover, else ~/.cache/recover."""
    explicit = os.environ.get(CACHE_ENV)
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "recover"


def bundle_path() -> Path:
    return cache_dir() / f"rules-{__version__}.json"


def _disk_on() -> bool:
    return not os.environ.get(NO_CACHE_ENV)


def _bundle() -> dict[str, Any]:
    """The disk bundle's entries, read once per process (and again if the folder changes).
    Their data stay JSON text until an entry is asked for."""
    path = bundle_path()
    if _memory.bundle is None or _memory.bundle_path != path:
        _memory.bundle_path, _memory.dirty = path, False
        try:
            raw = path.read_bytes()
        except OSError:
            raw = b""
        _memory.bundle = _entries(raw)
    return _memory.bundle


def _entries(raw: bytes) -> dict[str, Any]:
    """A bundle's entries, slot -> {"key", "data"}; anything else (not JSON, another
    version or format) is an empty bundle."""
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):  # not JSON, or nested past what the parser can follow
        return {}
    if not isinstance(data, dict) or data.get("version") != __version__ or data.get("format") != FORMAT:
        return {}
    entries = data.get("entries")
    if not isinstance(entries, dict):
        return {}
    return {slot: stored for slot, stored in entries.items()
            if isinstance(stored, dict) and isinstance(stored.get("key"), str) and isinstance(stored.get("data"), str)}


def _from_disk(slot: str, key: str, kind: type[Entry]) -> Entry | None:
    bundle = _bundle()
    stored = bundle.get(slot)
    if stored is None or stored["key"] != key:
        return None
    try:
        value = json.loads(stored["data"], object_hook=revive)
    except Exception:  # an entry that does not decode is read again from YAML
        return None
    if not isinstance(value, kind):
        return None
    bundle[slot] = bundle.pop(slot)  # most recently used last
    return value


def _to_disk(slot: str, key: str, value: Vocabulary | FileRules) -> None:
    try:
        data = _dumps(encode(value))
    except (TypeError, ValueError, RecursionError):  # a value JSON cannot hold: not kept on disk
        return
    bundle = _bundle()
    bundle.pop(slot, None)
    bundle[slot] = {"key": key, "data": data}
    _memory.dirty = True


def _vanished(slot: str) -> bool:
    """The file (or vocabulary folder) an entry came from is gone."""
    return not os.path.exists(slot.removeprefix("vocabulary:"))


def _save() -> None:
    """Write the bundle if this load added to it: entries of files that are gone, and the
    least recently used beyond KEEP, are left out."""
    if not _memory.dirty or _memory.bundle is None or _memory.bundle_path is None:
        return
    _memory.dirty = False
    bundle = _memory.bundle
    for slot in list(bundle):
        if slot not in _memory.used and _vanished(slot):
            del bundle[slot]
    for slot in list(bundle):
        if len(bundle) <= KEEP:
            break
        if slot not in _memory.used:
            del bundle[slot]
    raw = _dumps({"version": __version__, "format": FORMAT, "entries": bundle}).encode()
    from recoverycli.fileio import atomic_write

    try:
        _memory.bundle_path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(_memory.bundle_path, raw)
    except OSError:
        return
    _forget_other_bundles(_memory.bundle_path)


def _forget_other_bundles(kept: Path) -> None:
    """Rules caches of other versions, and of the older one-file-per-book layout
    (`rules-VERSION-CHECKSUM.json`), are never read again: remove them when writing."""
    for stale in kept.parent.glob("rules-*.json"):
        if stale != kept:
            with contextlib.suppress(OSError):
                stale.unlink()


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


# --- entries ----------------------------------------------------------------

def _recall(slot: str, key: str, kind: type[Entry],
            ready: Callable[[Entry], Entry] | None = None) -> Entry | None:
    """The entry from memory, else from disk (made `ready`: compiled); None when neither
    has it under this key."""
    _memory.used.add(slot)
    held = _memory.entries.get(slot)
    if held is not None and held[0] == key and isinstance(held[1], kind):
        return held[1]
    value = _from_disk(slot, key, kind) if _disk_on() else None
    if value is not None:
        if ready is not None:
            value = ready(value)
        _memory.entries[slot] = (key, value)
    return value


def _keep(slot: str, key: str, value: Vocabulary | FileRules) -> None:
    _memory.entries[slot] = (key, value)
    if _disk_on():
        _to_disk(slot, key, value)


def _vocabulary(folder: Path, key: str) -> tuple[Vocabulary, list[Problem]]:
    slot = f"vocabulary:{os.path.abspath(folder)}"
    vocab = _recall(slot, key, Vocabulary)
    if vocab is not None:
        return vocab, []
    from recoverycli.rulefiles.parse import load_vocabulary

    vocab, problems = load_vocabulary(folder)
    if not problems:
        _keep(slot, key, vocab)
    return vocab, problems


def _rule_file(path: Path, key: str, vocab: Vocabulary, keep: bool) -> FileRules:
    slot = os.path.abspath(path)
    part = _recall(slot, key, FileRules, lambda found: compile_rules(found, vocab))
    if part is not None:
        return part
    from recoverycli.rulefiles.parse import read_rule_file

    part = compile_rules(read_rule_file(path, vocab), vocab)
    if keep and not part.problems:
        _keep(slot, key, part)
    return part


# --- loading ----------------------------------------------------------------

def load_rulebook_cached(extra: Iterable[str | Path] = (), *,
                         shipped: bool = True) -> tuple[RuleBook, list[Problem]]:
    """The shipped rules plus these user paths, as `parse.load_rulebook` gives them,
    reading only the files that are not cached under their current key."""
    extra = list(extra)
    folder = vocabulary_dir()
    files, missing = book_files(extra, shipped=shipped)
    vocab_key = vocabulary_key(folder)
    keys = [rule_file_key(path, vocab_key) for path in files] if vocab_key is not None else []
    if vocab_key is None or any(key is None for key in keys):  # a file went away while we looked
        from recoverycli.rulefiles.parse import load_rulebook

        return load_rulebook(extra, shipped=shipped)
    book_key = (vocab_key, *(key for key in keys if key))
    book = _memory.books.get(book_key)
    if book is not None and not missing:
        return book, []
    _memory.used = set()
    vocab, problems = _vocabulary(folder, vocab_key)
    parts = [_rule_file(path, key, vocab, keep=not problems) for path, key in zip(files, keys, strict=True) if key]
    _save()
    book, problems = assemble(vocab, parts, [*problems, *missing])
    if not problems:
        while len(_memory.books) >= BOOKS_KEPT:
            del _memory.books[next(iter(_memory.books))]
        _memory.books[book_key] = book
    return book, problems


def load_vocabulary_cached() -> tuple[Vocabulary, list[Problem]]:
    """The shipped vocabulary (allowed values, labels, messages), from the cache when fresh."""
    folder = vocabulary_dir()
    key = vocabulary_key(folder)
    if key is None:
        from recoverycli.rulefiles.parse import load_vocabulary

        return load_vocabulary(folder)
    _memory.used.add(f"vocabulary:{os.path.abspath(folder)}")
    found = _vocabulary(folder, key)
    _save()
    return found
