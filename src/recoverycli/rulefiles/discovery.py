"""Where rule files are: the shipped folder, --rules and RECOVER_RULES.

Kept apart from the loader so the cache can find and fingerprint the files
without importing YAML.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from recoverycli.problems import Problem

RULES_ENV = "RECOVER_RULES"
VOCABULARY_FILES = ("vocabulary.yaml", "body-map.yaml", "messages.yaml")
"""The vocabulary folder's files, read (and cached) as one unit."""


def shipped_rules_dir() -> Path:
    """The rules folder inside the installed package (or the repo's, in a checkout)."""
    here = Path(__file__).resolve().parent.parent
    packaged = here / "rules"
    if (packaged / "vocabulary").is_dir():
        return packaged
    return here.parent.parent / "rules"


def vocabulary_dir() -> Path:
    """The shipped vocabulary folder."""
    return shipped_rules_dir() / "vocabulary"


def user_rule_paths(extra: Iterable[str | Path] = ()) -> list[Path]:
    """Folders or files named by --rules, then by RECOVER_RULES."""
    paths = [Path(p) for p in extra]
    env = os.environ.get(RULES_ENV, "")
    paths.extend(Path(p) for p in env.split(os.pathsep) if p.strip())
    return paths


def rule_files(path: Path) -> tuple[list[Path], list[Problem]]:
    """The YAML files of one --rules entry, in name order."""
    if path.is_file():
        return [path], []
    if path.is_dir():
        found = [p for p in path.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file()]
        return sorted(found), []
    return [], [Problem(str(path), 0, None, "no such rule file or folder")]


def book_files(extra: Iterable[str | Path] = (), *, shipped: bool = True) -> tuple[list[Path], list[Problem]]:
    """Every rule file of a book in load order (the shipped ones by name, then the
    user's), each file once however it is named; and a problem per missing path."""
    files = sorted(shipped_rules_dir().glob("*.yaml")) if shipped else []
    problems: list[Problem] = []
    users = user_rule_paths(extra)
    if not users:  # the shipped files have one name each
        return files, problems
    for path in users:
        found, missing = rule_files(path)
        files.extend(found)
        problems.extend(missing)
    unique: list[Path] = []
    seen: set[Path] = set()
    for path in files:
        real = path.resolve()
        if real not in seen:
            seen.add(real)
            unique.append(path)
    return unique, problems
