"""Training logs: read CSV or JSON Lines row by row, check every cell, assess.

A log is read lazily, one physical line at a time, so a million-row file
costs no more memory than ten rows and the first answer comes before the last
line is read. Every known cell is checked against the vocabulary (the assess
`inputs:` and the `log_columns:`); a blank cell is unknown, never a default.
A row that cannot be read carries an error naming its line, field and value;
the rows around it are read as usual. Columns recover does not know are kept
as they were, for the renderers to write back.

    >>> from recoverycli.traininglog.reader import read_log, assess_rows, weekly_load
    >>> for row, result in assess_rows(read_log("season.csv")):
    ...     print(row.line, result.level if result else row.error)
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import itertools
import json
import math
import os
import stat
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from recoverycli.model import Assessment, Inputs, InputSpec, RuleBook, Vocabulary
from recoverycli.model.values import number_problem, read_number
from recoverycli.traininglog.exports import BoundExport
from recoverycli.traininglog.trainingload import LoadReport, weekly_load

__all__ = [
    "AssessStats", "LoadReport", "LogFileError", "LogReader", "LogRow", "assess_log", "assess_rows",
    "normalise_column", "read_log", "weekly_load",
]

TRUE_WORDS = ("true", "yes", "1", "ja")
FALSE_WORDS = ("false", "no", "0", "nee")
"""Spellings of a flag in a log cell (any case); a blank cell is unknown."""

DELIMITERS = (",", ";", "\t")
"""CSV separators we recognise from the header line (Excel in Flanders writes ';')."""

ASSESS_CACHE_SIZE = 1024
"""Distinct input sets remembered by `assess_rows`; real logs repeat a lot."""


class LogFileError(Exception):
    """The log as a whole cannot be used: missing, not UTF-8, a broken header."""

    def __init__(self, file: str, line: int, message: str) -> None:
        self.file, self.line, self.message = file, line, message
        where = f"{file}:{line}" if line else file
        super().__init__(f"{where}: {message}")


@dataclass(slots=True)
class LogRow:
    """One row of a log: where it was, what it says, and whether it could be read."""

    line: int  # physical line in the input (the CSV header is line 1)
    inputs: Inputs = field(default_factory=dict)  # assess inputs that were given, vocabulary order
    fields: dict[str, Any] = field(default_factory=dict)  # log columns that were given (date, ...)
    cells: list[str] | None = None  # CSV: the row as read
    record: dict[str, Any] | None = None  # JSON Lines: the object as read
    error: str | None = None  # why the row cannot be read (then inputs and fields are empty)


class _Bad(Exception):
    """A cell that does not fit its column; the message names field and value."""


Converter = Callable[[Any], Any]


def normalise_column(name: str) -> str:
    """'Hours Since' / 'hours-since' / ' HOURS_SINCE ' -> 'hours_since'."""
    return name.strip().lower().replace("-", "_").replace(" ", "_")


def _shown(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."


class _Cells:
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

    def _not_scalar(self, name: str, raw: Any) -> _Bad:
        return _Bad(self.msg("log_error_json_type", field=name, value=_shown(raw)))

    def _flag(self, spec: InputSpec) -> Converter:
        words = {w: True for w in TRUE_WORDS} | {w: False for w in FALSE_WORDS}
        spellings = "/".join(f"{t}/{f}" for t, f in zip(TRUE_WORDS, FALSE_WORDS, strict=True))
        bad = self.msg("log_error_flag", field=spec.name, value="{value}", words=spellings)

        def convert(raw: Any) -> Any:
            if raw is True or raw is False:
                return raw
            if _blank(raw):
                return None
            if isinstance(raw, str):
                value = words.get(raw.strip().lower())
                if value is not None:
                    return value
            elif isinstance(raw, (dict, list)):
                raise self._not_scalar(spec.name, raw)
            elif raw in (0, 1):
                return bool(raw)
            raise _Bad(bad.replace("{value}", _shown(raw)))

        return convert

    def _number(self, spec: InputSpec) -> Converter:
        integer = spec.type == "integer"
        name = spec.name
        not_number = "log_error_integer" if integer else "log_error_number"
        lo_text = "-∞" if spec.min is None else f"{spec.min:g}"
        hi_text = "∞" if spec.max is None else f"{spec.max:g}"

        def convert(raw: Any) -> Any:
            if _blank(raw):
                return None
            if isinstance(raw, str):
                value = read_number(raw)
            elif isinstance(raw, bool) or not isinstance(raw, (int, float)):
                if isinstance(raw, (dict, list)):
                    raise self._not_scalar(name, raw)
                value = math.nan
            else:
                value = float(raw)
            problem = number_problem(value, spec)
            if problem in ("number", "whole"):
                raise _Bad(self.msg(not_number, field=name, value=_shown(raw)))
            if problem == "range":
                raise _Bad(self.msg("log_error_range", field=name, value=_shown(raw),
                                    min=lo_text, max=hi_text))
            return int(value) if integer else value

        return convert

    def _choice(self, spec: InputSpec, values: tuple[str, ...]) -> Converter:
        from recoverycli.model.values import choice_words

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
            found = lookup.get("-".join(text.casefold().replace("’", "'").replace("_", "-").split()))
            if found is not None:
                return found
            close = difflib.get_close_matches(text.lower(), values, n=1)
            hint = self.msg("log_error_hint", value=close[0]) if close else ""
            raise _Bad(self.msg("log_error_choice", field=name, value=_shown(raw),
                                values=", ".join(values), hint=hint))

        return convert

    def _date(self, spec: InputSpec) -> Converter:
        name = spec.name

        def convert(raw: Any) -> Any:
            if _blank(raw):
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
            raise _Bad(self.msg("log_error_date", field=name, value=_shown(raw)))

        return convert

    def _text(self) -> Converter:
        def convert(raw: Any) -> Any:
            if raw is None:
                return None
            text = raw if isinstance(raw, str) else json.dumps(raw, ensure_ascii=False)
            return text.strip() or None

        return convert


def _blank(raw: Any) -> bool:
    """A missing or empty cell: the input is unknown, not zero or no."""
    return raw is None or (isinstance(raw, str) and not raw.strip())


@dataclass(frozen=True)
class _Column:
    index: int  # position in the CSV row (unused for JSON)
    name: str  # normalised name
    convert: Converter


class _Plan:
    """What to do with each known column, decided once from the header."""

    def __init__(self, vocab: Vocabulary, lang: str) -> None:
        self.vocab = vocab
        self.cells = _Cells(vocab, lang)
        self.input_order = [n for n, s in vocab.inputs.items() if not s.derived]
        self.specs: dict[str, tuple[str, Converter]] = {}
        for name in self.input_order:
            self.specs[name] = ("input", self.cells.converter(vocab.inputs[name]))
        for name, spec in vocab.log_columns.items():
            if name not in self.specs:
                extra = tuple(vocab.events) if name == "type" else ()
                self.specs[name] = ("field", self.cells.converter(spec, extra))

    def columns(self, names: list[str]) -> tuple[list[_Column], list[_Column]]:
        """(input columns in vocabulary order, log-field columns in file order)."""
        inputs = [_Column(i, n, self.specs[n][1]) for i, n in enumerate(names)
                  if n in self.specs and self.specs[n][0] == "input"]
        inputs.sort(key=lambda c: self.input_order.index(c.name))
        fields = [_Column(i, n, self.specs[n][1]) for i, n in enumerate(names)
                  if n in self.specs and self.specs[n][0] == "field"]
        return inputs, fields


class LogReader:
    """An iterable of `LogRow`s from one CSV or JSON Lines source.

    The format is told by the first non-blank line: `{` starts JSON Lines,
    anything else is a CSV header. Construction reads only that line.
    """

    def __init__(self, stream: TextIO, vocab: Vocabulary, *, name: str = "-", lang: str = "en",
                 interactive: bool = False, closer: Callable[[], Any] | None = None,
                 export_format: str | None = None, miles: bool = False, folder: str | None = None) -> None:
        self.name = name
        self.folder = folder  # an export folder: its activity files fill what the CSV lacks
        self.export_format = export_format  # None: tell from the header; "recover": our own columns
        self.miles = miles
        self.export: BoundExport | None = None  # the app export this CSV turned out to be
        self.unused: list[str] = []  # export columns recover does not read
        self._closer = stream.close if closer is None else closer
        self.vocab = vocab
        self.lang = lang
        self.interactive = interactive
        self._stream = stream
        self._plan = _Plan(vocab, lang)
        self._line = 0
        self._lines = self._physical_lines()
        self.format = "empty"
        self.newline = "\n"  # the input's line ending, for writing CSV back the same way
        self.header: list[str] = []
        self.columns: list[str] = []
        self.delimiter = ","
        self._first: list[str] = []
        for text in self._lines:
            self._first.append(text)
            if text.strip():
                break
        if self._first and self._first[-1].strip():
            first = self._first[-1]
            self.format = "jsonl" if first.lstrip().startswith("{") else "csv"
            self.newline = "\r\n" if first.endswith("\r\n") else "\n"
            if self.format == "csv":
                counts = {d: first.count(d) for d in DELIMITERS}
                best = max(DELIMITERS, key=lambda d: counts[d])
                self.delimiter = best if counts[best] else ","
        self._inputs: list[_Column] = []
        self._fields: list[_Column] = []

    @property
    def known(self) -> list[str]:
        """Columns recover reads (CSV, once iterating began), in file order."""
        return [n for n in self.columns if n in self._plan.specs]

    def _physical_lines(self) -> Iterator[str]:
        try:
            for text in self._stream:
                self._line += 1
                if self._line == 1 and text.startswith("\ufeff"):
                    text = text[1:]
                yield text
        except UnicodeDecodeError:
            raise LogFileError(self.name, self._line + 1,
                               self.vocab.msg("log_file_not_utf8", self.lang)) from None

    def __iter__(self) -> Iterator[LogRow]:
        if self.format == "csv":
            return self._csv_rows()
        if self.format == "jsonl":
            return self._json_rows()
        return iter(())

    def close(self) -> None:
        """Close a file we opened; stdin and streams passed in stay open."""
        closer, self._closer = self._closer, _nothing
        closer()

    def __enter__(self) -> LogReader:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # --- CSV -------------------------------------------------------------------

    def _set_header(self, header: list[str], line: int) -> None:
        from recoverycli.traininglog import exports

        self.header = header
        forced = self.export_format
        found = None
        if forced not in (None, "recover"):
            found = exports.named(str(forced), header)
            if found is None:
                raise LogFileError(self.name, line, self.vocab.msg(
                    "log_file_not_that_format", self.lang, format=forced,
                    formats=", ".join(exports.FORMAT_IDS)))
        elif forced is None:
            found = exports.detect(header)
        if found is not None:
            self.export = exports.bind(found, header, self.miles, self.folder, self.vocab.race_from_km)
            self.columns = list(self.export.columns)
            self.unused = self.export.unused
            self._inputs, self._fields = self._plan.columns(self.columns)
            return
        self.columns = [normalise_column(h) for h in header]
        if not any(name in self._plan.specs for name in self.columns):
            raise LogFileError(self.name, line, self.vocab.msg(
                "log_file_unknown_format", self.lang, formats=", ".join(exports.FORMAT_IDS)))
        seen: set[str] = set()
        for name in self.columns:
            if name in self._plan.specs and name in seen:
                raise LogFileError(self.name, line, self.vocab.msg("log_file_duplicate_column",
                                                                   self.lang, column=name))
            seen.add(name)
        self._inputs, self._fields = self._plan.columns(self.columns)

    def _csv_rows(self) -> Iterator[LogRow]:
        source = itertools.chain(self._first, self._lines)
        reader = csv.reader(source, delimiter=self.delimiter)
        width = 0
        while True:
            start = reader.line_num + 1
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                message = self.vocab.msg("log_error_csv", self.lang, error=str(exc))
                yield LogRow(start, error=message)
                continue
            if not any(c.strip() for c in cells):
                continue  # a blank line, or a row of empty cells (spreadsheets leave those)
            if not self.header:
                self._set_header(cells, start)
                width = len(cells)
                continue
            if self.export is not None:  # app exports grow and lose trailing columns: match by name
                translated, problem = self.export.translate(cells)
                if problem is not None:
                    yield LogRow(start, cells=cells, error=problem)
                    continue
                row = self._row(start, translated, None)
                row.cells = cells
                yield row
                continue
            if len(cells) != width:
                yield LogRow(start, cells=cells, error=self.vocab.msg(
                    "log_error_cells", self.lang, cells=len(cells), columns=width))
                continue
            yield self._row(start, cells, None)

    # --- JSON Lines -------------------------------------------------------------

    def _numbered(self) -> Iterator[tuple[int, str]]:
        yield from enumerate(self._first, 1)
        for text in self._lines:
            yield self._line, text

    def _json_rows(self) -> Iterator[LogRow]:
        layouts: dict[tuple[str, ...], tuple[list[_Column], list[_Column]]] = {}
        for line, text in self._numbered():
            if not text.strip():
                continue
            try:
                data = json.loads(text)
            except ValueError as exc:
                message = self.vocab.msg("log_error_json", self.lang, error=str(exc))
                yield LogRow(line, error=message)
                continue
            if not isinstance(data, dict):
                yield LogRow(line, error=self.vocab.msg("log_error_json_object", self.lang,
                                                        value=_shown(data)))
                continue
            keys = tuple(data)
            layout = layouts.get(keys)
            if layout is None:
                if len(layouts) > 256:
                    layouts.clear()
                names = [normalise_column(str(k)) for k in keys]
                layout = layouts[keys] = self._plan.columns(names)
            yield self._row(line, list(data.values()), data, *layout)

    # --- one row ----------------------------------------------------------------

    def _row(self, line: int, cells: list[Any], record: dict[str, Any] | None,
             inputs: list[_Column] | None = None, fields: list[_Column] | None = None) -> LogRow:
        problems: list[str] = []
        given = _convert(self._inputs if inputs is None else inputs, cells, problems)
        known = _convert(self._fields if fields is None else fields, cells, problems)
        if record is None:
            if problems:
                return LogRow(line, cells=cells, error="; ".join(problems))
            return LogRow(line, given, known, cells=cells)
        if problems:
            return LogRow(line, record=record, error="; ".join(problems))
        return LogRow(line, given, known, record=record)


def _nothing() -> None:
    """Closing a stream someone else owns."""


def _is_interactive(stream: Any) -> bool:
    """A pipe or terminal (answer each row at once), not a regular file."""
    try:
        return not stat.S_ISREG(os.fstat(stream.fileno()).st_mode)
    except (OSError, AttributeError, ValueError, io.UnsupportedOperation):
        return True


EXPORT_FOLDER_FILE = "activities.csv"
"""What recover reads in a folder: an unzipped Strava bulk export keeps its activities here."""


def read_log(source: str | Path | TextIO, vocab: Vocabulary | None = None, *,
             lang: str = "en", export_format: str | None = None, miles: bool = False) -> LogReader:
    """Open a log (a path, a Strava export folder, `-` for stdin, or a text stream) for
    row-by-row reading. The format (recover's columns or an app's export) is told from
    the header unless `export_format` names it; `miles` says an export's distances are
    in miles.

    Raises LogFileError when the file cannot be opened or decoded, or is no format
    recover reads; bad rows are not raised but carried as `LogRow.error`.
    """
    if vocab is None:
        from recoverycli.api import load_rules

        vocab = load_rules().vocab
    options: dict[str, Any] = {"lang": lang, "export_format": export_format, "miles": miles}
    if not isinstance(source, (str, Path)):
        return LogReader(source, vocab, name=getattr(source, "name", "<stream>"),
                         interactive=_is_interactive(source), closer=_nothing, **options)
    name = str(source)
    if name == "-":
        buffer = getattr(sys.stdin, "buffer", None)
        if buffer is None:
            return LogReader(sys.stdin, vocab, name="<stdin>",
                             interactive=_is_interactive(sys.stdin), closer=_nothing, **options)
        wrapper = io.TextIOWrapper(buffer, encoding="utf-8-sig", newline="")
        return LogReader(wrapper, vocab, name="<stdin>",
                         interactive=_is_interactive(sys.stdin), closer=wrapper.detach, **options)
    from recoverycli.traininglog.activity_files import ActivityFileError, is_activity_file, read_activity

    if is_activity_file(name):  # one FIT, GPX or TCX file: one session
        try:
            row = read_activity(name)
        except ActivityFileError as exc:
            raise LogFileError(name, 0, str(exc)) from None
        text = ",".join(row) + "\n" + ",".join(row.values()) + "\n"
        return LogReader(io.StringIO(text), vocab, name=name, interactive=False, closer=_nothing,
                         **{**options, "export_format": "recover"})
    if os.path.isdir(name):  # only the export's own activities file (and the files it names)
        inside = os.path.join(name, EXPORT_FOLDER_FILE)
        if not os.path.isfile(inside):
            raise LogFileError(name, 0, vocab.msg("log_folder_without_export", lang, file=EXPORT_FOLDER_FILE))
        options["folder"] = name
        name = inside
    try:
        stream = open(name, encoding="utf-8-sig", newline="")  # noqa: SIM115 - closed by the reader
    except OSError as exc:
        message = vocab.msg("log_file_unreadable", lang, error=exc.strerror or exc)
        raise LogFileError(name, 0, message) from None
    try:
        return LogReader(stream, vocab, name=name, interactive=_is_interactive(stream), **options)
    except BaseException:
        stream.close()
        raise


def assess_rows(rows: Iterable[LogRow], book: RuleBook | None = None,
                cache_size: int = ASSESS_CACHE_SIZE) -> Iterator[tuple[LogRow, Assessment | None]]:
    """Assess each readable row like `recover assess`; (row, None) for a bad row.

    Rows with the same inputs share one (read-only) Assessment, computed once.
    """
    from recoverycli.engine import assess

    if book is None:
        from recoverycli.api import load_rules

        book = load_rules()
    from recoverycli.traininglog.readiness import Method, Tracker

    tracker = Tracker(Method.from_vocabulary(book.vocab.readiness))
    place = {name: index for index, name in enumerate(book.vocab.inputs)}
    memo: dict[tuple[tuple[str, Any], ...], Assessment] = {}
    for row in rows:
        if row.error is not None:
            yield row, None
            continue
        fields = row.fields
        if ("hrv_ms" in fields or "rhr_bpm" in fields) and "date" in fields:
            # this morning's numbers against the log's own history, as `log readiness` says
            readiness = tracker.add(fields["date"], fields.get("hrv_ms"), fields.get("rhr_bpm"))
            missing = {k: v for k, v in readiness.items() if k not in row.inputs}
            if missing:
                row.inputs = dict(sorted({**row.inputs, **missing}.items(), key=lambda kv: place[kv[0]]))
        key = tuple(row.inputs.items())
        result = memo.get(key)
        if result is None:
            if len(memo) >= cache_size:
                memo.clear()
            result = memo[key] = assess(row.inputs, book)
        yield row, result


MAX_ERROR_LINES = 10


@dataclass
class AssessStats:
    """What a batch run saw: counts for the summary and the exit code."""

    rows: int = 0
    errors: int = 0
    error_lines: list[int] = field(default_factory=list)  # the first MAX_ERROR_LINES
    levels: dict[str, int] = field(default_factory=dict)
    hits: int = 0  # rows at or above --fail-on
    first_hit: int | None = None


def assess_log(rows: Iterable[LogRow], book: RuleBook,
               write: Callable[[LogRow, Assessment | None], None],
               fail_on: str | None = None) -> AssessStats:
    """Assess and write each row as it comes; count what the summary needs."""
    stats = AssessStats()
    vocab = book.vocab
    threshold = vocab.rank(fail_on) if fail_on else None
    levels = stats.levels
    for row, result in assess_rows(rows, book):
        stats.rows += 1
        write(row, result)
        if result is None:
            stats.errors += 1
            if len(stats.error_lines) < MAX_ERROR_LINES:
                stats.error_lines.append(row.line)
            continue
        levels[result.level] = levels.get(result.level, 0) + 1
        if threshold is not None and vocab.rank(result.level) >= threshold:
            stats.hits += 1
            if stats.first_hit is None:
                stats.first_hit = row.line
    return stats


def _convert(columns: list[_Column], cells: list[Any], problems: list[str]) -> dict[str, Any]:
    """The row's values for these columns; a bad cell adds a problem and is left out."""
    values: dict[str, Any] = {}
    for column in columns:
        raw = cells[column.index]
        if raw == "" or raw is None:  # blank: unknown to every converter, the common case
            continue
        try:
            value = column.convert(raw)
        except _Bad as bad:
            problems.append(str(bad))
            continue
        if value is not None:
            values[column.name] = value
    return values


