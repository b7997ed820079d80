"""The `recover` command line: parse flags, call the core, pick a renderer.

Nothing here knows about running: the vocabulary (allowed values) comes from
the rule files, the answers from `engine`, the words from the renderers.
Heavy imports (rich, yaml, the engine) happen inside the commands, so
`recover --help` and shell completion stay fast.
"""

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from recoverycli import __version__
from recoverycli.cli.framework_words import RecoverCommand, RecoverGroup, bind_catalog, quiet_exit, show_usage_error
from recoverycli.cli.framework_words import configure as configure_words
from recoverycli.model import LANGUAGES, ORIGINS, InputSpec, pick
from recoverycli.model.values import number_problem, range_text, read_number

if TYPE_CHECKING:
    from recoverycli.model import RuleBook, Vocabulary



# --- vocabulary-backed choices ------------------------------------------------

def _load_vocabulary() -> "Vocabulary":
    """The shipped vocabulary: allowed values for flags, help and completion."""
    from recoverycli.rulefiles.cache import load_vocabulary_cached

    vocab, problems = load_vocabulary_cached()
    if problems:
        from recoverycli.render.console import make_console
        from recoverycli.render.richout import problems as show

        show(make_console(stderr=True), problems)
        raise SystemExit(3)
    return vocab


VOCAB = _load_vocabulary()


def _help_language(argv: list[str]) -> str:
    """The language of --help texts: --lang on the command line, else the usual choice."""
    from recoverycli.i18n import choose_language

    for index, word in enumerate(argv):
        if word == "--lang" and index + 1 < len(argv) and argv[index + 1] in LANGUAGES:
            return argv[index + 1]
        if word.startswith("--lang=") and word[7:] in LANGUAGES:
            return word[7:]
    return choose_language(None)


HELP_LANG = _help_language(sys.argv)
bind_catalog(HELP_LANG)  # Typer's own words through gettext, before it formats anything
configure_words(VOCAB, HELP_LANG)


def h(key: str) -> str:
    """A help text from messages.yaml in the help language."""
    return VOCAB.msg(key, HELP_LANG)


def ih(name: str) -> str:
    """An input's help text from the vocabulary in the help language."""
    spec = VOCAB.inputs.get(name) or VOCAB.plan_inputs[name]
    return pick(spec.help, HELP_LANG)


app = typer.Typer(
    cls=RecoverGroup,
    name="recover",
    help=h("help_app"),
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
)
rules_app = typer.Typer(cls=RecoverGroup, help=h("help_rules_app"), no_args_is_help=True)
log_app = typer.Typer(cls=RecoverGroup, help=h("help_log_app"), no_args_is_help=True)
app.add_typer(rules_app, name="rules")
app.add_typer(log_app, name="log")


def values_of(source: str) -> tuple[str, ...]:
    """Allowed values of an input (or of levels, topics, events) from the vocabulary."""
    if source == "lang":
        return LANGUAGES
    if source == "origin":
        return ORIGINS
    if source == "log_format":
        from recoverycli.traininglog.exports import FORMAT_IDS

        return FORMAT_IDS
    if source == "levels":
        return tuple(VOCAB.levels)
    if source == "topics":
        return tuple(VOCAB.topics)
    if source == "events":
        return tuple(VOCAB.events)
    spec = VOCAB.inputs.get(source) or VOCAB.plan_inputs[source]
    return spec.values


def _parser(source: str) -> Callable[[str], str]:
    values = values_of(source)
    words = source in VOCAB.inputs or source in VOCAB.plan_inputs or source == "events"

    def parse(value: str) -> str:
        if value in values:
            return value
        if words:
            from recoverycli.model.values import read_choice

            meant = read_choice(VOCAB, source, value)
            if meant is not None:
                return meant
        else:
            folded = [v for v in values if v.casefold() == value.strip().casefold()]
            if folded:
                return folded[0]
        import difflib

        close = difflib.get_close_matches(value, values, n=1)
        hint = VOCAB.msg("error_did_you_mean", HELP_LANG, close=close[0]) if close else ""
        raise typer.BadParameter(VOCAB.msg("error_bad_choice", HELP_LANG, value=value,
                                           choices=", ".join(values), hint=hint))

    return parse


def _completer(source: str) -> Callable[[str], list[str]]:
    values = values_of(source)

    def complete(incomplete: str) -> list[str]:
        return [v for v in values if v.startswith(incomplete)]

    return complete


