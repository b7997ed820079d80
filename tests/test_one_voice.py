"""One voice per answer: no two pieces of advice in one output contradict each other.

Every pair of shipped rules that can fire together is rendered (the inputs are
one example of each rule, merged), and the answer is checked against a list of
contradictions a runner noticed: a tool that is praised and dismissed in one
breath, a level that says one thing while the advice says another, training-day
advice under a stop.
"""

from __future__ import annotations

import itertools
import re
from typing import Any

from recoverycli import engine, load_rules
from recoverycli.render.jsonout import assessment_doc

BOOK = load_rules()
RANK = {level: i for i, level in enumerate(BOOK.vocab.levels)}

CONTRADICTIONS: list[tuple[str, str, str]] = [
    ("a foam roller advised and dismissed",
     r"(?i)\b(on|with) a foam roller\b", r"(?i)foam roll\w*[^.]*\b(do|does|helps?) (little|nothing)"),
    ("electrical muscle stimulation advised and dismissed",
     r"(?i)\b(use|try)\b[^.]*\b(EMS|electrical muscle stimulat\w*)",
     r"(?i)electrical muscle stimulat\w*[^.]*do little"),
    ("drink only to thirst, and drink regularly all day",
     r"(?i)\bonly (drink )?when (you are|you're) thirsty\b|\bdrink (only )?to thirst\b",
     r"(?i)\bdrink regularly\b"),
    ("massage the calf, and a possible clot", r"(?i)\bmassage (the|your) calf\b", r"(?i)blood clot"),
]
"""(what is wrong, one side, the other side): both sides in one answer is a contradiction."""

LEVEL_CONTRADICTIONS: list[tuple[str, frozenset[str], str]] = [
    ("'stop the session' at a level that lets you train", frozenset({"go"}), r"(?i)\bstop the session\b"),
    ("'train as planned' under a warning", frozenset({"stop", "urgent"}), r"(?i)\btrain as planned\b"),
]
"""(what is wrong, levels, advice): that advice at those levels contradicts the decision."""

NOT_AT_STOP = frozenset({"recovery-ride", "protein", "carbohydrate", "casein", "foam-roll", "massage-gun",
                         "static-stretch", "pnf-stretch", "forest-walk", "heat", "twenty-minute-rule"})
"""Training-day advice: at stop and urgent only what helps now is shown."""


def _firing_example(rule: Any) -> dict[str, Any] | None:
    for example in rule.examples:
        if example.expect.get("fires", True):
            return dict(example.given)
    return None


def _pairs() -> list[tuple[Any, Any, dict[str, Any]]]:
    given = {rule.id: _firing_example(rule) for rule in BOOK.rules}
    pairs = []
    for first, second in itertools.combinations(BOOK.rules, 2):
        a, b = given[first.id], given[second.id]
        if a is None or b is None or any(a[k] != b[k] for k in a.keys() & b.keys()):
            continue
        pairs.append((first, second, {**a, **b}))
    return pairs


def _problems(doc: dict[str, Any], rule_ids: set[str]) -> list[str]:
    texts = [advice["text"] for advice in doc["advice"]]
    found = []
    for what, one, other in CONTRADICTIONS:
        if any(re.search(one, t) for t in texts) and any(re.search(other, t) for t in texts):
            found.append(what)
    for what, levels, pattern in LEVEL_CONTRADICTIONS:
        if doc["level"] in levels and any(re.search(pattern, t) for t in texts):
            found.append(what)
    if doc["level"] in ("stop", "urgent"):
        red = {rule["id"] for rule in doc["rules"] if rule.get("red_flag")}
        deciding = {rule["id"] for rule in doc["rules"] if rule["level"] == doc["level"]}
        for advice in doc["advice"]:
            if advice["topic"] in NOT_AT_STOP and advice["rule"] not in red | deciding:
                found.append(f"{advice['topic']} from {advice['rule']} at {doc['level']}")
    return found


def test_no_pair_of_rules_that_fire_together_contradicts_itself() -> None:
    failures = []
    checked = 0
    for first, second, inputs in _pairs():
        result = engine.assess(inputs, BOOK)
        fired = {rule.id for rule in result.fired}
        if not {first.id, second.id} <= fired:
            continue
        checked += 1
        doc = assessment_doc(result, BOOK, "en")
        for problem in _problems(doc, fired):
            failures.append(f"{first.id} + {second.id} {inputs}: {problem}")
    assert checked > 500, "the pairs really fire together"
    assert not failures, "\n".join(sorted(set(failures))[:30])


def test_the_contradiction_checks_can_fail() -> None:
    doc = {"level": "stop", "rules": [{"id": "a", "level": None}],
           "advice": [{"topic": "foam-roll", "text": "Work it on a foam roller.", "rule": "a"},
                      {"topic": "explain", "text": "Foam rollers do little.", "rule": "a"},
                      {"topic": "protein", "text": "Eat.", "rule": "a"}]}
    problems = _problems(doc, {"a"})
    assert "a foam roller advised and dismissed" in problems
    assert any("protein" in p for p in problems)
