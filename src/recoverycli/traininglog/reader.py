"""Training logs: read CSV or JSON Lines row by row.

A log is read lazily, one physical line at a time, so a million-row file
costs no more memory than ten rows and the first answer comes before the last
line is read. The format is told from the header (recover's own columns or
an app's export); each cell is checked by `cells`. A row that cannot be read
carries an error naming its line, field and value; the rows around it are
read as usual. Columns recover does not know are kept as they were, for the
renderers to write back.

    >>> from recoverycli import load_rules
    >>> from recoverycli.traininglog.reader import read_log, assess_rows, weekly_load
    >>> book = load_rules()
    >>> for row, result in assess_rows(read_log("season.csv", book.vocab), book):
    ...     print(row.line, result.level if result else row.error)

Merging several logs (`merge`), assessing rows (`batch`) and the load report
(`trainingload`) live in their own modules; their names are here too, where
scripts and the CLI have always found them.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import os
import stat
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from recoverycli.model import Vocabulary
from recoverycli.traininglog import exports
from recoverycli.traininglog.batch import AssessStats, assess_log, assess_rows
from recoverycli.traininglog.cells import Column, ColumnPlan, convert_cells, normalise_column, shown
from recoverycli.traininglog.merge import Merged
from recoverycli.traininglog.rows import LogFileError, LogRow
from recoverycli.traininglog.trainingload import LoadReport, weekly_load

if TYPE_CHECKING:
    from recoverycli.traininglog.activity_cache import ActivitySummaries

__all__ = [
    "AssessStats", "LoadReport", "LogFileError", "LogReader", "LogRow", "Merged", "assess_log", "assess_rows",
    "normalise_column", "read_log", "weekly_load",
]

DELIMITERS = (",", ";", "\t")
"""CSV separators we recognise from the header line (Excel in Flanders writes ';')."""


class LogReader:
    """An iterable of `LogRow`s from one CSV or JSON Lines source.

    The format is told by the first non-blank line: `{` starts JSON Lines,
    anything else is a CSV header. Construction reads only that line.
    """

    def __init__(self, stream: TextIO, vocab: Vocabulary, *, name: str = "-", lang: str = "en",
                 interactive: bool = False, closer: Callable[[], Any] | None = None,
                 export_format: str | None = None, miles: bool = False, folder: str | None = None,
                 activities: ActivitySummaries | None = None) -> None:
        self.name = name
        self.folder = folder  # an export folder: its activity files fill what the CSV lacks
        self._saves = activities is None  # the summaries this reader made are cached when it closes
        if activities is None and folder is not None:
            from recoverycli.traininglog.activity_cache import ActivitySummaries

            activities = ActivitySummaries(folder)
        self.activities = activities  # the folder's activity files, each read once
        self.export_format = export_format  # None: tell from the header; "recover": our own columns
        self.miles = miles
        self.export: exports.BoundExport | None = None  # the app export this CSV turned out to be
        self.unused: list[str] = []  # export columns recover does not read
        self._closer = stream.close if closer is None else closer
        self.vocab = vocab
        self.lang = lang
        self.interactive = interactive
        self._stream = stream
        self._plan = ColumnPlan(vocab, lang)
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
        self._inputs: list[Column] = []
        self._fields: list[Column] = []

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
        try:
            closer()
        finally:
            if self._saves and self.activities is not None:
                self.activities.save()

    def __enter__(self) -> LogReader:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # --- CSV -------------------------------------------------------------------

    def _set_header(self, header: list[str], line: int) -> None:
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
            self.export = exports.bind(found, header, self.miles, self.folder, self.vocab.race_from_km,
                                       self.activities)
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
        layouts: dict[tuple[str, ...], tuple[list[Column], list[Column]]] = {}
        for line, text in self._numbered():
            if not text.strip():
                continue
            try:
                data = json.loads(text)
            except (ValueError, RecursionError) as exc:  # not JSON, or nested past what the parser follows
                message = self.vocab.msg("log_error_json", self.lang, error=str(exc) or exc.__class__.__name__)
                yield LogRow(line, error=message)
                continue
            if not isinstance(data, dict):
                yield LogRow(line, error=self.vocab.msg("log_error_json_object", self.lang,
                                                        value=shown(data)))
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
             inputs: list[Column] | None = None, fields: list[Column] | None = None) -> LogRow:
        problems: list[str] = []
        given = convert_cells(self._inputs if inputs is None else inputs, cells, problems)
        known = convert_cells(self._fields if fields is None else fields, cells, problems)
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


def read_log(source: str | Path | TextIO, vocab: Vocabulary, *,
             lang: str = "en", export_format: str | None = None, miles: bool = False) -> LogReader:
    """Open a log (a path, a Strava export folder, `-` for stdin, or a text stream) for
    row-by-row reading, its cells checked against `vocab` (the rule book's, e.g.
    `load_rules().vocab`). The format (recover's columns or an app's export) is told from
    the header unless `export_format` names it; `miles` says an export's distances are
    in miles.

    Raises LogFileError when the file cannot be opened or decoded, or is no format
    recover reads; bad rows are not raised but carried as `LogRow.error`.
    """
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

    forced_kind = export_format if export_format in exports.ACTIVITY_FORMAT_IDS else None
    if forced_kind is not None or is_activity_file(name):  # one FIT, GPX or TCX file: one session
        try:
            row = read_activity(name, forced_kind)
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
