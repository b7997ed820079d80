"""Loading rules through a cache; see `load_rulebook_cached`."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from .load import load_rulebook, load_vocabulary, shipped_rules_dir
from .model import RuleBook, Vocabulary
from .problems import Problem


def load_rulebook_cached(extra: Iterable[str | Path] = ()) -> tuple[RuleBook, list[Problem]]:
    """The rule book for these user paths."""
    return load_rulebook(extra)


def load_vocabulary_cached() -> tuple[Vocabulary, list[Problem]]:
    """The shipped vocabulary (allowed values, labels, messages)."""
    return load_vocabulary(shipped_rules_dir() / "vocabulary")
