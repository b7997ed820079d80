"""Output for training logs: JSON Lines, annotated CSV, a streamed table, the
load report (JSON, weekly table, bar chart).

Assessment writers take one row at a time and write it at once, so output
keeps pace with input. The JSON Lines writer is the fast path: documents are
assembled from JSON pieces cached per rule, advice item and missing input, so
a row costs one small `json.dumps` of its inputs and a join; the result is
byte-for-byte `jsonout.assessment_doc` with `line` first.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TextIO

from recoverycli.model import Assessment, GivenAdvice, Missing, Rule, RuleBook, pick
from recoverycli.render.common import headline, inputs_in_words, number_text
from recoverycli.render.jsonout import SCHEMA_VERSION, assessment_doc, dump, one_line

if TYPE_CHECKING:
    from rich.console import Console

    from recoverycli.traininglog.reader import LogReader, LogRow
    from recoverycli.traininglog.trainingload import LoadReport

CACHE_SIZE = 512


class _Flusher:
    """Flush after every row on a pipe or terminal, in batches on a file."""

    def __init__(self, out: Any, every: int) -> None:
        self.out = out
        self.every = every
        self.pending = 0

    def tick(self) -> None:
        self.pending += 1
        if self.pending >= self.every:
            self.out.flush()
            self.pending = 0

    def done(self) -> None:
        self.out.flush()


def _json_bytes(value: Any) -> bytes:
    """`dump`'s text for a value, as the UTF-8 bytes written out."""
    return one_line(_ENCODE(value)).encode()


_ENCODE = json.JSONEncoder(ensure_ascii=False).encode  # built once; json.dumps builds one per call


