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
import hashlib
import json
import os
import typing
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from . import __version__, model
from .load import (
    compile_book,
    load_rulebook,
    load_vocabulary,
    rule_files,
    shipped_rules_dir,
    user_rule_paths,
)
from .model import RuleBook, Vocabulary
from .problems import Problem

CACHE_ENV = "RECOVER_CACHE_DIR"
NO_CACHE_ENV = "RECOVER_NO_CACHE"
FORMAT = 1


def cache_dir() -> Path:
    """$RECOVER_CACHE_DIR, else $XDG_CACHE_HOME/recover, else ~/.cache/recover."""
    explicit = os.environ.get(CACHE_ENV)
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "recover"


def _fingerprint(files: list[Path]) -> str | None:
    """Version plus (path, size, mtime) of every file; None when one cannot be read."""
    parts = [__version__, str(FORMAT)]
    for path in files:
        try:
            stat = path.stat()
        except OSError:
            return None
        parts.append(f"{path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


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
        for name, hint in typing.get_type_hints(cls).items():
            text = str(hint)
            if text.startswith("frozenset"):
                shapes[name] = frozenset
            elif text.startswith("tuple"):
                shapes[name] = tuple
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
    from .fileio import atomic_write

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
        return load_rulebook(extra)
    files = _all_files(extra)
    key = _fingerprint(files) if files is not None else None
    if key is None:
        return load_rulebook(extra)
    path = cache_dir() / f"rules-{__version__}-{key[:24]}.json"
    book = _read(path, key)
    if book is not None:
        return book, []
    book, problems = load_rulebook(extra)
    if not problems:
        _write(path, key, book)
        _MEMO[key] = book
    return book, problems


def load_vocabulary_cached() -> tuple[Vocabulary, list[Problem]]:
    """The shipped vocabulary (allowed values, labels, messages).

    Served from the rule cache when the shipped rules were loaded before,
    else read from YAML.
    """
    if not os.environ.get(NO_CACHE_ENV):
        files = _all_files(())
        key = _fingerprint(files) if files is not None else None
        if key is not None:
            book = _read(cache_dir() / f"rules-{__version__}-{key[:24]}.json", key)
            if book is not None:
                return book.vocab, []
    return load_vocabulary(shipped_rules_dir() / "vocabulary")
