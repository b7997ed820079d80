"""Log cells to checked values: one converter per known column, decided once from the header.

Every known cell is checked against the vocabulary (the assess `inputs:` and
the `log_columns:`); a blank cell is unknown, never a default. A cell that does
not fit its column is a `CellError` whose message names field and value, so
the reader can say which row and why without stopping.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from recoverycli.model import InputSpec, Vocabulary
from recoverycli.model.values import choice_words, normal_word, number_problem, range_ends, read_number

__all__ = [
    "FALSE_WORDS", "TRUE_WORDS", "CellError", "Column", "ColumnPlan", "Converter", "Converters", "convert_cells",
    "is_blank", "normalise_column", "shown",
]

TRUE_WORDS = ("true", "yes", "1", "ja")
FALSE_WORDS = ("false", "no", "0", "nee")
"""Spellings of a flag in a log cell (any case); a blank cell is unknown."""


class CellError(Exception):
    """A cell that does not fit its column; the message names field and value."""


Converter = Callable[[Any], Any]


def normalise_column(name: str) -> str:
    """'Hours Since' / 'hours-since' / ' HOURS_SINCE ' -> 'hours_since'."""
    return name.strip().lower().replace("-", "_").replace(" ", "_")


def shown(value: Any) -> str:
    """A cell as a message quotes it: JSON for what is not text, cut at 60 characters."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."


class Converters:
    """Builds one converter per known column, once, with its messages ready."""

    def __init__(self, vocab: Vocabulary, lang: str) -> None:
        self.vocab = vocab
        self.lang = lang

    def msg(self, key: str, **values: Any) -> str:
        return self.vocab.msg(key, self.lang, **values)

    def converter(self, spec: InputSpec, extra_values: tuple[str, ...] = ()) -> Converter:
        kind = spec.type
        if kind == "flag":
            return self._flag(spec)
        if kind in ("number", "integer"):
            return self._number(spec)
        if kind == "choice":
            return self._choice(spec, (*spec.values, *extra_values))
        if kind == "date":
            return self._date(spec)
        return self._text()

    def _not_scalar(self, name: str, raw: Any) -> CellError:
        return CellError(self.msg("log_error_json_type", field=name, value=shown(raw)))

    def _flag(self, spec: InputSpec) -> Converter:
        words = {w: True for w in TRUE_WORDS} | {w: False for w in FALSE_WORDS}
        spellings = "/".join(f"{t}/{f}" for t, f in zip(TRUE_WORDS, FALSE_WORDS, strict=True))
        bad = self.msg("log_error_flag", field=spec.name, value="{value}", words=spellings)

        def convert(raw: Any) -> Any:
            if raw is True or raw is False:
                return raw
            if is_blank(raw):
                return None
            if isinstance(raw, str):
                value = words.get(raw.strip().lower())
                if value is not None:
                    return value
            elif isinstance(raw, (dict, list)):
                raise self._not_scalar(spec.name, raw)
            elif raw in (0, 1):
                return bool(raw)
            raise CellError(bad.replace("{value}", shown(raw)))

        return convert

    def _number(self, spec: InputSpec) -> Converter:
        integer = spec.type == "integer"
        name = spec.name
        not_number = "log_error_integer" if integer else "log_error_number"
        lo_text, hi_text = range_ends(spec)

        def convert(raw: Any) -> Any:
            if is_blank(raw):
                return None
            if isinstance(raw, str):
                value = read_number(raw)
            elif isinstance(raw, bool) or not isinstance(raw, (int, float)):
                if isinstance(raw, (dict, list)):
                    raise self._not_scalar(name, raw)
                value = math.nan
            else:
                try:
                    value = float(raw)
                except OverflowError:  # an integer too long for a float: no number a log means
                    value = math.nan
            problem = number_problem(value, spec)
            if problem in ("number", "whole"):
                raise CellError(self.msg(not_number, field=name, value=shown(raw)))
            if problem == "range":
                raise CellError(self.msg("log_error_range", field=name, value=shown(raw),
                                    min=lo_text, max=hi_text))
            return int(value) if integer else value

        return convert

    def _choice(self, spec: InputSpec, values: tuple[str, ...]) -> Converter:
        lookup = {v: v for v in values}
        for value in values:
            lookup.setdefault(value.lower().replace("_", "-").replace(" ", "-"), value)
        name = spec.name
        if name in self.vocab.inputs:  # the words runners type: 'Kuit', 'zeurend', "'s nachts"
            for word, value in choice_words(self.vocab, name).items():
                lookup.setdefault(word, value)
        if name == "type":  # an event in the log's type column: '10k', 'halve marathon'
            for word, value in choice_words(self.vocab, "events").items():
                lookup.setdefault(word, value)

        def convert(raw: Any) -> Any:
            if raw is None:
                return None
            if not isinstance(raw, str):
                if isinstance(raw, (dict, list)):
                    raise self._not_scalar(name, raw)
                raw = json.dumps(raw)
            found = lookup.get(raw)
            if found is not None:
                return found
            text = raw.strip()
            if not text:
                return None
            found = lookup.get(normal_word(text))
            if found is not None:
                return found
            close = difflib.get_close_matches(text.lower(), values, n=1)
            hint = self.msg("log_error_hint", value=close[0]) if close else ""
            raise CellError(self.msg("log_error_choice", field=name, value=shown(raw),
                                values=", ".join(values), hint=hint))

        return convert

    def _date(self, spec: InputSpec) -> Converter:
        name = spec.name

        def convert(raw: Any) -> Any:
            if is_blank(raw):
                return None
            if isinstance(raw, str):
                text = raw.strip()
                if len(text) == 10 and text[4] == "-" and text[7] == "-":
                    try:
                        return dt.date.fromisoformat(text)
                    except ValueError:
                        pass
            elif isinstance(raw, (dict, list)):
                raise self._not_scalar(name, raw)
            raise CellError(self.msg("log_error_date", field=name, value=shown(raw)))

        return convert

    def _text(self) -> Converter:
        def convert(raw: Any) -> Any:
            if raw is None:
                return None
            text = raw if isinstance(raw, str) else json.dumps(raw, ensure_ascii=False)
            return text.strip() or None

        return convert


