"""What the log says on its last date, as the vocabulary's `load_inputs:`, and the advice
of the `load:` rules those inputs fire.

Only what the log can tell becomes an input: a ratio without 28 days of
history, a readiness verdict without enough mornings, is left out (unknown), so
a load rule that needs it does not fire. HRV and resting heart rate are judged
by the readiness method only (`readiness`), on the log's last morning with a
measurement, exactly as `log readiness` and `assess --log` judge it: one
method, one verdict.
"""

from __future__ import annotations

import datetime as dt
import itertools

from recoverycli.model import Inputs
from recoverycli.traininglog.load_calendar import WEEKS_IN_CHRONIC, change_pct
from recoverycli.traininglog.load_types import DayLoad, DayTotals
from recoverycli.traininglog.loadmaths import ACUTE_DAYS, CHRONIC_DAYS, SPIKE_LOOKBACK_DAYS
from recoverycli.traininglog.readiness import Method, latest_inputs, latest_morning, mornings

__all__ = ["load_inputs"]


def load_inputs(days: list[DayLoad], raw: list[DayTotals | None], method: Method) -> Inputs:
    """What the log says on its last date, as the `load_inputs:` of the vocabulary;
    `method` is the readiness method (the vocabulary's `readiness:`)."""
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
            change = change_pct(week, before)
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
    inputs.update(_readiness(days, raw, method))
    return inputs


def _recurring(days: list[DayLoad], raw: list[DayTotals | None]) -> tuple[str, int] | None:
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


def _readiness(days: list[DayLoad], raw: list[DayTotals | None], method: Method) -> Inputs:
    """The verdicts on HRV and resting heart rate (`hrv_status`, `rhr_status`, when known),
    each from the last morning that measured it, with how many days before the log's last
    date that morning lies (`hrv_days_ago`, `rhr_days_ago`; `readiness_days_ago` for the
    more recent of the two)."""
    values: list[tuple[dt.date, float | None, float | None]] = []
    for day, totals in zip(days, raw, strict=True):
        if totals is not None:  # each reading on its own, in the log's order, as `from_rows` gives them
            values += [(day.date, hrv, None) for hrv in totals.hrv]
            values += [(day.date, None, rhr) for rhr in totals.rhr]
    found = mornings(values, method)
    verdict = latest_inputs(found)
    inputs: Inputs = {}
    for name, status in verdict.items():
        morning = latest_morning(found, name)
        assert morning is not None  # a verdict comes from a morning
        inputs[f"{name}_status"] = status
        inputs[f"{name}_days_ago"] = (days[-1].date - morning.date).days
    if inputs:
        inputs["readiness_days_ago"] = min(v for k, v in inputs.items() if k.endswith("_days_ago"))
    return inputs
