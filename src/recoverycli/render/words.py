"""The names every renderer gives the same things: a plan day, a plan item, a level, a flag, a source.

Why it exists: JSON, rich, the short answer and the calendar all name plan days
and items, levels and sources; they take those words from here, so no renderer
is the source of another's words. (`common` holds the assessment's own words:
its headline, what is missing and why.)
"""

from __future__ import annotations

from recoverycli.model import PlanDay, PlanItem, RuleBook, Source, pick


def day_label(day: int, phase: str, book: RuleBook, lang: str, after: str | None = None) -> str:
    """'Race day', 'Day 1 · The day after', ..."""
    vocab = book.vocab
    phase_label = pick(vocab.phases[phase], lang)
    if day == 0 and after in vocab.events and vocab.events[after].day0:
        return pick(vocab.events[after].day0, lang)
    if day == 0:
        return phase_label
    return vocab.msg("day_label", lang, day=day, phase=phase_label)


def day_heading(day: PlanDay, book: RuleBook, lang: str, after: str | None = None) -> str:
    """A plan day's label, with its weekday and date when the plan has dates."""
    heading = day_label(day.day, day.phase, book, lang, after)
    if day.date is None:
        return heading
    return f"{heading} · {book.vocab.msg(f'weekday_{day.date.weekday()}', lang)} {day.date.isoformat()}"


def item_text(item: PlanItem, location: str | None, book: RuleBook, lang: str) -> str:
    """A plan item's text, its {location} named for the sore spot it is about."""
    text = pick(item.text, lang)
    if location is not None:
        text = text.replace("{location}", pick(book.vocab.location_labels[location], lang))
    return text


def level_label(level: str | None, book: RuleBook, lang: str, none: str = "–") -> str:
    """A level in the runner's words ('Rest'); `none` for a rule that sets no level."""
    return pick(book.vocab.level_labels[level], lang) if level else none


def flag_name(name: str) -> str:
    """The command-line flag that gives an input: `hours_since` -> `--hours-since`."""
    return "--" + name.replace("_", "-")


def source_label(source: Source, book: RuleBook) -> str:
    """A source in a few words: 'Silbernagel 2007' for a paper, the article's short name
    (vocabulary `documents`) otherwise."""
    if source.origin == "external" and source.reference:
        first_author = source.reference.split(",")[0].split(" (")[0].split()[0]
        year = source.reference.split("(")[1].split(")")[0] if "(" in source.reference else ""
        return f"{first_author} {year}".strip()
    return book.vocab.document_names.get(source.document, source.document)
