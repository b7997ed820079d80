"""The CSV exports runners have, read as recover log rows.

Each format is a table: how to recognise its header, and for each recover
column (date, type, duration_min, distance_km, rpe, hrv_ms, rhr_bpm) which
export column holds it and how to read that cell. Columns are matched by name
(and, where a name appears twice, by which occurrence), never by position:
the exports add and drop columns between versions. The translated row is
plain recover text (an ISO date, a number with a decimal point), so the log
reader checks it exactly like a row of recover's own format.

Headers and cells follow the exports as public importers document them:
Strava's bulk export `activities.csv` (English and localised, with the
duplicated `Elapsed Time` and `Distance`: the second `Distance` is metres),
Garmin Connect's "Export CSV" (`--` for missing, `1,406` with a thousands
comma, `hh:mm:ss` times, distances in the account's unit), intervals.icu's
activities CSV (seconds and metres) and HRV4Training's measurements (one row a
day, `-` for missing, resting HR in bpm and rMSSD in ms).

How one cell is read (`export_cells`) and how the apps name their activity
types (`export_words`) have their own modules.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from recoverycli.traininglog.export_cells import (
    BadCell,
    Parse,
    Reading,
    activity_kind,
    clock_to_minutes,
    effort,
    km_or_miles,
    loose_date,
    metres_to_km,
    plain_number,
    seconds_to_minutes,
    year_day_month,
)
from recoverycli.traininglog.export_words import word_key as _key

if TYPE_CHECKING:
    from recoverycli.traininglog.activity_cache import ActivitySummaries

__all__ = [
    "ACTIVITY_FORMAT_IDS", "FORMATS", "FORMAT_IDS", "BadCell", "BoundExport", "ExportFormat", "Field", "Reading",
    "bind", "detect", "loose_date", "named",
]


@dataclass(frozen=True)
class Field:
    """Where a recover column may come from: header names, which occurrence, how to read it."""

    target: str  # the recover column
    names: tuple[str, ...]  # header names that hold it, any language
    parse: Parse
    occurrence: int = 0  # for a duplicated name: 0 the first, 1 the second


@dataclass(frozen=True)
class ExportFormat:
    """One app's export: how its header is recognised and where each recover column is."""

    id: str
    label: str
    signatures: tuple[frozenset[str], ...]  # a header holding all names of one set is this format
    fields: tuple[tuple[Field, ...], ...]  # per recover column, the candidates in order of preference
    missing: frozenset[str] = frozenset({""})
    also_reads: tuple[str, ...] = ()  # columns a parser looks at besides its own (a race flag)
    file_columns: tuple[str, ...] = ()  # the activity file of the row, inside the export folder

    def matches(self, header: Sequence[str]) -> bool:
        names = {_key(h) for h in header}
        return any({_key(n) for n in signature} <= names for signature in self.signatures)


