"""Plain data that flows from the rule files to the renderers.

Nothing here reads files or prints; these are the values the loader builds,
the engine evaluates and the renderers show.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

Text = dict[str, str]
"""A user-facing text in every supported language: {"en": ..., "nl": ...}."""

Truth = bool | None
"""Three-valued logic: True, False, or None for unknown."""

Inputs = dict[str, Any]
"""Inputs by name; an input that was not given is absent, never defaulted."""

LANGUAGES = ("en", "nl")
ORIGINS = ("article", "external", "project")
"""Where a claim comes from: one of the five articles, a published paper, or our own choice."""


def pick(text: Text, lang: str) -> str:
    """The text in `lang`, falling back to English."""
    return text.get(lang) or text.get("en", "")


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


@dataclass
class Rule:
    """An assess rule: when its condition holds it sets a level and gives advice."""

    id: str
    title: Text
    when: Any
    level: str | None
    advice: tuple[Advice, ...]
    source: Source
    examples: tuple[Example, ...]
    red_flag: bool = False
    file: str = ""
    line: int = 0
    many: frozenset[str] = frozenset()  # inputs that hold lists
    headline: Text | None = None  # the answer's headline when this rule decides it
    fallback: bool = False  # gives way to a rule at least as cautious
    # set by load.compile_book; never stored in the cache
    check: Callable[[Inputs], Truth] = field(default=lambda _inputs: None, repr=False, compare=False)
    reads: frozenset[str] = field(default=frozenset(), compare=False)

    @property
    def topics(self) -> list[str]:
        return list(dict.fromkeys(a.topic for a in self.advice))


@dataclass
class PlanItem:
    """A plan template entry: on the days its condition holds, it adds one item."""

    id: str
    title: Text
    when: Any
    unless: Any
    slot: str
    time: str | None
    topic: str
    text: Text
    source: Source
    examples: tuple[Example, ...]
    per_sore: bool = False
    file: str = ""
    line: int = 0
    many: frozenset[str] = frozenset()
    # set by load.compile_book; never stored in the cache
    check: Callable[[Inputs], Truth] = field(default=lambda _inputs: None, repr=False, compare=False)
    veto: Callable[[Inputs], Truth] = field(default=lambda _inputs: None, repr=False, compare=False)


@dataclass
class InputSpec:
    name: str
    type: str  # choice | flag | number | integer
    values: tuple[str, ...] = ()
    min: float | None = None
    max: float | None = None
    many: bool = False
    derived: bool = False
    help: Text = field(default_factory=dict)
    missing: Text = field(default_factory=dict)
    label: Text = field(default_factory=dict)  # short name for tables and prompts
    labels: dict[str, Text] = field(default_factory=dict)  # choice value -> its words
    labels_from: str | None = None  # "body_map" or "events": the values' words live there


@dataclass
class Question:
    """One interactive question: an input, asked only after one of `only_if`'s answers."""

    input: str
    only_if: dict[str, tuple[str, ...]] = field(default_factory=dict)
    ask: Text = field(default_factory=dict)  # the question's words (else the input's help)


@dataclass
class Event:
    id: str
    label: Text
    phases: tuple[str, ...]
    day0: Text = field(default_factory=dict)  # what day 0 is called: race day, session day
    with_article: Text = field(default_factory=dict)  # 'an easy run', 'een rustige duurloop'


@dataclass(eq=False, repr=False)
class Vocabulary:
    """The words rule files may use, and the labels the renderers show."""

    levels: list[str]
    level_labels: dict[str, Text]
    level_meanings: dict[str, Text]
    level_styles: dict[str, str]
    level_hides: dict[str, tuple[str, ...]]  # level -> advice groups left out at that decision
    level_keeps: dict[str, tuple[str, ...]]  # level -> topics kept even in a hidden group
    inputs: dict[str, InputSpec]
    plan_inputs: dict[str, InputSpec]
    topics: dict[str, str]  # topic -> group
    groups: dict[str, Text]  # in display order
    events: dict[str, Event]
    slots: dict[str, Text]  # in the order a day runs
    phases: dict[str, Text]
    body_map: dict[str, str]  # location -> tissue
    location_labels: dict[str, Text]
    messages: dict[str, Text]
    interview: list[Question] = field(default_factory=list)  # asked in a terminal, in order
    load_inputs: dict[str, InputSpec] = field(default_factory=dict)  # inputs of load rules
    log_columns: dict[str, InputSpec] = field(default_factory=dict)  # training-log columns
    level_speaks_once: dict[str, tuple[str, ...]] = field(default_factory=dict)  # level -> topics given once
    group_horizons: dict[str, str] = field(default_factory=dict)  # group -> now | days | why (short answers)
    level_drops: dict[str, tuple[str, ...]] = field(default_factory=dict)  # level -> topics left out
    document_names: dict[str, str] = field(default_factory=dict)  # article title -> short name
    synonyms: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)  # input -> value -> words
    day_words: dict[int, tuple[str, ...]] = field(default_factory=dict)  # days from today -> words
    readiness: dict[str, float] = field(default_factory=dict)  # the readiness method's numbers
    sessions: dict[str, tuple[str, ...]] = field(default_factory=dict)  # not_sessions, not_running, races
    race_from_km: dict[str, float] = field(default_factory=dict)  # event -> shortest GPS distance of it

    def rank(self, level: str | None) -> int:
        """Position of a level from least (0) to most cautious; -1 for none."""
        return self.levels.index(level) if level in self.levels else -1

    def input_label(self, name: str, lang: str) -> str:
        """An input's short name in words (the id when it has none)."""
        spec = self.inputs.get(name)
        return pick(spec.label, lang) if spec is not None and spec.label else name

    def value_label(self, name: str, value: str, lang: str) -> str:
        """A choice value in words (the id when it has none)."""
        spec = self.inputs.get(name)
        if spec is None:
            return value
        if spec.labels_from == "body_map":
            words = self.location_labels.get(value)
        elif spec.labels_from == "events":
            event = self.events.get(value)
            words = event.label if event is not None else None
        else:
            words = spec.labels.get(value)
        return pick(words, lang) if words else value

    def msg(self, key: str, lang: str, **values: Any) -> str:
        text = pick(self.messages.get(key, {"en": key}), lang)
        return text.format(**values) if values else text


@dataclass(eq=False, repr=False)
class RuleBook:
    """Everything loaded: vocabulary, assess rules and plan items."""

    vocab: Vocabulary
    rules: list[Rule]
    plan_items: list[PlanItem]
    files: list[str] = field(default_factory=list)
    load_rules: list[LoadRule] = field(default_factory=list)

    def rule(self, rule_id: str) -> Rule | PlanItem | LoadRule | None:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        for item in self.plan_items:
            if item.id == rule_id:
                return item
        for load_rule in self.load_rules:
            if load_rule.id == rule_id:
                return load_rule
        return None


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


@dataclass
class LoadRule:
    """A training-load rule: advice when the load inputs of a whole log match.

    It sets no level: a log's history informs, today's complaint decides.
    Advice texts may name load inputs in braces ({acwr:.2f}).
    """

    id: str
    title: Text
    when: Any
    advice: tuple[Advice, ...]
    source: Source
    examples: tuple[Example, ...]
    file: str = ""
    line: int = 0
    # set by load.compile_book; never stored in the cache
    check: Callable[[Inputs], Truth] = field(
        default=lambda _inputs: None, repr=False, compare=False)
    reads: frozenset[str] = field(default=frozenset(), compare=False)

    @property
    def topics(self) -> list[str]:
        return list(dict.fromkeys(a.topic for a in self.advice))
