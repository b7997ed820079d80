"""`recover assess`: triage a complaint from flags, a log's latest morning or an interview."""

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from recoverycli.cli import runtime
from recoverycli.cli.framework_words import RecoverCommand
from recoverycli.cli.options import Options


def register(app: typer.Typer, o: Options, command: type[RecoverCommand]) -> None:
    """Add `assess` to `app`, its flags from the vocabulary."""
    inputs = o.vocab.inputs

    @app.command(cls=command, help=o.h("help_assess"), epilog=o.h("example_assess"))
    def assess(
        ctx: typer.Context,
        pain: Annotated[str | None, o.choice("pain", o.ih("pain"), "--pain")] = None,
        location: Annotated[str | None, o.choice("location", o.ih("location"), "--location")] = None,
        spread: Annotated[str | None, o.choice("spread", o.ih("spread"), "--spread")] = None,
        onset: Annotated[str | None, o.choice("onset", o.ih("onset"), "--onset")] = None,
        hours_since: Annotated[float | None, o.number(inputs["hours_since"], "--hours-since")] = None,
        severity: Annotated[int | None, o.number(inputs["severity"], "--severity")] = None,
        warmup: Annotated[str | None, o.choice("warmup", o.ih("warmup"), "--warmup")] = None,
        gait_changed: Annotated[bool | None, o.flag("gait_changed")] = None,
        swelling: Annotated[bool | None, o.flag("swelling")] = None,
        numb: Annotated[bool | None, o.flag("numb")] = None,
        tingling: Annotated[bool | None, o.flag("tingling")] = None,
        radiating: Annotated[bool | None, o.flag("radiating")] = None,
        recurring: Annotated[bool | None, o.flag("recurring")] = None,
        when: Annotated[str | None, o.choice("when", o.ih("when"), "--when")] = None,
        frequent: Annotated[bool | None, o.flag("frequent")] = None,
        hrv: Annotated[str | None, o.choice("hrv", o.ih("hrv"), "--hrv")] = None,
        rhr: Annotated[str | None, o.choice("rhr", o.ih("rhr"), "--rhr")] = None,
        sleep: Annotated[float | None, o.number(inputs["sleep"], "--sleep")] = None,
        after: Annotated[str | None, o.choice("after", o.ih("after"), "--after")] = None,
        during_run: Annotated[int | None, o.number(inputs["during_run"], "--during-run")] = None,
        next_morning: Annotated[str | None, o.choice("next_morning", o.ih("next_morning"), "--next-morning")] = None,
        trend: Annotated[str | None, o.choice("trend", o.ih("trend"), "--trend")] = None,
        bone_tender: Annotated[bool | None, o.flag("bone_tender")] = None,
        hop: Annotated[str | None, o.choice("hop", o.ih("hop"), "--hop")] = None,
        weight_bearing: Annotated[str | None, o.choice(
            "weight_bearing", o.ih("weight_bearing"), "--weight-bearing")] = None,
        injury: Annotated[str | None, o.choice("injury", o.ih("injury"), "--injury")] = None,
        giving_way: Annotated[bool | None, o.flag("giving_way")] = None,
        first_steps: Annotated[bool | None, o.flag("first_steps")] = None,
        redness: Annotated[bool | None, o.flag("redness")] = None,
        dark_urine: Annotated[bool | None, o.flag("dark_urine")] = None,
        saddle_numb: Annotated[bool | None, o.flag("saddle_numb")] = None,
        log: Annotated[str | None, typer.Option("--log", help=o.h("opt_log"), metavar="FILE",
                                                show_default=False)] = None,
        only: Annotated[list[str] | None, o.only] = None,
        fail_on: Annotated[str | None, o.fail_on] = None,
        full: Annotated[bool, typer.Option("--full", help=o.h("opt_full"))] = False,
        explain: Annotated[bool, typer.Option("--explain", help=o.h("opt_explain"))] = False,
        json_out: Annotated[bool, o.json] = False,
        lang: Annotated[str | None, o.language] = None,
        rules: Annotated[list[Path] | None, o.rules] = None,
    ) -> None:
        """Triage a complaint: go, easy, rest, stop or urgent, and what to do about it."""
        # every parameter named after a vocabulary input is that input's flag; unset ones are unknown
        flags = {name: value for name, value in locals().items() if name in inputs and value is not None}
        run_assess(ctx, flags, log=log, only=only, fail_on=fail_on, full=full, explain=explain,
                   json_out=json_out, lang=lang, rules=rules)


def run_assess(ctx: typer.Context, given: dict[str, Any], *, log: str | None, only: list[str] | None,
               fail_on: str | None, full: bool, explain: bool, json_out: bool, lang: str | None,
               rules: Any) -> None:
    """Flags (and the log's latest morning) → `api.assess` → the short, full or JSON answer."""
    from recoverycli import api
    from recoverycli.model.values import InputError

    lang = runtime.language(ctx, lang)
    book = runtime.rulebook(rules, api.vocabulary(), lang)
    from_log: dict[str, Any] = {}
    if log is not None:
        from recoverycli.cli.logfiles import log_mornings
        from recoverycli.traininglog.readiness import latest_inputs

        _logs, mornings, _method = log_mornings([log], book, lang, None, False)
        from_log = {k: v for k, v in latest_inputs(mornings).items() if k not in given}
        given = {**given, **from_log}
    if not given and not json_out and log is None:
        if sys.stdin.isatty() and sys.stdout.isatty():
            from recoverycli.cli.interview import ask_inputs

            given = ask_inputs(book, lang)
        else:
            typer.echo(book.vocab.msg("guide", lang), nl=False)
            return
    try:
        result = api.assess(rules or (), explain=explain, **given)
    except InputError as exc:
        raise typer.BadParameter(str(exc), param_hint=f"'--{exc.name.replace('_', '-')}'") from None
    topics = frozenset(only or ())
    if json_out:
        from recoverycli.render.jsonout import assessment_doc, emit

        doc = assessment_doc(result, book, lang, topics, explain)
        if log is not None:
            doc["inputs_from_log"] = sorted(from_log)
        emit(doc)
    else:
        from recoverycli.render.console import make_console

        if full or explain:
            from recoverycli.render.richout import assessment

            assessment(make_console(), result, book, lang, topics, explain)
        else:
            from recoverycli.render.brief import assessment_brief

            assessment_brief(make_console(), result, book, lang, topics)
    runtime.exit_for_level(result.level, fail_on, book, lang)
