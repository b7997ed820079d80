"""Training load over time: a log's rows folded into days, then into the load report
(daily session-RPE load and ratios, weekly totals, alerts, load inputs and advice).

Pure arithmetic over rows the reader already checked; no I/O. The rows are
read once and memory grows with the number of days, not rows. Unknown stays
unknown: a session without duration or RPE has no load, so its day and every
ratio window that holds it have none either.

The calendar (`load_calendar`), the load inputs and advice (`load_inputs`) and
the report's data (`load_types`) have their own modules; their names are here
too, where scripts have always found them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from recoverycli.engine.load_advice import load_advice
from recoverycli.model import LoadAdvice, RuleBook, Vocabulary
from recoverycli.traininglog.load_calendar import (
    MAX_SPAN_DAYS,
    acwr_series,
    daily_loads,
    far_date_groups,
    weeks_of,
)
from recoverycli.traininglog.load_inputs import load_inputs
from recoverycli.traininglog.load_types import (
    Alert,
    DayLoad,
    DayTotals,
    FarDate,
    LoadError,
    LoadReport,
    WeekLoad,
)
from recoverycli.traininglog.readiness import Method
from recoverycli.traininglog.rows import LogRow

__all__ = [
    "Alert", "DayLoad", "FarDate", "LoadAccumulator", "LoadAdvice", "LoadError", "LoadReport", "WeekLoad",
    "acwr_series", "far_date_groups", "load_advice", "load_inputs", "load_report", "weekly_load",
]

MAX_ERRORS = 100
"""Unreadable rows kept with their message in the report; the rest are only counted."""

LINES_KEPT_PER_DAY = 5
"""Lines remembered per date, to name the rows of a date set aside as a typo."""


class LoadAccumulator:
    """Folds rows into per-day totals; one small record per calendar day."""

    def __init__(self, vocab: Vocabulary, lang: str = "en") -> None:
        self.vocab = vocab
        self.sessions = vocab.sessions  # how each session type counts (vocabulary `sessions`)
        self.lang = lang
        self.days: dict[dt.date, DayTotals] = {}
        self.rows = 0
        self.errors: list[tuple[int, str]] = []
        self.error_count = 0

    def error(self, line: int, message: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS:
            self.errors.append((line, message))

    def add(self, row: LogRow) -> str | None:
        """Count one row; returns why it cannot be used, if so."""
        self.rows += 1
        if row.error is not None:
            self.error(row.line, row.error)
            return row.error
        fields = row.fields
        date = fields.get("date")
        if date is None:
            message = self.vocab.msg("log_error_date_required", self.lang)
            self.error(row.line, message)
            return message
        day = self.days.get(date)
        if day is None:
            day = self.days[date] = DayTotals()
        day.rows += 1
        if len(day.lines) < LINES_KEPT_PER_DAY:
            day.lines.append(row.line)
        kind = fields.get("type")
        duration = fields.get("duration_min")
        distance = fields.get("distance_km")
        rpe = fields.get("rpe")
        session = kind not in self.sessions.get("not_sessions", ()) if kind is not None else (
            duration is not None or distance is not None or rpe is not None)
        if session:
            day.sessions += 1
            if duration is not None and rpe is not None:
                day.load += duration * rpe
            else:
                day.load_unknown = True
            if kind not in self.sessions.get("not_running", ()):  # running distance only
                day.distance_km += distance or 0.0
                day.longest_run_km = max(day.longest_run_km, distance or 0.0)
            if kind in self.sessions.get("races", ()):
                day.race = kind
            day.duration_min += duration or 0.0
            surface = fields.get("surface")
            if surface is not None:
                day.surfaces.append(str(surface).lower())
        if "hrv_ms" in fields:
            day.hrv.append(fields["hrv_ms"])
        if "rhr_bpm" in fields:
            day.rhr.append(fields["rhr_bpm"])
        location = row.inputs.get("location")
        if location is not None and row.inputs.get("severity") != 0:
            day.pain.add(location)
        return None

    def report(self, book: RuleBook, today: dt.date | None = None) -> LoadReport:
        """The report of the rows added so far; raises LoadError when the dates span centuries."""
        far = self._set_aside_far_dates(today)
        if self.days:
            first, last = min(self.days), max(self.days)
            if (last - first).days + 1 > MAX_SPAN_DAYS:
                raise LoadError(self.vocab.msg("log_error_span", self.lang, first=first, last=last))
        days, spikes = daily_loads(self.days)
        method = Method.from_vocabulary(self.vocab.readiness)  # one readiness method for every command
        inputs = load_inputs(days, [self.days.get(d.date) for d in days], method)
        alerts = [Alert("spike", date, spike.band, round(spike.distance_km, 2), round(spike.previous_longest_km, 2),
                        spike.increase_pct) for date, spike in spikes]
        return LoadReport(days, weeks_of(days), inputs, load_advice(inputs, book), self.rows, self.errors,
                          self.error_count, far, alerts)

    def _set_aside_far_dates(self, today: dt.date | None) -> list[FarDate]:
        """Take the rows of far-off date groups out of the history and name them."""
        groups = far_date_groups({date: day.rows for date, day in self.days.items()}, today)
        if not groups:
            return []
        far_days = {date for group in groups for date in group}
        kept = [date for date in self.days if date not in far_days]
        first, last = min(kept), max(kept)
        named = [FarDate(line, date, first, last)
                 for date in sorted(far_days) for line in self.days[date].lines]
        for date in far_days:
            del self.days[date]
        return sorted(named, key=lambda far: far.line)


def load_report(rows: Iterable[LogRow], book: RuleBook, lang: str = "en",
                on_error: Callable[[int, str], None] | None = None,
                today: dt.date | None = None) -> LoadReport:
    """Fold a whole log into its load report (the rows are read once).

    `on_error(line, message)` hears about each row that cannot be used, as it
    is read; rows with a far-off date are in `far_dates`. Raises LoadError
    when the dates cannot make a history. `today` decides what is the future.
    """
    totals = LoadAccumulator(book.vocab, lang)
    for row in rows:
        error = totals.add(row)
        if error is not None and on_error is not None:
            on_error(row.line, error)
    return totals.report(book, today)


def weekly_load(rows: Iterable[LogRow], book: RuleBook, lang: str = "en") -> LoadReport:
    """Daily load and ratio, weekly totals and load advice for a log's rows
    (`load_report` without its options)."""
    return load_report(rows, book, lang)
