"""The plain fields of an entry: id, title, texts, level, red_flag, origin,
fallback, headline, source, topic, and a plan item's slot, time and text."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from recoverycli.model import LANGUAGES, ORIGINS
from recoverycli.problems import Problem
from recoverycli.rulefiles.bounded_yaml import LineDict
from recoverycli.rulefiles.checks.base import Context, check_keys, closest, line_of

ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
TIME_PATTERN = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")
SOURCE_KEYS = {"document": True, "section": True, "author": False, "year": False, "journal": False}
RED_FLAG_LEVELS = ("stop", "urgent")
HEADLINE_PLACEHOLDERS = {"after", "location"}
"""What a rule's headline may name: the event and the sore spot, in the runner's words."""


def check_id(entry: LineDict, ctx: Context) -> Iterator[Problem]:
    """Ids are kebab-case strings."""
    rule_id = entry.get("id")
    if "id" in entry and (not isinstance(rule_id, str) or not ID_PATTERN.match(rule_id)):
        yield ctx.problem(entry.line_of("id"), f"id must be kebab-case (like 'warning-pain-sharp'), got {rule_id!r}")


def check_text(value: Any, ctx: Context, line: int, what: str) -> Iterator[Problem]:
    """A user-facing text: a mapping with a non-empty string for every language."""
    if not isinstance(value, dict):
        yield ctx.problem(line, f"{what} must be a mapping of languages ({', '.join(LANGUAGES)}) to text")
        return
    for lang in value:
        if lang not in LANGUAGES:
            yield ctx.problem(line_of(value, lang), f"{what} has unknown language '{lang}'; use {', '.join(LANGUAGES)}")
    for lang in LANGUAGES:
        text = value.get(lang)
        if lang not in value:
            yield ctx.problem(line_of(value), f"{what} lacks the '{lang}' text")
        elif not isinstance(text, str) or not text.strip():
            yield ctx.problem(line_of(value, lang), f"{what} '{lang}' must be non-empty text")


def check_title(entry: LineDict, ctx: Context) -> Iterator[Problem]:
    """A title speaks every language."""
    if "title" in entry:
        yield from check_text(entry["title"], ctx, entry.line_of("title"), "title")


def check_level(entry: LineDict, ctx: Context) -> Iterator[Problem]:
    """A level, when present, is one of the vocabulary's levels."""
    if "level" in entry and entry["level"] not in ctx.vocab.levels:
        yield ctx.problem(entry.line_of("level"),
                          f"unknown level {entry['level']!r}{closest(str(entry['level']), ctx.vocab.levels)}; "
                          f"levels are: {', '.join(ctx.vocab.levels)}")


def check_red_flag(entry: LineDict, ctx: Context) -> Iterator[Problem]:
    """A red flag stops training and always names a doctor or physiotherapist."""
    flag = entry.get("red_flag", False)
    if not isinstance(flag, bool):
        yield ctx.problem(entry.line_of("red_flag"), "red_flag must be true or false")
        return
    if not flag:
        return
    if entry.get("level") not in RED_FLAG_LEVELS:
        yield ctx.problem(entry.line_of("red_flag"),
                          f"a red_flag rule must set level: {' or '.join(RED_FLAG_LEVELS)}")
    advice = entry.get("advice")
    topics = {a.get("topic") for a in advice if isinstance(a, dict)} if isinstance(advice, list) else set()
    if "see-professional" not in topics:
        yield ctx.problem(entry.line_of("red_flag"),
                          "a red_flag rule must give 'see-professional' advice (name a doctor or physiotherapist)")


def check_origin(entry: LineDict, ctx: Context) -> Iterator[Problem]:
    """Where a claim comes from is marked: a published paper names authors, year and
    journal; a choice of our own (`project`) says why in both languages."""
    origin = entry.get("origin", "article")
    if origin not in ORIGINS:
        yield ctx.problem(entry.line_of("origin"), f"origin must be one of {', '.join(ORIGINS)}, got {origin!r}")
        return
    source = entry.get("source")
    if origin == "external" and isinstance(source, dict):
        for key in ("author", "year", "journal"):
            if key not in source:
                yield ctx.problem(line_of(source), f"an external source must name its {key}")
    if origin == "project":
        if "rationale" not in entry:
            yield ctx.problem(entry.line_of("origin"), "an origin: project entry must say why in 'rationale'")
        else:
            yield from check_text(entry["rationale"], ctx, entry.line_of("rationale"), "rationale")
    elif "rationale" in entry:
        yield ctx.problem(entry.line_of("rationale"), "'rationale' belongs to origin: project entries")


