"""The condition language: three-valued (Kleene) logic, ranges, flags, list inputs.

Leaves are flag matchers (`numb: true`), so each leaf can be made true
(numb given as yes), false (given as no) or unknown (not given).
"""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from hypothesis import given as hypothesis_given
from hypothesis import settings
from hypothesis import strategies as st

from recoverycli.engine.conditions import compile_condition, read_inputs
from recoverycli.engine.generated import generate_evaluator

T, F, U = True, False, None
TRUTHS = (T, F, U)

# Kleene's strong three-valued logic, written out rather than computed.
AND = {
    (T, T): T,
    (T, F): F,
    (T, U): U,
    (F, T): F,
    (F, F): F,
    (F, U): F,
    (U, T): U,
    (U, F): F,
    (U, U): U,
}
OR = {
    (T, T): T,
    (T, F): T,
    (T, U): T,
    (F, T): T,
    (F, F): F,
    (F, U): U,
    (U, T): T,
    (U, F): U,
    (U, U): U,
}
NOT = {T: F, F: T, U: U}

A = {"numb": True}
B = {"swelling": True}
C = {"tingling": True}


def given(a: bool | None = None, b: bool | None = None, c: bool | None = None) -> dict[str, Any]:
    """Inputs that make leaf A, B, C true/false/unknown (None: not given)."""
    values = {"numb": a, "swelling": b, "tingling": c}
    return {k: v for k, v in values.items() if v is not None}


@pytest.mark.parametrize("a, b", list(itertools.product(TRUTHS, TRUTHS)))
def test_all_truth_table(a: bool | None, b: bool | None) -> None:
    assert compile_condition({"all": [A, B]})(given(a, b)) is AND[a, b]
    # several entries in one mapping must all hold, like `all`
    assert compile_condition({**A, **B})(given(a, b)) is AND[a, b]


@pytest.mark.parametrize("a, b", list(itertools.product(TRUTHS, TRUTHS)))
def test_any_truth_table(a: bool | None, b: bool | None) -> None:
    assert compile_condition({"any": [A, B]})(given(a, b)) is OR[a, b]


@pytest.mark.parametrize("a", TRUTHS)
def test_not_truth_table(a: bool | None) -> None:
    assert compile_condition({"not": A})(given(a)) is NOT[a]


@pytest.mark.parametrize("a, b, c", list(itertools.product(TRUTHS, TRUTHS, TRUTHS)))
def test_three_operands_and_nesting(a: bool | None, b: bool | None, c: bool | None) -> None:
    inputs = given(a, b, c)
    assert compile_condition({"all": [A, B, C]})(inputs) is AND[AND[a, b], c]
    assert compile_condition({"any": [A, B, C]})(inputs) is OR[OR[a, b], c]
    assert (
        compile_condition({"any": [A, {"all": [B, {"not": C}]}]})(inputs) is OR[a, AND[b, NOT[c]]]
    )
    # De Morgan holds in Kleene logic
    assert compile_condition({"not": {"any": [A, B]}})(inputs) is compile_condition(
        {"all": [{"not": A}, {"not": B}]}
    )(inputs)
    # a `not` over a mapping negates the whole mapping (all of its entries)
    assert compile_condition({"not": {**A, **B}})(inputs) is NOT[AND[a, b]]


@pytest.mark.parametrize(
    "value, expected",
    [
        (None, U),
        (True, T),
        (False, F),
    ],
)
def test_flag_true(value: bool | None, expected: bool | None) -> None:
    inputs = {} if value is None else {"numb": value}
    assert compile_condition({"numb": True})(inputs) is expected


@pytest.mark.parametrize(
    "value, expected",
    [
        (None, U),
        (True, F),
        (False, T),
    ],
)
def test_flag_false_means_given_as_no(value: bool | None, expected: bool | None) -> None:
    inputs = {} if value is None else {"numb": value}
    assert compile_condition({"numb": False})(inputs) is expected


@pytest.mark.parametrize(
    "value, expected",
    [
        (None, U),
        (0, F),
        (2, F),
        (3, T),
        (5, T),
        (7, T),
        (8, F),
        (10, F),
    ],
)
def test_integer_range_bounds_are_inclusive(value: int | None, expected: bool | None) -> None:
    inputs = {} if value is None else {"severity": value}
    assert compile_condition({"severity": {"min": 3, "max": 7}})(inputs) is expected


@pytest.mark.parametrize(
    "matcher, value, expected",
    [
        ({"min": 24}, 23.99, F),
        ({"min": 24}, 24, T),
        ({"min": 24}, 24.0, T),
        ({"min": 24}, 500, T),
        ({"max": 72}, 0, T),
        ({"max": 72}, 72.0, T),
        ({"max": 72}, 72.01, F),
        ({"min": 0, "max": 0}, 0, T),
        ({"min": 0, "max": 0}, 0.5, F),
    ],
)
def test_number_range_one_sided_and_zero(
    matcher: dict[str, float], value: float, expected: bool
) -> None:
    assert compile_condition({"hours_since": matcher})({"hours_since": value}) is expected


