"""Opening training logs for the `log` commands: one or more files read as one,
each unreadable row said as it comes, an export named with the columns it leaves
aside, and a log that cannot be used ending the run with exit 3."""

from collections.abc import Callable, Iterator
from typing import Any, NoReturn

import typer

from recoverycli.cli import runtime
from recoverycli.model import RuleBook


def fail(exc: Any, book: RuleBook, lang: str) -> NoReturn:
    """A LogFileError: say where, exit 3."""
    runtime.fail_file(exc.file, exc.line, exc.message, book.vocab, lang)


def open_logs(files: list[str], book: RuleBook, lang: str, log_format: str | None, miles: bool) -> Any:
    """One or more logs read as one (the same session in two files counts once)."""
    from recoverycli.traininglog.reader import LogFileError, Merged, read_log

    readers = []
    for file in files:
        try:
            readers.append(read_log(file, book.vocab, lang=lang, export_format=log_format, miles=miles))
        except LogFileError as exc:
            for opened in readers:
                opened.close()
            fail(exc, book, lang)
    return Merged(readers, announce=lambda reader: say_export(reader, book, lang))


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
              read: Callable[[Any, Callable[[int, str], None]], Any]) -> tuple[Any, Any]:
    """(the logs, what `read` made of them), every file closed afterwards."""
    from recoverycli.traininglog.reader import LogFileError

    merged = open_logs(files, book, lang, log_format, miles)
    try:
        return merged, read(merged, row_reporter(merged, book, lang))
    except LogFileError as exc:
        fail(exc, book, lang)
    finally:
        close_all(merged, book, lang)


def log_mornings(files: list[str], book: RuleBook, lang: str, log_format: str | None,
                 miles: bool) -> tuple[Any, list[Any], Any]:
    """(the logs, their mornings, the readiness method)."""
    from recoverycli.traininglog.readiness import Method, from_rows

    method = Method.from_vocabulary(book.vocab.readiness)
    merged, found = read_logs(files, book, lang, log_format, miles,
                              lambda logs, on_error: from_rows(logs, method, on_error=on_error))
    return merged, found, method
