"""`recover plan`: a day-by-day recovery plan, on screen, as JSON or as a calendar."""

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from recoverycli.cli import runtime
from recoverycli.cli.framework_words import RecoverCommand
from recoverycli.cli.options import Options
from recoverycli.model import InputSpec, Plan, RuleBook, Vocabulary


def register(app: typer.Typer, o: Options, command: type[RecoverCommand]) -> None:
    """Add `plan` to `app`."""
    longest = InputSpec("days", "integer", min=1, max=o.vocab.plan_inputs["day"].max)

    @app.command(cls=command, help=o.h("help_plan"), epilog=o.h("example_plan"))
    def plan(
        ctx: typer.Context,
        after: Annotated[str, o.choice("events", o.h("opt_plan_after"), "--after")],
        days: Annotated[int | None, o.number(longest, "--days", o.h("opt_days"))] = None,
        start: Annotated[str | None, typer.Option("--start", help=o.h("opt_start"), metavar="DATE")] = None,
        hrv: Annotated[str | None, o.choice("hrv", o.ih("hrv"), "--hrv")] = None,
        rhr: Annotated[str | None, o.choice("rhr", o.ih("rhr"), "--rhr")] = None,
        sore: Annotated[list[str] | None, o.choice("sore", o.h("opt_sore"), "--sore")] = None,
        desk_job: Annotated[bool | None, o.flag("desk_job")] = None,
        ics: Annotated[Path | None, typer.Option(
            "--ics", help=o.h("opt_ics"), metavar="FILE", dir_okay=False)] = None,
        ics_items: Annotated[bool, typer.Option("--ics-items", help=o.h("opt_ics_items"))] = False,
        full: Annotated[bool, typer.Option("--full", help=o.h("opt_plan_full"))] = False,
        only: Annotated[list[str] | None, o.only] = None,
        json_out: Annotated[bool, o.json] = False,
        lang: Annotated[str | None, o.language] = None,
        rules: Annotated[list[Path] | None, o.rules] = None,
    ) -> None:
        """A day-by-day recovery plan after a race or a hard session."""
        from recoverycli import api

        lang = runtime.language(ctx, lang)
        vocab = api.vocabulary()
        start_date = None if start is None else start_day(start, days or int(longest.max or 0), vocab, lang)
        book = runtime.rulebook(rules, vocab, lang)
        context = {"hrv": hrv, "rhr": rhr, "sore": list(dict.fromkeys(sore or [])) or None, "desk_job": desk_job}
        result = api.plan(after, days=days, start=start_date, rules=rules or (), **context)
        topics = frozenset(only or ())
        if ics is not None:
            write_calendar(result, book, lang, ics, topics, start_date, ics_items)
            if str(ics) == "-":
                return  # the calendar is the output: nothing else may share stdout
        if json_out:
            from recoverycli.render.jsonout import emit, plan_doc

            emit(plan_doc(result, book, lang, topics))
        else:
            from recoverycli.render.console import make_console

            if full:
                from recoverycli.render.richout import plan as show_plan

                show_plan(make_console(), result, book, lang, topics)
            else:
                from recoverycli.render.brief import plan_brief

                plan_brief(make_console(), result, book, lang, topics)


def start_day(start: str, days: int, vocab: Vocabulary, lang: str) -> dt.date:
    """--start as people write it (a date, today, morgen); one that does not exist is named."""
    from recoverycli.model.values import DateProblem, read_date

    try:
        start_date = read_date(start, vocab)
    except DateProblem as problem:
        raise typer.BadParameter(vocab.msg(problem.key, lang, value=start, **problem.values),
                                 param_hint="'--start'") from None
    try:
        start_date + dt.timedelta(days=days + 1)  # the plan's last day must be a date too
    except OverflowError:
        raise typer.BadParameter(vocab.msg("error_bad_date", lang, value=start), param_hint="'--start'") from None
    return start_date


def write_calendar(result: Plan, book: RuleBook, lang: str, ics: Path, topics: frozenset[str],
                   start_date: dt.date | None, per_item: bool) -> None:
    """--ics FILE (or `-`): the plan as iCalendar; without --start, stderr names the day used."""
    from recoverycli.render.ics import write_ics

    vocab = book.vocab
    if start_date is None:
        typer.echo(vocab.msg("ics_start_today", lang, date=dt.date.today().isoformat()), err=True)
    with runtime.writing(ics, vocab, lang):
        count = write_ics(result, book, lang, ics, topics, start_date or dt.date.today(), per_item)
    typer.echo(vocab.msg("ics_written", lang, count=count,
                         file=vocab.msg("stdout_name", lang) if str(ics) == "-" else ics), err=True)
