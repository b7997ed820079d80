"""Check assess inputs against the vocabulary before they reach the engine.

The CLI's parsers already refuse most bad values; this is the one check the
Python API, the log reader and the CLI share, so `assess(pain="sharpp")` or
an infinite `hours_since` is refused everywhere in the same words.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from recoverycli.model import LANGUAGES, InputSpec, Vocabulary


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


WORDS_OF = {"sore": "location", "after": "events", "recurring_location": "location"}
"""Inputs whose values are another input's, and so are typed with the same words."""


def _normal(word: str) -> str:
    """A word as people type it, folded: case, curly quotes, spaces and underscores."""
    folded = word.strip().casefold().replace("’", "'").replace("_", "-")
    return "-".join(folded.split())


def choice_words(vocab: Vocabulary, name: str) -> dict[str, str]:
    """Every word that means a value of a choice input: the value in any case, its label
    in each language (and the label's words before a bracket: 'thigh' for 'thigh
    (quadriceps)'), and the vocabulary's `synonyms` (kuit, nachts, 5k). A word that
    could mean two values means neither. Built once per input."""
    cache: dict[str, dict[str, str]] = vocab.__dict__.setdefault("_choice_words", {})
    found = cache.get(name)
    if found is not None:
        return found
    spec = vocab.inputs.get(name) or vocab.plan_inputs.get(name)
    values = tuple(vocab.events) if name == "events" else spec.values if spec else ()
    words_of = WORDS_OF.get(name, name)  # --sore names places like --location
    seen: dict[str, set[str]] = {}

    def add(word: str, value: str) -> None:
        seen.setdefault(_normal(word), set()).add(value)

    for value in values:
        add(value, value)
        for lang in LANGUAGES:
            label = vocab.value_label(words_of, value, lang) if words_of != "events" else \
                vocab.events[value].label.get(lang, value)
            add(label, value)
            if " (" in label:
                add(label.split(" (")[0], value)
                add(label.split(" (")[1].rstrip(")"), value)
        for word in vocab.synonyms.get(words_of, {}).get(value, ()):
            add(word, value)
    found = {word: next(iter(meant)) for word, meant in seen.items() if len(meant) == 1}
    for value in values:
        found[_normal(value)] = value  # the id itself always wins
    cache[name] = found
    return found


def read_choice(vocab: Vocabulary, name: str, text: str) -> str | None:
    """The value a typed word means, or None."""
    return choice_words(vocab, name).get(_normal(text))


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
    """Known names and allowed values only (a choice may be any word that means one:
    'Quad', 'thigh', 'kuit'); derived inputs may not be given."""
    checked: dict[str, Any] = {}
    for name, value in inputs.items():
        spec = vocab.inputs.get(name)
        if spec is None or spec.derived:
            allowed = ", ".join(n for n, s in vocab.inputs.items() if not s.derived)
            raise InputError(name, f"unknown input {name!r}; inputs are: {allowed}")
        if spec.type == "choice" and isinstance(value, str) and value not in spec.values:
            value = read_choice(vocab, name, value) or value
        checked[name] = check_value(spec, value)
    return checked


class DateProblem(ValueError):
    """A date that cannot be read: `key` names the message, `values` fill it."""

    def __init__(self, key: str, **values: Any) -> None:
        self.key = key
        self.values = values
        super().__init__(key)


def read_date(text: str, vocab: Vocabulary, today: dt.date | None = None) -> dt.date:
    """An ISO date, or a day said in words ('today', 'tomorrow', 'vandaag', ...: the
    vocabulary's `day_words`). A date that does not exist (2026-02-30) is named as such."""
    import calendar

    today = today or dt.date.today()
    word = _normal(text)
    for offset, words in vocab.day_words.items():
        if word in {_normal(w) for w in words}:
            return today + dt.timedelta(days=offset)
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        pass
    parts = text.strip().split("-")
    if len(parts) == 3 and all(p.isdigit() for p in parts) and len(parts[0]) == 4:
        year, month, day = (int(p) for p in parts)
        if not 1 <= month <= 12:
            raise DateProblem("error_no_such_month", month=month) from None
        days = calendar.monthrange(year, month)[1]
        raise DateProblem("error_no_such_day", day=day, month=month, year=year, days=days) from None
    raise DateProblem("error_bad_date") from None
