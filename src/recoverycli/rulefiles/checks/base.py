"""What every check shares: where an entry sits, the line of a key, unknown keys.

A check is a function `(entry, ctx) -> Iterator[Problem]`: it takes one raw
entry (a `LineDict` from `bounded_yaml`) and the `Context` it lives in, and
yields located problems. Nothing here builds the model or raises: the loader
runs every check and reports every problem.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from recoverycli.model import Vocabulary
from recoverycli.problems import Problem
from recoverycli.rulefiles.bounded_yaml import LineDict, LineList


@dataclass
class Context:
    """Where an entry sits: its file, its id (once known) and the vocabulary."""

    file: str
    vocab: Vocabulary
    rule_id: str | None = None

    def problem(self, line: int, message: str) -> Problem:
        return Problem(self.file, line, self.rule_id, message)


Check = Callable[[LineDict, Context], Iterator[Problem]]


def line_of(data: Any, key: Any = None) -> int:
    """Best line for `data[key]` (or `data` itself)."""
    if key is not None and isinstance(data, (LineDict, LineList)):
        return data.line_of(key)
    return getattr(data, "line", 0)


def closest(word: str, options: list[str] | tuple[str, ...]) -> str:
    """' (did you mean 'x'?)' when one option is close to `word`, else ''."""
    import difflib

    close = difflib.get_close_matches(str(word), [str(o) for o in options], n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


def check_keys(entry: LineDict, ctx: Context, allowed: dict[str, bool], what: str) -> Iterator[Problem]:
    """Unknown keys and missing required keys (`allowed` maps each key to whether it is required)."""
    for key in entry:
        if key not in allowed:
            yield ctx.problem(entry.line_of(key),
                              f"unknown key '{key}' in {what}{closest(key, list(allowed))}; "
                              f"allowed: {', '.join(allowed)}")
    for key, required in allowed.items():
        if required and key not in entry:
            yield ctx.problem(entry.line, f"{what} is missing the required key '{key}'")
