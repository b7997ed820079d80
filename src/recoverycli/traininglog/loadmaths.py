"""The load panel's arithmetic over a daily series: pure functions, one concern each.

Every ratio here describes load; none predicts injury (Impellizzeri et al.
2020). recover shows several because each answers a different question:

- the *uncoupled* ratio: the mean daily load of the last 7 days over that of
  the 21 days before them, so this week is not part of its own baseline
  (Lolli et al. 2019; Windt & Gabbett 2019);
- the *EWMA* ratio: exponentially weighted averages with decay 2/(N+1) for
  N = 7 and 28 days, so recent days count more (Williams et al. 2017);
- Foster's *monotony* (the week's mean daily load over its standard deviation)
  and *strain* (the week's load times its monotony) (Foster 1998);
- *fitness*, *fatigue* and *form*: exponential averages of daily load with time
  constants of 42 and 7 days, and their difference, as GoldenCheetah's and
  intervals.icu's performance charts compute them;
- single-session *spikes*: a run more than 10 % longer than the longest run of
  the 30 days before it, banded small (10–30 %), moderate (30–100 %) or large
  (over 100 %) (Frandsen et al. 2025).

A day whose load is unknown (a session without duration or RPE) makes every
window that holds it unknown: unknown stays unknown.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

Series = Sequence[float | None]

ACUTE_DAYS = 7
CHRONIC_DAYS = 28
FITNESS_DAYS = 42
FATIGUE_DAYS = 7
SPIKE_LOOKBACK_DAYS = 30
SPIKE_BANDS = ((1.0, "large"), (0.3, "moderate"), (0.1, "small"))
"""Increase over the longest recent run (as a fraction) and its band, largest first."""


def _window(loads: Series, end: int, days: int) -> list[float] | None:
    """The `days` loads ending at index `end` (inclusive); None if too short or unknown."""
    start = end - days + 1
    if start < 0:
        return None
    part = loads[start:end + 1]
    if any(x is None for x in part):
        return None
    return [float(x) for x in part if x is not None]


def uncoupled_ratio(loads: Series) -> list[float | None]:
    """Per day: mean daily load of the last 7 days / mean daily load of the 21 days before."""
    out: list[float | None] = []
    for end in range(len(loads)):
        window = _window(loads, end, CHRONIC_DAYS)
        if window is None:
            out.append(None)
            continue
        acute = sum(window[-ACUTE_DAYS:]) / ACUTE_DAYS
        chronic = sum(window[:-ACUTE_DAYS]) / (CHRONIC_DAYS - ACUTE_DAYS)
        out.append(acute / chronic if chronic > 0 else None)
    return out


def ewma_ratio(loads: Series) -> list[float | None]:
    """Per day: EWMA(7) / EWMA(28) with decay 2/(N+1), from day 28 on; an unknown load
    restarts both averages (and 28 more days are needed)."""
    fast, slow = 2 / (ACUTE_DAYS + 1), 2 / (CHRONIC_DAYS + 1)
    acute = chronic = 0.0
    known_days = 0
    out: list[float | None] = []
    for load in loads:
        if load is None:
            acute = chronic = 0.0
            known_days = 0
            out.append(None)
            continue
        if known_days == 0:
            acute = chronic = float(load)
        else:
            acute = load * fast + (1 - fast) * acute
            chronic = load * slow + (1 - slow) * chronic
        known_days += 1
        out.append(acute / chronic if known_days >= CHRONIC_DAYS and chronic > 0 else None)
    return out


def monotony_and_strain(loads: Series) -> tuple[list[float | None], list[float | None]]:
    """Per day, over the last 7 days: mean / SD of daily load, and weekly load × monotony.
    A week of identical days has no monotony (the SD is zero): None."""
    monotony: list[float | None] = []
    strain: list[float | None] = []
    for end in range(len(loads)):
        window = _window(loads, end, ACUTE_DAYS)
        if window is None:
            monotony.append(None)
            strain.append(None)
            continue
        mean = sum(window) / ACUTE_DAYS
        sd = math.sqrt(sum((x - mean) ** 2 for x in window) / ACUTE_DAYS)
        value = mean / sd if sd > 0 else None
        monotony.append(value)
        strain.append(sum(window) * value if value is not None else None)
    return monotony, strain


def fitness_fatigue_form(loads: Series) -> tuple[list[float | None], list[float | None], list[float | None]]:
    """Per day: fitness (42-day), fatigue (7-day) exponential averages and form = fitness −
    fatigue, each updated as x += (load − x)(1 − e^(−1/τ)). An unknown load is treated as
    no update of that day (the averages carry on), and is marked unknown itself."""
    k_fit, k_fat = 1 - math.exp(-1 / FITNESS_DAYS), 1 - math.exp(-1 / FATIGUE_DAYS)
    fit = fat = 0.0
    fitness: list[float | None] = []
    fatigue: list[float | None] = []
    form: list[float | None] = []
    for load in loads:
        if load is None:
            fitness.append(None)
            fatigue.append(None)
            form.append(None)
            continue
        fit += (load - fit) * k_fit
        fat += (load - fat) * k_fat
        fitness.append(fit)
        fatigue.append(fat)
        form.append(fit - fat)
    return fitness, fatigue, form


@dataclass(frozen=True)
class Spike:
    index: int  # the day
    distance_km: float
    previous_longest_km: float
    increase_pct: float
    band: str


def spikes(longest_runs: Sequence[float]) -> list[Spike]:
    """Days whose longest run is more than 10 % longer than the longest of the 30 days
    before (days without a run are 0 and compare nothing)."""
    found = []
    for index, distance in enumerate(longest_runs):
        if distance <= 0:
            continue
        before = longest_runs[max(0, index - SPIKE_LOOKBACK_DAYS):index]
        previous = max(before, default=0.0)
        if previous <= 0:
            continue
        increase = distance / previous - 1
        for floor, band in SPIKE_BANDS:
            if increase > floor:
                found.append(Spike(index, distance, previous, round(increase * 100, 1), band))
                break
    return found
