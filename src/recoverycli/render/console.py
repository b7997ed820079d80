"""The rich console every human output goes through.

Two things a careful Unix tool does that rich does not by default: a reader
that closes the pipe early (`| head`) is no error (rich exits 1; we raise
BrokenPipeError, which the CLI turns into a quiet exit 0), and text written to
a pipe or a file carries no trailing spaces (rich pads every line of a panel,
table or hanging indent to the full width).
"""

from __future__ import annotations

import re
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console

_TRAILING = re.compile(r"[ \t]+(?=\n|$)")


class _TrimmedLines:
    """A text stream that drops trailing blanks before each newline (rich writes whole lines)."""

    def __init__(self, stream: IO[str]) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(_TRAILING.sub("", text))
        return len(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def make_console(stderr: bool = False) -> Console:
    import sys

    from rich.console import Console

    class PipeQuietConsole(Console):
        def on_broken_pipe(self) -> None:
            raise BrokenPipeError

    stream = sys.stderr if stderr else sys.stdout
    console = PipeQuietConsole(stderr=stderr, highlight=False, soft_wrap=False)
    if not console.is_terminal:
        console.file = _TrimmedLines(stream)  # type: ignore[assignment]
    return console