class JsonLinesWriter:
    """One assessment document per row (`line` first); `{"line", "error"}` for a bad row.

    A document is glued from UTF-8 JSON fragments cached per rule reference,
    advice item and missing input (what `json.dumps` writes for the same dict),
    so a row costs one small encode of its inputs and a join of bytes. On a
    stream with a binary buffer (stdout, files) the bytes go straight to it,
    so the ~13 kB of a busy row are never encoded again. The first few
    documents are also built the slow, exact way (`assessment_doc`); should
    they ever differ, the writer keeps to the exact way for the rest of the run.
    """

    VERIFY = 16

    def __init__(self, book: RuleBook, lang: str, out: TextIO, flush_every: int = 1) -> None:
        self.book = book
        self.lang = lang
        self.out = out
        self.buffer: Any = getattr(out, "buffer", None)
        self.flush = _Flusher(self.buffer if self.buffer is not None else out, flush_every)
        if self.buffer is not None:
            out.flush()  # whatever the text layer holds goes first
        self.bodies: dict[int, tuple[Assessment, bytes]] = {}
        self.rule_refs: dict[str, bytes] = {}
        self.advice: dict[int, bytes] = {}  # id of a GivenAdvice -> its JSON
        self.advice_objects: list[GivenAdvice] = []  # keeps those ids from being reused
        self.missing: dict[Any, bytes] = {}
        self.headlines: dict[tuple[str, str, str], bytes] = {}
        self.words: dict[str, bytes] = {}  # input names and values as JSON strings
        self.fast = True
        self.verify = self.VERIFY
        self.disclaimer = _json_bytes(book.vocab.msg("disclaimer", lang))

    def _exact(self, result: Assessment) -> bytes:
        return dump(assessment_doc(result, self.book, self.lang))[1:].encode()

    def _rule_ref(self, rule: Rule) -> bytes:
        from recoverycli.render.jsonout import _rule_ref

        if len(self.rule_refs) >= 4 * CACHE_SIZE:
            self.rule_refs.clear()
        text = self.rule_refs[rule.id] = _json_bytes(_rule_ref(rule, self.lang))
        return text

    def _advice(self, given: GivenAdvice) -> bytes:
        """An advice item's JSON, cached by the object's id; the object is kept
        alive beside it, so the id cannot be reused while the entry stands."""
        item = {"topic": given.advice.topic, "text": pick(given.advice.text, self.lang),
                "rule": given.rule.id, "source": given.rule.source.to_json()}
        if len(self.advice) >= 4 * CACHE_SIZE:
            self.advice.clear()
            self.advice_objects.clear()
        self.advice_objects.append(given)
        text = self.advice[id(given)] = _json_bytes(item)
        return text

    def _missing(self, missing: Missing) -> bytes:
        from recoverycli.render.common import missing_why

        key = (missing.input, missing.level, tuple(r.id for r in missing.rules))
        text = self.missing.get(key)
        if text is None:
            if len(self.missing) >= 4 * CACHE_SIZE:
                self.missing.clear()
            why = missing_why(missing, self.book, self.lang)
            text = self.missing[key] = _json_bytes({"input": missing.input, "why": why, "could": missing.level})
        return text

    def _headline(self, result: Assessment) -> bytes:
        from recoverycli.render.common import headline_rule

        rule = headline_rule(result)
        key = (result.level, rule.id if rule else "",
               f"{result.inputs.get('after')}|{result.inputs.get('location')}" if rule and rule.headline else "")
        text = self.headlines.get(key)
        if text is None:
            text = self.headlines[key] = _json_bytes(headline(result, self.book, self.lang))
        return text

    def _inputs(self, inputs: dict[str, Any]) -> bytes:
        """`json.dumps(inputs)` as bytes, from cached names and vocabulary values.

        Inputs are checked before they get here (finite numbers, vocabulary
        words), so floats print as `float.__repr__`, exactly as json does.
        """
        words = self.words
        parts = []
        for name, value in inputs.items():
            kind = type(value)
            if value is True:
                text = b"true"
            elif value is False:
                text = b"false"
            elif kind is str:
                text = words.get(value) or self._word(value)
            elif kind is int:
                text = b"%d" % value
            elif kind is float:
                text = float.__repr__(value).encode()
            else:
                text = _json_bytes(value)
            parts.append((words.get(name) or self._word(name)) + b": " + text)
        return b"{" + b", ".join(parts) + b"}"

    def _word(self, word: str) -> bytes:
        if len(self.words) >= 4 * CACHE_SIZE:
            self.words.clear()
        text = self.words[word] = _json_bytes(word)
        return text

    def _glued(self, result: Assessment) -> bytes:
        try:
            rules = b", ".join([self.rule_refs[r.id] for r in result.fired])
        except KeyError:
            rules = b", ".join([self.rule_refs.get(r.id) or self._rule_ref(r) for r in result.fired])
        try:
            advice = b", ".join([self.advice[id(g)] for g in result.advice])
        except KeyError:
            advice = b", ".join([self.advice.get(id(g)) or self._advice(g) for g in result.advice])
        missing = b", ".join([self._missing(m) for m in result.missing])
        inputs = self._inputs(result.inputs)
        return b"".join((
            b'"schema_version": %d, "command": "assess", "level": "%s", "headline": '
            % (SCHEMA_VERSION, result.level.encode()),
            self._headline(result), b', "inputs": ', inputs,
            b', "rules": [', rules, b'], "advice": [', advice, b'], "missing": [', missing,
            b'], "disclaimer": ', self.disclaimer, b"}",
        ))

    def body(self, result: Assessment) -> bytes:
        """The document without its opening brace, for `{"line": N, ` to precede."""
        cached = self.bodies.get(id(result))
        if cached is not None and cached[0] is result:
            return cached[1]
        if not self.fast:
            text = self._exact(result)
        else:
            text = self._glued(result)
            if self.verify:
                self.verify -= 1
                exact = self._exact(result)
                if exact != text:
                    self.fast, text = False, exact
        if len(self.bodies) >= CACHE_SIZE:
            self.bodies.clear()
        self.bodies[id(result)] = (result, text)
        return text

    def _emit(self, data: bytes) -> None:
        if self.buffer is not None:
            self.buffer.write(data)
        else:
            self.out.write(data.decode())

    def write(self, row: LogRow, result: Assessment | None, file: str | None = None) -> None:
        """One line; with several logs read as one, `file` names the row's log first."""
        where = b"" if file is None else b'"file": ' + _json_bytes(file) + b", "
        if result is None:
            record: dict[str, Any] = {} if file is None else {"file": file}
            self._emit(dump({**record, "line": row.line, "error": row.error}).encode() + b"\n")
        else:
            self._emit(b'{%s"line": %d, %s\n' % (where, row.line, self.body(result)))
        self.flush.tick()

    def close(self) -> None:
        self.flush.done()


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


