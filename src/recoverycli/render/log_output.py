"""Output for training logs: the writer `recover log assess` streams rows through
(JSON Lines, annotated CSV or a table) and what it says after them.

Assessment writers take one row at a time and write it at once, so output
keeps pace with input. Each writer has its own module (`jsonl_writer`,
`csv_writer`, `table_writer`); the load report has `load_report`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TextIO

from recoverycli.model import RuleBook, pick

if TYPE_CHECKING:
    from recoverycli.render.csv_writer import CsvWriter
    from recoverycli.render.jsonl_writer import JsonLinesWriter
    from recoverycli.render.table_writer import TableWriter

__all__ = ["assess_summary", "line_list", "make_writer"]


def make_writer(kind: str, reader: Any, book: RuleBook, lang: str, out: TextIO,
                warn: Callable[[str], None]) -> JsonLinesWriter | CsvWriter | TableWriter:
    """The writer for `log assess`: json (JSON Lines), csv, or a rich table, each
    imported only when chosen (`log load` needs none of them).

    Flushes every row when the input is interactive (a terminal or a pipe
    that trickles), else every 256 rows.
    """
    flush_every = 1 if reader.interactive else 256
    if kind == "json":
        from recoverycli.render.jsonl_writer import JsonLinesWriter

        return JsonLinesWriter(book, lang, out, flush_every)
    if kind == "csv":
        from recoverycli.render.csv_writer import CsvWriter

        def new_column(line: int, key: str) -> None:
            warn(book.vocab.msg("log_new_column", lang, file=reader.name, line=line, column=key))

        return CsvWriter(reader, book, lang, out, flush_every, warn=new_column)
    from recoverycli.render.console import make_console
    from recoverycli.render.table_writer import TableWriter

    return TableWriter(make_console(), book, lang)


def line_list(lines: list[int], total: int) -> str:
    """'3, 7, 9' (with ', ...' when there were more than listed)."""
    return ", ".join(map(str, lines)) + (", ..." if total > len(lines) else "")


def assess_summary(stats: Any, reader: Any, book: RuleBook, lang: str, fail_on: str | None,
                   table: bool) -> list[tuple[str, bool]]:
    """What `log assess` says after the rows: (text, goes to stderr)."""
    msg = book.vocab.msg
    said: list[tuple[str, bool]] = []
    if table and stats.rows:
        counts = [f"{pick(book.vocab.level_labels[lv], lang)} {stats.levels[lv]}"
                  for lv in book.vocab.levels if lv in stats.levels]
        if stats.errors:
            counts.append(f"{msg('log_row_unreadable', lang)} {stats.errors}")
        said.append((msg("log_summary_levels", lang, rows=stats.rows, levels=" · ".join(counts) or "–"), False))
    if stats.errors:
        lines = line_list(stats.error_lines, stats.errors)
        key = "log_summary_error" if stats.errors == 1 else "log_summary_errors"
        said.append((msg(key, lang, file=reader.name, errors=stats.errors,
                         rows=stats.rows, lines=lines), True))
    if stats.hits:
        said.append((msg("log_fail_on_hit", lang, count=stats.hits, threshold=fail_on,
                         line=stats.first_hit), True))
    return said
