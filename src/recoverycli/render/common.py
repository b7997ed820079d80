"""Words shared by every renderer: headline, missing-input hints, sources."""

from __future__ import annotations

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
    import string

    try:
        names = {field for _, field, _, _ in string.Formatter().parse(text) if field}
    except ValueError:
        return False
    return all(inputs.get(name) is not None for name in names)


def fill_inputs(text: str, inputs: dict[str, Any], vocab: Vocabulary, lang: str) -> str:
    """A headline's {input} placeholders in the runner's words ({after}: 'marathon')."""
    import string

    class Words(string.Formatter):
        def get_value(self, key: int | str, args: Any, kwargs: Any) -> Any:
            value = inputs.get(str(key))
            if value is None:
                return "?"
            if isinstance(value, str):
                return vocab.value_label(str(key), value, lang)
            return number_text(value, vocab, lang)

    try:
        return Words().format(text)
    except (ValueError, IndexError, KeyError):
        return text


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
