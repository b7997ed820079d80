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


def value_problem(spec: InputSpec, value: Any, *, as_written: bool = False) -> str | None:
    """Why a value does not fit its input, or None if it fits.

    'flag' (not true or false), 'type' (not a number at all), 'number' (not
    finite), 'whole', 'range', or 'choice' (not one of the allowed values).
    With `as_written` the value stands in a rule file, where 2.0 is not a whole
    number; a caller of the API may pass 2.0 for 2.
    """
    if spec.type == "flag":
        return None if isinstance(value, bool) else "flag"
    if spec.type in ("number", "integer"):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return "type"
        if as_written and spec.type == "integer" and not isinstance(value, int):
            return "whole"
        return number_problem(value, spec)
    return None if value in spec.values else "choice"


def range_ends(spec: InputSpec) -> tuple[str, str]:
    """An input's lowest and highest value as text, '-∞' and '∞' for an open end."""
    return ("-∞" if spec.min is None else f"{spec.min:g}", "∞" if spec.max is None else f"{spec.max:g}")


def range_text(spec: InputSpec, *, both_ends: bool = False) -> str:
    """'0–10', '≥0' or '≤10': an input's allowed range, for help and messages.

    With `both_ends`, always 'low–high' ('0–∞', '-∞–10'), as rule-file problems say it.
    """
    if both_ends:
        return "–".join(range_ends(spec))
    if spec.max is None:
        return f"≥{spec.min:g}" if spec.min is not None else ""
    if spec.min is None:
        return f"≤{spec.max:g}"
    return f"{spec.min:g}–{spec.max:g}"


WORDS_OF = {"sore": "location", "after": "events", "recurring_location": "location"}
"""Inputs whose values are another input's, and so are typed with the same words."""


def normal_word(word: str) -> str:
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
        seen.setdefault(normal_word(word), set()).add(value)

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
        found[normal_word(value)] = value  # the id itself always wins
    cache[name] = found
    return found


def read_choice(vocab: Vocabulary, name: str, text: str) -> str | None:
    """The value a typed word means, or None."""
    return choice_words(vocab, name).get(normal_word(text))


API_PROBLEMS = {
    "flag": "expected true or false, got {value!r}",
    "type": "expected a number, got {value!r}",
    "number": "expected a finite number, got {value!r}",
    "whole": "expected a whole number, got {value!r}",
    "range": "{value!r} is out of range ({range})",
    "choice": "{value!r} is not one of {choices}",
}
"""What the Python API says of a value `value_problem` refuses (for programmers, in English)."""


def check_value(spec: InputSpec, value: Any) -> Any:
    """The value, converted where harmless (int → float); raises InputError."""
    problem = value_problem(spec, value)
    if problem is not None:
        said = API_PROBLEMS[problem].format(value=value, range=range_text(spec), choices=", ".join(spec.values))
        raise InputError(spec.name, f"{spec.name}: {said}")
    return int(value) if spec.type == "integer" else value


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
    word = normal_word(text)
    for offset, words in vocab.day_words.items():
        if word in {normal_word(w) for w in words}:
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
