"""Checks on raw rule-file data, one small function per concern.

Each check takes one raw entry (a `LineDict` from `yamlsafe`) and the
context it lives in, and yields located problems. Nothing here builds the
model or raises: the loader runs every check and reports every problem.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from recoverycli.model import LANGUAGES, ORIGINS, InputSpec, Vocabulary
from recoverycli.problems import Problem
from recoverycli.rulefiles.bounded_yaml import LineDict, LineList

ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
TIME_PATTERN = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")

RULE_KEYS = {
    "id": True, "title": True, "when": True, "level": False, "red_flag": False,
    "advice": True, "source": True, "examples": True, "origin": False, "rationale": False,
    "headline": False, "fallback": False,
}
PLAN_KEYS = {
    "id": True, "title": True, "when": False, "unless": False, "slot": True, "time": False,
    "topic": True, "text": True, "source": True, "examples": True, "per_sore": False,
    "origin": False, "rationale": False,
}
SOURCE_KEYS = {"document": True, "section": True, "author": False, "year": False, "journal": False}
ADVICE_KEYS = {"topic": True, "text": True, "primary": False}
RULE_EXAMPLE_KEYS = {"given": True, "expect": True}
RULE_EXPECT_KEYS = {"level": False, "topics": False, "absent": False, "fires": False}
PLAN_EXPECT_KEYS = {"days": True}
PLAN_GIVEN_EXTRA = {"days"}



RED_FLAG_LEVELS = ("stop", "urgent")
HEADLINE_PLACEHOLDERS = {"after", "location"}
"""What a rule's headline may name: the event and the sore spot, in the runner's words."""


@dataclass
class Context:
    """Where an entry sits: its file, its id (once known) and the vocabulary."""

    file: str
    vocab: Vocabulary
    rule_id: str | None = None

    def problem(self, line: int, message: str) -> Problem:
        return Problem(self.file, line, self.rule_id, message)


Check = Callable[[LineDict, Context], Iterator[Problem]]


def line_of(data: Any, key: Any = None) -> int:
    """Best line for `data[key]` (or `data` itself)."""
    if key is not None and isinstance(data, (LineDict, LineList)):
        return data.line_of(key)
    return getattr(data, "line", 0)


def _closest(word: str, options: list[str] | tuple[str, ...]) -> str:
    import difflib

    close = difflib.get_close_matches(str(word), [str(o) for o in options], n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


def check_keys(entry: LineDict, ctx: Context, allowed: dict[str, bool], what: str) -> Iterator[Problem]:
    """Unknown keys and missing required keys."""
    for key in entry:
        if key not in allowed:
            yield ctx.problem(entry.line_of(key),
                              f"unknown key '{key}' in {what}{_closest(key, list(allowed))}; "
                              f"allowed: {', '.join(allowed)}")
    for key, required in allowed.items():
        if required and key not in entry:
            yield ctx.problem(entry.line, f"{what} is missing the required key '{key}'")


def check_id(entry: LineDict, ctx: Context) -> Iterator[Problem]:
    """Ids are kebab-case strings."""
    rule_id = entry.get("id")
    if "id" in entry and (not isinstance(rule_id, str) or not ID_PATTERN.match(rule_id)):
        yield ctx.problem(entry.line_of("id"), f"id must be kebab-case (like 'warning-pain-sharp'), got {rule_id!r}")


def check_text(value: Any, ctx: Context, line: int, what: str) -> Iterator[Problem]:
    """A user-facing text: a mapping with a non-empty string for every language."""
    if not isinstance(value, dict):
        yield ctx.problem(line, f"{what} must be a mapping of languages ({', '.join(LANGUAGES)}) to text")
        return
    for lang in value:
        if lang not in LANGUAGES:
            yield ctx.problem(line_of(value, lang), f"{what} has unknown language '{lang}'; use {', '.join(LANGUAGES)}")
    for lang in LANGUAGES:
        text = value.get(lang)
        if lang not in value:
            yield ctx.problem(line_of(value), f"{what} lacks the '{lang}' text")
        elif not isinstance(text, str) or not text.strip():
            yield ctx.problem(line_of(value, lang), f"{what} '{lang}' must be non-empty text")


def check_title(entry: LineDict, ctx: Context) -> Iterator[Problem]:
    if "title" in entry:
        yield from check_text(entry["title"], ctx, entry.line_of("title"), "title")


def check_level(entry: LineDict, ctx: Context) -> Iterator[Problem]:
    """A level, when present, is one of the vocabulary's levels."""
    if "level" in entry and entry["level"] not in ctx.vocab.levels:
        yield ctx.problem(entry.line_of("level"),
                          f"unknown level {entry['level']!r}{_closest(str(entry['level']), ctx.vocab.levels)}; "
                          f"levels are: {', '.join(ctx.vocab.levels)}")


