"""The `recover` command line: Typer apps that parse flags, call `api`, pick a renderer.

`run.main` is the process entry point; `build.build_app(lang)` makes the app
(importing this package reads no file); one module per command family
(`assess`, `plan`, `rules`, `log`); `options` builds flags from the vocabulary;
`runtime` is what every command does the same way; `framework_words` gives
Typer's own words in Dutch; `interview` asks in a terminal.
"""

from typing import Any


def main() -> None:
    """`recover` (the console script)."""
    from recoverycli.cli.run import main as run

    run()


def __getattr__(name: str) -> Any:
    """`app`: the app with English help, built on first use (tests use it with CliRunner)."""
    if name == "app":
        from recoverycli.cli.build import build_app

        return build_app("en")
    raise AttributeError(name)


__all__ = ["app", "main"]
