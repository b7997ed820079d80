"""The short answer a runner reads at 7 a.m.: one screen, the decision first.

`recover assess` shows this by default: the decision and its headline, at most
three things to do now and three for the coming days, the answers that could
change it on one line, the sources as one line of footnotes, and a hint at
`--full`. Which advice comes first is data: a rule marks its most important
advice `primary: true`, the vocabulary gives each advice group its `horizon`
(now, the coming days, or `why`, which is left to the full answer), and within
that the order of the full answer holds (red flags, then the most cautious).
Why a module of its own: the short answer chooses what to leave out, which
the full answer (`richout`) never does; the two share banners, bullets and
footnotes, and their words come from `words` and `common`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from recoverycli.model import Assessment, GivenAdvice, Plan, PlanEntry, RuleBook, pick
from recoverycli.render.common import headline, inputs_in_words
from recoverycli.render.words import day_heading, flag_name, level_label, source_label

if TYPE_CHECKING:
    from rich.console import Console

SHOWN_PER_HORIZON = 3
"""At most this many pieces of advice for now, and as many for the coming days."""


def pick_advice(result: Assessment, book: RuleBook, horizon: str,
                only: frozenset[str] = frozenset()) -> list[GivenAdvice]:
    """The advice the short answer shows for one horizon: primary first, one per topic."""
    vocab = book.vocab
    candidates = [given for given in result.advice
                  if vocab.group_horizons.get(vocab.topics.get(given.advice.topic, ""), "now") == horizon
                  and (not only or given.advice.topic in only)]
    ranked = sorted(enumerate(candidates),
                    key=lambda pair: (not pair[1].rule.red_flag, not pair[1].advice.primary, pair[0]))
    chosen: list[GivenAdvice] = []
    topics: set[str] = set()
    for _index, given in ranked:
        if given.advice.topic in topics:
            continue
        topics.add(given.advice.topic)
        chosen.append(given)
        if len(chosen) == SHOWN_PER_HORIZON:
            break
    return chosen


def _fitting(render: Callable[[list[Any], int], str], items: list[Any], width: int) -> str:
    """As many items as fit on one line, then how many more."""
    for count in range(len(items), 0, -1):
        text = render(items[:count], len(items) - count)
        if len(text) <= width:
            return text
    return _one_line(render(items[:1], len(items) - 1), width)


MAX_LINES = 30
"""The short answer never takes more lines than this: advice for later goes first, then for now."""


def assessment_brief(console: Console, result: Assessment, book: RuleBook, lang: str,
                     only: frozenset[str] = frozenset()) -> None:
    """The short answer, within MAX_LINES at the console's width."""
    import io

    from rich.console import Console as RichConsole

    now = pick_advice(result, book, "now", only)
    days = pick_advice(result, book, "days", only)
    while True:
        trial = RichConsole(width=console.width, file=io.StringIO(), color_system=None, highlight=False,
                            soft_wrap=False)
        _brief(trial, result, book, lang, only, now, days)
        lines = trial.file.getvalue().count("\n")  # type: ignore[attr-defined]
        if lines <= MAX_LINES or (len(now) <= 1 and not days):
            break
        if days:
            days = days[:-1]
        else:
            now = now[:-1]
    _brief(console, result, book, lang, only, now, days)


