"""Opening training logs for the `log` commands: one or more files read as one,
each unreadable row said as it comes, an export named with the columns it leaves
aside, a long first read of an export folder's activity files shown as a progress
bar, and a log that cannot be used ending the run with exit 3."""

import sys
from collections.abc import Callable, Iterable, Iterator
from typing import Any, NoReturn

import typer

from recoverycli.cli import runtime
from recoverycli.model import RuleBook


def fail(exc: Any, book: RuleBook, lang: str) -> NoReturn:
    """A LogFileError: say where, exit 3."""
    runtime.fail_file(exc.file, exc.line, exc.message, book.vocab, lang)


def open_logs(files: list[str], book: RuleBook, lang: str, log_format: str | None, miles: bool,
              progress: bool = False) -> Any:
    """One or more logs read as one (the same session in two files counts once); with
    `progress`, an export folder's many unread activity files are read first behind a bar."""
    from recoverycli.traininglog.reader import LogFileError, Merged, read_log

    readers = []
    try:
        for file in files:
            readers.append(read_log(file, book.vocab, lang=lang, export_format=log_format, miles=miles))
            if progress:
                read_ahead(readers[-1], book, lang)
    except LogFileError as exc:
        for opened in readers:
            opened.close()
        fail(exc, book, lang)
    return Merged(readers, announce=lambda reader: say_export(reader, book, lang))


PROGRESS_FROM = 50
"""A progress bar is drawn when at least this many activity files are to be read."""


def read_ahead(reader: Any, book: RuleBook, lang: str) -> None:
    """On a terminal, an export folder's activity files that are not cached yet, when
    there are many, are read before the rows with a progress bar on stderr."""
    if getattr(reader, "activities", None) is None or not _terminal():
        return
    from recoverycli.traininglog.read_ahead import files_to_read, read_files

    pending = files_to_read(reader)
    if len(pending) >= PROGRESS_FROM:
        label = book.vocab.msg("log_reading_activities", lang, count=len(pending))
        try:
            _progress_bar(read_files(reader), len(pending), label)
        finally:  # Ctrl-C during the bar: what was read is kept for the next run
            reader.activities.save()


def _terminal() -> bool:
    """Both outputs a terminal: a bar never goes into a pipe, a file, or next to JSON."""
    try:
        return sys.stdout.isatty() and sys.stderr.isatty()
    except (AttributeError, ValueError):  # a closed or replaced stream
        return False


def _progress_console() -> Any:
    from recoverycli.render.console import make_console

    return make_console(stderr=True)


def _progress_bar(steps: Iterable[Any], total: int, label: str) -> None:
    """A bar on stderr that advances with each step and is gone when the last is done."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=_progress_console(), transient=True) as bar:
        task = bar.add_task(label, total=total)
        for _step in steps:
            bar.advance(task)


def say_export(reader: Any, book: RuleBook, lang: str) -> None:
    """An app export is named on stderr with the columns recover leaves aside."""
    if reader.export is not None:
        typer.echo(book.vocab.msg("log_export_read", lang, file=reader.name, label=reader.export.format.label,
                                  columns=", ".join(reader.unused) or "–"), err=True)


def announced(reader: Any, book: RuleBook, lang: str) -> Iterator[Any]:
    """The reader's rows; once the header is read, an export is named (never silently dropped)."""
    said = False
    for row in reader:
        if not said:
            said = True
            say_export(reader, book, lang)
        yield row


def row_reporter(merged: Any, book: RuleBook, lang: str) -> Callable[[int, str], None]:
    """Each unreadable row on stderr as it is read, named by its file and line."""

    def bad_row(line: int, error: str) -> None:
        name = merged.current.name if merged.current is not None else "-"
        typer.echo(book.vocab.msg("log_row_error", lang, file=name, line=line, error=error), err=True)

    return bad_row


def close_all(merged: Any, book: RuleBook, lang: str) -> None:
    """Close every file; say how many sessions two files shared."""
    for reader in merged.readers:
        reader.close()
    if merged.duplicates:
        typer.echo(book.vocab.msg("log_duplicates", lang, count=merged.duplicates), err=True)


def read_logs(files: list[str], book: RuleBook, lang: str, log_format: str | None, miles: bool,
              read: Callable[[Any, Callable[[int, str], None]], Any], progress: bool = False) -> tuple[Any, Any]:
    """(the logs, what `read` made of them), every file closed afterwards."""
    from recoverycli.traininglog.reader import LogFileError

    merged = open_logs(files, book, lang, log_format, miles, progress)
    try:
        return merged, read(merged, row_reporter(merged, book, lang))
    except LogFileError as exc:
        fail(exc, book, lang)
    finally:
        close_all(merged, book, lang)


def log_mornings(files: list[str], book: RuleBook, lang: str, log_format: str | None,
                 miles: bool, progress: bool = False,
                 bad_lines: list[int] | None = None) -> tuple[Any, list[Any], Any]:
    """(the logs, their mornings, the readiness method); each unreadable row's line
    is added to `bad_lines` when given."""
    from recoverycli.traininglog.readiness import Method, from_rows

    method = Method.from_vocabulary(book.vocab.readiness)

    def read(logs: Any, on_error: Callable[[int, str], None]) -> Any:
        def noted(line: int, error: str) -> None:
            if bad_lines is not None:
                bad_lines.append(line)
            on_error(line, error)

        return from_rows(logs, method, on_error=noted)

    merged, found = read_logs(files, book, lang, log_format, miles, read, progress)
    return merged, found, method
