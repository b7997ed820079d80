"""The Python API: everything the CLI does, callable without Typer.

    >>> from recoverycli import assess, plan
    >>> assess(pain="sharp", location="ankle").level
    'stop'
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from recoverycli import engine
from recoverycli.model import Assessment, Plan, RuleBook
from recoverycli.problems import ProblemsError


def load_rules(extra: Iterable[str | Path] = ()) -> RuleBook:
    """The shipped rules plus user rule paths; each file is read once per process
    and cached on disk under its own key (see `rulefiles.cache`).

    Raises ProblemsError (with every located problem) when any file is bad.
    """
    from recoverycli.rulefiles.cache import load_rulebook_cached

    book, problems = load_rulebook_cached(extra)
    if problems:
        raise ProblemsError(problems)
    return book


def assess(rules: Iterable[str | Path] = (), **inputs: Any) -> Assessment:
    """Assess a complaint. Inputs are the `recover assess` flags with `_` for `-`;
    leave out what you do not know. Raises InputError (a ValueError) for an
    unknown input or value."""
    from recoverycli.model.values import check_inputs

    book = load_rules(rules)
    return engine.assess(check_inputs(clean_inputs(inputs), book.vocab), book)


def plan(after: str, *, days: int | None = None, start: dt.date | None = None,
         rules: Iterable[str | Path] = (), **context: Any) -> Plan:
    """A day-by-day recovery plan after an event (`marathon`, `intervals`, ...)."""
    book = load_rules(rules)
    if after not in book.vocab.events:
        raise ValueError(f"unknown event {after!r}; events: {', '.join(book.vocab.events)}")
    context = clean_inputs(context)
    from recoverycli.rulefiles.checks import plan_specs

    specs = plan_specs(book.vocab)
    for name, value in context.items():
        spec = specs.get(name)
        if spec is None or spec.derived or name in ("after", "day", "phase"):
            raise ValueError(f"unknown plan context {name!r}; use hrv, rhr, sore, desk_job")
        from recoverycli.model.values import check_value

        for one in (value if spec.many else [value]):
            check_value(spec, one)
    return engine.plan(after, book, context, days=days, start=start)


def clean_inputs(inputs: dict[str, Any]) -> dict[str, Any]:
    """Drop what was not given; `-` and `_` spellings both work."""
    return {k.replace("-", "_"): v for k, v in inputs.items() if v is not None and v != [] and v != ()}


def with_origin(book: RuleBook, origin: str) -> RuleBook:
    """The book with only the rules, plan items and load rules of one origin
    (`article`, `external` or `project`), for `recover rules list --origin`."""
    import dataclasses

    return dataclasses.replace(
        book,
        rules=[r for r in book.rules if r.source.origin == origin],
        plan_items=[p for p in book.plan_items if p.source.origin == origin],
        load_rules=[r for r in book.load_rules if r.source.origin == origin],
    )