def choice(source: str, help_text: str, flag: str) -> Any:
    """An option whose allowed values come from the vocabulary."""
    values = values_of(source)
    metavar = flag.lstrip("-").upper().replace("-", "_")
    return typer.Option(flag, parser=_parser(source), metavar=metavar, autocompletion=_completer(source),
                        help=f"{help_text} ({', '.join(values)})", show_default=False)


def _number_parser(spec: InputSpec) -> Callable[[str], float]:
    keys = {"number": "error_not_number", "whole": "error_not_whole", "range": "error_out_of_range"}

    def parse(value: str) -> float:
        number = read_number(value)
        problem = number_problem(number, spec)
        if problem is not None:
            raise typer.BadParameter(VOCAB.msg(keys[problem], HELP_LANG, value=value,
                                               range=range_text(spec)))
        return int(number) if spec.type == "integer" else number

    return parse


def number(spec: InputSpec, flag: str, help_text: str | None = None) -> Any:
    """A numeric option whose range comes from the vocabulary, checked with
    messages in the runner's language rather than the validator's."""
    return typer.Option(flag, parser=_number_parser(spec), metavar=range_text(spec),
                        help=help_text or pick(spec.help, HELP_LANG), show_default=False)


# --- options every command shares -------------------------------------------

JsonOpt = Annotated[bool, typer.Option("--json", help=h("opt_json"))]
LangOpt = Annotated[str | None, typer.Option(
    "--lang", parser=_parser("lang"), metavar="LANG", autocompletion=_completer("lang"),
    help=h("opt_lang"), show_default=False)]
RulesOpt = Annotated[list[Path] | None, typer.Option(
    "--rules", help=h("opt_rules"), metavar="DIR", show_default=False)]
OnlyOpt = Annotated[list[str] | None, choice("topics", h("opt_only"), "--only")]
FailOnOpt = Annotated[str | None, choice("levels", h("opt_fail_on"), "--fail-on")]


_GLOBAL_LANG: list[str | None] = [None]
"""`recover --lang nl COMMAND`: the language given before the command, for this run."""


def language(lang: str | None) -> str:
    """The command's --lang, else the one given before the command, else the usual choice."""
    from recoverycli.i18n import choose_language

    return choose_language(lang or _GLOBAL_LANG[0])


def fail_problems(problems: list[Any], lang: str) -> NoReturn:
    """Report located problems on stderr and exit 3 (bad data)."""
    from recoverycli.render.console import make_console
    from recoverycli.render.richout import problems as show

    console = make_console(stderr=True)
    console.print(VOCAB.msg("error_rules", lang))
    show(console, problems)
    raise typer.Exit(3)


def rulebook(rules: list[Path] | None, lang: str) -> "RuleBook":
    from recoverycli.api import load_rules
    from recoverycli.problems import ProblemsError

    try:
        book = load_rules(rules or ())
    except ProblemsError as exc:
        fail_problems(exc.problems, lang)
    return book


def version_callback(value: bool) -> None:
    if value:
        typer.echo(f"recover {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[bool | None, typer.Option(
        "--version", callback=version_callback, is_eager=True, help=h("opt_version"))] = None,
    lang: LangOpt = None,
) -> None:
    """A recovery advisor for runners: what hurts, what you did, what to do next."""
    _GLOBAL_LANG[0] = lang


# --- assess -----------------------------------------------------------------