def check_red_flag(entry: LineDict, ctx: Context) -> Iterator[Problem]:
    """A red flag stops training and always names a doctor or physiotherapist."""
    flag = entry.get("red_flag", False)
    if not isinstance(flag, bool):
        yield ctx.problem(entry.line_of("red_flag"), "red_flag must be true or false")
        return
    if not flag:
        return
    if entry.get("level") not in RED_FLAG_LEVELS:
        yield ctx.problem(entry.line_of("red_flag"),
                          f"a red_flag rule must set level: {' or '.join(RED_FLAG_LEVELS)}")
    advice = entry.get("advice")
    topics = {a.get("topic") for a in advice if isinstance(a, dict)} if isinstance(advice, list) else set()
    if "see-professional" not in topics:
        yield ctx.problem(entry.line_of("red_flag"),
                          "a red_flag rule must give 'see-professional' advice (name a doctor or physiotherapist)")


def check_origin(entry: LineDict, ctx: Context) -> Iterator[Problem]:
    """Where a claim comes from is marked: a published paper names authors, year and
    journal; a choice of our own (`project`) says why in both languages."""
    origin = entry.get("origin", "article")
    if origin not in ORIGINS:
        yield ctx.problem(entry.line_of("origin"), f"origin must be one of {', '.join(ORIGINS)}, got {origin!r}")
        return
    source = entry.get("source")
    if origin == "external" and isinstance(source, dict):
        for key in ("author", "year", "journal"):
            if key not in source:
                yield ctx.problem(line_of(source), f"an external source must name its {key}")
    if origin == "project":
        if "rationale" not in entry:
            yield ctx.problem(entry.line_of("origin"), "an origin: project entry must say why in 'rationale'")
        else:
            yield from check_text(entry["rationale"], ctx, entry.line_of("rationale"), "rationale")
    elif "rationale" in entry:
        yield ctx.problem(entry.line_of("rationale"), "'rationale' belongs to origin: project entries")


def check_fallback(entry: LineDict, ctx: Context) -> Iterator[Problem]:
    """A fallback rule gives way to a rule at least as cautious, so it must set a level."""
    if "fallback" not in entry:
        return
    if not isinstance(entry["fallback"], bool):
        yield ctx.problem(entry.line_of("fallback"), "fallback must be true or false")
    elif entry["fallback"] and "level" not in entry:
        yield ctx.problem(entry.line_of("fallback"), "a fallback rule sets the level it falls back to")


def check_headline(entry: LineDict, ctx: Context) -> Iterator[Problem]:
    """A rule's own headline, when it has one, speaks every language."""
    if "headline" not in entry:
        return
    headline = entry["headline"]
    yield from check_text(headline, ctx, entry.line_of("headline"), "headline")
    if isinstance(headline, dict):
        import string

        for lang, text in headline.items():
            if not isinstance(text, str):
                continue
            try:
                names = {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}
            except ValueError as exc:
                yield ctx.problem(line_of(headline, lang), f"headline '{lang}': bad braces ({exc})")
                continue
            for name in sorted(names - HEADLINE_PLACEHOLDERS):
                yield ctx.problem(line_of(headline, lang),
                                  f"headline '{lang}': {{{name}}} is not a placeholder a headline can use "
                                  f"({', '.join('{' + n + '}' for n in sorted(HEADLINE_PLACEHOLDERS))})")


