"""Dutch is first-class: every text exists in both languages and reads differently."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
import yaml

from recoverycli import engine
from recoverycli.i18n import choose_language, from_locale
from recoverycli.model import LANGUAGES, RuleBook
from recoverycli.render import richout
from recoverycli.render.common import headline
from recoverycli.rulefiles.parse import load_rulebook

ROOT = Path(__file__).resolve().parent.parent
# Words that are the same in English and Dutch, and texts that are only a format.
SAME_IN_BOTH = {"plan", "n", "marathon", "hamstring", "Week", "km", "±", "?", "HRV",
                "recover: {file}: {error}", "recover: {file}:{line}: {error}"}


def texts(node: Any, where: str = "") -> list[tuple[str, dict[str, str]]]:
    """Every {en, nl} mapping in a YAML tree, with where it sits."""
    found: list[tuple[str, dict[str, str]]] = []
    if isinstance(node, dict):
        if set(node) & set(LANGUAGES) and all(isinstance(v, str) for v in node.values()):
            return [(where, node)]
        for key, value in node.items():
            found += texts(value, f"{where}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += texts(value, f"{where}[{index}]")
    return found


YAML_FILES = sorted((ROOT / "rules").glob("*.yaml")) + sorted((ROOT / "rules" / "vocabulary").glob("*.yaml"))


@pytest.mark.parametrize("path", YAML_FILES, ids=lambda p: p.name)
def test_every_text_has_both_languages_and_they_differ(path: Path) -> None:
    found = texts(yaml.safe_load(path.read_text(encoding="utf-8")), path.name)
    assert found, f"{path.name} has no texts"
    for where, text in found:
        assert set(text) == set(LANGUAGES), f"{where}: languages {sorted(text)}"
        for lang in LANGUAGES:
            assert text[lang].strip(), f"{where}: empty {lang}"
        if text["en"] not in SAME_IN_BOTH:
            assert text["en"] != text["nl"], f"{where}: the Dutch is the English"


@pytest.fixture(scope="module")
def book() -> RuleBook:
    loaded, problems = load_rulebook()
    assert problems == []
    return loaded


def render(function: Any, *args: Any) -> str:
    from rich.console import Console

    buffer = io.StringIO()
    function(Console(file=buffer, width=80, no_color=True, highlight=False), *args)
    return buffer.getvalue()


def test_every_rule_renders_in_both_languages(book: RuleBook) -> None:
    for rule in book.rules:
        given = rule.examples[0].given
        result = engine.assess(given, book)
        outputs = {lang: render(richout.assessment, result, book, lang) for lang in LANGUAGES}
        assert outputs["en"] != outputs["nl"], rule.id
        for lang in LANGUAGES:
            assert headline(result, book, lang).strip()
            for given_advice in result.advice:
                text = given_advice.advice.text[lang]
                assert text.split()[0] in outputs[lang], f"{rule.id}: {lang} advice missing"


@pytest.mark.parametrize("event", ["marathon", "half-marathon", "race", "long-run", "intervals",
                                   "trail-run", "leg-day", "easy-run", "recovery-ride"])
def test_every_plan_renders_in_both_languages(book: RuleBook, event: str) -> None:
    result = engine.plan(event, book, {"desk_job": True, "sore": ["calf", "knee"]})
    english = render(richout.plan, result, book, "en")
    dutch = render(richout.plan, result, book, "nl")
    assert english != dutch
    assert "Herstelplan" in dutch and "Recovery plan" in english
    assert "Dag 1" in dutch


def test_every_banner_in_both_languages(book: RuleBook) -> None:
    vocab = book.vocab
    for level in vocab.levels:
        for lang in LANGUAGES:
            assert vocab.level_labels[level][lang].strip()
            assert vocab.level_meanings[level][lang].strip()
        assert vocab.level_meanings[level]["en"] != vocab.level_meanings[level]["nl"]
    assert len({vocab.level_labels[lv]["nl"] for lv in vocab.levels}) == len(vocab.levels)


@pytest.mark.parametrize(("env", "expected"), [
    ({}, "en"),
    ({"LANG": "nl_BE.UTF-8"}, "nl"),
    ({"LANG": "nl_NL.UTF-8"}, "nl"),
    ({"LC_ALL": "nl_NL.UTF-8", "LANG": "en_US.UTF-8"}, "nl"),
    ({"LC_ALL": "en_GB.UTF-8", "LANG": "nl_BE.UTF-8"}, "en"),
    ({"LANG": "fr_BE.UTF-8"}, "en"),
    ({"RECOVER_LANG": "nl", "LANG": "en_US.UTF-8"}, "nl"),
    ({"RECOVER_LANG": "en", "LC_ALL": "nl_BE.UTF-8"}, "en"),
    ({"RECOVER_LANG": "xx", "LANG": "nl_BE"}, "nl"),
])
def test_language_choice(env: dict[str, str], expected: str) -> None:
    assert choose_language(None, env) == expected


def test_explicit_language_wins() -> None:
    assert choose_language("en", {"RECOVER_LANG": "nl"}) == "en"
    assert from_locale("C") is None
