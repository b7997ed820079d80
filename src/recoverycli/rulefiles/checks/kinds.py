"""Which keys each kind of entry takes, and which checks run on it, in order."""

from __future__ import annotations

from collections.abc import Iterator

from recoverycli.problems import Problem
from recoverycli.rulefiles.bounded_yaml import LineDict
from recoverycli.rulefiles.checks.advice import check_advice, check_load_placeholders
from recoverycli.rulefiles.checks.base import Check, Context, check_keys
from recoverycli.rulefiles.checks.conditions import check_load_when, check_plan_conditions, check_when
from recoverycli.rulefiles.checks.examples import check_load_examples, check_plan_examples, check_rule_examples
from recoverycli.rulefiles.checks.fields import (
    check_fallback,
    check_headline,
    check_id,
    check_level,
    check_origin,
    check_plan_fields,
    check_red_flag,
    check_source,
    check_title,
)

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
LOAD_KEYS = {
    "id": True, "title": True, "when": True, "advice": True, "source": True, "examples": True,
    "origin": False, "rationale": False,
}


def check_rule_keys(entry: LineDict, ctx: Context) -> Iterator[Problem]:
    """An assess rule's keys."""
    return check_keys(entry, ctx, RULE_KEYS, "rule")


def check_plan_keys(entry: LineDict, ctx: Context) -> Iterator[Problem]:
    """A plan item's keys."""
    return check_keys(entry, ctx, PLAN_KEYS, "plan item")


def check_load_keys(entry: LineDict, ctx: Context) -> Iterator[Problem]:
    """A load rule's keys."""
    return check_keys(entry, ctx, LOAD_KEYS, "load rule")


RULE_CHECKS: tuple[Check, ...] = (
    check_rule_keys, check_id, check_title, check_level, check_red_flag, check_origin, check_headline,
    check_fallback, check_source, check_when, check_advice, check_rule_examples,
)
PLAN_CHECKS: tuple[Check, ...] = (
    check_plan_keys, check_id, check_title, check_origin, check_source, check_plan_conditions,
    check_plan_fields, check_plan_examples,
)
LOAD_CHECKS: tuple[Check, ...] = (
    check_load_keys, check_id, check_title, check_origin, check_source, check_load_when, check_advice,
    check_load_examples, check_load_placeholders,
)