def test_zero_is_a_known_value() -> None:
    assert compile_condition({"severity": {"max": 2}})({"severity": 0}) is True
    assert compile_condition({"severity": 0})({"severity": 0}) is True
    assert compile_condition({"severity": 0})({}) is None


@pytest.mark.parametrize("matcher", ["sharp", ["sharp", "stabbing"]])
def test_equals_and_one_of(matcher: str | list[str]) -> None:
    check = compile_condition({"pain": matcher})
    assert check({"pain": "sharp"}) is True
    assert check({"pain": "ache"}) is False
    assert check({}) is None
    assert compile_condition({"pain": ["sharp", "stabbing"]})({"pain": "stabbing"}) is True


@pytest.mark.parametrize("matcher", [["calf", "quad"], "quad"])
def test_many_inputs_match_when_any_listed_value_matches(matcher: str | list[str]) -> None:
    check = compile_condition({"sore": matcher}, frozenset({"sore"}))
    assert check({"sore": ["knee", "quad"]}) is True
    assert check({"sore": ["quad"]}) is True
    assert check({"sore": ["knee", "hip"]}) is False
    assert check({}) is None


def test_many_inputs_combine_with_not() -> None:
    check = compile_condition(
        {"not": {"sore_tissue": ["bone", "joint"]}}, frozenset({"sore_tissue"})
    )
    assert check({"sore_tissue": ["muscle"]}) is True
    assert check({"sore_tissue": ["muscle", "joint"]}) is False
    assert check({}) is None


def test_no_condition_always_holds() -> None:
    assert compile_condition(None)({}) is True


def test_read_inputs_finds_every_leaf() -> None:
    condition = {
        "pain": "ache",
        "any": [{"numb": True}, {"all": [{"tissue": "joint"}, {"not": {"sleep": 5}}]}],
    }
    assert read_inputs(condition) == {"pain", "numb", "tissue", "sleep"}


def test_loaded_rule_uses_the_same_logic(book_of) -> None:
    from conftest import make_rule

    when = {"any": [A, {"all": [B, {"not": C}]}]}
    book = book_of(make_rule("logic-rule", when, "rest"))
    rule = book.rules[0]
    for a, b, c in itertools.product(TRUTHS, TRUTHS, TRUTHS):
        assert rule.check(given(a, b, c)) is OR[a, AND[b, NOT[c]]]


# --- the generated evaluator (batches) agrees with the closures ------------------

LEAVES = st.one_of(
    st.sampled_from([{"numb": True}, {"numb": False}, {"swelling": True}, {"numb": {"known": False}},
                     {"pain": {"known": True}}, {"pain": "sharp"}, {"pain": ["ache", "stiff"]},
                     {"severity": {"min": 7}}, {"severity": {"max": 3}},
                     {"sleep": {"min": 5, "max": 7.5}}, {"sore": ["calf", "quad"]}]),
)
CONDITIONS = st.recursive(
    LEAVES,
    lambda inner: st.one_of(
        st.builds(lambda parts: {"all": parts}, st.lists(inner, min_size=1, max_size=4)),
        st.builds(lambda parts: {"any": parts}, st.lists(inner, min_size=1, max_size=4)),
        st.builds(lambda part: {"not": part}, inner),
        st.builds(lambda a, b: {**a, **b}, inner, inner),  # several keys in one mapping
    ),
    max_leaves=12,
)
INPUTS = st.fixed_dictionaries({}, optional={
    "numb": st.booleans(), "swelling": st.booleans(),
    "pain": st.sampled_from(["sharp", "ache", "stiff", "cramp"]),
    "severity": st.integers(0, 10), "sleep": st.floats(0, 24, allow_nan=False),
    "sore": st.lists(st.sampled_from(["calf", "quad", "knee"]), max_size=3),
})
MANY = frozenset({"sore"})


@settings(max_examples=400, deadline=None)
@hypothesis_given(conditions=st.lists(CONDITIONS, min_size=1, max_size=5), inputs=INPUTS)
def test_generated_evaluator_agrees_with_the_closures(conditions: list[Any],
                                                     inputs: dict[str, Any]) -> None:
    order = list(reversed(range(len(conditions))))
    evaluate = generate_evaluator(conditions, MANY, order, [f"item{i}" for i in range(len(conditions))])
    assert evaluate is not None
    expected = tuple(compile_condition(c, MANY)(inputs) for c in conditions)
    results, chosen = evaluate(inputs)
    assert results == expected
    assert all(type(got) is type(want) for got, want in zip(results, expected, strict=True))
    assert chosen == [f"item{i}" for i in order if expected[i] is True]  # in the order asked


def test_generated_evaluator_gives_unknown_for_a_missing_condition() -> None:
    evaluate = generate_evaluator([None, {"numb": True}])
    assert evaluate is not None
    assert evaluate({"numb": True}) == ((None, True), [1])


def test_generated_source_holds_no_rule_text() -> None:
    from recoverycli.engine.generated import _Generator

    source = _Generator(frozenset()).function([{"pain": "sharp'); import os; ('"}, {"numb": True}], [0, 1])
    assert "import" not in source and "sharp" not in source and "numb" not in source
