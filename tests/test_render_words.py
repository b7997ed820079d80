"""The renderers' shared pieces: words, footnotes, one way to read every rule kind,
and the engine's layout (one entry point per speed path)."""

from __future__ import annotations

import io

from rich.console import Console

from recoverycli import engine, load_rules
from recoverycli.engine import conditions, generated
from recoverycli.model import Source
from recoverycli.render import brief, ics, jsonout, richout, words

BOOK = load_rules()


def test_renderers_take_their_words_from_words_not_from_json() -> None:
    assert jsonout.day_label is words.day_label and jsonout.item_text is words.item_text
    assert ics.day_label is words.day_label and ics.item_text is words.item_text
    assert not hasattr(richout, "day_label") and not hasattr(brief, "day_label")
    assert words.flag_name("hours_since") == "--hours-since"


def test_footnotes_number_sources_in_order_and_may_share_a_number_by_key() -> None:
    a, b, c = Source("Doc A", "one"), Source("Doc B", "two"), Source("Doc A", "three")
    plain = richout.Footnotes()
    assert [plain.mark(s) for s in (a, b, a, c)] == [f"[dim]\\[{n}][/dim]" for n in (1, 2, 1, 3)]
    assert plain.sources == [a, b, c]
    by_document = richout.Footnotes(key=lambda source: source.document)
    assert [by_document.mark(s) for s in (a, b, c)] == [f"[dim]\\[{n}][/dim]" for n in (1, 2, 1)]
    assert by_document.sources == [a, b]  # the first source of each number


def test_every_rule_kind_is_shown_the_same_way() -> None:
    kinds = {rule.kind for rule in BOOK.all_rules()}
    assert kinds == {"assess", "plan", "load"}
    for rule in BOOK.all_rules():
        doc = jsonout.rule_full_doc(rule, "en")
        assert doc["kind"] == rule.kind and doc["level"] == rule.level
        assert [a["topic"] for a in doc["advice"]] == [a.topic for a in rule.given]
        assert ("red_flag" in doc) == (rule.kind == "assess")
        assert ("slot" in doc) == (rule.kind == "plan")
    listed = jsonout.rules_doc(BOOK, "en")["rules"]
    assert [(r["id"], r["kind"]) for r in listed] == [(r.id, r.kind) for r in BOOK.all_rules()]


def test_rule_detail_shows_level_and_advice_for_every_kind() -> None:
    for rule in (BOOK.rules[0], BOOK.plan_items[0], BOOK.load_rules[0]):
        console = Console(width=80, file=io.StringIO(), color_system=None)
        assert richout.rule_detail(console, rule.id, BOOK, "en")
        text = console.file.getvalue()  # type: ignore[attr-defined]
        assert BOOK.vocab.msg("col_level", "en") + ":" in text
        assert all(advice.topic in text for advice in rule.given)


def test_the_generated_evaluator_has_one_entry_point_behind_the_plain_path() -> None:
    assert not hasattr(conditions, "generate_evaluator") and not hasattr(conditions, "_Generator")
    assert callable(generated.generate_evaluator)
    index = engine.RuleIndex(BOOK)
    for _ in range(engine.RuleIndex.GENERATE_AFTER - 1):
        index.evaluate({})
    assert index.generated is None  # a single command never pays for generating
    index.evaluate({})
    assert index.generated is not None
    assert set(engine.__all__) == {"RuleIndex", "assess", "assess_explained", "derive", "open_questions",
                                   "plan", "rule_index"}
