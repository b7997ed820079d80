"""Run every rule's and plan item's own examples, like a rule registry's tests.

A rule example runs the whole engine with all loaded rules, so it checks the
rule in the company it will keep: its `given` inputs must make it fire
(unless `fires: false`) and give the expected level and topics.
Why it exists: a rule carries its own tests, so a change that breaks a rule's
own example cannot land (`recover rules test` and pytest both run these).
"""

from __future__ import annotations

from dataclasses import dataclass

from recoverycli.engine import assess, plan
from recoverycli.model import AnyRule, Example, LoadRule, PlanItem, Rule, RuleBook


@dataclass(frozen=True)
class ExampleResult:
    rule: AnyRule
    example: Example
    failures: tuple[str, ...]

    @property
    def passed(self) -> bool:
        return not self.failures


def check_rule_example(rule: Rule, example: Example, book: RuleBook) -> tuple[str, ...]:
    """Expected-vs-actual lines for one rule example (empty when it passes)."""
    result = assess(example.given, book)
    failures = _fired_and_topics(rule.id, example, [r.id for r in result.fired],
                                 [g.advice.topic for g in result.advice])
    expected_level = example.expect.get("level")
    if expected_level is not None and expected_level != result.level:
        failures.append(f"expected level {expected_level}, got {result.level}")
    return tuple(failures)


def _fired_and_topics(rule_id: str, example: Example, fired_ids: list[str], topics: list[str]) -> list[str]:
    """What every kind of example checks: whether the rule fired, which topics came, which did not."""
    failures = []
    should_fire = example.expect.get("fires", True)
    if (rule_id in fired_ids) != should_fire:
        failures.append(f"expected the rule {'to fire' if should_fire else 'not to fire'}; "
                        f"fired: {', '.join(fired_ids) or 'none'}")
    given_topics = ", ".join(dict.fromkeys(topics)) or "none"
    for topic in example.expect.get("topics", []):
        if topic not in topics:
            failures.append(f"expected topic {topic}; got {given_topics}")
    for topic in example.expect.get("absent", []):
        if topic in topics:
            failures.append(f"expected no {topic} advice, but it was given")
    return failures


def check_plan_example(item: PlanItem, example: Example, book: RuleBook) -> tuple[str, ...]:
    given = dict(example.given)
    after = given.pop("after")
    days = given.pop("days", None)
    if isinstance(given.get("sore"), str):
        given["sore"] = [given["sore"]]
    result = plan(after, book, given, days=days)
    actual = sorted({d.day for d in result.days for e in d.entries if e.item.id == item.id})
    expected = sorted(example.expect.get("days", []))
    if actual != expected:
        return (f"expected on days {expected or 'none'}, got {actual or 'none'}",)
    return ()


def run_examples(book: RuleBook, only: str | None = None) -> list[ExampleResult]:
    """Every example of every loaded rule and plan item (or of one id)."""
    results: list[ExampleResult] = []
    for rule in book.rules:
        if only is None or rule.id == only:
            results.extend(ExampleResult(rule, ex, check_rule_example(rule, ex, book)) for ex in rule.examples)
    for item in book.plan_items:
        if only is None or item.id == only:
            results.extend(ExampleResult(item, ex, check_plan_example(item, ex, book)) for ex in item.examples)
    for load_rule in book.load_rules:
        if only is None or load_rule.id == only:
            results.extend(ExampleResult(load_rule, ex, check_load_example(load_rule, ex, book))
                           for ex in load_rule.examples)
    return results


def check_load_example(rule: LoadRule, example: Example, book: RuleBook) -> tuple[str, ...]:
    """A load example: given load inputs, every load rule runs, like `recover log load`."""
    from recoverycli.engine.load_advice import load_advice

    given = {k: v for k, v in example.given.items() if v is not None}
    advice = load_advice(given, book)
    fired_ids = [r.id for r in book.load_rules if r.check(given) is True]
    return tuple(_fired_and_topics(rule.id, example, fired_ids, [a.advice.topic for a in advice]))
