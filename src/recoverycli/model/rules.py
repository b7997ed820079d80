"""The rules: one base with the three kinds a rule file holds, and the book of them.

An assess `Rule` sets a level, a `PlanItem` adds one item to a plan day, and a
`LoadRule` advises on a whole training log. They share what makes a rule a rule
(`RuleBase`: id, title, condition, source, examples, where it was written), so
consumers read any of them the same way and branch on `kind` only where the
kinds truly differ.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar

from recoverycli.model.text import Text
from recoverycli.model.vocabulary import Vocabulary

Truth = bool | None
"""Three-valued logic: True, False, or None for unknown."""

Inputs = dict[str, Any]
"""Inputs by name; an input that was not given is absent, never defaulted."""

ORIGINS = ("article", "external", "project")
"""Where a claim comes from: one of the five articles, a published paper, or our own choice."""


def _unknown(_inputs: Inputs) -> Truth:
    return None


@dataclass
class Source:
    document: str
    section: str
    origin: str = "article"  # "article" (one of the five), "external" (a paper) or "project" (ours)
    reference: str | None = None  # authors, year and journal for external sources
    rationale: Text | None = None  # why, for a project choice

    def to_json(self) -> dict[str, str]:
        data = {"document": self.document, "section": self.section}
        if self.origin != "article":
            data["origin"] = self.origin
        if self.reference:
            data["reference"] = self.reference
        return data


@dataclass
class Advice:
    topic: str
    text: Text
    primary: bool = False  # among the few things the short answer shows first


@dataclass
class Example:
    given: dict[str, Any]
    expect: dict[str, Any]
    line: int


@dataclass(kw_only=True)
class RuleBase:
    """What every rule has, whatever its kind."""

    kind: ClassVar[str]
    id: str
    title: Text
    when: Any
    source: Source
    examples: tuple[Example, ...]
    file: str = ""
    line: int = 0
    many: frozenset[str] = frozenset()  # inputs that hold lists
    # set by engine.conditions.compile_book; never stored in the cache
    check: Callable[[Inputs], Truth] = field(default=_unknown, repr=False, compare=False)
    reads: frozenset[str] = field(default=frozenset(), compare=False)

    @property
    def given(self) -> tuple[Advice, ...]:
        """The advice it gives, as (topic, text) pairs, the same for every kind."""
        raise NotImplementedError

    @property
    def topics(self) -> list[str]:
        return list(dict.fromkeys(a.topic for a in self.given))


@dataclass(kw_only=True)
class Rule(RuleBase):
    """An assess rule: when its condition holds it sets a level and gives advice."""

    kind: ClassVar[str] = "assess"
    level: str | None
    advice: tuple[Advice, ...]
    red_flag: bool = False
    headline: Text | None = None  # the answer's headline when this rule decides it
    fallback: bool = False  # gives way to a rule at least as cautious

    @property
    def given(self) -> tuple[Advice, ...]:
        return self.advice


class _SetsNoLevel:
    """Plan items and load rules advise; only assess rules set a level or raise a flag."""

    @property
    def level(self) -> None:
        return None

    @property
    def red_flag(self) -> bool:
        return False


@dataclass(kw_only=True)
class PlanItem(_SetsNoLevel, RuleBase):
    """A plan template entry: on the days its condition holds, it adds one item."""

    kind: ClassVar[str] = "plan"
    unless: Any
    slot: str
    time: str | None
    topic: str
    text: Text
    per_sore: bool = False
    veto: Callable[[Inputs], Truth] = field(default=_unknown, repr=False, compare=False)

    @property
    def given(self) -> tuple[Advice, ...]:
        return (Advice(self.topic, self.text),)


@dataclass(kw_only=True)
class LoadRule(_SetsNoLevel, RuleBase):
    """A training-load rule: advice when the load inputs of a whole log match.

    It sets no level: a log's history informs, today's complaint decides.
    Advice texts may name load inputs in braces ({acwr:.2f}).
    """

    kind: ClassVar[str] = "load"
    advice: tuple[Advice, ...]

    @property
    def given(self) -> tuple[Advice, ...]:
        return self.advice


AnyRule = Rule | PlanItem | LoadRule


@dataclass(eq=False, repr=False)
class RuleBook:
    """Everything loaded: vocabulary, assess rules and plan items."""

    vocab: Vocabulary
    rules: list[Rule]
    plan_items: list[PlanItem]
    files: list[str] = field(default_factory=list)
    load_rules: list[LoadRule] = field(default_factory=list)

    def all_rules(self) -> list[AnyRule]:
        """Every rule of every kind, in book order."""
        return [*self.rules, *self.plan_items, *self.load_rules]

    def rule(self, rule_id: str) -> AnyRule | None:
        return next((rule for rule in self.all_rules() if rule.id == rule_id), None)
