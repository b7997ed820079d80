"""Located problems: what is wrong, in which file, on which line, in which rule."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a rule file or an input file.

    ``line`` is 1-based; 0 means the whole file. ``rule`` is the rule id when
    the problem sits inside a rule.
    """

    file: str
    line: int
    rule: str | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        rule = f" [{self.rule}]" if self.rule else ""
        return f"{where}:{rule} {self.message}"


class ProblemsError(Exception):
    """Raised by the Python API when rules cannot be used; carries every problem."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))
