"""`recover log ...`: assess every row of a training log, its load over time, and
each morning's readiness against the runner's own normal."""

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from recoverycli.cli import logfiles, runtime
from recoverycli.cli.framework_words import RecoverCommand
from recoverycli.cli.options import Options
from recoverycli.model import RuleBook


def register(log_app: typer.Typer, o: Options, command: type[RecoverCommand]) -> None:
    """Add the `log` subcommands to `log_app`."""
    files_arg = typer.Argument(metavar="FILE|-", help=o.h("arg_log_files"), show_default=False)
    format_opt = typer.Option(
        "--format", parser=o.parser("log_format"), metavar="FORMAT", autocompletion=o.completer("log_format"),
        help=f"{o.h('opt_log_format')} ({', '.join(o.values_of('log_format'))})", show_default=False)
    miles_opt = typer.Option("--miles", help=o.h("opt_miles"))

    @log_app.command("assess", cls=command, help=o.h("help_log_assess"), epilog=o.h("example_log_assess"))
    def log_assess(
        ctx: typer.Context,
        files: Annotated[list[str], files_arg],
        csv_out: Annotated[bool, typer.Option("--csv", help=o.h("opt_log_csv"))] = False,
        fail_on: Annotated[str | None, o.fail_on] = None,
        json_out: Annotated[bool, o.json_lines] = False,
        log_format: Annotated[str | None, format_opt] = None,
        miles: Annotated[bool, miles_opt] = False,
        lang: Annotated[str | None, o.language] = None,
        rules: Annotated[list[Path] | None, o.rules] = None,
    ) -> None:
        """Assess every row of a training log, streaming the answers."""
        lang = runtime.language(ctx, lang)
        if json_out and csv_out:
            raise typer.BadParameter(o.vocab.msg("error_log_json_csv", lang), param_hint="'--csv'")
        if csv_out and len(files) > 1:
            raise typer.BadParameter(o.vocab.msg("error_log_csv_one_file", lang), param_hint="'--csv'")
        book = runtime.rulebook(rules, o.vocab, lang)
        kind = "json" if json_out else "csv" if csv_out else "table"
        if len(files) > 1:
            assess_logs(files, book, lang, kind, fail_on, log_format, miles)
        else:
            assess_one_log(files[0], book, lang, kind, fail_on, log_format, miles)

    @log_app.command("load", cls=command, help=o.h("help_log_load"), epilog=o.h("example_log_load"))
    def log_load(
        ctx: typer.Context,
        files: Annotated[list[str], files_arg],
        json_out: Annotated[bool, o.json] = False,
        plot: Annotated[Path | None, typer.Option("--plot", help=o.h("opt_plot"), metavar="FILE",
                                                  dir_okay=False)] = None,
        full: Annotated[bool, typer.Option("--full", help=o.h("opt_load_full"))] = False,
        log_format: Annotated[str | None, format_opt] = None,
        miles: Annotated[bool, miles_opt] = False,
        lang: Annotated[str | None, o.language] = None,
        rules: Annotated[list[Path] | None, o.rules] = None,
    ) -> None:
        """Training load over time, with advice from the load rules."""
        lang = runtime.language(ctx, lang)
        load(files, runtime.rulebook(rules, o.vocab, lang), lang, json_out, plot, log_format, miles, full=full)

    @log_app.command("readiness", cls=command, help=o.h("help_log_readiness"),
                     epilog=o.h("example_log_readiness"))
    def log_readiness(
        ctx: typer.Context,
        files: Annotated[list[str], files_arg],
        json_out: Annotated[bool, o.json] = False,
        log_format: Annotated[str | None, format_opt] = None,
        miles: Annotated[bool, miles_opt] = False,
        lang: Annotated[str | None, o.language] = None,
        rules: Annotated[list[Path] | None, o.rules] = None,
    ) -> None:
        """Each morning's HRV and resting heart rate against the runner's own normal."""
        lang = runtime.language(ctx, lang)
        readiness(files, runtime.rulebook(rules, o.vocab, lang), lang, json_out, log_format, miles)


def assess_one_log(file: str, book: RuleBook, lang: str, kind: str, fail_on: str | None,
                   log_format: str | None, miles: bool) -> None:
    """`log assess` over one log, each answer written as its row is read."""
    from recoverycli.render import log_output
    from recoverycli.traininglog.reader import LogFileError, assess_log, read_log

    try:
        reader = read_log(file, book.vocab, lang=lang, export_format=log_format, miles=miles)
    except LogFileError as exc:
        logfiles.fail(exc, book, lang)
    if kind == "table":
        logfiles.read_ahead(reader, book, lang)
    writer = log_output.make_writer(kind, reader, book, lang, sys.stdout, warn=_warn)
    with reader:
        try:
            stats = assess_log(logfiles.announced(reader, book, lang), book, writer.write, fail_on)
            writer.close()
        except LogFileError as exc:
            writer.close()
            logfiles.fail(exc, book, lang)
        except BrokenPipeError:
            runtime.reader_went_away()
    _summarise(stats, reader, book, lang, fail_on, kind)


