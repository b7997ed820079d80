"""The pure core: inputs and rules in, an assessment or a plan out.

No I/O, no printing, no language choice: renderers turn these values into
words. Conditions were compiled when the rules loaded (see `conditions`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from .conditions import compile_leaf, leaves
from .model import (
    Assessment,
    Considered,
    GivenAdvice,
    Inputs,
    Missing,
    Plan,
    PlanDay,
    PlanEntry,
    PlanItem,
    Rule,
    RuleBook,
    Truth,
    Vocabulary,
)

NO_LEVEL = "go"


def derive(inputs: Inputs, vocab: Vocabulary) -> Inputs:
    """Add the inputs the body map implies (tissue from location)."""
    derived = {k: v for k, v in inputs.items() if v is not None}
    location = derived.get("location")
    if location is not None and location in vocab.body_map:
        derived["tissue"] = vocab.body_map[location]
    return derived


def assess(inputs: Inputs, book: RuleBook) -> Assessment:
    """Evaluate every rule against the inputs and merge what fires."""
    vocab = book.vocab
    known = derive(inputs, vocab)
    results = [(rule, rule.check(known)) for rule in book.rules]
    fired = [rule for rule, result in results if result is True]
    level = max((r.level for r in fired if r.level), key=vocab.rank, default=NO_LEVEL)
    return Assessment(
        level=level,
        inputs=known,
        fired=order_fired(fired, vocab),
        advice=merge_advice(order_fired(fired, vocab), vocab, level),
        missing=find_missing(results, known, level, vocab),
        considered=[],
    )


def order_fired(fired: list[Rule], vocab: Vocabulary) -> list[Rule]:
    """Red flags first, then the most cautious levels, then file order."""
    return sorted(fired, key=lambda r: (not r.red_flag, -vocab.rank(r.level)))


def merge_advice(fired: list[Rule], vocab: Vocabulary, level: str) -> list[GivenAdvice]:
    """All advice of the fired rules, in rule order, each text once.

    At a level that hides some advice groups (stop hides movement), only
    red-flag rules may still give advice in those groups.
    """
    hidden = frozenset(vocab.level_hides.get(level, ()))
    kept = frozenset(vocab.level_keeps.get(level, ()))
    seen: set[tuple[str, str]] = set()
    merged = []
    for rule in fired:
        for advice in rule.advice:
            if (hidden and not rule.red_flag and advice.topic not in kept
                    and vocab.topics.get(advice.topic) in hidden):
                continue
            key = (advice.topic, advice.text.get("en", ""))
            if key not in seen:
                seen.add(key)
                merged.append(GivenAdvice(advice, rule))
    return merged


def find_missing(results: list[tuple[Rule, Truth]], known: Inputs, level: str,
                 vocab: Vocabulary) -> list[Missing]:
    """Inputs not given that could have let a more cautious rule fire.

    A rule whose condition is unknown (not false) could still fire once its
    unknown inputs are known; only rules that would raise the decision count.
    """
    rank = vocab.rank(level)
    by_input: dict[str, list[Rule]] = {}
    for rule, result in results:
        if result is not None or vocab.rank(rule.level) <= rank:
            continue
        for name in sorted(rule.reads):
            if name not in known:
                source = "location" if name == "tissue" else name
                by_input.setdefault(source, [])
                if rule not in by_input[source]:
                    by_input[source].append(rule)
    missing = [
        Missing(name, max((r.level for r in rules if r.level), key=vocab.rank, default=None), tuple(rules))
        for name, rules in by_input.items()
    ]
    order = list(vocab.inputs)
    return sorted(missing, key=lambda m: (-vocab.rank(m.level), order.index(m.input) if m.input in order else 99))


def explain(inputs: Inputs, book: RuleBook) -> list[Considered]:
    """Every rule with its result and the inputs that made it false or unknown."""
    known = derive(inputs, book.vocab)
    many = frozenset(n for n, s in book.vocab.inputs.items() if s.many)
    considered = []
    for rule in book.rules:
        false, unknown = [], []
        for name, matcher in leaves(rule.when):
            value = compile_leaf(name, matcher, many)(known)
            if value is False and name not in false:
                false.append(name)
            elif value is None and name not in unknown:
                unknown.append(name)
        considered.append(Considered(rule, rule.check(known), tuple(false), tuple(unknown)))
    return considered


def assess_explained(inputs: Inputs, book: RuleBook) -> Assessment:
    """`assess` plus the reasons for every rule (slower; for --explain)."""
    result = assess(inputs, book)
    result.considered = explain(inputs, book)
    return result


# --- plans --------------------------------------------------------------------

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