def check_source(entry: LineDict, ctx: Context) -> Iterator[Problem]:
    """Every rule cites a document and a section."""
    source = entry.get("source")
    if "source" not in entry:
        return
    if not isinstance(source, LineDict):
        yield ctx.problem(entry.line_of("source"), "source must be a mapping with document and section")
        return
    yield from check_keys(source, ctx, SOURCE_KEYS, "source")
    for key in ("document", "section", "author"):
        if key in source and (not isinstance(source[key], str) or not source[key].strip()):
            yield ctx.problem(source.line_of(key), f"source {key} must be non-empty text")
    if "year" in source and not isinstance(source["year"], int):
        yield ctx.problem(source.line_of("year"), "source year must be a whole number")


def check_topic(value: Any, ctx: Context, line: int) -> Iterator[Problem]:
    topics = list(ctx.vocab.topics)
    if value not in ctx.vocab.topics:
        yield ctx.problem(line, f"unknown topic {value!r}{_closest(str(value), topics)}")


def check_advice(entry: LineDict, ctx: Context) -> Iterator[Problem]:
    """Advice is a non-empty list of {topic, text}."""
    if "advice" not in entry:
        return
    advice = entry["advice"]
    if not isinstance(advice, LineList) or not advice:
        yield ctx.problem(entry.line_of("advice"), "advice must be a non-empty list of {topic, text}")
        return
    for index, item in enumerate(advice):
        if not isinstance(item, LineDict):
            yield ctx.problem(advice.line_of(index), "each advice item must be a mapping with topic and text")
            continue
        yield from check_keys(item, ctx, ADVICE_KEYS, "advice item")
        if "primary" in item and not isinstance(item["primary"], bool):
            yield ctx.problem(item.line_of("primary"), "primary must be true or false")
        if "topic" in item:
            yield from check_topic(item["topic"], ctx, item.line_of("topic"))
        if "text" in item:
            yield from check_text(item["text"], ctx, item.line_of("text"), "advice text")


def check_value(spec: InputSpec, value: Any, ctx: Context, line: int, where: str) -> Iterator[Problem]:
    """One value against its input's type and allowed values."""
    if spec.type == "flag":
        if not isinstance(value, bool):
            yield ctx.problem(line, f"{where}: '{spec.name}' is a flag; use true or false, not {value!r}")
    elif spec.type in ("number", "integer"):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or (
            spec.type == "integer" and not isinstance(value, int)
        ):
            kind = "a whole number" if spec.type == "integer" else "a number"
            yield ctx.problem(line, f"{where}: '{spec.name}' must be {kind}, not {value!r}")
        elif (spec.min is not None and value < spec.min) or (spec.max is not None and value > spec.max):
            yield ctx.problem(line, f"{where}: '{spec.name}' is out of range "
                                    f"({spec.min if spec.min is not None else '-∞'}–"
                                    f"{spec.max if spec.max is not None else '∞'}): {value!r}")
    elif value not in spec.values:
        yield ctx.problem(line, f"{where}: unknown value {value!r} for '{spec.name}'"
                                f"{_closest(str(value), spec.values)}; allowed: {', '.join(spec.values)}")


def check_condition(condition: Any, ctx: Context, line: int, specs: dict[str, InputSpec],
                    where: str = "when", depth: int = 0) -> Iterator[Problem]:
    """The condition language: matchers on known inputs, any/all/not."""
    if depth > 20:
        yield ctx.problem(line, f"{where}: condition nested too deeply")
        return
    if not isinstance(condition, dict) or not condition:
        yield ctx.problem(line, f"{where} must be a non-empty mapping of input: matcher")
        return
    for key, matcher in condition.items():
        key_line = line_of(condition, key)
        if key in ("any", "all"):
            if not isinstance(matcher, list) or not matcher:
                yield ctx.problem(key_line, f"{where}: '{key}' takes a non-empty list of conditions")
                continue
            for index, part in enumerate(matcher):
                yield from check_condition(part, ctx, line_of(matcher, index), specs, f"{where}.{key}", depth + 1)
        elif key == "not":
            yield from check_condition(matcher, ctx, key_line, specs, f"{where}.not", depth + 1)
        elif key not in specs:
            names = [*specs, "any", "all", "not"]
            yield ctx.problem(key_line, f"{where}: unknown input '{key}'{_closest(str(key), names)}")
        else:
            yield from _check_matcher(specs[key], matcher, ctx, key_line, where)


