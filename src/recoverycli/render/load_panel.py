"""The honest part of `recover log load`: fitness, fatigue and form as a small chart,
today's ratios side by side, and single runs far longer than the month's longest."""

from __future__ import annotations

from typing import TYPE_CHECKING

from recoverycli.render.common import number_text
from recoverycli.render.load_report import alert_text

if TYPE_CHECKING:
    from rich.console import Console

    from recoverycli.model import RuleBook
    from recoverycli.traininglog.load_types import LoadReport

CHART_DAYS = 42
ALERTS_SHOWN = 3
_TICKS = "▁▂▃▄▅▆▇█"


def sparkline(values: list[float | None], low: float, high: float) -> str:
    """One character per value between low and high; a gap where unknown."""
    span = (high - low) or 1.0
    return "".join(" " if v is None else _TICKS[min(len(_TICKS) - 1, int((v - low) / span * len(_TICKS)))]
                   for v in values)


def panel(console: Console, report: LoadReport, book: RuleBook, lang: str) -> None:
    """Fitness, fatigue and form over the last CHART_DAYS, today's ratios, the latest alerts."""
    from rich.markup import escape

    if not report.days:
        return
    vocab = book.vocab
    msg = vocab.msg
    recent = report.days[-CHART_DAYS:]
    fitness = [d.fitness for d in recent]
    fatigue = [d.fatigue for d in recent]
    form = [d.form for d in recent]
    known = [v for v in fitness + fatigue if v is not None]
    if known:
        console.print(f"\n[bold]{escape(msg('heading_form', lang))}[/bold]")
        top = max(known)
        lows = [v for v in form if v is not None]
        rows = ((msg("load_fitness", lang), fitness, 0.0, top, "green"),
                (msg("load_fatigue", lang), fatigue, 0.0, top, "red"),
                (msg("load_form", lang), form, min(lows, default=0.0), max(lows, default=0.0), "cyan"))
        width = max(len(label) for label, *_ in rows)
        for label, values, low, high, style in rows:
            console.print(f" {escape(label.ljust(width))} [{style}]{sparkline(values, low, high)}[/{style}]")
    last = report.days[-1]

    def shown(value: float | None, spec: str) -> str:
        return msg("load_unknown", lang) if value is None else number_text(value, vocab, lang, spec)

    console.print(escape(msg("form_line", lang, fitness=shown(last.fitness, ".0f"), fatigue=shown(last.fatigue, ".0f"),
                             form=shown(last.form, ".0f"), uncoupled=shown(last.acwr_uncoupled, ".2f"),
                             ewma=shown(last.acwr_ewma, ".2f"), monotony=shown(last.monotony, ".2f"))))
    console.print(f"[dim]{escape(msg('ratios_describe', lang))}[/dim]")
    if report.alerts:
        console.print(f"\n[bold]{escape(msg('heading_alerts', lang))}[/bold]")
        from recoverycli.render.richout import bullet

        for alert in report.alerts[-ALERTS_SHOWN:]:
            bullet(console, escape(alert_text(alert, vocab, lang)))