class CsvWriter:
    """The rows as they came, every column kept, with level, headline and error.

    Columns named level/headline/error already (a log annotated before) are
    filled in place, so annotating twice changes nothing.
    """

    ADDED = ("level", "headline", "error")

    def __init__(self, reader: LogReader, book: RuleBook, lang: str, out: TextIO,
                 flush_every: int = 1, warn: Any = None) -> None:
        self.reader = reader
        self.book = book
        self.lang = lang
        self.out = out
        self.flush = _Flusher(out, flush_every)
        self.writer = csv.writer(out, delimiter=reader.delimiter, lineterminator=reader.newline)
        self.keys: list[str] | None = None  # JSON Lines: the first object's keys
        self.width = 0
        self.slots: list[int] = []
        self.warned: set[str] = set()
        self.warn = warn
        self.headlines: dict[int, tuple[Assessment, str]] = {}

    def _start(self, row: LogRow | None) -> None:
        from recoverycli.traininglog.reader import normalise_column

        if self.reader.format == "jsonl":
            self.keys = [str(k) for k in (row.record or {})] if row is not None else []
            header = list(self.keys)
        else:
            header = list(self.reader.header)
        names = [normalise_column(h) for h in header]
        self.width = len(header)
        for added in self.ADDED:
            if added in names:
                self.slots.append(names.index(added))
            else:
                self.slots.append(len(header))
                header.append(added)
        self.writer.writerow(header)

    def _headline(self, result: Assessment) -> str:
        cached = self.headlines.get(id(result))
        if cached is not None and cached[0] is result:
            return cached[1]
        text = headline(result, self.book, self.lang)
        if len(self.headlines) >= CACHE_SIZE:
            self.headlines.clear()
        self.headlines[id(result)] = (result, text)
        return text

    def write(self, row: LogRow, result: Assessment | None, file: str | None = None) -> None:
        """The row written back; one log only, so `file` is never needed here."""
        if not self.slots:
            self._start(row)
        if self.keys is not None:
            record = row.record or {}
            cells = [_cell(record.get(k)) for k in self.keys]
            for key in record:
                if key not in self.keys and key not in self.warned and self.warn is not None:
                    self.warned.add(key)
                    self.warn(row.line, key)
        else:
            cells = list(row.cells or [])
        out = cells[:self.width] + [""] * (self.width - len(cells))
        out += [""] * (max(self.slots) + 1 - len(out))
        values = (("", "", row.error or "") if result is None
                  else (result.level, self._headline(result), ""))
        for slot, value in zip(self.slots, values, strict=True):
            out[slot] = value
        out += cells[self.width:]
        self.writer.writerow(out)
        self.flush.tick()

    def close(self) -> None:
        if not self.slots and (self.reader.header or self.reader.format == "jsonl"):
            self._start(None)
        self.flush.done()


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


# --- load --------------------------------------------------------------------