@app.command(cls=RecoverCommand, help=h("help_assess"), epilog=h("example_assess"))
def assess(
    pain: Annotated[str | None, choice("pain", ih("pain"), "--pain")] = None,
    location: Annotated[str | None, choice("location", ih("location"), "--location")] = None,
    spread: Annotated[str | None, choice("spread", ih("spread"), "--spread")] = None,
    onset: Annotated[str | None, choice("onset", ih("onset"), "--onset")] = None,
    hours_since: Annotated[float | None, number(VOCAB.inputs["hours_since"], "--hours-since")] = None,
    severity: Annotated[int | None, number(VOCAB.inputs["severity"], "--severity")] = None,
    warmup: Annotated[str | None, choice("warmup", ih("warmup"), "--warmup")] = None,
    gait_changed: Annotated[bool | None, typer.Option(
        "--gait-changed/--no-gait-changed", help=ih("gait_changed"))] = None,
    swelling: Annotated[bool | None, typer.Option("--swelling/--no-swelling", help=ih("swelling"))] = None,
    numb: Annotated[bool | None, typer.Option("--numb/--no-numb", help=ih("numb"))] = None,
    tingling: Annotated[bool | None, typer.Option("--tingling/--no-tingling", help=ih("tingling"))] = None,
    radiating: Annotated[bool | None, typer.Option(
        "--radiating/--no-radiating", help=ih("radiating"))] = None,
    recurring: Annotated[bool | None, typer.Option(
        "--recurring/--no-recurring", help=ih("recurring"))] = None,
    when: Annotated[str | None, choice("when", ih("when"), "--when")] = None,
    frequent: Annotated[bool | None, typer.Option(
        "--frequent/--no-frequent", help=ih("frequent"))] = None,
    hrv: Annotated[str | None, choice("hrv", ih("hrv"), "--hrv")] = None,
    rhr: Annotated[str | None, choice("rhr", ih("rhr"), "--rhr")] = None,
    sleep: Annotated[float | None, number(VOCAB.inputs["sleep"], "--sleep")] = None,
    after: Annotated[str | None, choice("after", ih("after"), "--after")] = None,
    during_run: Annotated[int | None, number(VOCAB.inputs["during_run"], "--during-run")] = None,
    next_morning: Annotated[str | None, choice("next_morning", ih("next_morning"), "--next-morning")] = None,
    trend: Annotated[str | None, choice("trend", ih("trend"), "--trend")] = None,
    bone_tender: Annotated[bool | None, typer.Option(
        "--bone-tender/--no-bone-tender", help=ih("bone_tender"))] = None,
    hop: Annotated[str | None, choice("hop", ih("hop"), "--hop")] = None,
    weight_bearing: Annotated[str | None, choice("weight_bearing", ih("weight_bearing"), "--weight-bearing")] = None,
    injury: Annotated[str | None, choice("injury", ih("injury"), "--injury")] = None,
    giving_way: Annotated[bool | None, typer.Option(
        "--giving-way/--no-giving-way", help=ih("giving_way"))] = None,
    first_steps: Annotated[bool | None, typer.Option(
        "--first-steps/--no-first-steps", help=ih("first_steps"))] = None,
    redness: Annotated[bool | None, typer.Option("--redness/--no-redness", help=ih("redness"))] = None,
    dark_urine: Annotated[bool | None, typer.Option(
        "--dark-urine/--no-dark-urine", help=ih("dark_urine"))] = None,
    saddle_numb: Annotated[bool | None, typer.Option(
        "--saddle-numb/--no-saddle-numb", help=ih("saddle_numb"))] = None,
    log: Annotated[str | None, typer.Option("--log", help=h("opt_log"), metavar="FILE",
                                            show_default=False)] = None,
    only: OnlyOpt = None,
    fail_on: FailOnOpt = None,
    full: Annotated[bool, typer.Option("--full", help=h("opt_full"))] = False,
    explain: Annotated[bool, typer.Option("--explain", help=h("opt_explain"))] = False,
    json_out: JsonOpt = False,
    lang: LangOpt = None,
    rules: RulesOpt = None,
) -> None:
    """Triage a complaint: go, easy, rest, stop or urgent, and what to do about it."""
    lang = language(lang)
    inputs = {
        "pain": pain, "location": location, "spread": spread, "onset": onset, "hours_since": hours_since,
        "severity": severity, "warmup": warmup, "gait_changed": gait_changed, "swelling": swelling,
        "numb": numb, "tingling": tingling, "radiating": radiating, "recurring": recurring, "when": when,
        "frequent": frequent, "hrv": hrv, "rhr": rhr, "sleep": sleep, "after": after,
        "during_run": during_run, "next_morning": next_morning, "trend": trend, "bone_tender": bone_tender,
        "hop": hop, "weight_bearing": weight_bearing, "injury": injury, "giving_way": giving_way,
        "first_steps": first_steps, "redness": redness, "dark_urine": dark_urine, "saddle_numb": saddle_numb,
    }
    given = {k: v for k, v in inputs.items() if v is not None}
    book = rulebook(rules, lang)
    from recoverycli.model.values import InputError, check_inputs

    try:
        given = check_inputs(given, book.vocab)
    except InputError as exc:
        raise typer.BadParameter(str(exc), param_hint=f"'--{exc.name.replace('_', '-')}'") from None
    from_log: dict[str, Any] = {}
    if log is not None:
        from recoverycli.traininglog.readiness import latest_inputs

        _logs, mornings, _method = _log_mornings([log], book, lang, None, False)
        from_log = {k: v for k, v in latest_inputs(mornings).items() if k not in given}
        given = {**given, **from_log}
    if not given and not json_out and log is None:
        if sys.stdin.isatty() and sys.stdout.isatty():
            from recoverycli.cli.interview import ask_inputs

            given = ask_inputs(book, lang)
        else:
            typer.echo(book.vocab.msg("guide", lang), nl=False)
            return
    from recoverycli import engine

    result = engine.assess_explained(given, book) if explain else engine.assess(given, book)
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
    exit_for_level(result.level, fail_on, book, lang)


