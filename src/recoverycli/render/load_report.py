"""`recover log load`: the load report as the contract's JSON document, or as a weekly
table, a bar chart of weekly load and ratio, and the advice with its sources."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from recoverycli.model import Inputs, RuleBook, Vocabulary, pick
from recoverycli.render.common import fill_inputs, number_text
from recoverycli.render.jsonout import SCHEMA_VERSION

if TYPE_CHECKING:
    from rich.console import Console

    from recoverycli.model import LoadAdvice
    from recoverycli.traininglog.load_types import Alert, LoadReport

__all__ = ["RATIO_SCALE", "advice_text", "alert_text", "bar", "disclaimer", "load_doc", "load_table"]


def advice_text(given: LoadAdvice, inputs: Inputs, vocab: Vocabulary, lang: str) -> str:
    """A load rule's advice in `lang`, its {input} placeholders filled from the log
    ('your ratio is {acwr:.2f}'); what the log could not tell is said to be unknown."""
    return fill_inputs(pick(given.advice.text, lang), inputs, vocab, lang, unknown=vocab.msg("load_unknown", lang))


def alert_text(alert: Alert, vocab: Vocabulary, lang: str) -> str:
    """An alert in words: 'On 2026-03-14 you ran 18,0 km, 50 % more than ...'."""
    return vocab.msg(f"alert_{alert.kind}", lang, date=alert.date.isoformat(),
                     distance=number_text(alert.distance_km, vocab, lang, ".1f"),
                     previous=number_text(alert.previous_longest_km, vocab, lang, ".1f"),
                     increase=number_text(alert.increase_pct, vocab, lang),
                     band=vocab.msg(f"band_{alert.band}", lang))


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


def load_doc(report: LoadReport, book: RuleBook, lang: str) -> dict[str, Any]:
    """The contract's `log load --json` document."""
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
                    "text": alert_text(a, book.vocab, lang),
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

WEEKS_SHOWN = 12
"""Weeks the table and chart show unless --full: a training block, and a screen."""


def load_table(console: Console, report: LoadReport, book: RuleBook, lang: str, *, full: bool = False) -> None:
    """Weekly table, chart of weekly load and ratio, then advice with sources. A long
    log shows its last WEEKS_SHOWN weeks and says how many came before."""
    from rich.markup import escape
    from rich.table import Table

    from recoverycli.render.richout import Footnotes, bullet

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
    weeks = report.weeks if full else report.weeks[-WEEKS_SHOWN:]
    for week in weeks:
        table.add_row(
            f"{week.week} [dim]{week.start.isoformat()}[/dim]", str(week.sessions),
            number_text(week.distance_km, book.vocab, lang, ".1f"), _pct(week.distance_change_pct),
            _minutes(week.duration_min),
            unknown if week.load is None else f"{week.load:.0f}", _pct(week.load_change_pct),
            "" if week.acwr is None else number_text(week.acwr, book.vocab, lang, ".2f"),
        )
    console.print(table)
    hidden = len(report.weeks) - len(weeks)
    if hidden:
        console.print(f"[dim]{escape(msg('load_weeks_hidden', lang, count=hidden))}[/dim]")
    first, last = report.days[0].date, report.days[-1].date
    summary = msg("load_summary", lang, days=len(report.days), first=first, last=last)
    console.print(f"[dim]{escape(summary)}\n{escape(msg('load_unknown_note', lang))}[/dim]")

    top = max((w.load or 0.0 for w in weeks), default=0.0)
    chart = Table.grid(padding=(0, 1))
    chart.add_column(no_wrap=True)
    chart.add_column(width=32, no_wrap=True)
    chart.add_column(justify="right", no_wrap=True)
    chart.add_column(width=12, no_wrap=True)
    chart.add_column(justify="right", no_wrap=True)
    for week in weeks:
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
    notes.render(console, book.vocab, lang)


def disclaimer(console: Console, book: RuleBook, lang: str) -> None:
    """Advice, not a diagnosis: said once, as the report's last line."""
    from rich.markup import escape

    console.print(f"[italic]{escape(book.vocab.msg('disclaimer', lang))}[/italic]")
