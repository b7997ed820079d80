"""Rule files' parts → one rule book, and the checks that need the whole book.

What one rule file gives (`FileRules`: its good entries and its problems)
depends only on that file and the vocabulary, so the cache keeps it per file.
What depends on several files (two entries with one id) is checked here, on
the assembled book, every time a book is put together.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from recoverycli.model import LoadRule, PlanItem, Rule, RuleBook, Vocabulary
from recoverycli.problems import Problem


@dataclass
class FileRules:
    """One rule file, read and checked: the entries without problems, and the problems.

    `read` is False when the file never got as far as its entries (bad YAML, not a
    mapping); such a file is not listed among the book's files.
    """

    file: str
    rules: list[Rule] = field(default_factory=list)
    plan_items: list[PlanItem] = field(default_factory=list)
    load_rules: list[LoadRule] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    read: bool = True


def compile_rules(part: FileRules, vocab: Vocabulary) -> FileRules:
    """Compile every condition of one file once (closures: never cached on disk)."""
    from recoverycli.engine.conditions import compile_book

    compile_book(RuleBook(vocab, part.rules, part.plan_items, load_rules=part.load_rules))
    return part


def check_duplicates(book: RuleBook) -> list[Problem]:
    """Two rules (or plan items) with one id are an error."""
    seen: dict[str, Rule | PlanItem | LoadRule] = {}
    problems = []
    for entry in book.all_rules():
        first = seen.get(entry.id)
        if first is not None:
            problems.append(Problem(entry.file, entry.line, entry.id,
                                    f"duplicate id: already defined at {first.file}:{first.line}"))
        else:
            seen[entry.id] = entry
    return problems


def assemble(vocab: Vocabulary, parts: Iterable[FileRules],
             problems: Iterable[Problem] = ()) -> tuple[RuleBook, list[Problem]]:
    """The book of these files' entries, in file order, with every problem sorted."""
    book = RuleBook(vocab, [], [])
    found = list(problems)
    for part in parts:
        book.rules.extend(part.rules)
        book.plan_items.extend(part.plan_items)
        book.load_rules.extend(part.load_rules)
        found.extend(part.problems)
        if part.read:
            book.files.append(part.file)
    found.extend(check_duplicates(book))
    return book, sorted(set(found))