def _brief(console: Console, result: Assessment, book: RuleBook, lang: str, only: frozenset[str],
           now: list[GivenAdvice], days: list[GivenAdvice]) -> None:
    from rich.markup import escape

    from recoverycli.render.richout import Footnotes, banner, bullet

    vocab = book.vocab
    msg = vocab.msg
    width = console.width
    banner(console, result.level, headline(result, book, lang), book, lang)
    told = inputs_in_words(result.inputs, vocab, lang)
    if told:
        console.print(f"[dim]{escape(_one_line(msg('given_inputs', lang, inputs=told), width))}[/dim]",
                      soft_wrap=True)
    notes = Footnotes(key=lambda source: source_label(source, book))  # one number per label

    for heading, chosen in (("heading_now", now), ("heading_days", days)):
        if not chosen:
            continue
        console.print(f"[bold]{msg(heading, lang)}[/bold]")
        for given in chosen:
            bullet(console, f"{escape(pick(given.advice.text, lang))} {notes.mark(given.rule.source)}")
    if only and not now and not days:
        console.print(msg("no_advice_for_topics", lang, topics=", ".join(sorted(only))))
    if result.missing:
        pairs = [(flag_name(m.input), level_label(m.level, book, lang, none="")) for m in result.missing]

        def could(shown: list[tuple[str, str]], more: int) -> str:
            by_level: dict[str, list[str]] = {}
            for flag, level in shown:
                by_level.setdefault(level, []).append(flag)
            parts = "; ".join(f"{', '.join(flags)} → {level}" if level else ", ".join(flags)
                              for level, flags in by_level.items())
            return msg("brief_could", lang, flags=parts + (msg("brief_more_flags", lang, count=more) if more else ""))

        console.print(f"[cyan]{escape(_fitting(could, pairs, width))}[/cyan]", soft_wrap=True)
    if notes.sources:
        listed = " · ".join(f"[{n}] {source_label(source, book)}" for n, source in enumerate(notes.sources, 1))
        console.print(f"[dim]{escape(_one_line(msg('brief_sources', lang, sources=listed), width))}[/dim]",
                      soft_wrap=True)
    console.print(f"[italic]{escape(_one_line(msg('brief_more', lang), width))}[/italic]", soft_wrap=True)


def _one_line(text: str, width: int) -> str:
    """The text on one line of the terminal, cut with an ellipsis where it would wrap."""
    return text if len(text) <= width else text[: max(width - 1, 1)].rstrip(" ,·") + "…"


def plan_brief(console: Console, result: Plan, book: RuleBook, lang: str,
               only: frozenset[str] = frozenset()) -> None:
    """Each day in a few lines: per time of day the items' titles; what repeats the day
    before is named once ('as yesterday: ...'); the explanations are left to --full."""
    from rich.markup import escape
    from rich.table import Table

    from recoverycli.render.richout import plan_banner

    vocab = book.vocab
    msg = vocab.msg
    plan_banner(console, result, book, lang)
    yesterday: set[tuple[str, str | None]] = set()
    for day in result.days:
        heading = day_heading(day, book, lang, result.after)
        console.print(f"[bold cyan]{escape(heading)}[/bold cyan]")
        entries = [e for e in day.entries if (not only or e.item.topic in only)
                   and vocab.group_horizons.get(vocab.topics.get(e.item.topic, ""), "now") != "why"]
        today = {(e.item.id, e.location) for e in entries}
        repeated = [e for e in entries if (e.item.id, e.location) in yesterday]
        fresh = [e for e in entries if (e.item.id, e.location) not in yesterday]
        yesterday = today
        grid = Table.grid(padding=(0, 2))
        grid.add_column(width=1)
        grid.add_column(style="bold", no_wrap=True)
        grid.add_column(overflow="fold")
        by_slot: dict[str, list[str]] = {}
        for entry in fresh:
            slot = entry.item.time or pick(vocab.slots[entry.item.slot], lang)
            by_slot.setdefault(slot, []).append(_entry_title(entry, book, lang))
        for slot, titles in by_slot.items():
            grid.add_row("", escape(slot), escape(" · ".join(titles)))
        if repeated:
            again = " · ".join(_entry_title(e, book, lang) for e in repeated)
            grid.add_row("", f"[dim]{escape(msg('plan_as_yesterday', lang))}[/dim]", f"[dim]{escape(again)}[/dim]")
        if not by_slot and not repeated:
            grid.add_row("", "", f"[dim]{escape(msg('plan_day_empty', lang))}[/dim]")
        console.print(grid)
    console.print(f"[italic]{escape(msg('plan_brief_more', lang))}[/italic]")


def _entry_title(entry: PlanEntry, book: RuleBook, lang: str) -> str:
    title = pick(entry.item.title, lang)
    if entry.location:
        return f"{title} ({book.vocab.value_label('location', entry.location, lang)})"
    return title
