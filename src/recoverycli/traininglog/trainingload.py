"""Training load over time: daily session-RPE load, the acute:chronic ratio,
weekly totals, and the load inputs that the `load:` rules read.

Pure arithmetic over rows that `logs` already checked; no I/O. The windows
are the contract's: 7 days acute, 28 days chronic, the chronic load taken as a
weekly average (sum / 4). Memory grows with the number of days, not rows.

Unknown stays unknown: a session without duration or RPE has no load, so
its day and every ratio window that holds it have none either. A day without
rows is a day without a session (load 0), as a training log records sessions.
"""

from __future__ import annotations

import datetime as dt
import itertools
import string
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from recoverycli.model import Advice, Inputs, LoadRule, RuleBook, Vocabulary, pick

if TYPE_CHECKING:
    from recoverycli.traininglog.reader import LogRow

ACUTE_DAYS = 7
CHRONIC_DAYS = 28
WEEKS_IN_CHRONIC = CHRONIC_DAYS // ACUTE_DAYS
MAX_SPAN_DAYS = 36_600
"""A log spanning more than a century is a typo in a date, not a training history."""

FAR_GAP_DAYS = 366
"""Dates more than a year from every other date form a group of their own ..."""
FAR_MAX_SHARE = 0.02
"""... and a group that holds at most 2 % of the rows (or a handful, in a short log) beside
a larger one is a typo (2036 for 2026), not a season: it is named and set aside, so it does
not stretch the weekly table over years of empty weeks."""
FAR_MIN_ROWS = 3


class LoadError(ValueError):
    """The log's dates cannot make a load history (e.g. a typo spanning centuries)."""


@dataclass
class _Day:
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


LINES_KEPT_PER_DAY = 5


@dataclass(frozen=True)
class FarDate:
    """A row whose date lies far from the rest of the log (a typo year), left out of the load."""

    line: int
    date: dt.date
    first: dt.date  # the span of the rest of the log
    last: dt.date


@dataclass(frozen=True)
class DayLoad:
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


@dataclass(frozen=True)
class LoadAdvice:
    advice: Advice
    rule: LoadRule


@dataclass
class LoadReport:
    days: list[DayLoad]
    weeks: list[WeekLoad]
    inputs: Inputs  # the load inputs on the last date (only what the log can tell)
    advice: list[LoadAdvice]
    rows: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)  # the first MAX_ERRORS
    error_count: int = 0
    far_dates: list[FarDate] = field(default_factory=list)
    alerts: list[Alert] = field(default_factory=list)


MAX_ERRORS = 100


