"""The load rules evaluated on a training log's load inputs.

A load rule sets no level: it advises on the history a log shows. Evaluating
one is rule evaluation like any other, so it lives in the engine; the training
log computes the inputs (`traininglog.load_inputs`) and asks here.
"""

from __future__ import annotations

from recoverycli.model import Inputs, LoadAdvice, RuleBook


def load_advice(inputs: Inputs, book: RuleBook) -> list[LoadAdvice]:
    """Advice of every load rule whose condition holds, each text once."""
    seen: set[tuple[str, str]] = set()
    merged: list[LoadAdvice] = []
    for rule in book.load_rules:
        if rule.check(inputs) is not True:
            continue
        for advice in rule.advice:
            key = (advice.topic, advice.text.get("en", ""))
            if key not in seen:
                seen.add(key)
                merged.append(LoadAdvice(advice, rule))
    return merged
