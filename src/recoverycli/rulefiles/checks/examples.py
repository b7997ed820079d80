"""Examples: every entry carries {given, expect} pairs that `recover rules test` runs."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from recoverycli.model import InputSpec
from recoverycli.problems import Problem
from recoverycli.rulefiles.bounded_yaml import LineDict, LineList
from recoverycli.rulefiles.checks.base import Context, check_keys, closest, line_of
from recoverycli.rulefiles.checks.conditions import check_value, plan_specs
from recoverycli.rulefiles.checks.fields import check_topic

EXAMPLE_KEYS = {"given": True, "expect": True}
RULE_EXPECT_KEYS = {"level": False, "topics": False, "absent": False, "fires": False}
PLAN_EXPECT_KEYS = {"days": True}
LOAD_EXPECT_KEYS = {"topics": False, "absent": False, "fires": False}
PLAN_GIVEN_EXTRA = {"days"}

ExpectCheck = Callable[[LineDict, LineDict, Context], Iterator[Problem]]


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
                                          f"{closest(str(name), [n for n in specs if not specs[n].derived])}")
            continue
        values = value if spec.many and isinstance(value, list) else [value]
        for one in values:
            yield from check_value(spec, one, ctx, value_line, "example given")


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
        yield from check_keys(example, ctx, EXAMPLE_KEYS, "example")
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


def check_load_examples(entry: LineDict, ctx: Context) -> Iterator[Problem]:
    """Load examples: given load inputs, expected topics (load rules set no level)."""
    yield from check_examples(entry, ctx, ctx.vocab.load_inputs, LOAD_EXPECT_KEYS, _load_expect,
                              what="load example expect")