def exit_for_level(level: str, fail_on: str | None, book: "RuleBook", lang: str) -> None:
    """Exit 1 when --fail-on was given and the decision reaches it."""
    if fail_on and book.vocab.rank(level) >= book.vocab.rank(fail_on):
        typer.echo(book.vocab.msg("fail_on_hit", lang, level=level, threshold=fail_on), err=True)
        raise typer.Exit(1)


# --- plan -------------------------------------------------------------------

@app.command(cls=RecoverCommand, help=h("help_plan"), epilog=h("example_plan"))
def plan(
    after: Annotated[str, choice("events", h("opt_plan_after"), "--after")],
    days: Annotated[int | None, number(InputSpec("days", "integer", min=1, max=VOCAB.plan_inputs["day"].max),
                                       "--days", h("opt_days"))] = None,
    start: Annotated[str | None, typer.Option(
        "--start", help=h("opt_start"), metavar="DATE")] = None,
    hrv: Annotated[str | None, choice("hrv", ih("hrv"), "--hrv")] = None,
    rhr: Annotated[str | None, choice("rhr", ih("rhr"), "--rhr")] = None,
    sore: Annotated[list[str] | None, choice("sore", h("opt_sore"), "--sore")] = None,
    desk_job: Annotated[bool | None, typer.Option(
        "--desk-job/--no-desk-job", help=ih("desk_job"))] = None,
    ics: Annotated[Path | None, typer.Option(
        "--ics", help=h("opt_ics"), metavar="FILE", dir_okay=False)] = None,
    ics_items: Annotated[bool, typer.Option("--ics-items", help=h("opt_ics_items"))] = False,
    full: Annotated[bool, typer.Option("--full", help=h("opt_plan_full"))] = False,
    only: OnlyOpt = None,
    json_out: JsonOpt = False,
    lang: LangOpt = None,
    rules: RulesOpt = None,
) -> None:
    """A day-by-day recovery plan after a race or a hard session."""
    import datetime as dt

    lang = language(lang)
    start_date = None
    if start is not None:
        from recoverycli.model.values import DateProblem, read_date

        try:
            start_date = read_date(start, VOCAB)
        except DateProblem as problem:
            raise typer.BadParameter(VOCAB.msg(problem.key, lang, value=start, **problem.values),
                                     param_hint="'--start'") from None
    if start_date is not None:
        try:
            start_date + dt.timedelta(days=(days or 60) + 1)
        except OverflowError:
            raise typer.BadParameter(VOCAB.msg("error_bad_date", lang, value=start),
                                     param_hint="'--start'") from None
    book = rulebook(rules, lang)
    from recoverycli import engine

    context = {"hrv": hrv, "rhr": rhr, "sore": list(dict.fromkeys(sore or [])) or None, "desk_job": desk_job}
    result = engine.plan(after, book, {k: v for k, v in context.items() if v is not None},
                         days=days, start=start_date)
    topics = frozenset(only or ())
    if ics is not None:
        from recoverycli.render.ics import write_ics

        if start_date is None:
            typer.echo(VOCAB.msg("ics_start_today", lang, date=dt.date.today().isoformat()), err=True)
        with _writing(ics, lang):
            count = write_ics(result, book, lang, ics, topics, start_date or dt.date.today(), ics_items)
        typer.echo(book.vocab.msg("ics_written", lang, count=count,
                                  file=VOCAB.msg("stdout_name", lang) if str(ics) == "-" else ics), err=True)
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


# --- rules ------------------------------------------------------------------

@rules_app.command("list", cls=RecoverCommand, help=h("help_rules_list"), epilog=h("example_rules_list"))
def rules_list(
    origin: Annotated[str | None, typer.Option(
        "--origin", parser=_parser("origin"), metavar="ORIGIN", autocompletion=_completer("origin"),
        help=f"{h('opt_origin')} ({', '.join(ORIGINS)})", show_default=False)] = None,
    json_out: JsonOpt = False, lang: LangOpt = None, rules: RulesOpt = None,
) -> None:
    """Every loaded rule, grouped by the article it comes from."""
    lang = language(lang)
    book = rulebook(rules, lang)
    if origin is not None:
        from recoverycli.api import with_origin

        book = with_origin(book, origin)
    if json_out:
        from recoverycli.render.jsonout import emit, rules_doc

        emit(rules_doc(book, lang))
    else:
        from recoverycli.render.console import make_console
        from recoverycli.render.richout import rules_table

        rules_table(make_console(), book, lang)


