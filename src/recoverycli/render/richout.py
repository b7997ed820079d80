"""Human output with rich: banners, grouped advice, timelines, tables.

Why it exists: the full answer (`--full`, `--explain`), the full plan and the
rule listings a person reads. Colour only on a terminal (rich follows NO_COLOR
and pipes); the layout reads at 80 columns. Sources are numbered footnotes
(`Footnotes`, shared with the short answer) beside each item, listed dimmed at
the end, so every line stays traceable without crowding the advice.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING

from recoverycli.model import Assessment, Plan, RuleBook, Source, Vocabulary, pick
from recoverycli.render.common import headline, inputs_in_words, missing_why, source_line
from recoverycli.render.words import day_heading, flag_name, item_text, level_label

if TYPE_CHECKING:
    from rich.console import Console

    from recoverycli.engine.examples import ExampleResult
    from recoverycli.problems import Problem


MISSING_SHOWN = 5
"""How many missing inputs the rich output spells out (--explain shows all)."""


class Footnotes:
    """Numbers sources in order of first use.

    Sources with the same `key` share a number: by default each source is its
    own; the short answer numbers them by their label (one paper, one number).
    `sources` holds the first source of each number.
    """

    def __init__(self, key: Callable[[Source], Hashable] | None = None) -> None:
        self.sources: list[Source] = []
        self.key = key
        self.keys: list[Hashable] = []

    def mark(self, source: Source) -> str:
        key = source if self.key is None else self.key(source)
        if key not in self.keys:
            self.keys.append(key)
            self.sources.append(source)
        return f"[dim]\\[{self.keys.index(key) + 1}][/dim]"

    def render(self, console: Console, vocab: Vocabulary, lang: str) -> None:
        """The numbered sources under their heading, each marked external or our own, in `lang`."""
        if not self.sources:
            return
        external, project = vocab.msg("external_source", lang), vocab.msg("project_source", lang)
        console.print(f"[dim]{vocab.msg('heading_sources', lang)}[/dim]")
        for number, source in enumerate(self.sources, 1):
            tag = {"external": f" ({external})", "project": f" ({project})"}.get(source.origin, "")
            bullet(console, f"[dim]{_escape(source_line(source))}{tag}[/dim]", 1, f"[dim]\\[{number}][/dim]")


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def bullet(console: Console, markup: str, indent: int = 1, mark: str = "•") -> None:
    """A list item whose wrapped lines stay aligned under its text."""
    from rich.table import Table
    from rich.text import Text

    grid = Table.grid(padding=(0, 1))
    grid.add_column(width=indent + Text.from_markup(mark).cell_len, justify="right", no_wrap=True)
    grid.add_column(overflow="fold")
    grid.add_row(mark, markup)
    console.print(grid)


def banner(console: Console, level: str, text: str, book: RuleBook, lang: str) -> None:
    from rich.panel import Panel

    label = level_label(level, book, lang)
    style = book.vocab.level_styles.get(level, "bold")
    console.print(Panel(_escape(text), title=f"[{style}] {label} [/{style}]", title_align="left",
                        border_style=style.split(" on ")[-1] if " on " in style else "white"))


def assessment(console: Console, result: Assessment, book: RuleBook, lang: str,
               only: frozenset[str] = frozenset(), explain: bool = False) -> None:
    vocab = book.vocab
    msg = vocab.msg
    notes = Footnotes()
    banner(console, result.level, headline(result, book, lang), book, lang)
    told = inputs_in_words(result.inputs, vocab, lang)
    if told:
        console.print(f"[dim]{_escape(msg('given_inputs', lang, inputs=told))}[/dim]")

    reasons = [rule for rule in result.speaking if rule.level]  # a fallback that stood down gives none
    if reasons:
        console.print(f"\n[bold]{msg('heading_reasons', lang)}[/bold]")
        for rule in reasons:
            flag = f" [red]({msg('red_flag', lang)})[/red]" if rule.red_flag else ""
            level = f" → {level_label(rule.level, book, lang)}" if rule.level else ""
            bullet(console, f"{_escape(pick(rule.title, lang))}{flag}{level} {notes.mark(rule.source)}")

    advice = [g for g in result.advice if not only or g.advice.topic in only]
    if advice:
        console.print(f"\n[bold]{msg('heading_advice', lang)}[/bold]")
        red_first = [g for g in advice if g.rule.red_flag]
        rest = [g for g in advice if not g.rule.red_flag]
        groups = list(vocab.groups)
        rest.sort(key=lambda g: groups.index(vocab.topics[g.advice.topic]))
        if red_first:
            console.print(f" [bold red]{msg('heading_red_flags', lang)}[/bold red]")
            for given in red_first:
                bullet(console, f"{_escape(pick(given.advice.text, lang))} {notes.mark(given.rule.source)}", 3)
        current = None
        for given in rest:
            group = vocab.topics[given.advice.topic]
            if group != current:
                current = group
                console.print(f" [underline]{_escape(pick(vocab.groups[group], lang))}[/underline]")
            bullet(console, f"{_escape(pick(given.advice.text, lang))} {notes.mark(given.rule.source)}", 3)
    elif only:
        console.print(f"\n{msg('no_advice_for_topics', lang, topics=', '.join(sorted(only)))}")

    if result.missing:
        console.print(f"\n[bold]{msg('heading_missing', lang)}[/bold]")
        shown = result.missing if explain else result.missing[:MISSING_SHOWN]
        for missing in shown:
            bullet(console, f"[cyan]{flag_name(missing.input)}[/cyan]: {_escape(missing_why(missing, book, lang))}")
        if len(result.missing) > len(shown):
            more = ", ".join(flag_name(m.input) for m in result.missing[len(shown):])
            bullet(console, f"[dim]{_escape(msg('missing_more', lang, flags=more))}[/dim]")

    if explain:
        _explain(console, result, book, lang)

    console.print()
    notes.render(console, book.vocab, lang)
    console.print(f"[italic]{_escape(msg('disclaimer', lang))}[/italic]")


def _explain(console: Console, result: Assessment, book: RuleBook, lang: str) -> None:
    from rich.table import Table

    msg = book.vocab.msg
    table = Table(title=msg("heading_explain", lang), title_justify="left", show_lines=False)
    table.add_column(msg("col_rule", lang), overflow="fold")
    table.add_column(msg("col_result", lang))
    table.add_column(msg("col_why", lang), overflow="fold")
    for considered in result.considered:
        if considered.result is True:
            outcome, why = f"[green]{msg('fired', lang)}[/green]", ""
        elif considered.result is False:
            outcome = msg("not_fired", lang)
            why = msg("explain_false", lang, inputs=", ".join(considered.false))
        else:
            outcome = f"[yellow]{msg('unknown', lang)}[/yellow]"
            why = msg("explain_unknown", lang, inputs=", ".join(considered.unknown))
        table.add_row(considered.rule.id, outcome, why)
    console.print()
    console.print(table)


def plan_banner(console: Console, result: Plan, book: RuleBook, lang: str) -> None:
    """The plan's opening panel: how many days, after what."""
    from rich.panel import Panel

    vocab = book.vocab
    msg = vocab.msg
    event = pick(vocab.events[result.after].label, lang)
    after = pick(vocab.events[result.after].with_article, lang) or event
    banner_text = msg("plan_intro", lang, event=event, after=after, days=len(result.days))
    console.print(Panel(_escape(banner_text), title=f"[bold] {msg('plan_title', lang)} [/bold]",
                        title_align="left", border_style="cyan"))


