"""The `recover` command line: Typer apps that parse flags, call `api`, pick a renderer."""

from recoverycli.cli.build import app, main

__all__ = ["app", "main"]
