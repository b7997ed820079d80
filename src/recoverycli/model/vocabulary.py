"""The vocabulary: the inputs, values, levels and words that rule files may use."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from recoverycli.model.text import Text, pick


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
