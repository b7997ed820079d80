"""What a log reader yields: one `LogRow` per row, and `LogFileError` for a whole file.

Kept apart from the reader so the load and readiness arithmetic, the batch
assessment and the renderers can speak of rows without importing the reader.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from recoverycli.model import Inputs

__all__ = ["LogFileError", "LogRow"]


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
