"""Several logs read as one: a watch export and a hand-kept log often hold the same
session, and counting it twice would double that day's load.

Two rows of one date and kind are one session when every measure both give
(time, distance, HRV, resting heart rate) agrees within SAME_SESSION_TOLERANCE;
only rows of different files are compared, so a log's own two runs on one day stay two.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from recoverycli.traininglog.rows import LogRow

__all__ = ["SAME_SESSION_TOLERANCE", "Merged", "NamedRows"]

SAME_SESSION_TOLERANCE = 0.03
"""Two rows of one date and kind whose time and distance agree within 3 % are one session."""


class NamedRows(Protocol):
    """A log as `Merged` needs it (a `LogReader` is one): a name and its rows."""

    name: str

    def __iter__(self) -> Iterator[LogRow]: ...


Source = TypeVar("Source", bound=NamedRows)


@dataclass
class Merged(Generic[Source]):
    """Rows of several logs read as one: the same session in two files counts once."""

    readers: list[Source]
    duplicates: int = 0
    announce: Callable[[Source], None] | None = None  # hears of each log as its first row comes
    current: Source | None = None  # the log being read, for messages about its rows

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


def _session_key(row: LogRow) -> tuple[Any, tuple[Any, ...]] | None:
    """((date, kind), the measures to compare) for a readable, dated row."""
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
