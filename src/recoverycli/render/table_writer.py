"""`recover log assess` on a terminal: a table printed row by row as the log is read."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from recoverycli.model import Assessment, RuleBook, pick
from recoverycli.render.common import headline, inputs_in_words

if TYPE_CHECKING:
    from rich.console import Console

    from recoverycli.traininglog.rows import LogRow

__all__ = ["TableWriter"]


class TableWriter:
    """A table printed row by row (aligned fixed-width grid), never buffered."""

    def __init__(self, console: Console, book: RuleBook, lang: str) -> None:
        self.console = console
        self.book = book
        self.lang = lang
        self.started = False
        width = max(console.width, 60)
        rest = width - 6 - 10 - 10 - 8
        self.widths = (5, 10, 10, max(12, rest * 2 // 5), max(16, rest - rest * 2 // 5))

    def _grid(self) -> Any:
        from rich.table import Table

        grid = Table.grid(padding=(0, 2))
        for index, width in enumerate(self.widths):
            grid.add_column(width=width, justify="right" if index == 0 else "left", overflow="fold",
                            no_wrap=index < 3)
        return grid

    def write(self, row: LogRow, result: Assessment | None, file: str | None = None) -> None:
        from rich.markup import escape

        vocab = self.book.vocab
        msg = vocab.msg
        if file is not None and file != getattr(self, "file", None):
            self.file = file  # several logs read as one: each file's rows under its name
            self.console.print(f"[bold]{escape(file)}[/bold]", soft_wrap=True)
        grid = self._grid()
        if not self.started:
            self.started = True
            keys = ("log_col_line", "log_col_date", "log_col_level", "log_col_inputs",
                    "log_col_headline")
            grid.add_row(*(f"[bold]{msg(k, self.lang)}[/bold]" for k in keys))
        date = row.fields.get("date")
        date_text = date.isoformat() if date is not None else ""
        if result is None:
            unreadable = self.book.vocab.msg("log_row_unreadable", self.lang)
            grid.add_row(str(row.line), date_text, f"[bold red]{unreadable}[/bold red]", "",
                         f"[red]{escape(row.error or '')}[/red]")
        else:
            style = vocab.level_styles.get(result.level, "bold")
            label = pick(vocab.level_labels[result.level], self.lang)
            given = inputs_in_words(result.inputs, vocab, self.lang) or msg("log_no_inputs", self.lang)
            grid.add_row(str(row.line), date_text, f"[{style}] {label} [/{style}]", escape(given),
                         escape(headline(result, self.book, self.lang)))
        self.console.print(grid)

    def close(self) -> None:
        self.console.file.flush()