def _check_matcher(spec: InputSpec, matcher: Any, ctx: Context, line: int, where: str) -> Iterator[Problem]:
    if isinstance(matcher, dict) and "known" in matcher:
        if set(matcher) != {"known"} or not isinstance(matcher["known"], bool):
            yield ctx.problem(line, f"{where}: '{spec.name}': use {{known: true}} or {{known: false}} alone")
        return
    if isinstance(matcher, dict):
        if spec.type not in ("number", "integer"):
            yield ctx.problem(line, f"{where}: '{spec.name}' is not a number; min/max do not apply")
            return
        if not matcher or set(matcher) - {"min", "max"}:
            yield ctx.problem(line, f"{where}: a range takes only 'min' and/or 'max'")
            return
        for bound in matcher.values():
            yield from check_value(spec, bound, ctx, line, where)
        low, high = matcher.get("min"), matcher.get("max")
        if isinstance(low, (int, float)) and isinstance(high, (int, float)) and low > high:
            yield ctx.problem(line, f"{where}: '{spec.name}' min {low} is above max {high}")
    elif isinstance(matcher, list):
        if not matcher:
            yield ctx.problem(line, f"{where}: '{spec.name}' lists no values")
        for value in matcher:
            yield from check_value(spec, value, ctx, line, where)
    else:
        yield from check_value(spec, matcher, ctx, line, where)


def check_when(entry: LineDict, ctx: Context) -> Iterator[Problem]:
    if "when" in entry:
        yield from check_condition(entry["when"], ctx, entry.line_of("when"), ctx.vocab.inputs)


def plan_specs(vocab: Vocabulary) -> dict[str, InputSpec]:
    """Inputs a plan template's conditions may read."""
    specs: dict[str, InputSpec] = {name: vocab.inputs[name] for name in ("after", "hrv", "rhr")
                                   if name in vocab.inputs}
    specs.update(vocab.plan_inputs)
    return specs


def check_plan_conditions(entry: LineDict, ctx: Context) -> Iterator[Problem]:
    specs = plan_specs(ctx.vocab)
    for key in ("when", "unless"):
        if key in entry:
            yield from check_condition(entry[key], ctx, entry.line_of(key), specs, key)


def check_given(given: Any, ctx: Context, line: int, specs: dict[str, InputSpec],
                extra: set[str] = frozenset()) -> Iterator[Problem]:  # type: ignore[assignment]
    """An example's inputs: known names, allowed values."""
    if not isinstance(given, dict):
        yield ctx.problem(line, "example 'given' must be a mapping of inputs")
        return
    for name, value in given.items():
        value_line = line_of(given, name)
        if name in extra:
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                yield ctx.problem(value_line, f"example given '{name}' must be a whole number ≥ 1")
            continue
        spec = specs.get(name)
        if spec is None or spec.derived:
            yield ctx.problem(value_line, f"example given: unknown input '{name}'"
                                          f"{_closest(str(name), [n for n in specs if not specs[n].derived])}")
            continue
        values = value if spec.many and isinstance(value, list) else [value]
        for one in values:
            yield from check_value(spec, one, ctx, value_line, "example given")


ExpectCheck = Callable[[LineDict, LineDict, Context], Iterator[Problem]]


