"""Readiness from the runner's own mornings: HRV and resting heart rate against their
own normal, not against anyone else's.

Per morning: the 7-day mean of ln rMSSD against the normal range of the
preceding 60 days, as HRV-guided training does it (Plews et al. 2012, 2013:
log-transformed rMSSD, a 7-day rolling mean, and the smallest worthwhile change
of half a standard deviation; Kiviniemi et al. 2007 guided training by the
same idea with a rolling reference). Resting heart rate the same way, without
the logarithm. A morning is `unknown` until there are enough mornings in the
window and in the baseline: unknown is not normal. The numbers (window,
baseline, minimum mornings, the band) are the vocabulary's `readiness:`.

Pure arithmetic over dated values; no I/O.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from recoverycli.traininglog.rows import LogRow


@dataclass(frozen=True)
class Method:
    """The readiness numbers, from the vocabulary (`readiness:`)."""

    window_days: int = 7
    baseline_days: int = 60
    min_window_mornings: int = 4
    min_baseline_mornings: int = 14
    band_sd: float = 0.5
    rhr_band_sd: float = 1.0

    @classmethod
    def from_vocabulary(cls, data: Mapping[str, Any] | None) -> Method:
        if not data:
            return cls()
        return cls(**{k: type(getattr(cls(), k))(v) for k, v in data.items() if hasattr(cls(), k)})


@dataclass(frozen=True)
class Morning:
    """One morning's numbers and what they say against the runner's own normal."""

    date: dt.date
    hrv_ms: float | None
    rhr_bpm: float | None
    hrv_week: float | None  # the 7-day mean of ln rMSSD, shown back in ms (exp)
    hrv_low: float | None  # the normal range, in ms
    hrv_high: float | None
    hrv_status: str  # low | normal | high | unknown
    rhr_week: float | None
    rhr_baseline: float | None
    rhr_limit: float | None  # above this the 7-day mean is elevated
    rhr_status: str  # normal | elevated | unknown
    hrv_mornings: int  # mornings with HRV in the baseline (why unknown, when it is)
    rhr_mornings: int


class _Series:
    """Daily means of one measure, with running sums, so a window's mean and standard
    deviation cost two bisections: a long log stays linear, in order or not."""

    def __init__(self) -> None:
        self.dates: list[dt.date] = []
        self.totals: list[tuple[float, int]] = []  # per date: sum, count
        self.s1: list[float] = [0.0]  # prefix sums of the daily means
        self.s2: list[float] = [0.0]  # and of their squares

    def add(self, date: dt.date, value: float) -> None:
        import bisect

        index = bisect.bisect_left(self.dates, date)
        if index < len(self.dates) and self.dates[index] == date:
            total, count = self.totals[index]
            self.totals[index] = (total + value, count + 1)
        else:
            self.dates.insert(index, date)
            self.totals.insert(index, (value, 1))
            self.s1.append(0.0)
            self.s2.append(0.0)
        for i in range(index, len(self.dates)):  # only the last date, for a log in order
            total, count = self.totals[i]
            mean = total / count
            self.s1[i + 1] = self.s1[i] + mean
            self.s2[i + 1] = self.s2[i] + mean * mean

    def forget_before(self, date: dt.date) -> None:
        """Drop the days before `date` (a long log needs only its recent history)."""
        import bisect

        cut = bisect.bisect_left(self.dates, date)
        if not cut:
            return
        del self.dates[:cut], self.totals[:cut]
        self.s1, self.s2 = [0.0], [0.0]
        for total, count in self.totals:
            mean = total / count
            self.s1.append(self.s1[-1] + mean)
            self.s2.append(self.s2[-1] + mean * mean)

    def mean_on(self, date: dt.date) -> float | None:
        import bisect

        index = bisect.bisect_left(self.dates, date)
        if index < len(self.dates) and self.dates[index] == date:
            total, count = self.totals[index]
            return total / count
        return None

    def span(self, first: dt.date, last: dt.date) -> tuple[int, int]:
        import bisect

        return bisect.bisect_left(self.dates, first), bisect.bisect_right(self.dates, last)

    def mean_sd(self, lo: int, hi: int) -> tuple[float, float]:
        count = hi - lo
        mean = (self.s1[hi] - self.s1[lo]) / count
        if count < 2:
            return mean, 0.0
        variance = max(0.0, (self.s2[hi] - self.s2[lo] - count * mean * mean) / (count - 1))
        return mean, math.sqrt(variance)


def _verdict(series: _Series, date: dt.date, method: Method, band_sd: float,
             higher_is: str) -> tuple[float | None, float | None, float | None, str, int]:
    """(the week's mean, lower bound, upper bound, status, baseline mornings) on a date."""
    window_start = date - dt.timedelta(days=method.window_days - 1)
    baseline_start = window_start - dt.timedelta(days=method.baseline_days)
    week_lo, week_hi = series.span(window_start, date)
    base_lo, base_hi = series.span(baseline_start, window_start - dt.timedelta(days=1))
    count = base_hi - base_lo
    if week_hi - week_lo < method.min_window_mornings or count < method.min_baseline_mornings:
        return None, None, None, "unknown", count
    week, _ = series.mean_sd(week_lo, week_hi)
    centre, sd = series.mean_sd(base_lo, base_hi)
    low, high = centre - band_sd * sd, centre + band_sd * sd
    if higher_is == "elevated":
        return week, centre, high, "elevated" if week > high else "normal", count
    return week, low, high, "low" if week < low else "high" if week > high else "normal", count


def mornings(values: Iterable[tuple[dt.date, float | None, float | None]], method: Method) -> list[Morning]:
    """Per date (sorted), the readiness of that morning from it and the days before it.

    `values` are (date, hrv_ms, rhr_bpm); several on one date are averaged.
    """
    hrv, rhr = _Series(), _Series()
    dates: set[dt.date] = set()
    for date, hrv_ms, rhr_bpm in values:
        dates.add(date)
        if hrv_ms is not None and hrv_ms > 0:
            hrv.add(date, math.log(hrv_ms))
        if rhr_bpm is not None and rhr_bpm > 0:
            rhr.add(date, rhr_bpm)
    found = []
    for date in sorted(dates):
        h_week, h_low, h_high, h_status, h_count = _verdict(hrv, date, method, method.band_sd, "high")
        r_week, r_base, r_limit, r_status, r_count = _verdict(rhr, date, method, method.rhr_band_sd, "elevated")
        today_hrv = hrv.mean_on(date)
        found.append(Morning(
            date=date,
            hrv_ms=math.exp(today_hrv) if today_hrv is not None else None,
            rhr_bpm=rhr.mean_on(date),
            hrv_week=math.exp(h_week) if h_week is not None else None,
            hrv_low=math.exp(h_low) if h_low is not None else None,
            hrv_high=math.exp(h_high) if h_high is not None else None,
            hrv_status=h_status,
            rhr_week=r_week, rhr_baseline=r_base, rhr_limit=r_limit, rhr_status=r_status,
            hrv_mornings=h_count, rhr_mornings=r_count,
        ))
    return found


def from_rows(rows: Iterable[LogRow], method: Method,
              on_error: Callable[[int, str], None] | None = None) -> list[Morning]:
    """The mornings of a log's rows (`LogRow`s with `date`, `hrv_ms`, `rhr_bpm`);
    rows that cannot be read go to `on_error(line, message)`."""
    values = []
    for row in rows:
        if row.error is not None:
            if on_error is not None:
                on_error(row.line, row.error)
            continue
        fields = row.fields
        date = fields.get("date")
        if date is None or ("hrv_ms" not in fields and "rhr_bpm" not in fields):
            continue
        values.append((date, fields.get("hrv_ms"), fields.get("rhr_bpm")))
    return mornings(values, method)


def latest_morning(found: list[Morning], signal: str | None = None) -> Morning | None:
    """The most recent morning with a measurement of `signal` ("hrv" or "rhr"; either
    when None): the one whose verdict on it counts today."""
    for morning in reversed(found):
        hrv, rhr = morning.hrv_ms is not None, morning.rhr_bpm is not None
        if (hrv and signal != "rhr") or (rhr and signal != "hrv"):
            return morning
    return None


def latest_inputs(found: list[Morning]) -> dict[str, str]:
    """What the most recent mornings say, as assess inputs (`hrv`, `rhr`): each from the
    last morning that measured it, only what is known. `log load` reads the same verdicts
    (`hrv_status`, `rhr_status`), so the two agree."""
    inputs: dict[str, str] = {}
    hrv, rhr = latest_morning(found, "hrv"), latest_morning(found, "rhr")
    if hrv is not None and hrv.hrv_status != "unknown":
        inputs["hrv"] = hrv.hrv_status
    if rhr is not None and rhr.rhr_status != "unknown":
        inputs["rhr"] = rhr.rhr_status
    return inputs


KEEP_HORIZONS = 4
"""A streaming log keeps at most this many readiness horizons (67 days) of mornings."""


class Tracker:
    """Readiness morning by morning as a log streams by (`log assess`): each row's HRV and
    resting heart rate join the history, and the row's verdict comes from the history up
    to its date, exactly as `mornings` gives it."""

    def __init__(self, method: Method) -> None:
        self.method = method
        self.hrv = _Series()
        self.rhr = _Series()

    def add(self, date: dt.date, hrv_ms: float | None, rhr_bpm: float | None) -> dict[str, str]:
        """Add one morning; the assess inputs (`hrv`, `rhr`) it supports, when known."""
        method = self.method
        found: dict[str, str] = {}
        horizon = method.window_days + method.baseline_days
        for series in (self.hrv, self.rhr):
            if len(series.dates) > KEEP_HORIZONS * horizon:  # memory stays flat however long the log
                series.forget_before(series.dates[-1] - dt.timedelta(days=horizon))
        if hrv_ms is not None and hrv_ms > 0:
            self.hrv.add(date, math.log(hrv_ms))
            status = _verdict(self.hrv, date, method, method.band_sd, "high")[3]
            if status != "unknown":
                found["hrv"] = status
        if rhr_bpm is not None and rhr_bpm > 0:
            self.rhr.add(date, rhr_bpm)
            status = _verdict(self.rhr, date, method, method.rhr_band_sd, "elevated")[3]
            if status != "unknown":
                found["rhr"] = status
        return found