def _round(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


def load_doc(report: LoadReport, book: RuleBook, lang: str) -> dict[str, Any]:
    """The contract's `log load --json` document."""
    from recoverycli.traininglog.trainingload import advice_text

    return {
        "schema_version": SCHEMA_VERSION,
        "command": "load",
        "weeks": [
            {"week": w.week, "start": w.start.isoformat(), "sessions": w.sessions,
             "distance_km": round(w.distance_km, 2), "duration_min": round(w.duration_min, 1),
             "load": _round(w.load, 2), "distance_change_pct": _round(w.distance_change_pct, 1),
             "duration_change_pct": _round(w.duration_change_pct, 1),
             "load_change_pct": _round(w.load_change_pct, 1), "acwr": _round(w.acwr, 3)}
            for w in report.weeks
        ],
        "days": [{"date": d.date.isoformat(), "load": _round(d.load, 2), "acwr": _round(d.acwr, 3),
                  "acwr_uncoupled": _round(d.acwr_uncoupled, 3), "acwr_ewma": _round(d.acwr_ewma, 3),
                  "monotony": _round(d.monotony, 2), "strain": _round(d.strain, 1),
                  "fitness": _round(d.fitness, 1), "fatigue": _round(d.fatigue, 1), "form": _round(d.form, 1),
                  **({"race": d.race} if d.race else {})}
                 for d in report.days],
        "alerts": [{"kind": a.kind, "date": a.date.isoformat(), "band": a.band,
                    "text": book.vocab.msg(f"alert_{a.kind}", lang, date=a.date.isoformat(),
                                           distance=number_text(a.distance_km, book.vocab, lang, ".1f"),
                                           previous=number_text(a.previous_longest_km, book.vocab, lang, ".1f"),
                                           increase=number_text(a.increase_pct, book.vocab, lang),
                                           band=book.vocab.msg(f"band_{a.band}", lang)),
                    "distance_km": a.distance_km, "previous_longest_km": a.previous_longest_km,
                    "increase_pct": a.increase_pct}
                   for a in report.alerts],
        "inputs": report.inputs,
        "advice": [
            {"topic": g.advice.topic, "text": advice_text(g, report.inputs, book.vocab, lang),
             "rule": g.rule.id, "source": g.rule.source.to_json()}
            for g in report.advice
        ],
        "errors": [{"line": line, "error": error} for line, error in report.errors],
        "far_dates": [{"line": far.line, "date": far.date.isoformat()} for far in report.far_dates],
        "disclaimer": book.vocab.msg("disclaimer", lang),
    }


_EIGHTHS = " ▏▎▍▌▋▊▉"


def bar(value: float, top: float, width: int) -> str:
    """A horizontal bar of `value` against `top`, in eighths of a cell."""
    if top <= 0 or value <= 0:
        return ""
    eighths = round(min(value / top, 1.0) * width * 8)
    return "█" * (eighths // 8) + (_EIGHTHS[eighths % 8] if eighths % 8 else "")


def _pct(value: float | None) -> str:
    return "" if value is None else f"{value:+.0f}%"


def _minutes(value: float) -> str:
    hours, minutes = divmod(round(value), 60)
    return f"{hours}:{minutes:02d}"


RATIO_SCALE = 2.0
"""The ratio bar's full width (display only, not a threshold)."""


def load_report(console: Console, report: LoadReport, book: RuleBook, lang: str) -> None:
    """Weekly table, chart of weekly load and ratio, then advice with sources."""
    from rich.markup import escape
    from rich.table import Table

    from recoverycli.render.richout import Footnotes, bullet
    from recoverycli.traininglog.trainingload import advice_text

    msg = book.vocab.msg
    unknown = msg("load_unknown", lang)
    if not report.days:
        console.print(msg("load_no_rows", lang))
        return
    table = Table(title=msg("load_title", lang), title_justify="left", title_style="bold")
    table.add_column(msg("load_col_week", lang))
    table.add_column(msg("load_col_sessions", lang), justify="right")
    table.add_column(msg("load_col_distance", lang), justify="right")
    table.add_column(msg("load_col_change", lang), justify="right", style="dim")
    table.add_column(msg("load_col_duration", lang), justify="right")
    table.add_column(msg("load_col_load", lang), justify="right")
    table.add_column(msg("load_col_change", lang), justify="right", style="dim")
    table.add_column(msg("load_col_acwr", lang), justify="right")
    for week in report.weeks:
        table.add_row(
            f"{week.week} [dim]{week.start.isoformat()}[/dim]", str(week.sessions),
            number_text(week.distance_km, book.vocab, lang, ".1f"), _pct(week.distance_change_pct),
            _minutes(week.duration_min),
            unknown if week.load is None else f"{week.load:.0f}", _pct(week.load_change_pct),
            "" if week.acwr is None else number_text(week.acwr, book.vocab, lang, ".2f"),
        )
    console.print(table)
    first, last = report.days[0].date, report.days[-1].date
    summary = msg("load_summary", lang, days=len(report.days), first=first, last=last)
    console.print(f"[dim]{escape(summary)}\n{escape(msg('load_unknown_note', lang))}[/dim]")

    top = max((w.load or 0.0 for w in report.weeks), default=0.0)
    chart = Table.grid(padding=(0, 1))
    chart.add_column(no_wrap=True)
    chart.add_column(width=32, no_wrap=True)
    chart.add_column(justify="right", no_wrap=True)
    chart.add_column(width=12, no_wrap=True)
    chart.add_column(justify="right", no_wrap=True)
    for week in report.weeks:
        load_bar = unknown if week.load is None else f"[cyan]{bar(week.load, top, 32)}[/cyan]"
        load_text = "" if week.load is None else f"{week.load:.0f}"
        ratio_bar = ("" if week.acwr is None
                     else f"[magenta]{bar(week.acwr, RATIO_SCALE, 12)}[/magenta]")
        ratio_text = "" if week.acwr is None else number_text(week.acwr, book.vocab, lang, ".2f")
        chart.add_row(week.week, load_bar, load_text, ratio_bar, ratio_text)
    console.print(f"\n[bold]{escape(msg('load_chart_title', lang))}[/bold]")
    console.print(chart)

    notes = Footnotes()
    console.print(f"\n[bold]{msg('heading_advice', lang)}[/bold]")
    if not report.advice:
        console.print(f" {escape(msg('load_no_advice', lang))}")
    for given in report.advice:
        text = escape(advice_text(given, report.inputs, book.vocab, lang))
        bullet(console, f"{text} {notes.mark(given.rule.source)}")
    console.print()
    notes.render(console, msg("heading_sources", lang), msg("external_source", lang))
    console.print(f"[italic]{escape(msg('disclaimer', lang))}[/italic]")




def make_writer(kind: str, reader: Any, book: RuleBook, lang: str, out: TextIO,
                warn: Callable[[str], None]) -> JsonLinesWriter | CsvWriter | TableWriter:
    """The writer for `log assess`: json (JSON Lines), csv, or a rich table.

    Flushes every row when the input is interactive (a terminal or a pipe
    that trickles), else every 256 rows.
    """
    flush_every = 1 if reader.interactive else 256
    if kind == "json":
        return JsonLinesWriter(book, lang, out, flush_every)
    if kind == "csv":
        def new_column(line: int, key: str) -> None:
            warn(book.vocab.msg("log_new_column", lang, file=reader.name, line=line, column=key))

        return CsvWriter(reader, book, lang, out, flush_every, warn=new_column)
    from recoverycli.render.console import make_console

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
