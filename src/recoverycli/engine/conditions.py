"""Turn a validated `when` condition into a fast three-valued callable.

Why it exists: this is the plain path every evaluation can take. A condition
is compiled once, when the rules load (`compile_book`); evaluating it is then
a few closure calls with no parsing, no dictionary walking and no allocation.
`generated` is the batch fast path and must agree with these closures.

Semantics (Kleene logic): a matcher on an input that was not given is unknown
(None), except `{known: false}` or `{known: true}`, which asks whether it was
given; `all` is false if any part is false, else unknown if any is unknown;
`any` is true if any part is true, else unknown if any is unknown; `not`
swaps true and false and keeps unknown.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from recoverycli.model import Inputs, RuleBook, Truth

Condition = Callable[[Inputs], Truth]
"""A compiled `when`: inputs in, True, False or None (unknown) out."""

COMBINATORS = ("any", "all", "not")


def compile_condition(condition: Any, many: frozenset[str] = frozenset()) -> Condition:
    """Compile a condition mapping; `many` names inputs that hold lists."""
    if condition is None:
        return _always
    return _compile_mapping(condition, many)


def read_inputs(condition: Any) -> frozenset[str]:
    """Every input a condition looks at."""
    return frozenset(name for name, _ in leaves(condition))


def leaves(condition: Any) -> Iterator[tuple[str, Any]]:
    """(input, matcher) pairs anywhere in a condition."""
    if isinstance(condition, dict):
        for key, value in condition.items():
            if key in ("any", "all"):
                for part in value:
                    yield from leaves(part)
            elif key == "not":
                yield from leaves(value)
            else:
                yield key, value


def compile_leaf(name: str, matcher: Any, many: frozenset[str] = frozenset()) -> Condition:
    """One input's matcher as a callable (used by --explain as well)."""
    return _compile_matcher(name, matcher, name in many)


def _always(_inputs: Inputs) -> Truth:
    return True


def _compile_mapping(condition: dict[str, Any], many: frozenset[str]) -> Condition:
    parts: list[Condition] = []
    for key, value in condition.items():
        if key == "any":
            parts.append(_any([_compile_mapping(p, many) for p in value]))
        elif key == "all":
            parts.append(_all([_compile_mapping(p, many) for p in value]))
        elif key == "not":
            parts.append(_not(_compile_mapping(value, many)))
        else:
            parts.append(_compile_matcher(key, value, key in many))
    return parts[0] if len(parts) == 1 else _all(parts)


def _all(parts: list[Condition]) -> Condition:
    def check(inputs: Inputs) -> Truth:
        result: Truth = True
        for part in parts:
            value = part(inputs)
            if value is False:
                return False
            if value is None:
                result = None
        return result

    return check


def _any(parts: list[Condition]) -> Condition:
    def check(inputs: Inputs) -> Truth:
        result: Truth = False
        for part in parts:
            value = part(inputs)
            if value is True:
                return True
            if value is None:
                result = None
        return result

    return check


def _not(part: Condition) -> Condition:
    def check(inputs: Inputs) -> Truth:
        value = part(inputs)
        return None if value is None else not value

    return check


def _compile_matcher(name: str, matcher: Any, many: bool) -> Condition:
    if isinstance(matcher, dict) and "known" in matcher:
        wanted_known = bool(matcher["known"])

        def is_known(inputs: Inputs) -> Truth:
            return (inputs.get(name) is not None) is wanted_known

        return is_known
    if isinstance(matcher, dict):
        low = matcher.get("min")
        high = matcher.get("max")

        def in_range(inputs: Inputs) -> Truth:
            value = inputs.get(name)
            if value is None:
                return None
            if low is not None and value < low:
                return False
            return not (high is not None and value > high)

        return in_range
    allowed = frozenset(matcher) if isinstance(matcher, list) else frozenset([matcher])
    if many:

        def overlaps(inputs: Inputs) -> Truth:
            value = inputs.get(name)
            if value is None:
                return None
            return not allowed.isdisjoint(value)

        return overlaps
    if isinstance(matcher, bool):
        wanted = matcher

        def flag_is(inputs: Inputs) -> Truth:
            value = inputs.get(name)
            return None if value is None else value is wanted

        return flag_is

    def one_of(inputs: Inputs) -> Truth:
        value = inputs.get(name)
        return None if value is None else value in allowed

    return one_of


def compile_book(book: RuleBook) -> RuleBook:
    """Compile every condition once, so evaluation is only closure calls."""
    for rule in book.rules:
        rule.check = compile_condition(rule.when, rule.many)
        rule.reads = read_inputs(rule.when)
    for item in book.plan_items:
        item.check = compile_condition(item.when, item.many)
        item.veto = compile_condition(item.unless, item.many) if item.unless is not None else _never
    for load_rule in book.load_rules:
        load_rule.check = compile_condition(load_rule.when)
        load_rule.reads = read_inputs(load_rule.when)
    return book


def _never(_inputs: Inputs) -> Truth:
    return False
