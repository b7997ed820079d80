"""Reading and checking numbers: one set of rules for flags, prompts, logs and the API."""

from __future__ import annotations

import math

import pytest

from recoverycli import load_rules
from recoverycli.model.values import number_problem, range_text, read_number

VOCAB = load_rules().vocab


@pytest.mark.parametrize(("text", "number"), [
    ("7.5", 7.5), (" 8 ", 8.0), ("7,5", 7.5), ("0", 0.0), ("-1", -1.0), ("1e1", 10.0),
])
def test_numbers_are_read_as_runners_type_them(text: str, number: float) -> None:
    assert read_number(text) == number


@pytest.mark.parametrize("text", ["", "soon", "1,5,5", "1.5,5", "7 h", "nan", "inf", "-inf"])
def test_what_is_no_finite_number_is_refused_by_one_check(text: str) -> None:
    assert not math.isfinite(read_number(text))
    assert number_problem(read_number(text), VOCAB.inputs["sleep"]) == "number"


@pytest.mark.parametrize(("name", "value", "problem"), [
    ("severity", 10, None), ("severity", 0, None), ("severity", 11, "range"), ("severity", -1, "range"),
    ("severity", 6.5, "whole"), ("severity", 7.0, None),
    ("sleep", 24, None), ("sleep", 24.5, "range"), ("sleep", 6.5, None),
    ("hours_since", 10_000, None), ("hours_since", -0.5, "range"),
])
def test_number_problems(name: str, value: float, problem: str | None) -> None:
    assert number_problem(value, VOCAB.inputs[name]) == problem


def test_range_text() -> None:
    assert range_text(VOCAB.inputs["severity"]) == "0–10"
    assert range_text(VOCAB.inputs["hours_since"]) == "≥0"


def test_range_text_with_only_an_upper_bound() -> None:
    from recoverycli.model import InputSpec

    assert range_text(InputSpec("x", "number", max=5)) == "≤5"


def test_range_text_with_both_ends() -> None:
    from recoverycli.model import InputSpec
    from recoverycli.model.values import range_ends

    assert range_text(VOCAB.inputs["severity"], both_ends=True) == "0–10"
    assert range_text(VOCAB.inputs["hours_since"], both_ends=True) == "0–∞"
    assert range_text(InputSpec("x", "number", max=5), both_ends=True) == "-∞–5"
    assert range_ends(InputSpec("x", "number", min=0.5)) == ("0.5", "∞")


@pytest.mark.parametrize(("name", "value", "problem", "written"), [
    ("numb", True, None, None), ("numb", "yes", "flag", "flag"), ("numb", 1, "flag", "flag"),
    ("severity", 3, None, None), ("severity", 3.0, None, "whole"), ("severity", 3.5, "whole", "whole"),
    ("severity", True, "type", "type"), ("severity", "3", "type", "type"), ("severity", 12, "range", "range"),
    ("hours_since", math.nan, "number", "number"), ("hours_since", math.inf, "number", "number"),
    ("pain", "sharp", None, None), ("pain", "sharpish", "choice", "choice"),
])
def test_one_decision_whether_a_value_fits(name: str, value: object, problem: str | None,
                                           written: str | None) -> None:
    """The API, the CLI, the log reader and rule files ask the same question; only a rule file
    (`as_written`) refuses 3.0 for a whole number."""
    from recoverycli.model.values import value_problem

    assert value_problem(VOCAB.inputs[name], value) == problem
    assert value_problem(VOCAB.inputs[name], value, as_written=True) == written
