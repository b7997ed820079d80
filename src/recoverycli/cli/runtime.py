"""What every command does around its own work, the same way everywhere.

The language of the answer, the rule book (a bad rule file is exit 3 with its
located problems), `--fail-on`, output as JSON or on the screen, a file that
cannot be written, and a reader that closed the pipe early.
"""

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn

import typer

from recoverycli.cli.framework_words import quiet_exit
from recoverycli.model import RuleBook, Vocabulary


def language(ctx: typer.Context, lang: str | None) -> str:
    """The command's --lang, else the one given before the command, else the usual choice."""
    from recoverycli.i18n import choose_language

    return choose_language(lang or (ctx.obj if isinstance(ctx.obj, str) else None))


def fail_problems(problems: list[Any], vocab: Vocabulary, lang: str) -> NoReturn:
    """Report located problems on stderr and exit 3 (bad data)."""
    from recoverycli.render.console import make_console
    from recoverycli.render.richout import problems as show

    console = make_console(stderr=True)
    console.print(vocab.msg("error_rules", lang))
    show(console, problems)
    raise typer.Exit(3)


def rulebook(rules: list[Path] | None, vocab: Vocabulary, lang: str) -> RuleBook:
    """The shipped rules plus --rules; a bad rule file ends the run with exit 3."""
    from recoverycli.api import load_rules
    from recoverycli.problems import ProblemsError

    try:
        return load_rules(rules or ())
    except ProblemsError as exc:
        fail_problems(exc.problems, vocab, lang)


def exit_for_level(level: str, fail_on: str | None, book: RuleBook, lang: str) -> None:
    """Exit 1 when --fail-on was given and the decision reaches it."""
    if fail_on and book.vocab.rank(level) >= book.vocab.rank(fail_on):
        typer.echo(book.vocab.msg("fail_on_hit", lang, level=level, threshold=fail_on), err=True)
        raise typer.Exit(1)


def show(json_out: bool, doc: Callable[[], Any], draw: Callable[[Any], None]) -> None:
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
        reader_went_away()


def reader_went_away() -> NoReturn:
    """stdout was closed by its reader (`| head`): stop quietly, exit 0."""
    quiet_exit()
    raise AssertionError  # quiet_exit always raises


@contextmanager
def writing(path: Path, vocab: Vocabulary, lang: str) -> Iterator[None]:
    """A file that cannot be written (read-only, a directory, no space) is said with
    its name and exits 3; a closed stdout (`-` into `| head`) is left to the caller."""
    from recoverycli.fileio import ReadOnlyFile

    try:
        yield
    except ReadOnlyFile:
        typer.echo(vocab.msg("error_file", lang, file=path, error=vocab.msg("error_read_only", lang)), err=True)
        raise typer.Exit(3) from None
    except BrokenPipeError:
        raise
    except OSError as exc:
        typer.echo(vocab.msg("error_file", lang, file=path, error=exc.strerror or exc), err=True)
        raise typer.Exit(3) from None


def fail_file(file: str, line: int, message: str, vocab: Vocabulary, lang: str) -> NoReturn:
    """An input file that cannot be used: say where, exit 3."""
    sys.stdout.flush()
    where = f"{file}:{line}" if line else file
    typer.echo(vocab.msg("error_file", lang, file=where, error=message), err=True)
    raise typer.Exit(3)