@rules_app.command("show", cls=RecoverCommand, help=h("help_rules_show"), epilog=h("example_rules_show"))
def rules_show(rule_id: Annotated[str, typer.Argument(metavar="ID", help=h("arg_rule_id"))],
               json_out: JsonOpt = False, lang: LangOpt = None, rules: RulesOpt = None) -> None:
    """One rule in full: condition, advice, source and examples."""
    lang = language(lang)
    book = rulebook(rules, lang)
    found = book.rule(rule_id)
    if found is None:
        import difflib

        ids = [r.id for r in book.rules] + [p.id for p in book.plan_items] + [r.id for r in book.load_rules]
        close = difflib.get_close_matches(rule_id, ids, n=1)
        hint = book.vocab.msg("error_did_you_mean", lang, close=close[0]) if close else ""
        typer.echo(book.vocab.msg("error_unknown_rule", lang, id=rule_id) + hint, err=True)
        raise typer.Exit(2)
    if json_out:
        from recoverycli.render.jsonout import emit, rule_full_doc

        emit(rule_full_doc(found, lang))
    else:
        from recoverycli.render.console import make_console
        from recoverycli.render.richout import rule_detail

        rule_detail(make_console(), rule_id, book, lang)


@rules_app.command("validate", cls=RecoverCommand, help=h("help_rules_validate"), epilog=h("example_rules_validate"))
def rules_validate(
    paths: Annotated[list[Path] | None, typer.Argument(
        help=h("arg_validate_paths"))] = None,
    json_out: JsonOpt = False, lang: LangOpt = None, rules: RulesOpt = None,
) -> None:
    """Lint rule files and report every problem with file and line (exit 3 if any)."""
    from recoverycli.rulefiles.cache import load_rulebook_cached

    lang = language(lang)
    vocab = VOCAB
    book, problems = load_rulebook_cached([*(rules or ()), *(paths or ())])
    if json_out:
        from recoverycli.render.jsonout import emit

        emit({"schema_version": 1, "command": "rules validate", "files": book.files,
              "problems": [{"file": p.file, "line": p.line, "rule": p.rule, "message": p.message}
                           for p in problems]})
    elif problems:
        from recoverycli.render.console import make_console
        from recoverycli.render.richout import problems as show

        show(make_console(stderr=True), problems)
        typer.echo(vocab.msg("validate_problems", lang, count=len(problems)), err=True)
    else:
        typer.echo(vocab.msg("validate_ok", lang, files=len(book.files)))
    if problems:
        raise typer.Exit(3)


@rules_app.command("test", cls=RecoverCommand, help=h("help_rules_test"), epilog=h("example_rules_test"))
def rules_test(
    rule_id: Annotated[str | None, typer.Argument(metavar="[ID]", help=h("arg_rule_test"))] = None,
    json_out: JsonOpt = False, lang: LangOpt = None, rules: RulesOpt = None,
) -> None:
    """Run every rule's examples; exit 1 with expected-vs-actual for each failure."""
    from recoverycli.engine.examples import run_examples

    lang = language(lang)
    book = rulebook(rules, lang)
    results = run_examples(book, rule_id)
    failed = [r for r in results if not r.passed]
    if json_out:
        from recoverycli.render.jsonout import emit

        emit({"schema_version": 1, "command": "rules test", "passed": len(results) - len(failed),
              "failed": [{"rule": r.rule.id, "file": r.rule.file, "line": r.example.line,
                          "given": r.example.given, "failures": list(r.failures)} for r in failed]})
    else:
        from recoverycli.render.console import make_console
        from recoverycli.render.richout import example_results

        example_results(make_console(), results, book, lang)
    if failed:
        raise typer.Exit(1)


# --- log ----------------------------------------------------------------------

LogFileArg = Annotated[str, typer.Argument(metavar="FILE|-", help=h("arg_log_file"),
                                            show_default=False)]
LogFilesArg = Annotated[list[str], typer.Argument(metavar="FILE|-", help=h("arg_log_files"),
                                                  show_default=False)]


