"""The Python API: everything the CLI does, callable without Typer.

Every `recover` command is a thin wrapper over these functions: `assess`, `plan`,
`load_rules` (and `with_origin`, `vocabulary`) for the rules; `read_log`,
`assess_rows`, `load_report` and `readiness` for training logs.

    >>> from recoverycli import assess, plan
    >>> assess(pain="sharp", location="ankle").level
    'stop'
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from recoverycli import engine
from recoverycli.model import Assessment, Plan, RuleBook, Vocabulary
from recoverycli.problems import ProblemsError

if TYPE_CHECKING:
    from recoverycli.traininglog.load_types import LoadReport
    from recoverycli.traininglog.reader import LogReader
    from recoverycli.traininglog.readiness import Morning
    from recoverycli.traininglog.rows import LogRow


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


# --- training logs --------------------------------------------------------------

def read_log(source: str | Path | TextIO, *, rules: Iterable[str | Path] = (), lang: str = "en",
             export_format: str | None = None, miles: bool = False) -> LogReader:
    """Open a training log for row-by-row reading: a path, an app export (Strava,
    Garmin, intervals.icu, HRV4Training, a FIT/GPX/TCX file), an unzipped Strava
    export folder, `-` for stdin, or a text stream. Use it in a `with` block.
    Raises LogFileError when the file cannot be used; a bad row is a value."""
    from recoverycli.traininglog.reader import read_log as open_log

    return open_log(source, load_rules(rules).vocab, lang=lang, export_format=export_format, miles=miles)


def assess_rows(rows: Iterable[LogRow], *, rules: Iterable[str | Path] = ()
                ) -> Iterator[tuple[LogRow, Assessment | None]]:
    """Assess each row like `recover assess`, lazily; (row, None) for a bad row."""
    from recoverycli.traininglog.batch import assess_rows as assess_each

    return assess_each(rows, load_rules(rules))


def load_report(rows: Iterable[LogRow], *, rules: Iterable[str | Path] = (), lang: str = "en",
                on_error: Callable[[int, str], None] | None = None) -> LoadReport:
    """Training load over time (`recover log load`): days, weeks, ratios, alerts and
    the load rules' advice; `on_error(line, message)` hears of each bad row."""
    from recoverycli.traininglog.trainingload import load_report as fold

    return fold(rows, load_rules(rules), lang, on_error=on_error)


def readiness(rows: Iterable[LogRow], *, rules: Iterable[str | Path] = (),
              on_error: Callable[[int, str], None] | None = None) -> list[Morning]:
    """Each morning's HRV and resting heart rate against the runner's own normal
    (`recover log readiness`); `latest_inputs` of the result fills `assess`."""
    from recoverycli.traininglog.readiness import Method, from_rows

    method = Method.from_vocabulary(load_rules(rules).vocab.readiness)
    return from_rows(rows, method, on_error=on_error)
