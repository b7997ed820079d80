"""`recover log assess --csv`: the log written back as it came, with level, headline
and error added, so a spreadsheet keeps every column the runner had."""

from __future__ import annotations

import csv
import json
from typing import TYPE_CHECKING, Any, TextIO

from recoverycli.model import Assessment, RuleBook
from recoverycli.render.common import headline
from recoverycli.render.log_writing import CACHE_SIZE, Flusher
from recoverycli.traininglog.cells import normalise_column

if TYPE_CHECKING:
    from recoverycli.traininglog.reader import LogReader
    from recoverycli.traininglog.rows import LogRow

__all__ = ["CsvWriter"]


def _cell(value: Any) -> str:
    """A JSON Lines value as a CSV cell: text as it is, anything else as JSON."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


class CsvWriter:
    """The rows as they came, every column kept, with level, headline and error.

    Columns named level/headline/error already (a log annotated before) are
    filled in place, so annotating twice changes nothing.
    """

    ADDED = ("level", "headline", "error")

    def __init__(self, reader: LogReader, book: RuleBook, lang: str, out: TextIO,
                 flush_every: int = 1, warn: Any = None) -> None:
        self.reader = reader
        self.book = book
        self.lang = lang
        self.out = out
        self.flush = Flusher(out, flush_every)
        self.writer = csv.writer(out, delimiter=reader.delimiter, lineterminator=reader.newline)
        self.keys: list[str] | None = None  # JSON Lines: the first object's keys
        self.width = 0
        self.slots: list[int] = []
        self.warned: set[str] = set()
        self.warn = warn
        self.headlines: dict[int, tuple[Assessment, str]] = {}

    def _start(self, row: LogRow | None) -> None:
        if self.reader.format == "jsonl":
            self.keys = [str(k) for k in (row.record or {})] if row is not None else []
            header = list(self.keys)
        else:
            header = list(self.reader.header)
        names = [normalise_column(h) for h in header]
        self.width = len(header)
        for added in self.ADDED:
            if added in names:
                self.slots.append(names.index(added))
            else:
                self.slots.append(len(header))
                header.append(added)
        self.writer.writerow(header)

    def _headline(self, result: Assessment) -> str:
        cached = self.headlines.get(id(result))
        if cached is not None and cached[0] is result:
            return cached[1]
        text = headline(result, self.book, self.lang)
        if len(self.headlines) >= CACHE_SIZE:
            self.headlines.clear()
        self.headlines[id(result)] = (result, text)
        return text

    def write(self, row: LogRow, result: Assessment | None, file: str | None = None) -> None:
        """The row written back; one log only, so `file` is never needed here."""
        if not self.slots:
            self._start(row)
        if self.keys is not None:
            record = row.record or {}
            cells = [_cell(record.get(k)) for k in self.keys]
            for key in record:
                if key not in self.keys and key not in self.warned and self.warn is not None:
                    self.warned.add(key)
                    self.warn(row.line, key)
        else:
            cells = list(row.cells or [])
        out = cells[:self.width] + [""] * (self.width - len(cells))
        out += [""] * (max(self.slots) + 1 - len(out))
        values = (("", "", row.error or "") if result is None
                  else (result.level, self._headline(result), ""))
        for slot, value in zip(self.slots, values, strict=True):
            out[slot] = value
        out += cells[self.width:]
        self.writer.writerow(out)
        self.flush.tick()

    def close(self) -> None:
        if not self.slots and (self.reader.header or self.reader.format == "jsonl"):
            self._start(None)
        self.flush.done()