def is_blank(raw: Any) -> bool:
    """A missing or empty cell: the input is unknown, not zero or no."""
    return raw is None or (isinstance(raw, str) and not raw.strip())


@dataclass(frozen=True)
class Column:
    """A known column of one header: where its cells are, and how they are read."""

    index: int  # position in the CSV row (unused for JSON)
    name: str  # normalised name
    convert: Converter


class ColumnPlan:
    """What to do with each known column, decided once from the header."""

    def __init__(self, vocab: Vocabulary, lang: str) -> None:
        self.vocab = vocab
        self.cells = Converters(vocab, lang)
        self.input_order = [n for n, s in vocab.inputs.items() if not s.derived]
        self.specs: dict[str, tuple[str, Converter]] = {}
        for name in self.input_order:
            self.specs[name] = ("input", self.cells.converter(vocab.inputs[name]))
        for name, spec in vocab.log_columns.items():
            if name not in self.specs:
                extra = tuple(vocab.events) if name == "type" else ()
                self.specs[name] = ("field", self.cells.converter(spec, extra))

    def columns(self, names: list[str]) -> tuple[list[Column], list[Column]]:
        """(input columns in vocabulary order, log-field columns in file order)."""
        inputs = [Column(i, n, self.specs[n][1]) for i, n in enumerate(names)
                  if n in self.specs and self.specs[n][0] == "input"]
        inputs.sort(key=lambda c: self.input_order.index(c.name))
        fields = [Column(i, n, self.specs[n][1]) for i, n in enumerate(names)
                  if n in self.specs and self.specs[n][0] == "field"]
        return inputs, fields


def convert_cells(columns: list[Column], cells: list[Any], problems: list[str]) -> dict[str, Any]:
    """The row's values for these columns; a bad cell adds a problem and is left out."""
    values: dict[str, Any] = {}
    for column in columns:
        raw = cells[column.index]
        if raw == "" or raw is None:  # blank: unknown to every converter, the common case
            continue
        try:
            value = column.convert(raw)
        except CellError as bad:
            problems.append(str(bad))
            continue
        if value is not None:
            values[column.name] = value
    return values
