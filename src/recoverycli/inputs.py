"""Check assess inputs against the vocabulary before they reach the engine.

The CLI's parsers already refuse most bad values; this is the one check the
Python API, the log reader and the CLI share, so `assess(pain="sharpp")` or
an infinite `hours_since` is refused everywhere in the same words.
"""

from __future__ import annotations

import math
from typing import Any

from .model import InputSpec, Vocabulary


class InputError(ValueError):
    """An input name or value the vocabulary does not allow."""

    def __init__(self, name: str, message: str) -> None:
        self.name = name
        super().__init__(message)


def read_number(text: str) -> float:
    """A number as a runner types it: '7.5', ' 8 ', or '7,5' with a Dutch decimal comma.

    NaN when the text is no number, so one `math.isfinite` check refuses both
    'soon' and 'nan' or 'inf'.
    """
    text = text.strip()
    if "," in text and "." not in text:
        text = text.replace(",", ".", 1)
    try:
        return float(text)
    except ValueError:
        return math.nan


def number_problem(value: float, spec: InputSpec) -> str | None:
    """Why a number does not fit an input: 'number', 'whole', 'range', or None if it fits."""
    if not math.isfinite(value):
        return "number"
    if spec.type == "integer" and not float(value).is_integer():
        return "whole"
    if (spec.min is not None and value < spec.min) or (spec.max is not None and value > spec.max):
        return "range"
    return None


def range_text(spec: InputSpec) -> str:
    """'0–10' or '≥0': an input's allowed range, for help and messages."""
    if spec.max is None:
        return f"≥{spec.min:g}" if spec.min is not None else ""
    if spec.min is None:
        return f"≤{spec.max:g}"
    return f"{spec.min:g}–{spec.max:g}"


def check_value(spec: InputSpec, value: Any) -> Any:
    """The value, converted where harmless (int → float); raises InputError."""
    name = spec.name
    if spec.type == "flag":
        if not isinstance(value, bool):
            raise InputError(name, f"{name}: expected true or false, got {value!r}")
        return value
    if spec.type in ("number", "integer"):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise InputError(name, f"{name}: expected a number, got {value!r}")
        problem = number_problem(value, spec)
        if problem == "number":
            raise InputError(name, f"{name}: expected a finite number, got {value!r}")
        if problem == "whole":
            raise InputError(name, f"{name}: expected a whole number, got {value!r}")
        if problem == "range":
            raise InputError(name, f"{name}: {value!r} is out of range ({range_text(spec)})")
        return int(value) if spec.type == "integer" else value
    if value not in spec.values:
        raise InputError(name, f"{name}: {value!r} is not one of {', '.join(spec.values)}")
    return value


def check_inputs(inputs: dict[str, Any], vocab: Vocabulary) -> dict[str, Any]:
    """Known names and allowed values only; derived inputs may not be given."""
    checked: dict[str, Any] = {}
    for name, value in inputs.items():
        spec = vocab.inputs.get(name)
        if spec is None or spec.derived:
            allowed = ", ".join(n for n, s in vocab.inputs.items() if not s.derived)
            raise InputError(name, f"unknown input {name!r}; inputs are: {allowed}")
        checked[name] = check_value(spec, value)
    return checked
