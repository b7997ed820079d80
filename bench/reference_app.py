"""The start-up reference: a minimal Typer app that prints one rich Panel and one Table.

It takes one option, as any real command does (a parameter is what makes
Typer load its type-coercion layer), and imports rich only in the command,
as recover does.
"""

from __future__ import annotations

from typing import Annotated

import typer

app = typer.Typer(add_completion=False)


@app.command()
def main(title: Annotated[str, typer.Option("--title", help="Panel title.")] = "reference") -> None:
    """Print a panel and a table."""
    from rich.console import Console
    from rich.panel import Panel
    from rich.table import Table

    console = Console()
    console.print(Panel("Stop now and have it checked.", title=title))
    table = Table("rule", "level")
    table.add_row("warning-pain-sharp", "stop")
    console.print(table)


if __name__ == "__main__":
    app()
