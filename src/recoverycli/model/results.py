"""What the engine answers: an assessment or a plan, with the rules behind it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from recoverycli.model.rules import Advice, Inputs, LoadRule, PlanItem, Rule, Truth


@dataclass
class GivenAdvice:
    """One piece of advice in an assessment, with the rule that gave it."""

    advice: Advice
    rule: Rule


@dataclass
class Missing:
    """An input that was not given and could have changed the answer."""

    input: str
    level: str | None  # the most cautious level it could have led to
    rules: tuple[Rule, ...]


@dataclass
class Considered:
    """Why a rule did or did not fire (for --explain)."""

    rule: Rule
    result: Truth
    false: tuple[str, ...]  # inputs whose matchers were false
    unknown: tuple[str, ...]  # inputs that were not given


@dataclass
class Assessment:
    level: str
    inputs: Inputs
    fired: list[Rule]
    advice: list[GivenAdvice]
    missing: list[Missing]
    considered: list[Considered]
    stood_down: frozenset[str] = frozenset()  # fallback rules that fired but gave way to another

    @property
    def speaking(self) -> list[Rule]:
        """The fired rules whose reason, advice and headline are given."""
        return [rule for rule in self.fired if rule.id not in self.stood_down]


@dataclass
class PlanEntry:
    item: PlanItem
    location: str | None = None  # for per-sore items


@dataclass
class PlanDay:
    day: int
    phase: str
    date: dt.date | None
    entries: list[PlanEntry]


@dataclass
class Plan:
    after: str
    context: Inputs
    days: list[PlanDay]


@dataclass(frozen=True)
class LoadAdvice:
    """An advice item of a load rule that fired, with the rule it came from."""

    advice: Advice
    rule: LoadRule