def plan(console: Console, result: Plan, book: RuleBook, lang: str, only: frozenset[str] = frozenset()) -> None:
    vocab = book.vocab
    msg = vocab.msg
    notes = Footnotes()
    plan_banner(console, result, book, lang)
    for day in result.days:
        heading = day_heading(day, book, lang, result.after)
        console.print(f"\n[bold cyan]{_escape(heading)}[/bold cyan]")
        entries = [e for e in day.entries if not only or e.item.topic in only]
        if not entries:
            console.print(f"   [dim]{msg('plan_day_empty', lang)}[/dim]")
            continue
        from rich.table import Table

        grid = Table.grid(padding=(0, 2))
        grid.add_column(width=1)
        grid.add_column(style="bold", max_width=20, overflow="fold")
        grid.add_column(overflow="fold")
        last_slot = None
        for entry in entries:
            slot = entry.item.time or pick(vocab.slots[entry.item.slot], lang)
            text = _escape(item_text(entry.item, entry.location, book, lang))
            grid.add_row("", slot if slot != last_slot else "", f"{text} {notes.mark(entry.item.source)}")
            last_slot = slot
        console.print(grid)
    console.print()
    notes.render(console, book.vocab, lang)
    console.print(f"[italic]{_escape(msg('disclaimer', lang))}[/italic]")


