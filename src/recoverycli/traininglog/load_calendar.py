"""The log's days on a calendar: every day from the first to the last with its ratios,
calendar weeks with their change, and the far-off dates (typo years) set aside first.

The contract's ratio: 7 days acute, 28 days chronic, the chronic load taken as
a weekly average (sum / 4). A day without rows is a day without a session
(load 0), as a training log records sessions; a day with a session of unknown
load makes every window that holds it unknown.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Mapping

from recoverycli.traininglog import loadmaths
from recoverycli.traininglog.load_types import DayLoad, DayTotals, WeekLoad
from recoverycli.traininglog.loadmaths import ACUTE_DAYS, CHRONIC_DAYS

__all__ = [
    "FAR_GAP_DAYS", "FAR_MAX_SHARE", "FAR_MIN_ROWS", "MAX_SPAN_DAYS", "WEEKS_IN_CHRONIC", "acwr_series",
    "change_pct", "daily_loads", "far_date_groups", "weeks_of",
]

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


def daily_loads(totals: Mapping[dt.date, DayTotals]) -> tuple[list[DayLoad], list[tuple[dt.date, loadmaths.Spike]]]:
    """Every day from the first to the last, with its ratios; and the run spikes.

    The caller has checked the span (MAX_SPAN_DAYS): every day costs a record.
    """
    if not totals:
        return [], []
    first, last = min(totals), max(totals)
    span = (last - first).days + 1
    empty = DayTotals()
    loads: list[float | None] = []
    days: list[DayTotals] = []
    for offset in range(span):
        day = totals.get(first + dt.timedelta(days=offset), empty)
        days.append(day)
        loads.append(None if day.load_unknown else day.load)
    ratios = acwr_series(loads)
    uncoupled = loadmaths.uncoupled_ratio(loads)
    ewma = loadmaths.ewma_ratio(loads)
    monotony, strain = loadmaths.monotony_and_strain(loads)
    fitness, fatigue, form = loadmaths.fitness_fatigue_form(loads)
    spikes = [(first + dt.timedelta(days=spike.index), spike)
              for spike in loadmaths.spikes([t.longest_run_km for t in days])]
    return [DayLoad(first + dt.timedelta(days=i), loads[i], ratios[i], days[i].distance_km,
                    days[i].duration_min, days[i].sessions, uncoupled[i], ewma[i], monotony[i],
                    strain[i], fitness[i], fatigue[i], form[i], days[i].race) for i in range(span)], spikes


def change_pct(current: float | None, previous: float | None) -> float | None:
    """The change from `previous` to `current` in per cent; None when either is unknown
    or there was nothing before."""
    if current is None or previous is None or previous <= 0:
        return None
    return (current - previous) / previous * 100


def weeks_of(days: list[DayLoad]) -> list[WeekLoad]:
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
            distance_change_pct=change_pct(distance, previous.distance_km if previous else None),
            duration_change_pct=change_pct(duration, previous.duration_min if previous else None),
            load_change_pct=change_pct(load, previous.load if previous else None),
            acwr=members[-1].acwr,
        )
        weeks.append(week)
        previous = week
    return weeks