def _open_logs(files: list[str], book: "RuleBook", lang: str, log_format: str | None, miles: bool) -> Any:
    """One or more logs read as one (the same session in two files counts once);
    a log that cannot be opened exits 3."""
    from recoverycli.traininglog.reader import LogFileError, Merged, read_log

    readers = []
    for file in files:
        try:
            readers.append(read_log(file, book.vocab, lang=lang, export_format=log_format, miles=miles))
        except LogFileError as exc:
            for opened in readers:
                opened.close()
            _fail_log_file(exc.file, exc.line, exc.message, lang)
    return Merged(readers, announce=lambda reader: _say_export(reader, lang))


def _say_export(reader: Any, lang: str) -> None:
    if reader.export is not None:
        typer.echo(VOCAB.msg("log_export_read", lang, file=reader.name, label=reader.export.format.label,
                             columns=", ".join(reader.unused) or "–"), err=True)


def _row_reporter(merged: Any, lang: str) -> Callable[[int, str], None]:
    """Each unreadable row on stderr as it is read, named by its file and line."""

    def bad_row(line: int, error: str) -> None:
        name = merged.current.name if merged.current is not None else "-"
        typer.echo(VOCAB.msg("log_row_error", lang, file=name, line=line, error=error), err=True)

    return bad_row


def _read_logs(files: list[str], book: "RuleBook", lang: str, log_format: str | None, miles: bool,
               read: Callable[[Any, Callable[[int, str], None]], Any]) -> tuple[Any, Any]:
    """(the logs, what `read` made of them): the logs are opened as one, each unreadable
    row is said as it comes, a log that cannot be used exits 3, and every file is closed."""
    from recoverycli.traininglog.reader import LogFileError

    merged = _open_logs(files, book, lang, log_format, miles)
    try:
        return merged, read(merged, _row_reporter(merged, lang))
    except LogFileError as exc:
        _fail_log_file(exc.file, exc.line, exc.message, lang)
    finally:
        _close_all(merged, lang)


def _close_all(merged: Any, lang: str) -> None:
    for reader in merged.readers:
        reader.close()
    if merged.duplicates:
        typer.echo(VOCAB.msg("log_duplicates", lang, count=merged.duplicates), err=True)


FormatOpt = Annotated[str | None, typer.Option(
    "--format", parser=_parser("log_format"), metavar="FORMAT", autocompletion=_completer("log_format"),
    help=f"{h('opt_log_format')} ({', '.join(values_of('log_format'))})", show_default=False)]
MilesOpt = Annotated[bool, typer.Option("--miles", help=h("opt_miles"))]


def _write_plot(report: Any, book: "RuleBook", lang: str, path: Path) -> None:
    """The load as a picture; a missing extra or an unknown suffix is said plainly."""
    from recoverycli.render.plot import FORMATS, PlotUnavailable, write_plot

    if path.suffix.lower() not in FORMATS:
        raise typer.BadParameter(VOCAB.msg("error_plot_suffix", lang, formats=", ".join(FORMATS)),
                                 param_hint="'--plot'")
    try:
        with _writing(path, lang):
            write_plot(report, book, lang, path)
    except PlotUnavailable:
        typer.echo(VOCAB.msg("error_plot_extra", lang), err=True)
        raise typer.Exit(2) from None
    typer.echo(VOCAB.msg("plot_written", lang, file=path), err=True)


@contextmanager
def _writing(path: Path, lang: str) -> Iterator[None]:
    """A file that cannot be written (read-only, a directory, no space) is said with
    its name and exits 3; a closed stdout (`-` into `| head`) is left to the caller."""
    from recoverycli.fileio import ReadOnlyFile

    try:
        yield
    except ReadOnlyFile:
        typer.echo(VOCAB.msg("error_file", lang, file=path, error=VOCAB.msg("error_read_only", lang)), err=True)
        raise typer.Exit(3) from None
    except BrokenPipeError:
        raise
    except OSError as exc:
        typer.echo(VOCAB.msg("error_file", lang, file=path, error=exc.strerror or exc), err=True)
        raise typer.Exit(3) from None


def _announced(reader: Any, lang: str) -> Any:
    """The reader's rows; once the header is read, an app export is named on stderr with
    the columns recover leaves aside (never silently dropped)."""
    said = False
    for row in reader:
        if not said:
            said = True
            _say_export(reader, lang)
        yield row


