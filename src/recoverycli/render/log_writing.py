"""What the log writers share: flushing at the pace of the input, and cache sizes.

On a pipe or a terminal each row is flushed at once, so `tail -f log | recover
log assess -` answers as the runner writes; on a file, rows go out in batches.
"""

from __future__ import annotations

from typing import Any

__all__ = ["CACHE_SIZE", "Flusher"]

CACHE_SIZE = 512
"""Entries a writer keeps per cache (documents, headlines) before starting afresh."""


class Flusher:
    """Flush after every row on a pipe or terminal, in batches on a file."""

    def __init__(self, out: Any, every: int) -> None:
        self.out = out
        self.every = every
        self.pending = 0

    def tick(self) -> None:
        self.pending += 1
        if self.pending >= self.every:
            self.out.flush()
            self.pending = 0

    def done(self) -> None:
        self.out.flush()
