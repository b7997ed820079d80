"""Words shared by every renderer: headline, missing-input hints, sources."""

from __future__ import annotations

from typing import Any

from ..model import Assessment, Missing, RuleBook, Source, Vocabulary, pick


def headline(result: Assessment, book: RuleBook, lang: str) -> str:
    """One sentence: what decided it, and what that means for today."""
    vocab = book.vocab
    meaning = pick(vocab.level_meanings[result.level], lang)
    deciding = [r for r in result.fired if r.level == result.level]
    if not deciding:
        lowered = meaning[:1].lower() + meaning[1:]
        if result.fired:
            return vocab.msg("headline_advice_only", lang, meaning=lowered)
        return vocab.msg("headline_nothing", lang, meaning=lowered)
    title = pick(deciding[0].title, lang)
    return f"{title}: {meaning[:1].lower()}{meaning[1:]}"


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
