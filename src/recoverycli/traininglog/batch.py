"""A log assessed row by row, like `recover assess` once per row (`recover log assess`).

Rows come and go one at a time, so a batch keeps pace with its input; rows
with the same inputs share one Assessment, because real logs repeat a lot.
A row with this morning's HRV or resting heart rate gets `hrv`/`rhr` from the
log's own history, as `recover log readiness` would say them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from recoverycli.model import Assessment, RuleBook
from recoverycli.traininglog.rows import LogRow

__all__ = ["ASSESS_CACHE_SIZE", "MAX_ERROR_LINES", "AssessStats", "assess_log", "assess_rows"]

ASSESS_CACHE_SIZE = 1024
"""Distinct input sets remembered by `assess_rows`; real logs repeat a lot."""

MAX_ERROR_LINES = 10
"""Unreadable rows named by line in the summary; the rest are only counted."""


def assess_rows(rows: Iterable[LogRow], book: RuleBook,
                cache_size: int = ASSESS_CACHE_SIZE) -> Iterator[tuple[LogRow, Assessment | None]]:
    """Assess each readable row like `recover assess`; (row, None) for a bad row.

    Rows with the same inputs share one (read-only) Assessment, computed once.
    """
    from recoverycli.engine import assess
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
