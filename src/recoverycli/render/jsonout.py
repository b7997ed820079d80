"""The contract's JSON documents (schema_version 1), as plain dicts, one per command.

Why it exists: scripts read these documents, so their keys are the public
interface (CONTRACT.md, the schemas in `schemas/`). The words in them come
from `words` and `common`, shared with the other renderers.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from recoverycli.model import AnyRule, Assessment, Plan, PlanItem, Rule, RuleBook, pick
from recoverycli.render.common import headline, missing_why
from recoverycli.render.words import day_label, item_text

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
    """Every rule of every kind, in book order, with the level it sets (None for plan and load rules)."""
    rules = [
        {"id": r.id, "level": r.level, "topics": r.topics, "source": r.source.to_json(),
         "title": pick(r.title, lang), "kind": r.kind, **({"red_flag": True} if r.red_flag else {})}
        for r in book.all_rules()
    ]
    return {"schema_version": SCHEMA_VERSION, "command": "rules", "rules": rules}


def rule_full_doc(rule: AnyRule, lang: str) -> dict[str, Any]:
    """One rule of any kind in full, for `recover rules show --json`."""
    doc: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION, "command": "rules show", "id": rule.id,
        "title": pick(rule.title, lang), "when": rule.when, "source": rule.source.to_json(),
        **({"rationale": pick(rule.source.rationale, lang)} if rule.source.rationale else {}),
        "file": rule.file, "line": rule.line,
        "examples": [{"given": e.given, "expect": e.expect} for e in rule.examples],
        "kind": rule.kind, "level": rule.level,
    }
    if rule.kind == "assess":  # only assess rules can be a red flag
        doc["red_flag"] = rule.red_flag
    if isinstance(rule, PlanItem):  # what only a plan item has (the type tells mypy it is there)
        doc.update(unless=rule.unless, slot=rule.slot, time=rule.time)
    doc["advice"] = [{"topic": a.topic, "text": pick(a.text, lang)} for a in rule.given]
    return doc