def check_examples(entry: LineDict, ctx: Context, specs: dict[str, InputSpec], expect_keys: dict[str, bool],
                   check_expect: ExpectCheck, extra: set[str] = frozenset(),  # type: ignore[assignment]
                   what: str = "example expect") -> Iterator[Problem]:
    """The shape every kind of example shares: a non-empty list of {given, expect}."""
    if "examples" not in entry:
        return
    examples = entry["examples"]
    if not isinstance(examples, LineList) or not examples:
        yield ctx.problem(entry.line_of("examples"), "examples must be a non-empty list of {given, expect}")
        return
    for index, example in enumerate(examples):
        if not isinstance(example, LineDict):
            yield ctx.problem(examples.line_of(index), "each example must be a mapping with given and expect")
            continue
        yield from check_keys(example, ctx, RULE_EXAMPLE_KEYS, "example")
        if "given" in example:
            yield from check_given(example["given"], ctx, example.line_of("given"), specs, extra)
        if "expect" not in example:
            continue
        expect = example["expect"]
        if not isinstance(expect, LineDict):
            yield ctx.problem(example.line_of("expect"), "example 'expect' must be a mapping")
            continue
        yield from check_keys(expect, ctx, expect_keys, what)
        yield from check_expect(example, expect, ctx)


def _expected_topics(expect: LineDict, ctx: Context) -> Iterator[Problem]:
    """`topics` and `absent` are lists of known topics; `fires` is a boolean."""
    for key in ("topics", "absent"):
        if key in expect:
            if not isinstance(expect[key], list):
                yield ctx.problem(expect.line_of(key), f"example expect '{key}' must be a list of topics")
                continue
            for topic in expect[key]:
                yield from check_topic(topic, ctx, expect.line_of(key))
    if "fires" in expect and not isinstance(expect["fires"], bool):
        yield ctx.problem(expect.line_of("fires"), "example expect 'fires' must be true or false")


def _rule_expect(_example: LineDict, expect: LineDict, ctx: Context) -> Iterator[Problem]:
    if "level" in expect and expect["level"] not in ctx.vocab.levels:
        yield ctx.problem(expect.line_of("level"), f"example expects unknown level {expect['level']!r}")
    yield from _expected_topics(expect, ctx)


def _plan_expect(example: LineDict, expect: LineDict, ctx: Context) -> Iterator[Problem]:
    given = example.get("given")
    if isinstance(given, dict) and "after" not in given:
        yield ctx.problem(example.line_of("given"), "a plan example must give 'after' (the event)")
    days = expect.get("days")
    if "days" in expect and (not isinstance(days, list) or not all(
            isinstance(d, int) and not isinstance(d, bool) and d >= 0 for d in days)):
        yield ctx.problem(expect.line_of("days"), "example expect 'days' must be a list of day numbers (0 = event)")


def _load_expect(_example: LineDict, expect: LineDict, ctx: Context) -> Iterator[Problem]:
    yield from _expected_topics(expect, ctx)


def check_rule_examples(entry: LineDict, ctx: Context) -> Iterator[Problem]:
    """Every rule carries examples: given inputs and the expected level/topics."""
    yield from check_examples(entry, ctx, ctx.vocab.inputs, RULE_EXPECT_KEYS, _rule_expect)


def check_plan_examples(entry: LineDict, ctx: Context) -> Iterator[Problem]:
    """Plan examples: a context (with `after`) and the days the item appears on."""
    specs = {name: spec for name, spec in plan_specs(ctx.vocab).items() if name not in ("day", "phase")}
    yield from check_examples(entry, ctx, specs, PLAN_EXPECT_KEYS, _plan_expect, PLAN_GIVEN_EXTRA)


def check_plan_fields(entry: LineDict, ctx: Context) -> Iterator[Problem]:
    """A plan item's slot, time, topic, text and per_sore."""
    if "slot" in entry and entry["slot"] not in ctx.vocab.slots:
        yield ctx.problem(entry.line_of("slot"), f"unknown slot {entry['slot']!r}"
                                                 f"{_closest(str(entry['slot']), list(ctx.vocab.slots))}; "
                                                 f"slots are: {', '.join(ctx.vocab.slots)}")
    if "time" in entry and (not isinstance(entry["time"], str) or not TIME_PATTERN.match(entry["time"])):
        yield ctx.problem(entry.line_of("time"),
                          f"time must be a quoted 24-hour clock time like \"14:30\", got {entry['time']!r}")
    if "topic" in entry:
        yield from check_topic(entry["topic"], ctx, entry.line_of("topic"))
    if "text" in entry:
        yield from check_text(entry["text"], ctx, entry.line_of("text"), "text")
    if "per_sore" in entry and not isinstance(entry["per_sore"], bool):
        yield ctx.problem(entry.line_of("per_sore"), "per_sore must be true or false")


