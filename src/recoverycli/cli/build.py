"""The `recover` app, built for one language when it is first needed.

Help texts, allowed values and ranges come from the vocabulary, so the app is
made by `build_app(lang)` and not at import: importing `recoverycli.cli` reads
no file. Each command family registers its commands (`assess`, `plan`, `rules`,
`log`); each command parses its flags, calls `api` and picks a renderer.
"""

from typing import Annotated

import typer

from recoverycli.cli.framework_words import classes_for
from recoverycli.cli.options import Options
from recoverycli.model import Vocabulary
from recoverycli.version import __version__

FAMILIES = ("assess", "plan", "rules", "log")
"""The command families, each registered by its module's `register`."""

_APPS: dict[tuple[str, str | None], typer.Typer] = {}


def build_app(lang: str = "en", vocab: Vocabulary | None = None, *, only: str | None = None) -> typer.Typer:
    """The app with its help in `lang` (built once per language and process).

    `only` names the one command family a run needs (`recover assess ...`): Typer
    then builds that family's options alone, which a start-up feels. Without it,
    every command is there, as `recover --help` and completion need."""
    app = _APPS.get((lang, only))
    if app is None:
        if vocab is None:
            from recoverycli import api

            vocab = api.vocabulary()
        app = _APPS[(lang, only)] = _build(vocab, lang, only)
    return app


def _version(value: bool) -> None:
    if value:
        typer.echo(f"recover {__version__}")
        raise typer.Exit()


def _build(vocab: Vocabulary, lang: str, only: str | None) -> typer.Typer:
    o = Options(vocab, lang)
    command, group = classes_for(vocab, lang)
    app = typer.Typer(cls=group, name="recover", help=o.h("help_app"), no_args_is_help=True,
                      add_completion=True, pretty_exceptions_enable=False)
    rules_app = typer.Typer(cls=group, help=o.h("help_rules_app"), no_args_is_help=True)
    log_app = typer.Typer(cls=group, help=o.h("help_log_app"), no_args_is_help=True)
    if only in (None, "rules"):
        app.add_typer(rules_app, name="rules")
    if only in (None, "log"):
        app.add_typer(log_app, name="log")

    @app.callback()
    def root(
        ctx: typer.Context,
        version: Annotated[bool | None, typer.Option(
            "--version", callback=_version, is_eager=True, help=o.h("opt_version"))] = None,
        lang: Annotated[str | None, o.language] = None,
    ) -> None:
        """A recovery advisor for runners: what hurts, what you did, what to do next."""
        ctx.obj = lang  # `recover --lang nl COMMAND`: the commands read it from here

    # a family's module is imported only when the run builds it
    if only in (None, "assess"):
        from recoverycli.cli import assess

        assess.register(app, o, command)
    if only in (None, "plan"):
        from recoverycli.cli import plan

        plan.register(app, o, command)
    if only in (None, "rules"):
        from recoverycli.cli import rules

        rules.register(rules_app, o, command)
    if only in (None, "log"):
        from recoverycli.cli import log

        log.register(log_app, o, command)
    return app
