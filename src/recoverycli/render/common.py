"""Words shared by every renderer: headline, missing-input hints, sources."""

from __future__ import annotations

from ..model import Assessment, Missing, RuleBook, Source, pick


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
