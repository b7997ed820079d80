"""Shared fixtures: a clean environment, the CLI runner, tiny rule files.

Tests that need rules build their own small files in tmp_path (loaded with
``shipped=False``), so they do not depend on the shipped knowledge.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

TESTS = Path(__file__).resolve().parent
REPO_ROOT = TESTS.parent
BAD_RULES = TESTS / "data" / "bad_rules"


def _neutral_process_env() -> None:
    """English, plain and 80 columns before any test module imports the CLI.

    The CLI picks its help language when it is imported, so a Dutch locale or a
    colour setting in the shell that runs pytest must not leak into the tests.
    """
    for name in ("RECOVER_RULES", "RECOVER_LANG", "RECOVER_DEBUG", "RECOVER_NO_CACHE",
                 "LC_ALL", "LC_MESSAGES", "FORCE_COLOR", "TERM"):
        os.environ.pop(name, None)
    os.environ.update(LANG="C.UTF-8", NO_COLOR="1", COLUMNS="80")


_neutral_process_env()


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "slow: builds and installs the wheel (deselect with -m 'not slow')"
    )


@pytest.fixture(scope="session")
def _cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("recover-cache")


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch, _cache_dir: Path) -> None:
    """No user rules, English, a private rules cache."""
    for name in (
        "RECOVER_RULES",
        "RECOVER_LANG",
        "RECOVER_DEBUG",
        "RECOVER_NO_CACHE",
        "LC_ALL",
        "LC_MESSAGES",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.setenv("RECOVER_CACHE_DIR", str(_cache_dir))


def flat(text: str) -> str:
    """Output with rich's line wrapping undone: all whitespace runs become one space."""
    return re.sub(r"\s+", " ", text)


_PROBLEM_START = re.compile(r"\S+\.ya?ml:(?:\d+:)? ")


def located(output: str, name: str, line: int, fragment: str) -> bool:
    """Some problem in the (unwrapped) output reads `name:line: ... fragment`."""
    where = f"{name}:{line}: " if line else f"{name}: "
    text = flat(output)
    start = text.find(where)
    while start != -1:
        after = start + len(where)
        following = _PROBLEM_START.search(text, after)
        if fragment in text[after : following.start() if following else len(text)]:
            return True
        start = text.find(where, after)
    return False


def no_traceback(result) -> None:
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


@pytest.fixture
def cli() -> Callable[..., Any]:
    """Run `recover ARGS...` in-process; returns typer's Result (stdout/stderr apart)."""
    from helpers import Runner

    from recoverycli.cli import app
    from recoverycli.rulefiles import cache

    def run(*args: str, env: dict[str, str] | None = None) -> Any:
        cache.clear()  # each real run is a new process
        return Runner().invoke(app, list(args), env=env)

    return run


class _NoAliases(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True


def make_rule(
    rule_id: str,
    when: dict[str, Any],
    level: str | None = None,
    *,
    advice: list[tuple[str, str]] | None = None,
    red_flag: bool = False,
) -> dict[str, Any]:
    """A valid rule; `advice` is (topic, English text) pairs."""
    pairs = advice if advice is not None else [("explain", f"Advice of {rule_id}.")]
    rule: dict[str, Any] = {
        "id": rule_id,
        "title": {"en": f"Rule {rule_id}", "nl": f"Regel {rule_id}"},
        "when": when,
        "advice": [{"topic": t, "text": {"en": text, "nl": f"NL {text}"}} for t, text in pairs],
        "source": {"document": "Test document", "section": "Test section"},
        "examples": [{"given": {"pain": "ache"}, "expect": {"fires": False}}],
    }
    if level is not None:
        rule["level"] = level
    if red_flag:
        rule["red_flag"] = True
    return rule


def write_rules(folder: Path, *rules: dict[str, Any], name: str = "rules.yaml") -> Path:
    """Write a rule file (plain YAML, no anchors) and return its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(
        yaml.dump({"rules": list(rules)}, Dumper=_NoAliases, sort_keys=False, allow_unicode=True),
        encoding="utf-8",
    )
    return path


@pytest.fixture
def book_of(tmp_path: Path) -> Callable[..., Any]:
    """Load a RuleBook from just these rules (no shipped rules); fails on any problem."""
    from recoverycli.rulefiles.parse import load_rulebook

    counter = iter(range(10_000))

    def build(*rules: dict[str, Any]) -> Any:
        path = write_rules(tmp_path / f"book{next(counter)}", *rules)
        book, problems = load_rulebook([path], shipped=False)
        assert problems == []
        return book

    return build


# In CI, hypothesis explores the same examples every run (derandomized), so a
# red build always points at a change, never at a lucky draw; locally it keeps
# searching new ones.
if os.environ.get("CI"):
    from hypothesis import settings as _hypothesis_settings

    _hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True)
    _hypothesis_settings.load_profile("ci")
