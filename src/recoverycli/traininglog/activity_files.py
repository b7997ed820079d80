"""One activity file (FIT, GPX, TCX, or gzipped as Strava exports them) as one log row.

Each file is read with the library its format has: `fitdecode` for FIT (MIT;
not Garmin's SDK, whose licence excludes uses where a failure could lead to
injury), `gpxpy` for GPX, `tcxreader` for TCX, each imported only when such a
file is read. What is read is bounded: a file (or its gzip content) over
MAX_BYTES is refused, so a zip bomb or a 2 GB file cannot exhaust memory. A
file that is truncated, not of its format, or without a start time is an
`ActivityFileError` naming the file.
"""

from __future__ import annotations

import datetime as dt
import gzip
import math
import os
import zlib
from typing import Any

from recoverycli.traininglog.export_words import activity_type

SUFFIXES = (".fit", ".gpx", ".tcx", ".fit.gz", ".gpx.gz", ".tcx.gz")
MAX_BYTES = 64 * 1024 * 1024
"""The most an activity file may hold, unpacked: a long ultra with 1 s records is a few MB."""


class ActivityFileError(ValueError):
    """An activity file recover cannot use; the message says why."""


def is_activity_file(name: str) -> bool:
    return name.lower().endswith(SUFFIXES)


def _read_bytes(path: str) -> bytes:
    """The file's content (unzipped), never more than MAX_BYTES."""
    try:
        if path.lower().endswith(".gz"):
            with gzip.open(path, "rb") as stream:
                data = stream.read(MAX_BYTES + 1)
        else:
            if os.path.getsize(path) > MAX_BYTES:
                raise ActivityFileError(f"larger than {MAX_BYTES // (1024 * 1024)} MB")
            with open(path, "rb") as stream:
                data = stream.read(MAX_BYTES + 1)
    except (OSError, EOFError, gzip.BadGzipFile, zlib.error) as exc:
        raise ActivityFileError(str(getattr(exc, "strerror", None) or exc)) from None
    if len(data) > MAX_BYTES:
        raise ActivityFileError(f"larger than {MAX_BYTES // (1024 * 1024)} MB unpacked")
    return data


def read_activity(path: str, kind: str | None = None) -> dict[str, str]:
    """The session in recover's log columns: date, type, duration_min, distance_km (as text).
    `kind` (fit, gpx, tcx) is told from the file's name unless given (`--format`)."""
    data = _read_bytes(path)
    kind = kind or path.lower().removesuffix(".gz").rsplit(".", 1)[-1]
    reader = {"fit": _fit, "gpx": _gpx, "tcx": _tcx}.get(kind)
    if reader is None:
        raise ActivityFileError("not a FIT, GPX or TCX file")
    try:
        start, sport, seconds, metres = reader(data)
    except ActivityFileError:
        raise
    except Exception as exc:  # a damaged file can trip the libraries anywhere, not only while parsing
        raise ActivityFileError(f"not a readable {kind.upper()} file ({exc.__class__.__name__}: {exc})") from None
    if not isinstance(start, dt.datetime):  # missing, or a FIT time below its epoch (a bare number)
        raise ActivityFileError("no start time in the file")
    row = {"date": start.date().isoformat()}
    kind_word = activity_type(str(sport).replace("_", " ")) if sport else None
    if kind_word:
        row["type"] = kind_word
    seconds, metres = _amount(seconds), _amount(metres)  # a damaged file can hold a list or text here
    if seconds and seconds > 0:
        row["duration_min"] = repr(round(seconds / 60, 3))
    if metres and metres > 0 and kind_word not in ("swim",):
        row["distance_km"] = repr(round(metres / 1000, 4))
    return row


Found = tuple[dt.datetime | None, str | None, Any, Any]


def _amount(value: Any) -> float | None:
    """A duration or distance as a finite number, or None."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value or value in (math.inf,):
        return None
    return float(value)


def _fit(data: bytes) -> Found:
    import io
    import warnings

    import fitdecode

    start = sport = seconds = metres = None
    try:
        with warnings.catch_warnings(), fitdecode.FitReader(io.BytesIO(data)) as fit:
            warnings.simplefilter("ignore")  # fitdecode warns of CRC and field damage; it reads what it can
            for frame in fit:
                if not isinstance(frame, fitdecode.FitDataMessage) or frame.name != "session":
                    continue
                values: dict[str, Any] = {f.name: f.value for f in frame.fields}
                start = values.get("start_time") or start
                sport = values.get("sport") or sport
                seconds = values.get("total_timer_time") or values.get("total_elapsed_time") or seconds
                metres = values.get("total_distance") or metres
    except Exception as exc:  # fitdecode raises FitError, and struct, type and assertion errors on damage
        raise ActivityFileError(f"not a readable FIT file ({exc.__class__.__name__}: {exc})") from None
    return start, sport, seconds, metres


def _gpx(data: bytes) -> Found:
    import gpxpy

    try:
        gpx = gpxpy.parse(data.decode("utf-8", errors="replace"))
    except Exception as exc:  # gpxpy raises its own and XML errors
        raise ActivityFileError(f"not a readable GPX file ({exc})") from None
    bounds = gpx.get_time_bounds()
    moving = gpx.get_moving_data()
    sport = next((t.type for t in gpx.tracks if t.type), None)
    seconds = moving.moving_time if moving else None
    metres = moving.moving_distance if moving else None
    return bounds.start_time, sport, seconds, metres


def _tcx(data: bytes) -> Found:
    import tempfile

    from tcxreader.tcxreader import TCXReader

    with tempfile.NamedTemporaryFile(suffix=".tcx") as temporary:
        temporary.write(data)
        temporary.flush()
        try:
            tcx = TCXReader().read(temporary.name)
        except Exception as exc:  # tcxreader raises XML and attribute errors
            raise ActivityFileError(f"not a readable TCX file ({exc})") from None
    start = tcx.start_time
    return start, tcx.activity_type, tcx.duration, tcx.distance