@dataclass
class BoundExport:
    """An export format fitted to one header: which cell feeds which recover column."""

    format: ExportFormat
    header: list[str]
    columns: list[str] = field(default_factory=list)  # recover columns produced, in order
    picks: list[tuple[Field, int] | list[tuple[Field, int]]] = field(default_factory=list)
    unused: list[str] = field(default_factory=list)
    miles: bool = False
    folder: str | None = None  # the export folder, whose activity files fill what a row lacks
    race_from_km: tuple[tuple[float, str], ...] = ()  # the vocabulary's, longest first
    files: ActivitySummaries | None = None  # the folder's activity files, read once (and cached)

    def translate(self, cells: list[str]) -> tuple[list[str], str | None]:
        """The row as recover cells (aligned with `columns`), or the reason it cannot be read."""
        width = len(self.header)
        cells = [*cells[:width], *[""] * (width - len(cells))]
        first: dict[str, str] = {}
        for name, cell in zip(self.header, cells, strict=True):
            first.setdefault(_key(name), cell.strip())
        reading = Reading(first, self.miles, self.race_from_km)
        out: list[str] = []
        for candidates in self.picks:
            value = None
            for chosen, index in candidates if isinstance(candidates, list) else [candidates]:
                raw = cells[index].strip()
                if raw in self.format.missing:
                    continue
                try:
                    value = chosen.parse(raw, reading)
                except BadCell as bad:
                    return [], f"{self.header[index].strip()}: {bad}"
                if value is not None:
                    break
            out.append(value or "")
        if self.folder is not None:
            self._fill_from_file(first, out)
        return out, None

    def _fill_from_file(self, first: dict[str, str], out: list[str]) -> None:
        """Time and distance from the row's activity file, where the CSV lacks them;
        only a file inside the export folder is read (and `activity_files` only imported then)."""
        from recoverycli.traininglog.activity_files import ActivityFileError

        wanted = [i for i, name in enumerate(self.columns) if name in ("duration_min", "distance_km") and not out[i]]
        relative = next((first[_key(n)] for n in self.format.file_columns if first.get(_key(n))), "")
        if not wanted or not relative or self.folder is None:
            return
        if self.files is None:
            from recoverycli.traininglog.activity_cache import ActivitySummaries

            self.files = ActivitySummaries(self.folder, cache=False)
        path = self.files.path_of(relative)
        if path is None:
            return
        try:
            found = self.files.summary(path)
        except ActivityFileError:
            return
        for index in wanted:
            out[index] = found.get(self.columns[index], "")


def bind(fmt: ExportFormat, header: list[str], miles: bool = False, folder: str | None = None,
         race_from_km: dict[str, float] | None = None, files: ActivitySummaries | None = None) -> BoundExport:
    """Find, for each recover column, the export columns that can fill it; a race flagged
    in the export becomes the longest event of `race_from_km` its distance reaches. The
    activity files of an export `folder` are read through `files` (made when not given)."""
    positions: dict[str, list[int]] = {}
    for index, name in enumerate(header):
        positions.setdefault(_key(name), []).append(index)
    races = tuple(sorted(((km, event) for event, km in (race_from_km or {}).items()), reverse=True))
    bound = BoundExport(fmt, header, miles=miles, folder=folder, race_from_km=races, files=files)
    used: set[int] = set()
    for candidates in fmt.fields:
        found: list[tuple[Field, int]] = []
        for candidate in candidates:
            for name in candidate.names:
                places = positions.get(_key(name), [])
                if len(places) > candidate.occurrence:
                    found.append((candidate, places[candidate.occurrence]))
                    break
        if found:
            bound.columns.append(candidates[0].target)
            bound.picks.append(found)
            used.update(index for _field, index in found)
            for _field, index in found:  # a rejected second choice is still read as a fallback
                used.add(index)
    for name in (*fmt.also_reads, *(fmt.file_columns if folder else ())):
        used.update(positions.get(_key(name), []))
    bound.unused = [name.strip() for index, name in enumerate(header) if index not in used and name.strip()]
    return bound


def detect(header: Sequence[str]) -> ExportFormat | None:
    """The export format this header belongs to, if any."""
    for fmt in FORMATS.values():
        if fmt.matches(header):
            return fmt
    return None


# --- the formats ---------------------------------------------------------------------

STRAVA = ExportFormat(
    id="strava", label="Strava bulk export (activities.csv)",
    signatures=(frozenset({"Activity ID", "Activity Date", "Activity Type"}),
                frozenset({"Aktivitäts-ID", "Aktivitätsdatum", "Aktivitätsart"}),
                frozenset({"ID aktivity", "Datum aktivity", "Typ aktivity"})),
    fields=(
        (Field("date", ("Activity Date", "Aktivitätsdatum", "Datum aktivity"), loose_date),),
        (Field("type", ("Activity Type", "Aktivitätsart", "Typ aktivity"), activity_kind),),
        (Field("duration_min", ("Moving Time", "Bewegungszeit", "Doba pohybu"), seconds_to_minutes),
         Field("duration_min", ("Elapsed Time", "Verstrichene Zeit", "Uplynulý čas"), seconds_to_minutes, 1),
         Field("duration_min", ("Elapsed Time", "Verstrichene Zeit", "Uplynulý čas"), seconds_to_minutes)),
        (Field("distance_km", ("Distance", "Distanz", "Vzdálenost"), metres_to_km, 1),
         Field("distance_km", ("Distance", "Distanz", "Vzdálenost"), km_or_miles)),
        (Field("rpe", ("Perceived Exertion", "Gefühlte Anstrengung"), effort),),
    ),
    also_reads=("Competition",),
    file_columns=("Filename", "Dateiname"),
)

