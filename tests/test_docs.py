"""The generated reference docs match the rules, and the knowledge covers the contract."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from recoverycli.docgen import generate
from recoverycli.rulefiles.parse import load_rulebook

ROOT = Path(__file__).resolve().parent.parent
CONTRACT = ROOT.parent / "shared" / "CONTRACT.md"
ARTICLES = (
    "Geef je benen het nodige onderhoud",
    "De complete gids voor actief herstel na uw training",
    "Hardlopen en herstel",
    "Spierpijn in de benen: oorzaken en preventie",
    "Waarom komt mijn hardloopblessure terug?",
)


@pytest.fixture(scope="module")
def book():  # type: ignore[no-untyped-def]
    loaded, problems = load_rulebook()
    assert problems == []
    return loaded


def test_generated_docs_are_current(book) -> None:  # type: ignore[no-untyped-def]
    for name, content in generate(book).items():
        committed = (ROOT / "docs" / name).read_text(encoding="utf-8")
        assert committed == content, f"docs/{name} is stale: run python -m recoverycli.docgen docs/"


def test_rule_file_schema_accepts_shipped_rules(book) -> None:  # type: ignore[no-untyped-def]
    jsonschema = pytest.importorskip("jsonschema")
    import yaml

    schema = json.loads((ROOT / "docs" / "rule-file.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    for path in sorted((ROOT / "rules").glob("*.yaml")):
        errors = list(validator.iter_errors(yaml.safe_load(path.read_text(encoding="utf-8"))))
        assert errors == [], f"{path.name}: {errors[0].message if errors else ''}"


def test_rule_file_schema_rejects_unknown_topic(book) -> None:  # type: ignore[no-untyped-def]
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((ROOT / "docs" / "rule-file.schema.json").read_text(encoding="utf-8"))
    bad = {"rules": [{"id": "x", "title": {"en": "a", "nl": "b"}, "when": {"pain": "sharp"},
                      "advice": [{"topic": "no-such-topic", "text": {"en": "a", "nl": "b"}}],
                      "source": {"document": "d", "section": "s"},
                      "examples": [{"given": {}, "expect": {}}]}]}
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(bad))


def _contract_topics() -> list[str]:
    text = CONTRACT.read_text(encoding="utf-8")
    block = text.split("## Topics", 1)[1].split("## ", 1)[0]
    return re.findall(r"`([a-z-]+)`", block.split("\n\n", 1)[1])


@pytest.mark.skipif(not CONTRACT.exists(), reason="shared/CONTRACT.md is not beside the checkout")
def test_every_contract_topic_is_in_the_vocabulary_and_used(book) -> None:  # type: ignore[no-untyped-def]
    topics = _contract_topics()
    assert len(topics) >= 40
    used = {a.topic for r in book.rules for a in r.advice} | {p.topic for p in book.plan_items}
    for topic in topics:
        assert topic in book.vocab.topics, topic
        assert topic in used, f"no rule gives {topic} advice"


def test_each_article_is_cited_by_several_rules(book) -> None:  # type: ignore[no-untyped-def]
    for article in ARTICLES:
        citing = [r for r in [*book.rules, *book.plan_items] if r.source.document == article]
        assert len(citing) >= 5, article


def test_external_rules_name_author_and_year(book) -> None:  # type: ignore[no-untyped-def]
    for rule in [*book.rules, *book.plan_items]:
        if rule.source.origin == "external":
            assert rule.source.reference and re.search(r"\(\d{4}\)", rule.source.reference), rule.id
        else:
            assert rule.source.document in ARTICLES, f"{rule.id} cites {rule.source.document!r}"
