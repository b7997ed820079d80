"""The rule model as plain JSON data, and back: no pickle, so reading can never run code.

A dataclass becomes {"__dc__": its name, field: value, ...} (only the fields
that take part in comparison: compiled conditions are never stored); a mapping
with keys that are not text becomes {"__map__": [[key, value], ...]}; tuples,
sets and frozensets become lists, and `revive` (json's object_hook) makes them
tuples and frozensets again where the dataclass says so. Only the model's own
dataclasses (and `FileRules`) can come back.
"""

from __future__ import annotations

import dataclasses
import functools
from typing import Any

from recoverycli.rulefiles.assemble import FileRules


@functools.cache
def _classes() -> dict[str, type]:
    """The dataclasses an entry may hold, by name."""
    from recoverycli import model

    found: dict[str, type] = {cls.__name__: cls for cls in vars(model).values()
                              if isinstance(cls, type) and dataclasses.is_dataclass(cls)}
    found[FileRules.__name__] = FileRules
    return found


def encode(value: Any) -> Any:
    """A model value as plain JSON data."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        data: dict[str, Any] = {"__dc__": type(value).__name__}
        for field in dataclasses.fields(value):
            if field.compare:  # compiled callables are compare=False and not stored
                data[field.name] = encode(getattr(value, field.name))
        return data
    if isinstance(value, dict):
        if all(isinstance(k, str) and k != "__dc__" for k in value):
            return {k: encode(v) for k, v in value.items()}
        return {"__map__": [[encode(k), encode(v)] for k, v in value.items()]}
    if isinstance(value, (list, tuple, frozenset, set)):
        return [encode(v) for v in value]
    return value


def revive(data: dict[str, Any]) -> Any:
    """json's object_hook: a dataclass or a non-string-keyed mapping back from its plain form."""
    name = data.get("__dc__")
    if name is not None:
        cls = _classes()[name]
        del data["__dc__"]
        for field, shape in _shapes(cls).items():
            if field in data:
                data[field] = shape(data[field])
        return cls(**data)
    if "__map__" in data:
        return {_freeze(k): v for k, v in data["__map__"]}
    return data


@functools.cache
def _shapes(cls: type) -> dict[str, Any]:
    """Which fields of a dataclass are tuples or frozensets (JSON has only lists)."""
    shapes: dict[str, Any] = {}
    for field in dataclasses.fields(cls):
        text = str(field.type)  # the annotation as written (postponed evaluation)
        if text.startswith("frozenset"):
            shapes[field.name] = frozenset
        elif text.startswith("tuple"):
            shapes[field.name] = tuple
    return shapes


def _freeze(key: Any) -> Any:
    return tuple(key) if isinstance(key, list) else key
