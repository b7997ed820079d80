"""Assess: inputs in, the decision, its advice and what is missing out.

Why it exists: this is the one answer to "what should I do today?", pure (no
I/O, no printing, no language choice: renderers turn it into words). It
derives the implied inputs, lets the rule index (`index`) evaluate and merge,
and names the answers that could still change the decision (`missing`,
`open_questions`); `assess_explained` adds every rule's reasons for --explain.
Conditions were compiled when the rules loaded (see `conditions`).
"""

from __future__ import annotations

from recoverycli.engine.conditions import compile_leaf, leaves
from recoverycli.engine.index import DERIVED_FROM, rule_index, speaking, waits_for
from recoverycli.model import Assessment, Considered, Inputs, Missing, RuleBook, Vocabulary

HOURS_PER_DAY = 24


def derive(inputs: Inputs, vocab: Vocabulary) -> Inputs:
    """Add the inputs the vocabulary implies: tissue from the body map, and the plan's
    phase for `hours_since` after an event (so assess and plan agree on the day)."""
    derived = {k: v for k, v in inputs.items() if v is not None}
    location = derived.get("location")
    if location is not None and location in vocab.body_map:
        derived["tissue"] = vocab.body_map[location]
    after, hours = derived.get("after"), derived.get("hours_since")
    if after in vocab.events and isinstance(hours, (int, float)) and "event_phase" in vocab.inputs:
        phases = vocab.events[after].phases
        day = int(hours // HOURS_PER_DAY)
        derived["event_phase"] = phases[min(day, len(phases) - 1)]
    return derived


def assess(inputs: Inputs, book: RuleBook) -> Assessment:
    """Evaluate every rule against the inputs and merge what fires."""
    index = rule_index(book)
    known = derive(inputs, book.vocab)
    results, fired = index.evaluate(known)
    level = index.level_of(fired)
    return Assessment(
        level=level,
        inputs=known,
        fired=fired,
        advice=index.merge(fired, level),
        missing=_one_per_input(index.lowering(fired, known, level) + index.missing(results, known, level)),
        considered=[],
        stood_down=frozenset(rule.id for rule in fired) - {rule.id for rule in speaking(fired, index.rank)},
    )


def open_questions(inputs: Inputs, book: RuleBook) -> set[str]:
    """The inputs whose answer could still change the decision: read by a rule that is
    still undecided and would set a more cautious level, send you to someone, or turn
    a cautious wait into a warning sign at the same level; or awaited by a rule that
    decides it now (`{known: false}`, an answer that could lower it). At the most
    cautious level, nothing is open."""
    index = rule_index(book)
    known = derive(inputs, book.vocab)
    results, fired = index.evaluate_plain(known)
    floor = index.rank[index.level_of(fired)]
    referred = floor >= index.rank.get("stop", len(index.rank))  # already sent to someone
    names: set[str] = set()
    red_decides = any(rule.red_flag and index.rank.get(rule.level or "", -1) == floor for rule in fired)
    for rule, result in zip(index.rules, results, strict=True):
        if result is not None:
            continue
        rank = index.rank.get(rule.level or "", -1)
        if (rank > floor  # a more cautious level
                or (not referred and "see-professional" in rule.topics)  # someone to see
                or (rule.red_flag and rank == floor and not red_decides)):  # a warning sign, not a wait
            names.update(rule.reads)
    deciding = [rule for rule in fired if index.rank.get(rule.level or "", -1) == floor]
    waiting = [waits_for(rule.when) - known.keys() for rule in deciding]
    if deciding and all(waiting):  # every rule that decides now waits for an answer
        for wanted in waiting:
            names.update(wanted)
    open_names: set[str] = set()
    for name in names:
        open_names.update(DERIVED_FROM.get(name, (name,)))
    return {name for name in open_names if name not in known}


def _one_per_input(missing: list[Missing]) -> list[Missing]:
    """Each input once: an answer that could lower the decision is named first."""
    seen: set[str] = set()
    kept: list[Missing] = []
    for entry in missing:
        if entry.input not in seen:
            seen.add(entry.input)
            kept.append(entry)
    return kept


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
