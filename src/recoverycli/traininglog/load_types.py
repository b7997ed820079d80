"""What a load report is made of: per-day totals while reading, then the days, weeks,
alerts and advice the renderers show. Plain data, shared by the modules that fill it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from recoverycli.model import Inputs, LoadAdvice

__all__ = ["Alert", "DayLoad", "DayTotals", "FarDate", "LoadError", "LoadReport", "WeekLoad"]


class LoadError(ValueError):
    """The log's dates cannot make a load history (e.g. a typo spanning centuries)."""


@dataclass
class DayTotals:
    """One calendar day of the log while it is read: what its rows add up to."""

    load: float = 0.0
    load_unknown: bool = False
    distance_km: float = 0.0
    duration_min: float = 0.0
    sessions: int = 0
    hrv: list[float] = field(default_factory=list)
    rhr: list[float] = field(default_factory=list)
    surfaces: list[str] = field(default_factory=list)
    pain: set[str] = field(default_factory=set)
    rows: int = 0
    lines: list[int] = field(default_factory=list)  # the first few, to name a far date's rows
    longest_run_km: float = 0.0  # for single-session spikes
    race: str | None = None  # an event raced that day


@dataclass(frozen=True)
class FarDate:
    """A row whose date lies far from the rest of the log (a typo year), left out of the load."""

    line: int
    date: dt.date
    first: dt.date  # the span of the rest of the log
    last: dt.date


@dataclass(frozen=True)
class DayLoad:
    """One day of the load history, with the ratios its window allows."""

    date: dt.date
    load: float | None  # None: a session that day lacks duration or RPE
    acwr: float | None  # None: less than 28 days of history, an unknown load, or no chronic load
    distance_km: float
    duration_min: float
    sessions: int
    # the honest panel (traininglog.loadmaths): None where the history cannot tell
    acwr_uncoupled: float | None = None
    acwr_ewma: float | None = None
    monotony: float | None = None
    strain: float | None = None
    fitness: float | None = None
    fatigue: float | None = None
    form: float | None = None
    race: str | None = None  # the event raced that day, if a session was a race


@dataclass(frozen=True)
class Alert:
    """Something in the log worth a word: a run far longer than the month's longest."""

    kind: str  # "spike"
    date: dt.date
    band: str  # small | moderate | large
    distance_km: float
    previous_longest_km: float
    increase_pct: float


@dataclass(frozen=True)
class WeekLoad:
    """One calendar (ISO) week: its totals and the change from the week before."""

    week: str  # ISO week, "2026-W14"
    start: dt.date  # its Monday
    distance_km: float
    duration_min: float
    load: float | None
    sessions: int
    distance_change_pct: float | None
    duration_change_pct: float | None
    load_change_pct: float | None
    acwr: float | None  # the ratio on the week's last day in the log


@dataclass
class LoadReport:
    """Everything `recover log load` says about a log."""

    days: list[DayLoad]
    weeks: list[WeekLoad]
    inputs: Inputs  # the load inputs on the last date (only what the log can tell)
    advice: list[LoadAdvice]
    rows: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)  # the first MAX_ERRORS
    error_count: int = 0
    far_dates: list[FarDate] = field(default_factory=list)
    alerts: list[Alert] = field(default_factory=list)
