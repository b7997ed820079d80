"""`recover log readiness`: each morning against the runner's own normal, as JSON or a table."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from recoverycli.model import RuleBook, pick
from recoverycli.render.common import number_text

if TYPE_CHECKING:
    from rich.console import Console

    from recoverycli.model import Assessment
    from recoverycli.traininglog.readiness import Method, Morning

SHOWN_MORNINGS = 14
"""The table shows the last two weeks; --json has every morning."""


def _round(value: float | None, digits: int = 1) -> float | None:
    return None if value is None else round(value, digits)


def readiness_doc(found: list[Morning], method: Method, advice: Assessment | None,
                  book: RuleBook, lang: str) -> dict[str, Any]:
    """The contract's `log readiness --json` document."""
    days = [{
        "date": m.date.isoformat(),
        "hrv_ms": _round(m.hrv_ms), "hrv_status": m.hrv_status, "hrv_week_ms": _round(m.hrv_week),
        "hrv_normal_low_ms": _round(m.hrv_low), "hrv_normal_high_ms": _round(m.hrv_high),
        "rhr_bpm": _round(m.rhr_bpm), "rhr_status": m.rhr_status, "rhr_week_bpm": _round(m.rhr_week),
        "rhr_baseline_bpm": _round(m.rhr_baseline), "rhr_limit_bpm": _round(m.rhr_limit),
        "hrv_baseline_mornings": m.hrv_mornings, "rhr_baseline_mornings": m.rhr_mornings,
    } for m in found]
    return {
        "schema_version": 1,
        "command": "readiness",
        "method": {"window_days": method.window_days, "baseline_days": method.baseline_days,
                   "min_window_mornings": method.min_window_mornings,
                   "min_baseline_mornings": method.min_baseline_mornings,
                   "band_sd": method.band_sd, "rhr_band_sd": method.rhr_band_sd},
        "days": days,
        "advice": [] if advice is None else [
            {"topic": g.advice.topic, "text": pick(g.advice.text, lang), "rule": g.rule.id,
             "source": g.rule.source.to_json()} for g in advice.advice],
        "disclaimer": book.vocab.msg("disclaimer", lang),
    }


def readiness_table(console: Console, found: list[Morning], method: Method, advice: Assessment | None,
                    book: RuleBook, lang: str) -> None:
    from rich.markup import escape
    from rich.table import Table

    vocab = book.vocab
    msg = vocab.msg

    def num(value: float | None, spec: str = ".0f") -> str:
        return "–" if value is None else number_text(value, vocab, lang, spec)

    def status(name: str, value: str) -> str:
        word = msg("readiness_unknown", lang) if value == "unknown" else vocab.value_label(name, value, lang)
        style = {"low": "red", "elevated": "red", "high": "green", "normal": ""}.get(value, "dim")
        return f"[{style}]{escape(word)}[/{style}]" if style else escape(word)

    from rich import box

    table = Table(title=msg("readiness_title", lang), title_justify="left", box=box.SIMPLE_HEAD,
                  pad_edge=False, padding=(0, 1))
    for key in ("col_date", "col_hrv", "col_hrv_week", "col_hrv_normal", "col_status",
                "col_rhr", "col_rhr_week", "col_rhr_base", "col_status"):
        left = key in ("col_date", "col_status")
        table.add_column(msg(key, lang), justify="left" if left else "right", no_wrap=left)
    for m in found[-SHOWN_MORNINGS:]:
        normal = "–" if m.hrv_low is None else f"{num(m.hrv_low)}–{num(m.hrv_high)}"
        table.add_row(m.date.isoformat(), num(m.hrv_ms), num(m.hrv_week), normal, status("hrv", m.hrv_status),
                      num(m.rhr_bpm), num(m.rhr_week, ".1f"), num(m.rhr_baseline, ".1f"),
                      status("rhr", m.rhr_status))
    console.print(table)
    if found:
        last = found[-1]
        if last.hrv_status == "unknown" or last.rhr_status == "unknown":
            need = max(0, method.min_baseline_mornings - min(last.hrv_mornings, last.rhr_mornings))
            why = msg("readiness_why_unknown", lang, need=need, window=method.window_days,
                      baseline=method.baseline_days, minimum=method.min_baseline_mornings)
            console.print(f"[dim]{escape(why)}[/dim]")
    if advice is not None and advice.advice:
        console.print(f"\n[bold]{msg('heading_advice', lang)}[/bold]")
        from recoverycli.render.richout import bullet

        for given in advice.advice[:3]:
            bullet(console, escape(pick(given.advice.text, lang)))
    how = msg("readiness_method", lang, window=method.window_days, baseline=method.baseline_days,
              band=number_text(method.band_sd, vocab, lang))
    console.print(f"[dim]{escape(how)}[/dim]")
    console.print(f"[italic]{escape(msg('disclaimer', lang))}[/italic]")
