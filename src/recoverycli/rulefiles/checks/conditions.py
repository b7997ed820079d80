"""Conditions: `when` and `unless`, matchers on known inputs, any/all/not.

Whether a value fits its input is decided by `model.values.value_problem`,
the one place the API, the CLI and the log reader ask as well; here it is
only put in a rule-file problem's words.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from recoverycli.model import InputSpec, Vocabulary
from recoverycli.model.values import range_text, value_problem
from recoverycli.problems import Problem
from recoverycli.rulefiles.bounded_yaml import LineDict
from recoverycli.rulefiles.checks.base import Context, closest, line_of

MAX_DEPTH = 20


def check_value(spec: InputSpec, value: Any, ctx: Context, line: int, where: str) -> Iterator[Problem]:
    """One value, as written in a rule file, against its input's type and allowed values."""
    problem = value_problem(spec, value, as_written=True)
    if problem == "flag":
        yield ctx.problem(line, f"{where}: '{spec.name}' is a flag; use true or false, not {value!r}")
    elif problem in ("type", "number", "whole"):
        kind = "a whole number" if spec.type == "integer" else "a number"
        yield ctx.problem(line, f"{where}: '{spec.name}' must be {kind}, not {value!r}")
    elif problem == "range":
        yield ctx.problem(line, f"{where}: '{spec.name}' is out of range "
                                f"({range_text(spec, both_ends=True)}): {value!r}")
    elif problem == "choice":
        yield ctx.problem(line, f"{where}: unknown value {value!r} for '{spec.name}'"
                                f"{closest(str(value), spec.values)}; allowed: {', '.join(spec.values)}")


def check_condition(condition: Any, ctx: Context, line: int, specs: dict[str, InputSpec],
                    where: str = "when", depth: int = 0) -> Iterator[Problem]:
    """The condition language: matchers on known inputs, any/all/not."""
    if depth > MAX_DEPTH:
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
            yield ctx.problem(key_line, f"{where}: unknown input '{key}'{closest(str(key), names)}")
        else:
            yield from check_matcher(specs[key], matcher, ctx, key_line, where)


def check_matcher(spec: InputSpec, matcher: Any, ctx: Context, line: int, where: str) -> Iterator[Problem]:
    """One input's matcher: a value, a list of values, a {min, max} range or {known: bool}."""
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


def plan_specs(vocab: Vocabulary) -> dict[str, InputSpec]:
    """Inputs a plan template's conditions may read."""
    specs: dict[str, InputSpec] = {name: vocab.inputs[name] for name in ("after", "hrv", "rhr")
                                   if name in vocab.inputs}
    specs.update(vocab.plan_inputs)
    return specs


def check_when(entry: LineDict, ctx: Context) -> Iterator[Problem]:
    """An assess rule's `when` reads the assess inputs."""
    if "when" in entry:
        yield from check_condition(entry["when"], ctx, entry.line_of("when"), ctx.vocab.inputs)


def check_plan_conditions(entry: LineDict, ctx: Context) -> Iterator[Problem]:
    """A plan item's `when` and `unless` read the plan context (after, day, phase, hrv, ...)."""
    specs = plan_specs(ctx.vocab)
    for key in ("when", "unless"):
        if key in entry:
            yield from check_condition(entry[key], ctx, entry.line_of(key), specs, key)


def check_load_when(entry: LineDict, ctx: Context) -> Iterator[Problem]:
    """A load rule reads the load inputs (acwr, ...), not the assess inputs."""
    if "when" in entry:
        yield from check_condition(entry["when"], ctx, entry.line_of("when"), ctx.vocab.load_inputs)
