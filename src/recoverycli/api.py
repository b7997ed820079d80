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
from recoverycli.model import Assessment, Plan, RuleBook, Vocabulary
from recoverycli.problems import ProblemsError

_BOOKS: dict[tuple[str, ...], RuleBook] = {}


def load_rules(extra: Iterable[str | Path] = ()) -> RuleBook:
    """The shipped rules plus user rule paths, loaded once per process.

    Raises ProblemsError (with every located problem) when any file is bad.
    """
    import os

    from recoverycli.rulefiles.cache import load_rulebook_cached
    from recoverycli.rulefiles.discovery import RULES_ENV

    key = (*(str(p) for p in extra), os.environ.get(RULES_ENV, ""))
    book = _BOOKS.get(key)
    if book is None:
        book, problems = load_rulebook_cached(extra)
        if problems:
            raise ProblemsError(problems)
        _BOOKS[key] = book
    return book


def assess(rules: Iterable[str | Path] = (), *, explain: bool = False, **inputs: Any) -> Assessment:
    """Assess a complaint. Inputs are the `recover assess` flags with `_` for `-`;
    leave out what you do not know. `explain=True` also says why each rule did or
    did not fire. Raises InputError (a ValueError) for an unknown input or value."""
    from recoverycli.model.values import check_inputs

    book = load_rules(rules)
    checked = check_inputs(clean_inputs(inputs), book.vocab)
    return engine.assess_explained(checked, book) if explain else engine.assess(checked, book)


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


def vocabulary() -> Vocabulary:
    """The shipped vocabulary (allowed values, labels, messages), once per process.

    Raises ProblemsError when the vocabulary files are bad."""
    from recoverycli.rulefiles.cache import load_vocabulary_cached

    vocab, problems = load_vocabulary_cached()
    if problems:
        raise ProblemsError(problems)
    return vocab