@dataclass
class Merged:
    """Rows of several logs read as one: the same session in two files counts once."""

    readers: list[LogReader]
    duplicates: int = 0
    announce: Callable[[LogReader], None] | None = None
    current: LogReader | None = None

    @property
    def name(self) -> str:
        """The logs, for messages about them all."""
        return ", ".join(reader.name for reader in self.readers)

    def __iter__(self) -> Iterator[LogRow]:
        seen: dict[Any, list[tuple[int, tuple[Any, ...]]]] = {}
        for index, reader in enumerate(self.readers):
            self.current = reader
            announced = False
            for row in reader:
                if not announced and self.announce is not None:
                    announced = True
                    self.announce(reader)
                key = _session_key(row)
                if key is not None:
                    others = [values for source, values in seen.get(key[0], []) if source != index]
                    if any(_same_session(key[1], values) for values in others):
                        self.duplicates += 1
                        continue
                    seen.setdefault(key[0], []).append((index, key[1]))
                yield row


SAME_SESSION_TOLERANCE = 0.03
"""Two rows of one date and kind whose time and distance agree within 3 % are one session."""


def _session_key(row: LogRow) -> tuple[Any, tuple[Any, ...]] | None:
    if row.error is not None:
        return None
    fields = row.fields
    date = fields.get("date")
    if date is None:
        return None
    kind = fields.get("type") or "run"
    return (date, kind), (fields.get("duration_min"), fields.get("distance_km"), fields.get("hrv_ms"),
                          fields.get("rhr_bpm"))


def _same_session(one: tuple[Any, ...], other: tuple[Any, ...]) -> bool:
    compared = 0
    for a, b in zip(one, other, strict=True):
        if a is None or b is None:
            continue
        compared += 1
        if abs(a - b) > SAME_SESSION_TOLERANCE * max(abs(a), abs(b), 1e-9):
            return False
    return compared > 0