def _rule_keys(entry: LineDict, ctx: Context) -> Iterator[Problem]:
    return check_keys(entry, ctx, RULE_KEYS, "rule")


def _plan_keys(entry: LineDict, ctx: Context) -> Iterator[Problem]:
    return check_keys(entry, ctx, PLAN_KEYS, "plan item")


RULE_CHECKS: tuple[Check, ...] = (
    _rule_keys, check_id, check_title, check_level, check_red_flag, check_origin, check_headline, check_fallback,
    check_source, check_when, check_advice, check_rule_examples,
)
PLAN_CHECKS: tuple[Check, ...] = (
    _plan_keys, check_id, check_title, check_origin, check_source, check_plan_conditions,
    check_plan_fields, check_plan_examples,
)


# --- load rules (training-log advice) ---------------------------------------

LOAD_KEYS = {
    "id": True, "title": True, "when": True, "advice": True, "source": True, "examples": True,
    "origin": False, "rationale": False,
}
LOAD_EXPECT_KEYS = {"topics": False, "absent": False, "fires": False}


def _load_keys(entry: LineDict, ctx: Context) -> Iterator[Problem]:
    return check_keys(entry, ctx, LOAD_KEYS, "load rule")


def check_load_when(entry: LineDict, ctx: Context) -> Iterator[Problem]:
    """A load rule reads the load inputs (acwr, ...), not the assess inputs."""
    if "when" in entry:
        yield from check_condition(entry["when"], ctx, entry.line_of("when"), ctx.vocab.load_inputs)


def check_load_examples(entry: LineDict, ctx: Context) -> Iterator[Problem]:
    """Load examples: given load inputs, expected topics (load rules set no level)."""
    yield from check_examples(entry, ctx, ctx.vocab.load_inputs, LOAD_EXPECT_KEYS, _load_expect,
                              what="load example expect")


_SAMPLE = {"number": 1.5, "integer": 2, "choice": "knee", "flag": True}


def check_load_placeholders(entry: LineDict, ctx: Context) -> Iterator[Problem]:
    """Braces in a load rule's advice name load inputs, with a fitting format ({acwr:.2f})."""
    import string

    advice = entry.get("advice")
    if not isinstance(advice, list):
        return
    for item in advice:
        text = item.get("text") if isinstance(item, dict) else None
        if not isinstance(text, dict):
            continue
        for lang, value in text.items():
            if not isinstance(value, str):
                continue
            line = line_of(text, lang)
            try:
                parsed = list(string.Formatter().parse(value))
            except ValueError as exc:
                yield ctx.problem(line, f"advice text '{lang}': bad braces ({exc}); "
                                        "write {{ for a brace")
                continue
            fields = [(f, spec) for _, f, spec, _ in parsed if f is not None]
            for name, spec in fields:
                input_spec = ctx.vocab.load_inputs.get(name)
                if input_spec is None:
                    yield ctx.problem(line, f"advice text '{lang}': {{{name}}} is not a load input"
                                            f"{_closest(name, list(ctx.vocab.load_inputs))}")
                    continue
                try:
                    format(_SAMPLE.get(input_spec.type, ""), spec or "")
                except (ValueError, TypeError):
                    yield ctx.problem(line, f"advice text '{lang}': format '{spec}' does not fit "
                                            f"{input_spec.type} '{name}'")


LOAD_CHECKS: tuple[Check, ...] = (
    _load_keys, check_id, check_title, check_origin, check_source, check_load_when, check_advice,
    check_load_examples, check_load_placeholders,
)
