"""Typer's own words (usage line, help panels, error frame) in the runner's language,
through the means Typer offers, without changing Typer or click.

- Typer takes its panel titles, markers and error frame through gettext with the
  default domain "messages". `bind_catalog` points that domain at the catalog this
  package ships (`locale/nl/LC_MESSAGES/messages.po`, compiled to `.mo`) and picks
  the language, before Typer formats anything.
- The usage prefix, the help option's text, the completion options' texts and the
  flags without a value placeholder come from recover's own command classes,
  made per language by `classes_for` and given to Typer through `cls=`.
- A usage error leaves Typer (the app runs with `standalone_mode=False`) and
  `show_usage_error` shows it, its sentence in the runner's language: click's
  error sentences are plain f-strings, so they are matched against their English
  (the `cli_say_*` messages) and refilled in the language's template.

Our own texts stay in the rule files and the vocabulary; the catalog holds only
the framework's.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

from typer.core import TyperCommand, TyperGroup

from recoverycli.model import Vocabulary

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DOMAIN = "messages"
"""gettext's default domain: the one Typer's `_()` reads."""

# Typer's error sentences, translated wherever they appear in a message.
SENTENCES = ("cli_say_invalid_value", "cli_say_invalid", "cli_say_no_option", "cli_say_possible",
             "cli_say_needs_value", "cli_say_extra", "cli_say_missing_option", "cli_say_missing_argument",
             "cli_say_no_command", "cli_say_did_you_mean", "cli_say_missing_command")

# help texts of the options Typer adds itself
OPTION_TEXTS = ("cli_help_option", "cli_install_completion", "cli_show_completion")

_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def bind_catalog(lang: str) -> None:
    """Typer's gettext words in `lang`: the shipped catalog, and that language first."""
    import gettext
    import os

    gettext.bindtextdomain(DOMAIN, str(LOCALE_DIR))
    os.environ["LANGUAGE"] = lang  # gettext's first choice; English has no catalog, so stays English


def _pattern(template: str) -> re.Pattern[str]:
    """'Invalid value for {hint}: {rest}' -> a regex with a named group per placeholder."""
    parts = _PLACEHOLDER.split(template)
    regex = ""
    for index, part in enumerate(parts):
        if index % 2 == 0:
            regex += re.escape(part)
        else:
            last = index == len(parts) - 2 and parts[-1] == ""
            regex += f"(?P<{part}>.*)" if last else f"(?P<{part}>.+?)"
    return re.compile(regex, re.DOTALL)


def _filler(template: str) -> Callable[[re.Match[str]], str]:
    def fill(match: re.Match[str]) -> str:
        return template.format(**match.groupdict())

    return fill


def translator(vocab: Vocabulary, lang: str) -> Callable[[str], str]:
    """A function putting Typer's English sentences in `lang` (ours pass unchanged)."""
    rules = [(_pattern(vocab.msg(key, "en")), vocab.msg(key, lang)) for key in SENTENCES]

    def translate(text: str) -> str:
        for pattern, template in rules:
            text = pattern.sub(_filler(template), text)
        return text

    return translate


class _RecoverWords:
    """What recover's commands and groups do differently: flags show no '<bool>'
    placeholder, Typer's own options speak the runner's language, and the usage line
    starts with the language's word for usage, options and command. The words are
    class attributes of the classes `classes_for` makes for one language."""

    usage: ClassVar[str | None] = None  # None: click's own "Usage: "
    usage_pieces: ClassVar[dict[str, str]] = {}  # click's "[OPTIONS]" -> the language's
    option_texts: ClassVar[dict[str, str]] = {}

    def get_params(self, ctx: Any) -> Any:
        params = super().get_params(ctx)  # type: ignore[misc]
        for param in params:
            if getattr(param, "is_flag", False) and getattr(param, "metavar", "") is None:
                param.metavar = ""
            text = getattr(param, "help", None)
            if text in self.option_texts:
                param.help = self.option_texts[text]
        return params

    def format_help(self, ctx: Any, formatter: Any) -> None:
        """Typer's help page; a reader that closed the pipe (`recover --help | head -1`)
        ends it quietly with exit 0, as every command does (rich itself would exit 1)."""
        try:
            super().format_help(ctx, formatter)  # type: ignore[misc]
        except SystemExit as stop:
            if stop.code == 1:  # rich's Console.on_broken_pipe
                quiet_exit()
            raise

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        pieces = [self.usage_pieces.get(piece, piece)
                  for piece in self.collect_usage_pieces(ctx)]  # type: ignore[attr-defined]
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=self.usage)


class RecoverCommand(_RecoverWords, TyperCommand):
    """A recover command (`@app.command(cls=RecoverCommand)`)."""


class RecoverGroup(_RecoverWords, TyperGroup):
    """A recover command group. A reader that closes the pipe early (`recover plan |
    head`) is no error: every command runs inside this `invoke`, so a closed pipe is
    caught here and the run ends quietly with exit 0 (click would exit 1)."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            quiet_exit()


def classes_for(vocab: Vocabulary, lang: str) -> tuple[type[RecoverCommand], type[RecoverGroup]]:
    """recover's command and group classes speaking `lang` (for `cls=`)."""
    words = {
        "usage": vocab.msg("cli_usage", lang),
        "usage_pieces": {vocab.msg(key, "en"): vocab.msg(key, lang)
                         for key in ("cli_usage_options", "cli_usage_command")},
        "option_texts": {vocab.msg(key, "en"): vocab.msg(key, lang) for key in OPTION_TEXTS},
    }
    return (type("RecoverCommand", (RecoverCommand,), dict(words)),
            type("RecoverGroup", (RecoverGroup,), dict(words)))


def quiet_exit() -> Any:
    """stdout was closed by its reader: stop quietly, exit 0, with no second error
    when Python flushes at exit."""
    import os
    import sys

    import typer

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    raise typer.Exit(0)


def show_usage_error(error: Any, vocab: Vocabulary, lang: str) -> None:
    """A usage error as Typer frames it (usage line, help hint, error panel), its
    sentence in `lang`. Typer's help module loads only here, on an error."""
    from typer import rich_utils

    if error.__class__.__name__ == "NoArgsIsHelpError":  # its help page is already shown
        return
    message = translator(vocab, lang)(error.format_message())
    shown = type("UsageError", (), {"ctx": getattr(error, "ctx", None),
                                    "format_message": lambda self: message})()
    rich_utils.rich_format_error(shown)  # type: ignore[arg-type]
