"""Advice: a non-empty list of {topic, text}; in a load rule, braces name load inputs."""

from __future__ import annotations

from collections.abc import Iterator

from recoverycli.problems import Problem
from recoverycli.rulefiles.bounded_yaml import LineDict, LineList
from recoverycli.rulefiles.checks.base import Context, check_keys, closest, line_of
from recoverycli.rulefiles.checks.fields import check_text, check_topic

ADVICE_KEYS = {"topic": True, "text": True, "primary": False}
_SAMPLE = {"number": 1.5, "integer": 2, "choice": "knee", "flag": True}
"""A value of each input type, to try a placeholder's format on."""


def check_advice(entry: LineDict, ctx: Context) -> Iterator[Problem]:
    """Advice is a non-empty list of {topic, text}."""
    if "advice" not in entry:
        return
    advice = entry["advice"]
    if not isinstance(advice, LineList) or not advice:
        yield ctx.problem(entry.line_of("advice"), "advice must be a non-empty list of {topic, text}")
        return
    for index, item in enumerate(advice):
        if not isinstance(item, LineDict):
            yield ctx.problem(advice.line_of(index), "each advice item must be a mapping with topic and text")
            continue
        yield from check_keys(item, ctx, ADVICE_KEYS, "advice item")
        if "primary" in item and not isinstance(item["primary"], bool):
            yield ctx.problem(item.line_of("primary"), "primary must be true or false")
        if "topic" in item:
            yield from check_topic(item["topic"], ctx, item.line_of("topic"))
        if "text" in item:
            yield from check_text(item["text"], ctx, item.line_of("text"), "advice text")


def check_load_placeholders(entry: LineDict, ctx: Context) -> Iterator[Problem]:
    """Braces in a load rule's advice name load inputs, with a fitting format ({acwr:.2f})."""
    import string

    advice = entry.get("advice")
    if not isinstance(advice, list):
        return
    for item in advice:
        text = item.get("text") if isinstance(item, dict) else None
        if not isinstance(text, dict):
            continue
        for lang, value in text.items():
            if not isinstance(value, str):
                continue
            line = line_of(text, lang)
            try:
                parsed = list(string.Formatter().parse(value))
            except ValueError as exc:
                yield ctx.problem(line, f"advice text '{lang}': bad braces ({exc}); "
                                        "write {{ for a brace")
                continue
            fields = [(f, spec) for _, f, spec, _ in parsed if f is not None]
            for name, spec in fields:
                input_spec = ctx.vocab.load_inputs.get(name)
                if input_spec is None:
                    yield ctx.problem(line, f"advice text '{lang}': {{{name}}} is not a load input"
                                            f"{closest(name, list(ctx.vocab.load_inputs))}")
                    continue
                try:
                    format(_SAMPLE.get(input_spec.type, ""), spec or "")
                except (ValueError, TypeError):
                    yield ctx.problem(line, f"advice text '{lang}': format '{spec}' does not fit "
                                            f"{input_spec.type} '{name}'")
