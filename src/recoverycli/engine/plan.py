"""Plan: a day-by-day recovery plan after an event.

Why it exists: a plan is not an assessment. Every plan item is tried against
each day's inputs (the event, the day and its phase, whether it is a workday,
what the runner told us), per sore spot where the item asks for it, and the
day's items are ordered by time of day. Pure: renderers turn it into words.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from recoverycli.model import Inputs, Plan, PlanDay, PlanEntry, PlanItem, RuleBook, Vocabulary

WEEKEND = 5
"""date.weekday() of Saturday: Monday to Friday are workdays."""


def plan_context(after: str, context: Inputs, vocab: Vocabulary) -> Inputs:
    """The inputs every plan day shares: the event plus what the runner told us."""
    base: dict[str, Any] = {k: v for k, v in context.items() if v is not None and v != []}
    base["after"] = after
    sore = base.get("sore")
    if sore:
        base["sore_tissue"] = sorted({vocab.body_map[s] for s in sore if s in vocab.body_map})
    return base


def plan_phases(after: str, days: int | None, vocab: Vocabulary) -> list[str]:
    """The phase of each day; --days cuts the plan or stretches its last phase."""
    phases = list(vocab.events[after].phases)
    if days is None:
        return phases
    if days <= len(phases):
        return phases[:days]
    return phases + [phases[-1]] * (days - len(phases))


def plan(after: str, book: RuleBook, context: Inputs | None = None, *, days: int | None = None,
         start: dt.date | None = None) -> Plan:
    """A day-by-day plan after `after`; day 0 is the day of the event."""
    vocab = book.vocab
    shared = plan_context(after, context or {}, vocab)
    slot_order = list(vocab.slots)
    result = []
    for day, phase in enumerate(plan_phases(after, days, vocab)):
        inputs = {**shared, "day": day, "phase": phase}
        if start is not None:
            inputs["workday"] = (start + dt.timedelta(days=day)).weekday() < WEEKEND
        entries: list[PlanEntry] = []
        for item in book.plan_items:
            if item.per_sore:
                entries.extend(PlanEntry(item, spot) for spot in shared.get("sore", [])
                               if _holds(item, {**inputs, "sore": [spot],
                                                "sore_tissue": [vocab.body_map.get(spot)]}))
            elif _holds(item, inputs):
                entries.append(PlanEntry(item))
        entries.sort(key=lambda e: (slot_order.index(e.item.slot), e.item.time or ""))
        date = start + dt.timedelta(days=day) if start else None
        result.append(PlanDay(day, phase, date, entries))
    return Plan(after, shared, result)


def _holds(item: PlanItem, inputs: Inputs) -> bool:
    """An item applies when its condition is true and its `unless` is not."""
    return item.check(inputs) is True and item.veto(inputs) is not True
