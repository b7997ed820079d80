"""An export folder's activity files read before its rows are, so their progress can be shown.

Reading a log is one pass, row by row; a row of a Strava export folder that lacks
its time or distance reads its activity file on the way. On a first run over
2,000 files that pass is long and says nothing. `files_to_read` is a quick first
pass over `activities.csv` that reads no activity file: it notes the ones the
rows will need that the cache does not hold. `read_files` then reads them, one
step at a time (a caller draws a progress bar), and the real pass finds every
summary ready.

    >>> pending = files_to_read(reader)
    >>> for _path in read_files(reader):
    ...     bar.advance()
"""

from __future__ import annotations

from collections.abc import Iterator

from recoverycli.traininglog.reader import LogFileError, LogReader

__all__ = ["files_to_read", "read_files"]


def files_to_read(reader: LogReader) -> list[str]:
    """The activity files reading `reader` will open that the cache lacks, in row order.

    A log that is no export folder, or that cannot be read (which the real pass
    will say), has none."""
    store = reader.activities
    if store is None or reader.format != "csv":
        return []
    store.collect = True
    try:
        with open(reader.name, encoding="utf-8-sig", newline="") as stream:
            scan = LogReader(stream, reader.vocab, name=reader.name, lang=reader.lang,
                             export_format=reader.export_format, miles=reader.miles,
                             folder=reader.folder, activities=store)
            for _row in scan:
                pass
    except (OSError, LogFileError):
        return []
    finally:
        store.collect = False
    return list(store.pending)


def read_files(reader: LogReader) -> Iterator[str]:
    """Read the files `files_to_read` found, yielding each path once it is read."""
    if reader.activities is None:
        return iter(())
    return iter(reader.activities.read_pending())