GARMIN = ExportFormat(
    id="garmin", label="Garmin Connect activities (Export CSV)",
    signatures=(frozenset({"Activity Type", "Date", "Title", "Distance"}),),
    fields=(
        (Field("date", ("Date",), loose_date),),
        (Field("type", ("Activity Type",), activity_kind),),
        (Field("duration_min", ("Moving Time",), clock_to_minutes),
         Field("duration_min", ("Time", "Activity Time"), clock_to_minutes),
         Field("duration_min", ("Elapsed Time",), clock_to_minutes)),
        (Field("distance_km", ("Distance",), km_or_miles),),
    ),
    missing=frozenset({"", "--"}),
)

INTERVALS = ExportFormat(
    id="intervals", label="intervals.icu activities CSV",
    signatures=(frozenset({"start_date_local", "moving_time", "type"}),),
    fields=(
        (Field("date", ("start_date_local",), loose_date),),
        (Field("type", ("type",), activity_kind),),
        (Field("duration_min", ("moving_time",), seconds_to_minutes),
         Field("duration_min", ("elapsed_time",), seconds_to_minutes)),
        (Field("distance_km", ("distance",), metres_to_km),),
        (Field("rpe", ("icu_rpe",), effort),),
    ),
    also_reads=("race",),
)

HRV4TRAINING = ExportFormat(
    id="hrv4training", label="HRV4Training measurements",
    signatures=(frozenset({"date", "HR", "rMSSD"}), frozenset({"timestamp_measurement", "HR", "rMSSD"})),
    fields=(
        (Field("date", ("date",), loose_date), Field("date", ("timestamp_measurement",), loose_date)),
        (Field("rhr_bpm", ("HR",), plain_number),),
        (Field("hrv_ms", ("rMSSD",), plain_number),),
    ),
    missing=frozenset({"", "-"}),
)

HRV4TRAINING_ANDROID = ExportFormat(
    id="hrv4training", label="HRV4Training measurements (Android)",
    signatures=(frozenset({"date", "time", "HR", "rMSSD"}),),
    fields=(
        (Field("date", ("date",), year_day_month),),
        (Field("rhr_bpm", ("HR",), plain_number),),
        (Field("hrv_ms", ("rMSSD",), plain_number),),
    ),
    missing=frozenset({"", "-", "0.0", "0"}),
)

FORMATS = {f.id + ("-android" if f is HRV4TRAINING_ANDROID else ""): f
           for f in (STRAVA, HRV4TRAINING_ANDROID, HRV4TRAINING, INTERVALS, GARMIN)}
"""Detection order: the most specific signatures first (Garmin's is the loosest)."""

ACTIVITY_FORMAT_IDS = ("fit", "gpx", "tcx")
"""Activity files: one session each, read by `activity_files` (also when gzipped)."""

FORMAT_IDS = ("recover", "strava", "garmin", "intervals", "hrv4training", *ACTIVITY_FORMAT_IDS)
"""What `--format` accepts."""


def named(format_id: str, header: Sequence[str]) -> ExportFormat | None:
    """The format a user named with --format (the variant that fits this header)."""
    candidates = [f for key, f in FORMATS.items() if key.split("-")[0] == format_id]
    for fmt in candidates:
        if fmt.matches(header):
            return fmt
    return None