def _fail_log_file(file: str, line: int, message: str, lang: str) -> NoReturn:
    """An input file that cannot be used: say where, exit 3."""
    sys.stdout.flush()
    where = f"{file}:{line}" if line else file
    typer.echo(VOCAB.msg("error_file", lang, file=where, error=message), err=True)
    raise typer.Exit(3)


def _show(json_out: bool, doc: Callable[[], Any], draw: Callable[[Any], None]) -> None:
    """A report as JSON (`doc()`) or on the screen (`draw(console)`), the same way on
    every command; a reader that went away (`| head`) ends it quietly."""
    try:
        if json_out:
            from recoverycli.render.jsonout import emit

            emit(doc())
        else:
            from recoverycli.render.console import make_console

            draw(make_console())
        sys.stdout.flush()
    except BrokenPipeError:
        _reader_went_away()


def _reader_went_away() -> NoReturn:
    """stdout was closed by its reader (`| head`): stop quietly, exit 0."""
    quiet_exit()
    raise AssertionError  # quiet_exit always raises


@log_app.command("assess", cls=RecoverCommand, help=h("help_log_assess"), epilog=h("example_log_assess"))
def log_assess(
    files: LogFilesArg,
    csv_out: Annotated[bool, typer.Option("--csv", help=h("opt_log_csv"))] = False,
    fail_on: FailOnOpt = None,
    json_out: Annotated[bool, typer.Option("--json", help=h("opt_json_lines"))] = False,
    log_format: FormatOpt = None,
    miles: MilesOpt = False,
    lang: LangOpt = None,
    rules: RulesOpt = None,
) -> None:
    """Assess every row of a training log, streaming the answers."""
    lang = language(lang)
    if json_out and csv_out:
        raise typer.BadParameter(VOCAB.msg("error_log_json_csv", lang), param_hint="'--csv'")
    if csv_out and len(files) > 1:
        raise typer.BadParameter(VOCAB.msg("error_log_csv_one_file", lang), param_hint="'--csv'")
    book = rulebook(rules, lang)
    if len(files) > 1:
        _assess_logs(files, book, lang, "json" if json_out else "table", fail_on, log_format, miles)
        return
    from recoverycli.render import log_output as logout
    from recoverycli.traininglog.reader import LogFileError, assess_log, read_log

    try:
        reader = read_log(files[0], book.vocab, lang=lang, export_format=log_format, miles=miles)
    except LogFileError as exc:
        _fail_log_file(exc.file, exc.line, exc.message, lang)
    kind = "json" if json_out else "csv" if csv_out else "table"
    writer = logout.make_writer(kind, reader, book, lang, sys.stdout,
                                warn=lambda text: typer.echo(text, err=True))
    with reader:
        try:
            stats = assess_log(_announced(reader, lang), book, writer.write, fail_on)
            writer.close()
        except LogFileError as exc:
            writer.close()
            _fail_log_file(exc.file, exc.line, exc.message, lang)
        except BrokenPipeError:
            _reader_went_away()
    for text, to_stderr in logout.assess_summary(stats, reader, book, lang, fail_on, table=kind == "table"):
        typer.echo(text, err=to_stderr)
    if stats.errors or stats.hits:
        raise typer.Exit(1)


def _assess_logs(files: list[str], book: "RuleBook", lang: str, kind: str, fail_on: str | None,
                 log_format: str | None, miles: bool) -> None:
    """`log assess` over several logs read as one: each row names its file."""
    from recoverycli.render import log_output as logout
    from recoverycli.traininglog.reader import LogFileError, assess_log

    merged = _open_logs(files, book, lang, log_format, miles)
    writer = logout.make_writer(kind, merged.readers[0], book, lang, sys.stdout,
                                warn=lambda text: typer.echo(text, err=True))

    def write(row: Any, result: Any) -> None:
        writer.write(row, result, file=merged.current.name if merged.current is not None else None)

    try:
        stats = assess_log(merged, book, write, fail_on)
        writer.close()
    except LogFileError as exc:
        writer.close()
        _fail_log_file(exc.file, exc.line, exc.message, lang)
    except BrokenPipeError:
        _reader_went_away()
    finally:
        _close_all(merged, lang)
    for text, to_stderr in logout.assess_summary(stats, merged, book, lang, fail_on, table=kind == "table"):
        typer.echo(text, err=to_stderr)
    if stats.errors or stats.hits:
        raise typer.Exit(1)