def rules_table(console: Console, book: RuleBook, lang: str) -> None:
    """The knowledge as a table of contents: per source, per section, its rules."""
    from rich import box
    from rich.table import Table

    msg = book.vocab.msg
    by_document: dict[str, dict[str, list[tuple[str, str, str]]]] = {}
    external: set[str] = set()

    for rule in book.all_rules():
        # an assess rule shows its level; a plan item or load rule, its kind
        level = level_label(rule.level, book, lang) if rule.kind == "assess" else msg(f"{rule.kind}_kind", lang)
        sections = by_document.setdefault(rule.source.document, {})
        sections.setdefault(rule.source.section, []).append((rule.id, level, pick(rule.title, lang)))
        if rule.source.origin == "external":
            external.add(rule.source.document)
    documents = sorted(by_document, key=lambda d: (d in external, d))
    for document in documents:
        table = Table(title=_escape(document), title_justify="left", title_style="bold", show_lines=False,
                      box=box.SIMPLE_HEAD)
        longest = max(len(row[0]) for rows in by_document[document].values() for row in rows)
        # wide enough that an id is never split at 80 columns (it is typed back into `rules show`)
        table.add_column(msg("col_rule", lang), overflow="fold",
                         width=max(16, min(longest + 2, console.width // 2)))
        table.add_column(msg("col_level", lang), no_wrap=True)
        table.add_column(msg("col_title", lang), overflow="fold", ratio=1)
        for section, rows in by_document[document].items():
            table.add_row(f"[italic]{_escape(section)}[/italic]", "", "", end_section=False)
            for row_id, level, title in rows:
                table.add_row(f"  {row_id}", level, _escape(title))
            table.add_section()
        console.print(table)
    console.print(msg("rules_count", lang, rules=len(book.rules), plans=len(book.plan_items),
                      load=len(book.load_rules)))


def rule_detail(console: Console, rule_id: str, book: RuleBook, lang: str) -> bool:
    import yaml

    rule = book.rule(rule_id)
    if rule is None:
        return False
    msg = book.vocab.msg
    console.print(f"[bold]{rule.id}[/bold] — {_escape(pick(rule.title, lang))}")
    console.print(f"[dim]{_escape(rule.file)}:{rule.line}[/dim]", soft_wrap=True)  # greppable, never split
    red_flag = f"  [red]({msg('red_flag', lang)})[/red]" if rule.red_flag else ""
    console.print(f"{msg('col_level', lang)}: {level_label(rule.level, book, lang)}{red_flag}")
    from recoverycli.rulefiles.bounded_yaml import plain

    condition = yaml.safe_dump(plain(rule.when), allow_unicode=True, sort_keys=False)
    console.print(f"\n[bold]{msg('heading_condition', lang)}[/bold]\n{_escape(condition)}")
    console.print(f"[bold]{msg('heading_advice', lang)}[/bold]")
    for item in rule.given:
        bullet(console, f"[cyan]{item.topic}[/cyan]: {_escape(pick(item.text, lang))}")
    console.print(f"\n[bold]{msg('heading_sources', lang)}[/bold]\n {_escape(source_line(rule.source))}")
    if rule.source.rationale:
        console.print(f"\n[bold]{msg('heading_rationale', lang)}[/bold]\n {_escape(pick(rule.source.rationale, lang))}")
    console.print(f"\n[bold]{msg('heading_examples', lang)}[/bold]")
    examples = [{"given": example.given, "expect": example.expect} for example in rule.examples]
    console.print(_escape(yaml.safe_dump(plain(examples), allow_unicode=True, sort_keys=False,
                                         default_flow_style=None, width=76)), end="")
    return True


def problems(console: Console, found: list[Problem]) -> None:
    """One line per problem, never wrapped, so it can be grepped."""
    for problem in found:
        console.print(_escape(str(problem)), style="red", highlight=False, soft_wrap=True)


def example_results(console: Console, results: list[ExampleResult], book: RuleBook, lang: str) -> None:
    msg = book.vocab.msg
    failed = [r for r in results if not r.passed]
    for result in failed:
        given = _escape(msg("example_given", lang, given=result.example.given))
        console.print(f"[red]FAIL[/red] {result.rule.id} ({_escape(result.rule.file)}:{result.example.line}) "
                      f"{given}", soft_wrap=True)
        for failure in result.failures:
            console.print(f"     {_escape(failure)}")
    console.print(msg("examples_summary", lang, passed=len(results) - len(failed), failed=len(failed)))