class LoadAccumulator:
    """Folds rows into per-day totals; one small record per calendar day."""

    def __init__(self, vocab: Vocabulary, lang: str = "en") -> None:
        self.vocab = vocab
        self.sessions = vocab.sessions  # how each session type counts (vocabulary `sessions`)
        self.lang = lang
        self.days: dict[dt.date, _Day] = {}
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
            day = self.days[date] = _Day()
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
        far = self._set_aside_far_dates(today)
        days, spikes = self._calendar()
        weeks = _weeks(days)
        inputs = _load_inputs(days, [self.days.get(d.date) for d in days])
        alerts = [Alert("spike", date, spike.band, round(spike.distance_km, 2), round(spike.previous_longest_km, 2),
                        spike.increase_pct) for date, spike in spikes]
        return LoadReport(days, weeks, inputs, load_advice(inputs, book), self.rows, self.errors,
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

    def _calendar(self) -> tuple[list[DayLoad], list[tuple[dt.date, Any]]]:
        """Every day from the first to the last, with its ratios; and the run spikes."""
        if not self.days:
            return [], []
        first, last = min(self.days), max(self.days)
        span = (last - first).days + 1
        if span > MAX_SPAN_DAYS:
            raise LoadError(self.vocab.msg("log_error_span", self.lang, first=first, last=last))
        empty = _Day()
        loads: list[float | None] = []
        totals: list[_Day] = []
        for offset in range(span):
            day = self.days.get(first + dt.timedelta(days=offset), empty)
            totals.append(day)
            loads.append(None if day.load_unknown else day.load)
        from recoverycli.traininglog import loadmaths

        ratios = acwr_series(loads)
        uncoupled = loadmaths.uncoupled_ratio(loads)
        ewma = loadmaths.ewma_ratio(loads)
        monotony, strain = loadmaths.monotony_and_strain(loads)
        fitness, fatigue, form = loadmaths.fitness_fatigue_form(loads)
        spikes = [(first + dt.timedelta(days=spike.index), spike)
                  for spike in loadmaths.spikes([t.longest_run_km for t in totals])]
        return [DayLoad(first + dt.timedelta(days=i), loads[i], ratios[i], totals[i].distance_km,
                        totals[i].duration_min, totals[i].sessions, uncoupled[i], ewma[i], monotony[i],
                        strain[i], fitness[i], fatigue[i], form[i], totals[i].race) for i in range(span)], spikes


def far_date_groups(rows_per_date: Mapping[dt.date, int],
                    today: dt.date | None = None) -> list[list[dt.date]]:
    """Groups of dates that lie far from the bulk of the log and hold few of its rows.

    Dates are grouped where they come within FAR_GAP_DAYS of each other; the
    group with the most rows is the log. A small group before it, or one in
    the future, is a typo and is returned. A small group after it that is not
    in the future is a runner starting again after a long break: it is kept,
    as are two real seasons a year apart.
    """
    if len(rows_per_date) < 2:
        return []
    today = today or dt.date.today()
    ordered = sorted(rows_per_date)
    groups: list[list[dt.date]] = [[ordered[0]]]
    for earlier, later in itertools.pairwise(ordered):
        if (later - earlier).days > FAR_GAP_DAYS:
            groups.append([])
        groups[-1].append(later)
    if len(groups) == 1:
        return []
    sizes = [sum(rows_per_date[d] for d in group) for group in groups]
    main = sizes.index(max(sizes))
    limit = max(FAR_MIN_ROWS, FAR_MAX_SHARE * sum(sizes))
    return [group for index, (group, size) in enumerate(zip(groups, sizes, strict=True))
            if index != main and size <= limit and (index < main or group[0] > today)]


def acwr_series(loads: list[float | None]) -> list[float | None]:
    """The contract's ratio per day: (last 7 days) / (last 28 days / 4).

    A day gets a ratio only with 28 days of history (itself included), no
    unknown load in its window and a chronic load above zero.
    """
    ratios: list[float | None] = []
    total = [0.0]
    unknown = [0]
    for load in loads:
        total.append(total[-1] + (load or 0.0))
        unknown.append(unknown[-1] + (load is None))
    for end in range(1, len(loads) + 1):
        if end < CHRONIC_DAYS or unknown[end] - unknown[end - CHRONIC_DAYS]:
            ratios.append(None)
            continue
        chronic = (total[end] - total[end - CHRONIC_DAYS]) / WEEKS_IN_CHRONIC
        acute = total[end] - total[end - ACUTE_DAYS]
        ratios.append(acute / chronic if chronic > 0 else None)
    return ratios


def _change(current: float | None, previous: float | None) -> float | None:
    if current is None or previous is None or previous <= 0:
        return None
    return (current - previous) / previous * 100


def _weeks(days: list[DayLoad]) -> list[WeekLoad]:
    """Calendar (ISO) weeks with totals and the change from the week before."""
    grouped: dict[tuple[int, int], list[DayLoad]] = {}
    for day in days:
        year, number, _ = day.date.isocalendar()
        grouped.setdefault((year, number), []).append(day)
    weeks: list[WeekLoad] = []
    previous: WeekLoad | None = None
    for (year, number), members in grouped.items():
        loads = [d.load for d in members]
        load = None if any(x is None for x in loads) else sum(x or 0.0 for x in loads)
        distance = sum(d.distance_km for d in members)
        duration = sum(d.duration_min for d in members)
        start = members[0].date - dt.timedelta(days=members[0].date.weekday())
        week = WeekLoad(
            week=f"{year}-W{number:02d}", start=start, distance_km=distance, duration_min=duration,
            load=load, sessions=sum(d.sessions for d in members),
            distance_change_pct=_change(distance, previous.distance_km if previous else None),
            duration_change_pct=_change(duration, previous.duration_min if previous else None),
            load_change_pct=_change(load, previous.load if previous else None),
            acwr=members[-1].acwr,
        )
        weeks.append(week)
        previous = week
    return weeks


def _mean(values: list[float]) -> float:
    return sum(values) / len(values)


def _load_inputs(days: list[DayLoad], raw: list[_Day | None]) -> Inputs:
    """What the log says on its last date, as the `load_inputs:` of the vocabulary."""
    inputs: Inputs = {}
    count = len(days)
    if not count:
        return inputs
    if days[-1].acwr is not None:
        inputs["acwr"] = round(days[-1].acwr, 2)
    if count >= ACUTE_DAYS:
        week = sum(d.distance_km for d in days[-ACUTE_DAYS:])
        inputs["weekly_distance_km"] = round(week, 1)
        if count >= 2 * ACUTE_DAYS:
            before = sum(d.distance_km for d in days[-2 * ACUTE_DAYS:-ACUTE_DAYS])
            change = _change(week, before)
            if change is not None:
                inputs["distance_change_pct"] = round(change, 1)
        weeks = min(WEEKS_IN_CHRONIC, count // ACUTE_DAYS)
        sessions = sum(d.sessions for d in days[-weeks * ACUTE_DAYS:])
        inputs["sessions_per_week"] = round(sessions / weeks, 2)
    recent = [d for d in raw[-CHRONIC_DAYS:] if d is not None]
    surfaces = [s for d in recent for s in d.surfaces]
    if surfaces:
        inputs["surface_count"] = len(set(surfaces))
        inputs["surface_sessions"] = len(surfaces)
    if days[-1].acwr_uncoupled is not None:
        inputs["acwr_uncoupled"] = round(days[-1].acwr_uncoupled, 2)
    run_days = [i for i, t in enumerate(raw) if t is not None and t.longest_run_km > 0]
    if run_days and run_days[-1] >= count - ACUTE_DAYS:  # the last run, if it was this week
        from recoverycli.traininglog.loadmaths import SPIKE_LOOKBACK_DAYS

        last = run_days[-1]
        earlier_runs = [t.longest_run_km for t in raw[max(0, last - SPIKE_LOOKBACK_DAYS):last] if t is not None]
        longest_before = max(earlier_runs, default=0.0)
        current = raw[last].longest_run_km  # type: ignore[union-attr]
        if 0 < longest_before < current:
            inputs["spike_pct"] = round((current / longest_before - 1) * 100, 1)
    races = [(index, d.race) for index, d in enumerate(days[-CHRONIC_DAYS:]) if d.race]
    if races:
        index, event = races[-1]
        inputs["race_days_ago"] = min(count, CHRONIC_DAYS) - 1 - index
        inputs["race_event"] = event
    recurring = _recurring(days[-CHRONIC_DAYS:], raw[-CHRONIC_DAYS:])
    if recurring is not None:
        inputs["recurring_location"], inputs["recurring_gap_days"] = recurring
    for column, name in (("hrv", "hrv"), ("rhr", "rhr")):
        today = raw[-1]
        baseline = [_mean(getattr(d, column)) for d in raw[-CHRONIC_DAYS - 1:-1]
                    if d is not None and getattr(d, column)]
        inputs[f"{name}_baseline_days"] = len(baseline)
        if today is None or not getattr(today, column) or not baseline:
            continue
        now, usual = _mean(getattr(today, column)), _mean(baseline)
        if column == "hrv":
            inputs["hrv_below_baseline_pct"] = round((usual - now) / usual * 100, 1)
        else:
            inputs["rhr_above_baseline_bpm"] = round(now - usual, 1)
    return inputs


def _recurring(days: list[DayLoad], raw: list[_Day | None]) -> tuple[str, int] | None:
    """The location painful on separate days with the shortest gap between them."""
    seen: dict[str, list[dt.date]] = {}
    for day, totals in zip(days, raw, strict=True):
        for location in sorted(totals.pain if totals is not None else ()):
            seen.setdefault(location, []).append(day.date)
    best: tuple[int, dt.date, str] | None = None
    for location, dates in seen.items():
        for earlier, later in itertools.pairwise(dates):
            gap = (later - earlier).days
            if best is None or (gap, -later.toordinal()) < (best[0], -best[1].toordinal()):
                best = (gap, later, location)
    return (best[2], best[0]) if best else None


def load_advice(inputs: Inputs, book: RuleBook) -> list[LoadAdvice]:
    """Advice of every load rule whose condition holds, each text once."""
    seen: set[tuple[str, str]] = set()
    merged: list[LoadAdvice] = []
    for rule in book.load_rules:
        if rule.check(inputs) is not True:
            continue
        for advice in rule.advice:
            key = (advice.topic, advice.text.get("en", ""))
            if key not in seen:
                seen.add(key)
                merged.append(LoadAdvice(advice, rule))
    return merged


class _Filler(string.Formatter):
    """Fills {input} placeholders: labels for locations, the language's decimal mark,
    and the unknown mark for an input the log could not tell."""

    def __init__(self, vocab: Vocabulary, lang: str) -> None:
        self.vocab = vocab
        self.lang = lang
        self.mark = vocab.msg("decimal_mark", lang)

    def get_value(self, key: int | str, args: Sequence[Any], kwargs: Mapping[str, Any]) -> Any:
        return kwargs.get(str(key), _UNKNOWN)

    def format_field(self, value: Any, format_spec: str) -> str:
        if value is _UNKNOWN:
            return self.vocab.msg("load_unknown", self.lang)
        if isinstance(value, str):
            event = self.vocab.events.get(value)
            label = self.vocab.location_labels.get(value) or (event.label if event else None)
            return pick(label, self.lang) if label else value
        text = format(value, format_spec)
        return text.replace(".", self.mark) if isinstance(value, float) else text


_UNKNOWN = object()


def advice_text(given: LoadAdvice, inputs: Inputs, vocab: Vocabulary, lang: str) -> str:
    """The advice in `lang` with its {input} placeholders filled in."""
    text = pick(given.advice.text, lang)
    try:
        return _Filler(vocab, lang).format(text, **inputs)
    except (ValueError, TypeError, IndexError):
        return text


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


def weekly_load(rows: Iterable[LogRow], book: RuleBook | None = None,
                lang: str = "en") -> LoadReport:
    """Daily load and ratio, weekly totals and load advice for a log's rows."""
    if book is None:
        from recoverycli.api import load_rules

        book = load_rules()
    return load_report(rows, book, lang)
