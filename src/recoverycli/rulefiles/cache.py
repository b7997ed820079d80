"""A cache of loaded, validated rules, so a run does not re-parse YAML.

The cache is a JSON file in the user cache directory, keyed by the package
version and the path, size and modification time of every rule file. It
holds plain data only (no pickle: reading it can never run code); conditions
are compiled again after reading, which is cheap. Any problem with the cache
(unwritable folder, corrupt or foreign file) silently falls back to loading
the YAML. A version change never reuses an old cache: the version is part of
the key and is checked again inside the file.
"""

from __future__ import annotations

import dataclasses
import json
import os
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from recoverycli import __version__, model
from recoverycli.engine.conditions import compile_book
from recoverycli.model import RuleBook, Vocabulary
from recoverycli.problems import Problem
from recoverycli.rulefiles.discovery import rule_files, shipped_rules_dir, user_rule_paths

CACHE_ENV = "RECOVER_CACHE_DIR"
NO_CACHE_ENV = "RECOVER_NO_CACHE"
FORMAT = 3


def cache_dir() -> Path:
    """$RECOVER_CACHE_DIR, else $XDG_CACHE_HOME/recover, else ~/.cache/recover."""
    explicit = os.environ.get(CACHE_ENV)
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "recover"


def _fingerprint(files: list[Path]) -> str | None:
    """Version plus (path, size, mtime) of every file; None when one cannot be read.

    The whole fingerprint is stored in the cache file and compared exactly;
    only the file name uses a short checksum of it.
    """
    parts = [__version__, str(FORMAT), os.environ.get("RECOVER_RULES", "")]
    for path in files:
        try:
            stat = path.stat()
        except OSError:
            return None
        parts.append(f"{os.path.abspath(path)}|{stat.st_size}|{stat.st_mtime_ns}")
    return "\n".join(parts)


def _cache_file(key: str) -> Path:
    return cache_dir() / f"rules-{__version__}-{zlib.crc32(key.encode()):08x}.json"


def _all_files(extra: Iterable[str | Path]) -> list[Path] | None:
    base = shipped_rules_dir()
    files = [base / "vocabulary" / n for n in ("vocabulary.yaml", "body-map.yaml", "messages.yaml")]
    files.extend(sorted(base.glob("*.yaml")))
    for path in user_rule_paths(extra):
        found, missing = rule_files(path)
        if missing:
            return None
        files.extend(found)
    return files


# --- plain-data encoding of the model ---------------------------------------

_CLASSES = {cls.__name__: cls for cls in vars(model).values()
            if isinstance(cls, type) and dataclasses.is_dataclass(cls)}


def _encode(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        data: dict[str, Any] = {"__dc__": type(value).__name__}
        for field in dataclasses.fields(value):
            if field.compare:  # compiled callables are compare=False and not stored
                data[field.name] = _encode(getattr(value, field.name))
        return data
    if isinstance(value, dict):
        if all(isinstance(k, str) and k != "__dc__" for k in value):
            return {k: _encode(v) for k, v in value.items()}
        return {"__map__": [[_encode(k), _encode(v)] for k, v in value.items()]}
    if isinstance(value, (list, tuple, frozenset, set)):
        return [_encode(v) for v in value]
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, list):
        return [_decode(v) for v in value]
    if not isinstance(value, dict):
        return value
    if "__map__" in value:
        return {_freeze(_decode(k)): _decode(v) for k, v in value["__map__"]}
    if "__dc__" not in value:
        return {k: _decode(v) for k, v in value.items()}
    cls = _CLASSES[value["__dc__"]]
    shapes = _shapes(cls)
    kwargs = {}
    for name, raw in value.items():
        if name == "__dc__":
            continue
        decoded = _decode(raw)
        shape = shapes.get(name)
        if shape is not None:
            decoded = shape(decoded)
        kwargs[name] = decoded
    return cls(**kwargs)


_SHAPES: dict[type, dict[str, Any]] = {}


def _shapes(cls: type) -> dict[str, Any]:
    """Which fields of a dataclass are tuples or frozensets (JSON has only lists)."""
    shapes = _SHAPES.get(cls)
    if shapes is None:
        shapes = {}
        for field in dataclasses.fields(cls):
            text = str(field.type)  # the annotation as written (postponed evaluation)
            if text.startswith("frozenset"):
                shapes[field.name] = frozenset
            elif text.startswith("tuple"):
                shapes[field.name] = tuple
        _SHAPES[cls] = shapes
    return shapes


def _freeze(key: Any) -> Any:
    return tuple(key) if isinstance(key, list) else key


_MEMO: dict[str, RuleBook] = {}


def _read(path: Path, key: str) -> RuleBook | None:
    if key in _MEMO:
        return _MEMO[key]
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("key") != key or data.get("version") != __version__:
            return None
        book = _decode(data["book"])
        if not isinstance(book, RuleBook):
            return None
        _MEMO[key] = compile_book(book)
        return book
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _write(path: Path, key: str, book: RuleBook) -> None:
    from recoverycli.fileio import atomic_write

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        payload = {"key": key, "version": __version__, "book": _encode(book)}
        atomic_write(path, json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode())
    except (OSError, TypeError, ValueError):
        pass


def load_rulebook_cached(extra: Iterable[str | Path] = ()) -> tuple[RuleBook, list[Problem]]:
    """The rule book for these user paths, from the cache when it is fresh."""
    extra = list(extra)
    if os.environ.get(NO_CACHE_ENV):
        from recoverycli.rulefiles.parse import load_rulebook

        return load_rulebook(extra)
    files = _all_files(extra)
    key = _fingerprint(files) if files is not None else None
    if key is None:
        from recoverycli.rulefiles.parse import load_rulebook

        return load_rulebook(extra)
    path = _cache_file(key)
    book = _read(path, key)
    if book is not None:
        return book, []
    from recoverycli.rulefiles.parse import load_rulebook

    book, problems = load_rulebook(extra)
    if not problems:
        _write(path, key, book)
        _MEMO[key] = book
    return book, problems


def load_vocabulary_cached() -> tuple[Vocabulary, list[Problem]]:
    """The shipped vocabulary (allowed values, labels, messages).

    Taken from the cached rule book when it loads cleanly (the usual case,
    and then the book is ready for the command too), else read from YAML.
    """
    if not os.environ.get(NO_CACHE_ENV):
        book, problems = load_rulebook_cached()
        if not problems:
            return book.vocab, []
    from recoverycli.rulefiles.parse import load_vocabulary

    return load_vocabulary(shipped_rules_dir() / "vocabulary")