def assess_logs(files: list[str], book: RuleBook, lang: str, kind: str, fail_on: str | None,
                log_format: str | None, miles: bool) -> None:
    """`log assess` over several logs read as one: each row names its file."""
    from recoverycli.render import log_output
    from recoverycli.traininglog.reader import LogFileError, assess_log

    merged = logfiles.open_logs(files, book, lang, log_format, miles, progress=kind == "table")
    writer = log_output.make_writer(kind, merged.readers[0], book, lang, sys.stdout, warn=_warn)

    def write(row: Any, result: Any) -> None:
        writer.write(row, result, file=merged.current.name if merged.current is not None else None)

    try:
        stats = assess_log(merged, book, write, fail_on)
        writer.close()
    except LogFileError as exc:
        writer.close()
        logfiles.fail(exc, book, lang)
    except BrokenPipeError:
        runtime.reader_went_away()
    finally:
        logfiles.close_all(merged, book, lang)
    _summarise(stats, merged, book, lang, fail_on, kind)


def _warn(text: str) -> None:
    typer.echo(text, err=True)


def _summarise(stats: Any, logs: Any, book: RuleBook, lang: str, fail_on: str | None, kind: str) -> None:
    """The closing lines (rows, errors, --fail-on hits); exit 1 on either."""
    from recoverycli.render import log_output

    for text, to_stderr in log_output.assess_summary(stats, logs, book, lang, fail_on, table=kind == "table"):
        typer.echo(text, err=to_stderr)
    if stats.errors or stats.hits:
        raise typer.Exit(1)


def load(files: list[str], book: RuleBook, lang: str, json_out: bool, plot: Path | None,
         log_format: str | None, miles: bool, *, full: bool = False) -> None:
    """`log load`: the load report on screen or as JSON, and the picture when asked."""
    from recoverycli.render import log_output
    from recoverycli.render.load_report import disclaimer, load_doc, load_table
    from recoverycli.traininglog.trainingload import LoadError, load_report

    msg = book.vocab.msg

    def read(logs: Any, on_error: Callable[[int, str], None]) -> Any:
        try:
            return load_report(logs, book, lang, on_error=on_error)
        except LoadError as exc:  # dates that cannot make a history
            runtime.fail_file(logs.readers[0].name, 0, str(exc), book.vocab, lang)

    merged, report = logfiles.read_logs(files, book, lang, log_format, miles, read, progress=not json_out)
    reader = merged.readers[0]
    for far in report.far_dates:
        typer.echo(msg("log_far_date", lang, file=reader.name, line=far.line, date=far.date,
                       first=far.first, last=far.last), err=True)
    if plot is not None:
        write_plot(report, book, lang, plot)

    def draw(console: Any) -> None:
        from recoverycli.render.load_panel import panel

        load_table(console, report, book, lang, full=full)
        panel(console, report, book, lang)
        disclaimer(console, book, lang)

    runtime.show(json_out, lambda: load_doc(report, book, lang), draw)
    if report.error_count:
        lines = log_output.line_list([ln for ln, _ in report.errors[:10]], report.error_count)
        typer.echo(msg("load_summary_errors", lang, file=reader.name, errors=report.error_count,
                       rows=report.rows, lines=lines), err=True)
        raise typer.Exit(1)


def write_plot(report: Any, book: RuleBook, lang: str, path: Path) -> None:
    """The load as a picture; a missing extra or an unknown suffix is said plainly."""
    from recoverycli.render.plot import FORMATS, PlotUnavailable
    from recoverycli.render.plot import write_plot as draw_plot

    vocab = book.vocab
    if path.suffix.lower() not in FORMATS:
        raise typer.BadParameter(vocab.msg("error_plot_suffix", lang, formats=", ".join(FORMATS)),
                                 param_hint="'--plot'")
    try:
        with runtime.writing(path, vocab, lang):
            draw_plot(report, book, lang, path)
    except PlotUnavailable:
        typer.echo(vocab.msg("error_plot_extra", lang), err=True)
        raise typer.Exit(2) from None
    typer.echo(vocab.msg("plot_written", lang, file=path), err=True)


def readiness(files: list[str], book: RuleBook, lang: str, json_out: bool, log_format: str | None,
              miles: bool) -> None:
    """`log readiness`: every morning against the runner's own normal, and today's advice;
    exit 1 when rows could not be read (each named on stderr), as every batch does."""
    from recoverycli import engine
    from recoverycli.render.readiness import readiness_doc, readiness_table
    from recoverycli.traininglog.readiness import latest_inputs

    bad_lines: list[int] = []
    _logs, found, method = logfiles.log_mornings(files, book, lang, log_format, miles, progress=not json_out,
                                                 bad_lines=bad_lines)
    inputs = latest_inputs(found)
    advice = engine.assess(inputs, book) if inputs else None
    runtime.show(json_out, lambda: readiness_doc(found, method, advice, book, lang),
                 lambda console: readiness_table(console, found, method, advice, book, lang))
    if bad_lines:
        raise typer.Exit(1)