@log_app.command("load", cls=RecoverCommand, help=h("help_log_load"), epilog=h("example_log_load"))
def log_load(
    files: LogFilesArg,
    json_out: JsonOpt = False,
    plot: Annotated[Path | None, typer.Option("--plot", help=h("opt_plot"), metavar="FILE",
                                              dir_okay=False)] = None,
    log_format: FormatOpt = None,
    miles: MilesOpt = False,
    lang: LangOpt = None,
    rules: RulesOpt = None,
) -> None:
    """Training load over time, with advice from the load rules."""
    lang = language(lang)
    book = rulebook(rules, lang)
    from recoverycli.render import log_output as logout
    from recoverycli.traininglog.trainingload import LoadError, load_report

    msg = book.vocab.msg

    def read(logs: Any, on_error: Callable[[int, str], None]) -> Any:
        try:
            return load_report(logs, book, lang, on_error=on_error)
        except LoadError as exc:  # dates that cannot make a history
            _fail_log_file(logs.readers[0].name, 0, str(exc), lang)

    merged, report = _read_logs(files, book, lang, log_format, miles, read)
    reader = merged.readers[0]
    for far in report.far_dates:
        typer.echo(msg("log_far_date", lang, file=reader.name, line=far.line, date=far.date,
                       first=far.first, last=far.last), err=True)
    if plot is not None:
        _write_plot(report, book, lang, plot)

    def draw(console: Any) -> None:
        from recoverycli.render.load_panel import panel

        logout.load_report(console, report, book, lang)
        panel(console, report, book, lang)

    _show(json_out, lambda: logout.load_doc(report, book, lang), draw)
    if report.error_count:
        typer.echo(msg("load_summary_errors", lang, file=reader.name, errors=report.error_count,
                       rows=report.rows, lines=logout.line_list([ln for ln, _ in report.errors[:10]],
                                                          report.error_count)), err=True)
        raise typer.Exit(1)


def _log_mornings(files: list[str], book: "RuleBook", lang: str, log_format: str | None,
                  miles: bool) -> tuple[Any, list[Any], Any]:
    """(the logs, mornings, method) of one or more logs; a log that cannot be used exits 3."""
    from recoverycli.traininglog.readiness import Method, from_rows

    method = Method.from_vocabulary(book.vocab.readiness)
    merged, found = _read_logs(files, book, lang, log_format, miles,
                               lambda logs, on_error: from_rows(logs, method, on_error=on_error))
    return merged, found, method


@log_app.command("readiness", cls=RecoverCommand, help=h("help_log_readiness"), epilog=h("example_log_readiness"))
def log_readiness(
    files: LogFilesArg,
    json_out: JsonOpt = False,
    log_format: FormatOpt = None,
    miles: MilesOpt = False,
    lang: LangOpt = None,
    rules: RulesOpt = None,
) -> None:
    """Each morning's HRV and resting heart rate against the runner's own normal."""
    lang = language(lang)
    book = rulebook(rules, lang)
    from recoverycli import engine
    from recoverycli.traininglog.readiness import latest_inputs

    _logs, found, method = _log_mornings(files, book, lang, log_format, miles)
    inputs = latest_inputs(found)
    advice = engine.assess(inputs, book) if inputs else None
    from recoverycli.render.readiness import readiness_doc, readiness_table

    _show(json_out, lambda: readiness_doc(found, method, advice, book, lang),
          lambda console: readiness_table(console, found, method, advice, book, lang))


# --- entry point --------------------------------------------------------------

def main() -> None:
    """Run the app; no traceback ever reaches a user (RECOVER_DEBUG=1 shows one).

    Typer runs outside its standalone mode, so that a usage error comes back here
    and is shown in the runner's language (`show_usage_error`)."""
    from typer import _click

    try:
        code = app(prog_name="recover", standalone_mode=False)
    except _click.exceptions.UsageError as error:
        show_usage_error(error, VOCAB, HELP_LANG)
        sys.exit(error.exit_code)
    except _click.exceptions.ClickException as error:
        error.show()
        sys.exit(error.exit_code)
    except typer.Abort:
        from typer import rich_utils

        rich_utils.rich_abort_error()
        sys.exit(1)
    except SystemExit:
        raise
    except KeyboardInterrupt:
        sys.exit(130)
    except BrokenPipeError:
        sys.stderr.close()
        sys.exit(0)
    except Exception as exc:
        if os.environ.get("RECOVER_DEBUG"):
            raise
        sys.stderr.write(VOCAB.msg("error_internal", HELP_LANG, error=f"{exc.__class__.__name__}: {exc}") + "\n")
        sys.exit(3)
    sys.exit(code if isinstance(code, int) else 0)
