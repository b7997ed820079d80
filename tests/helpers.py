"""Shared test helpers: a clean CLI environment and one way to invoke a command."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from recoverycli.cli import app
from recoverycli.rulefiles import cache

# A clean, predictable environment: English, plain text, 80 columns, no user rules.
BASE_ENV: dict[str, str | None] = {
    "RECOVER_RULES": None,
    "RECOVER_LANG": None,
    "LC_ALL": None,
    "LC_MESSAGES": None,
    "LANG": "C.UTF-8",
    "NO_COLOR": "1",
    "FORCE_COLOR": None,
    "COLUMNS": "80",
    "RECOVER_DEBUG": None,
}


def invoke(args: list[str], **env: str | None) -> Any:
    """Run `recover ARGS` as a fresh process would: no rule book left from another run."""
    cache.clear()
    result = CliRunner().invoke(app, args, env={**BASE_ENV, **env})
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


def run_module(args: list[str], cwd: Path | None = None,
               env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`python -m recoverycli ARGS` in a fresh process (the help language is
    chosen at import, so Dutch help and usage errors need one)."""
    return subprocess.run([sys.executable, "-m", "recoverycli", *args], capture_output=True, text=True,
                          cwd=cwd, env=env, timeout=60)