def check_fallback(entry: LineDict, ctx: Context) -> Iterator[Problem]:
    """A fallback rule gives way to a rule at least as cautious, so it must set a level."""
    if "fallback" not in entry:
        return
    if not isinstance(entry["fallback"], bool):
        yield ctx.problem(entry.line_of("fallback"), "fallback must be true or false")
    elif entry["fallback"] and "level" not in entry:
        yield ctx.problem(entry.line_of("fallback"), "a fallback rule sets the level it falls back to")


def check_headline(entry: LineDict, ctx: Context) -> Iterator[Problem]:
    """A rule's own headline, when it has one, speaks every language."""
    if "headline" not in entry:
        return
    headline = entry["headline"]
    yield from check_text(headline, ctx, entry.line_of("headline"), "headline")
    if isinstance(headline, dict):
        import string

        for lang, text in headline.items():
            if not isinstance(text, str):
                continue
            try:
                names = {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}
            except ValueError as exc:
                yield ctx.problem(line_of(headline, lang), f"headline '{lang}': bad braces ({exc})")
                continue
            for name in sorted(names - HEADLINE_PLACEHOLDERS):
                yield ctx.problem(line_of(headline, lang),
                                  f"headline '{lang}': {{{name}}} is not a placeholder a headline can use "
                                  f"({', '.join('{' + n + '}' for n in sorted(HEADLINE_PLACEHOLDERS))})")


def check_source(entry: LineDict, ctx: Context) -> Iterator[Problem]:
    """Every rule cites a document and a section."""
    source = entry.get("source")
    if "source" not in entry:
        return
    if not isinstance(source, LineDict):
        yield ctx.problem(entry.line_of("source"), "source must be a mapping with document and section")
        return
    yield from check_keys(source, ctx, SOURCE_KEYS, "source")
    for key in ("document", "section", "author"):
        if key in source and (not isinstance(source[key], str) or not source[key].strip()):
            yield ctx.problem(source.line_of(key), f"source {key} must be non-empty text")
    if "year" in source and not isinstance(source["year"], int):
        yield ctx.problem(source.line_of("year"), "source year must be a whole number")


def check_topic(value: Any, ctx: Context, line: int) -> Iterator[Problem]:
    """A topic is one of the vocabulary's topics."""
    topics = list(ctx.vocab.topics)
    if value not in ctx.vocab.topics:
        yield ctx.problem(line, f"unknown topic {value!r}{closest(str(value), topics)}")


def check_plan_fields(entry: LineDict, ctx: Context) -> Iterator[Problem]:
    """A plan item's slot, time, topic, text and per_sore."""
    if "slot" in entry and entry["slot"] not in ctx.vocab.slots:
        yield ctx.problem(entry.line_of("slot"), f"unknown slot {entry['slot']!r}"
                                                 f"{closest(str(entry['slot']), list(ctx.vocab.slots))}; "
                                                 f"slots are: {', '.join(ctx.vocab.slots)}")
    if "time" in entry and (not isinstance(entry["time"], str) or not TIME_PATTERN.match(entry["time"])):
        yield ctx.problem(entry.line_of("time"),
                          f"time must be a quoted 24-hour clock time like \"14:30\", got {entry['time']!r}")
    if "topic" in entry:
        yield from check_topic(entry["topic"], ctx, entry.line_of("topic"))
    if "text" in entry:
        yield from check_text(entry["text"], ctx, entry.line_of("text"), "text")
    if "per_sore" in entry and not isinstance(entry["per_sore"], bool):
        yield ctx.problem(entry.line_of("per_sore"), "per_sore must be true or false")
