"""The contract's JSON documents (schema_version 1), as plain dicts."""

from __future__ import annotations

import json
import sys
from typing import Any

from recoverycli.model import Assessment, LoadRule, Plan, PlanItem, Rule, RuleBook, pick
from recoverycli.render.common import headline, missing_why

SCHEMA_VERSION = 1


# Characters that are legal inside a JSON string but that some line readers
# (Python's str.splitlines, JavaScript) treat as line ends: always escaped, so
# one document is always one line.
_LINE_BREAKERS = str.maketrans({"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def one_line(text: str) -> str:
    """JSON text with the Unicode line separators escaped.

    Searching first keeps the common case (none present) cheap: `translate`
    copies the whole text character by character, ~1 ms for a 13 kB document.
    """
    if "\u2028" in text or "\u2029" in text or "\x85" in text:
        return text.translate(_LINE_BREAKERS)
    return text


def dump(document: dict[str, Any]) -> str:
    return one_line(json.dumps(document, ensure_ascii=False))


def emit(document: dict[str, Any]) -> None:
    """One JSON document on stdout, nothing else."""
    sys.stdout.write(dump(document) + "\n")


def assessment_doc(result: Assessment, book: RuleBook, lang: str, only: frozenset[str] = frozenset(),
                   explain: bool = False) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "command": "assess",
        "level": result.level,
        "headline": headline(result, book, lang),
        "inputs": result.inputs,
        "rules": [_rule_ref(rule, lang) for rule in result.fired],
        "advice": [
            {"topic": g.advice.topic, "text": pick(g.advice.text, lang), "rule": g.rule.id,
             "source": g.rule.source.to_json()}
            for g in result.advice if not only or g.advice.topic in only
        ],
        "missing": [{"input": m.input, "why": missing_why(m, book, lang), "could": m.level}
                    for m in result.missing],
        "disclaimer": book.vocab.msg("disclaimer", lang),
    }
    if explain:
        doc["considered"] = [
            {"id": c.rule.id, "level": c.rule.level,
             "result": {True: "fired", False: "false", None: "unknown"}[c.result],
             "false": list(c.false), "unknown": list(c.unknown)}
            for c in result.considered
        ]
    return doc


def _rule_ref(rule: Rule, lang: str) -> dict[str, Any]:
    ref: dict[str, Any] = {"id": rule.id, "level": rule.level, "title": pick(rule.title, lang),
                           "source": rule.source.to_json()}
    if rule.red_flag:
        ref["red_flag"] = True
    return ref


def plan_doc(result: Plan, book: RuleBook, lang: str, only: frozenset[str] = frozenset()) -> dict[str, Any]:
    vocab = book.vocab
    days = []
    for day in result.days:
        entry: dict[str, Any] = {"day": day.day}
        if day.date is not None:
            entry["date"] = day.date.isoformat()
        entry["label"] = day_label(day.day, day.phase, book, lang, result.after)
        entry["phase"] = day.phase
        entry["items"] = [
            _plan_item(e.item, e.location, book, lang) for e in day.entries
            if not only or e.item.topic in only
        ]
        days.append(entry)
    return {
        "schema_version": SCHEMA_VERSION,
        "command": "plan",
        "after": result.after,
        "context": {k: v for k, v in result.context.items() if k not in ("after", "sore_tissue")},
        "days": days,
        "disclaimer": vocab.msg("disclaimer", lang),
    }


def day_label(day: int, phase: str, book: RuleBook, lang: str, after: str | None = None) -> str:
    """'Race day', 'Day 1 · The day after', ..."""
    vocab = book.vocab
    phase_label = pick(vocab.phases[phase], lang)
    if day == 0 and after in vocab.events and vocab.events[after].day0:
        return pick(vocab.events[after].day0, lang)
    if day == 0:
        return phase_label
    return vocab.msg("day_label", lang, day=day, phase=phase_label)


def item_text(item: PlanItem, location: str | None, book: RuleBook, lang: str) -> str:
    text = pick(item.text, lang)
    if location is not None:
        text = text.replace("{location}", pick(book.vocab.location_labels[location], lang))
    return text


def _plan_item(item: PlanItem, location: str | None, book: RuleBook, lang: str) -> dict[str, Any]:
    data: dict[str, Any] = {
        "topic": item.topic,
        "when": pick(book.vocab.slots[item.slot], lang),
        "slot": item.slot,
        "text": item_text(item, location, book, lang),
        "rule": item.id,
        "source": item.source.to_json(),
    }
    if item.time:
        data["time"] = item.time
    if location:
        data["location"] = location
    return data


def rules_doc(book: RuleBook, lang: str) -> dict[str, Any]:
    rules = [
        {"id": r.id, "level": r.level, "topics": r.topics, "source": r.source.to_json(),
         "title": pick(r.title, lang), "kind": "assess", **({"red_flag": True} if r.red_flag else {})}
        for r in book.rules
    ]
    rules += [
        {"id": p.id, "level": None, "topics": [p.topic], "source": p.source.to_json(),
         "title": pick(p.title, lang), "kind": "plan"}
        for p in book.plan_items
    ]
    rules += [
        {"id": r.id, "level": None, "topics": r.topics, "source": r.source.to_json(),
         "title": pick(r.title, lang), "kind": "load"}
        for r in book.load_rules
    ]
    return {"schema_version": SCHEMA_VERSION, "command": "rules", "rules": rules}


def rule_full_doc(rule: Rule | PlanItem | LoadRule, lang: str) -> dict[str, Any]:
    """One rule or plan item in full, for `recover rules show --json`."""
    doc: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION, "command": "rules show", "id": rule.id,
        "title": pick(rule.title, lang), "when": rule.when, "source": rule.source.to_json(),
        **({"rationale": pick(rule.source.rationale, lang)} if rule.source.rationale else {}),
        "file": rule.file, "line": rule.line,
        "examples": [{"given": e.given, "expect": e.expect} for e in rule.examples],
    }
    if isinstance(rule, Rule):
        doc.update(kind="assess", level=rule.level, red_flag=rule.red_flag,
                   advice=[{"topic": a.topic, "text": pick(a.text, lang)} for a in rule.advice])
    elif isinstance(rule, LoadRule):
        doc.update(kind="load", level=None,
                   advice=[{"topic": a.topic, "text": pick(a.text, lang)} for a in rule.advice])
    else:
        doc.update(kind="plan", level=None, unless=rule.unless, slot=rule.slot, time=rule.time,
                   advice=[{"topic": rule.topic, "text": pick(rule.text, lang)}])
    return doc
