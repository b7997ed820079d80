"""`recover` as a process: pick the help language, build the app, run it, and
turn every way a run can end into a message and an exit code (never a traceback)."""

import os
import sys

import typer

from recoverycli.model import LANGUAGES, Vocabulary


def help_language(argv: list[str]) -> str:
    """The language of --help texts: --lang on the command line, else the usual choice."""
    from recoverycli.i18n import choose_language

    for index, word in enumerate(argv):
        if word == "--lang" and index + 1 < len(argv) and argv[index + 1] in LANGUAGES:
            return argv[index + 1]
        if word.startswith("--lang=") and word[7:] in LANGUAGES:
            return word[7:]
    return choose_language(None)


def command_family(argv: list[str]) -> str | None:
    """The command family a run names (`recover --lang nl assess ...` -> 'assess'), or
    None when it names none (help, --version, completion, a mistyped command)."""
    from recoverycli.cli.build import FAMILIES

    words = iter(argv)
    for word in words:
        if word == "--lang":
            next(words, None)
        elif not word.startswith("-"):
            return word if word in FAMILIES else None
    return None


def _vocabulary() -> Vocabulary:
    """The shipped vocabulary; when it is broken, its problems and exit 3."""
    from recoverycli import api
    from recoverycli.problems import ProblemsError

    try:
        return api.vocabulary()
    except ProblemsError as exc:
        from recoverycli.render.console import make_console
        from recoverycli.render.richout import problems as show

        show(make_console(stderr=True), exc.problems)
        raise SystemExit(3) from None


def main() -> None:
    """Run the app; no traceback ever reaches a user (RECOVER_DEBUG=1 shows one).

    Typer runs outside its standalone mode, so that a usage error comes back here
    and is shown in the runner's language (`show_usage_error`)."""
    from recoverycli.cli.framework_words import bind_catalog, show_usage_error

    lang = help_language(sys.argv[1:])
    bind_catalog(lang)  # Typer's own words through gettext, before it formats anything
    vocab = _vocabulary()
    from typer import _click

    from recoverycli.cli.build import build_app

    try:
        only = None if os.environ.get("_RECOVER_COMPLETE") else command_family(sys.argv[1:])
        code = build_app(lang, vocab, only=only)(prog_name="recover", standalone_mode=False)
    except _click.exceptions.UsageError as error:
        show_usage_error(error, vocab, lang)
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
        sys.stderr.write(vocab.msg("error_internal", lang, error=f"{exc.__class__.__name__}: {exc}") + "\n")
        sys.exit(3)
    sys.exit(code if isinstance(code, int) else 0)
