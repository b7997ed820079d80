"""Words shared by every renderer: headline, missing-input hints, sources."""

from __future__ import annotations

import string
from typing import Any

from recoverycli.model import Assessment, Missing, Rule, RuleBook, Source, Vocabulary, pick


def specificity(condition: Any) -> int:
    """How much a condition says about the complaint: each top-level entry counts one,
    an `all` counts its parts, an `any` counts as one. Entries that only ask whether an
    answer is known (`{known: false}`) count for nothing: they wait for information,
    they do not describe the complaint."""
    if not isinstance(condition, dict):
        return 0
    count = 0
    for key, value in condition.items():
        if key == "all" and isinstance(value, list):
            count += sum(specificity(part) for part in value)
        elif not _only_asks_known({key: value}):
            count += 1
    return count


def _only_asks_known(condition: Any) -> bool:
    from recoverycli.engine.conditions import leaves

    found = list(leaves(condition))
    return bool(found) and all(isinstance(m, dict) and "known" in m for _name, m in found)


def headline_rule(result: Assessment) -> Rule | None:
    """The rule the headline speaks for: among the rules that set the decision (the red
    flags among them, if any), the most specific, a rule with its own headline first
    among equals; when
    only advice rules fired, the most specific of those (a night cramp's headline
    speaks of the cramp). Remaining ties go to display order."""
    deciding = [r for r in result.speaking if r.level == result.level]
    if any(r.red_flag for r in deciding):
        deciding = [r for r in deciding if r.red_flag]  # a red flag always has the word
    if not deciding:
        deciding = [r for r in result.fired if r.level is None]
    best: Rule | None = None
    best_key = (-1, False, False)
    for rule in deciding:
        key = (specificity(rule.when), rule.red_flag, rule.headline is not None)
        if key > best_key:
            best, best_key = rule, key
    return best


def headline(result: Assessment, book: RuleBook, lang: str) -> str:
    """One sentence about the complaint: the deciding rule's own headline, or its title
    and what the decision means for today."""
    vocab = book.vocab
    meaning = pick(vocab.level_meanings[result.level], lang)
    lowered = meaning[:1].lower() + meaning[1:]
    rule = headline_rule(result)
    if rule is None:
        return vocab.msg("headline_nothing", lang, meaning=lowered)
    if rule.headline and _placeholders_known(pick(rule.headline, lang), result.inputs):
        return fill_inputs(pick(rule.headline, lang), result.inputs, vocab, lang)
    return f"{pick(rule.title, lang)}: {lowered}"


def _placeholders_known(text: str, inputs: dict[str, Any]) -> bool:
    """A headline naming {location} needs a location; without one the title speaks instead."""
    try:
        names = {field for _, field, _, _ in string.Formatter().parse(text) if field}
    except ValueError:
        return False
    return all(inputs.get(name) is not None for name in names)


def fill_inputs(text: str, inputs: dict[str, Any], vocab: Vocabulary, lang: str, unknown: str = "?") -> str:
    """Fill {input} placeholders in the runner's words: a headline's ({after}: 'marathon')
    and a load rule's advice ({acwr:.2f}: '1,62'). A value reads as its label, a number
    with the language's decimal mark (and the placeholder's format, if any); an input
    not given reads as `unknown`. A text whose placeholders do not parse stays as it is."""
    try:
        return _InputWords(inputs, vocab, lang, unknown).format(text)
    except (ValueError, TypeError, IndexError, KeyError, AttributeError):
        return text


class _InputWords(string.Formatter):
    """The formatter behind `fill_inputs`: placeholders name inputs, not arguments."""

    def __init__(self, inputs: dict[str, Any], vocab: Vocabulary, lang: str, unknown: str) -> None:
        self.inputs = inputs
        self.vocab = vocab
        self.lang = lang
        self.unknown = unknown

    def get_value(self, key: int | str, args: Any, kwargs: Any) -> Any:
        name = str(key)
        value = self.inputs.get(name)
        if value is None:
            return _UNKNOWN
        if not isinstance(value, str):
            return value
        vocab = self.vocab
        if name in vocab.inputs:  # an assess input: by its own labels
            return vocab.value_label(name, value, self.lang)
        event = vocab.events.get(value)  # a load input names a location or an event
        label = vocab.location_labels.get(value) or (event.label if event else None)
        return pick(label, self.lang) if label else value

    def format_field(self, value: Any, format_spec: str) -> str:
        if value is _UNKNOWN:
            return self.unknown
        if isinstance(value, str):
            return format(value, format_spec)
        return number_text(value, self.vocab, self.lang, format_spec or None)


_UNKNOWN = object()
"""An input the placeholder names but nobody gave."""


def missing_why(missing: Missing, book: RuleBook, lang: str) -> str:
    """Why an input that was not given matters."""
    vocab = book.vocab
    spec = vocab.inputs.get(missing.input)
    question = pick(spec.missing, lang) if spec and spec.missing else missing.input
    level = pick(vocab.level_labels[missing.level], lang) if missing.level else "?"
    titles = ", ".join(dict.fromkeys(pick(r.title, lang) for r in missing.rules[:3]))
    return vocab.msg("missing_why", lang, question=question, level=level, rules=titles)


def source_line(source: Source) -> str:
    """'Document — Section' (plus author and year for external sources)."""
    text = f"{source.document} — {source.section}"
    return f"{text} ({source.reference})" if source.reference else text


def number_text(value: float, vocab: Vocabulary, lang: str, spec: str | None = None) -> str:
    """A number as a runner writes it, with the language's decimal mark (7,5).

    Without a format spec every digit stays (1234567, 6.25), and a whole
    number loses its '.0'.
    """
    if spec is not None:
        text = format(value, spec)
    elif float(value).is_integer():
        text = str(int(value))
    else:
        text = repr(float(value))
    return text.replace(".", vocab.msg("decimal_mark", lang))


def inputs_in_words(inputs: dict[str, Any], vocab: Vocabulary, lang: str) -> str:
    """What the runner told us, in their language: 'pain: sharp · where: ankle · no swelling'."""
    parts = []
    for name, value in inputs.items():
        spec = vocab.inputs.get(name)
        if spec is None or spec.derived:
            continue
        label = vocab.input_label(name, lang)
        if value is True:
            parts.append(label)
        elif value is False:
            parts.append(vocab.msg("input_flag_no", lang, label=label))
        elif isinstance(value, (int, float)):
            parts.append(f"{label}: {number_text(value, vocab, lang)}")
        else:
            parts.append(f"{label}: {vocab.value_label(name, str(value), lang)}")
    return " · ".join(parts)
