"""Shared test helpers: a clean CLI environment and one way to invoke a command."""

from __future__ import annotations

import functools
import subprocess
import sys
from pathlib import Path
from typing import Any

import typer
import typer.main
from typer.testing import CliRunner, Result

from recoverycli.cli import app
from recoverycli.rulefiles import cache

_click_command = functools.cache(typer.main.get_command)


class Runner(CliRunner):
    """Typer's CliRunner on the click command built once per app.

    Typer's own `invoke` rebuilds the click command on every call (~50 ms), which
    a suite of a thousand invocations pays again and again. This is its `invoke`
    with the same isolation, exit-code and exception handling, on the cached
    command; nothing of Typer's is replaced."""

    def invoke(self, app: typer.Typer, args: Any = None, input: Any = None,  # type: ignore[override]
               env: Any = None, catch_exceptions: bool = True, color: bool = False, **extra: Any) -> Result:
        command = _click_command(app)
        exc_info: Any = None
        return_value: Any = None
        exception: BaseException | None = None
        exit_code = 0
        with self.isolation(input=input, env=env, color=color) as streams:
            try:
                return_value = command.main(args=args or (), prog_name=extra.pop("prog_name", command.name or "root"),
                                            **extra)
            except SystemExit as stop:
                exc_info = sys.exc_info()
                code = 0 if stop.code is None else stop.code
                if code != 0:
                    exception = stop
                if not isinstance(code, int):
                    sys.stdout.write(f"{code}\n")
                    code = 1
                exit_code = code
            except Exception as error:
                if not catch_exceptions:
                    raise
                exception, exit_code, exc_info = error, 1, sys.exc_info()
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                stdout, stderr, output = (stream.getvalue() for stream in streams)
        return Result(runner=self, stdout_bytes=stdout, stderr_bytes=stderr, output_bytes=output,
                      return_value=return_value, exit_code=exit_code, exception=exception, exc_info=exc_info)


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
    result = Runner().invoke(app, args, env={**BASE_ENV, **env})
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


def run_module(args: list[str], cwd: Path | None = None,
               env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`python -m recoverycli ARGS` in a fresh process (the help language is
    chosen at import, so Dutch help and usage errors need one)."""
    return subprocess.run([sys.executable, "-m", "recoverycli", *args], capture_output=True, text=True,
                          cwd=cwd, env=env, timeout=60)
