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


def shipped_rules_dir() -> Path:
    """The rules folder inside the installed package (or the repo's, in a checkout)."""
    here = Path(__file__).resolve().parent.parent
    packaged = here / "rules"
    if (packaged / "vocabulary").is_dir():
        return packaged
    return here.parent.parent / "rules"


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
