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
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

Parse = Callable[[str, "Reading"], str | None]
"""A cell to recover text, or None when the export says nothing; raises BadCell."""


class BadCell(ValueError):
    """A cell the export's own format cannot explain; the message names the value."""


@dataclass(frozen=True)
class Reading:
    """What a parser may need besides the cell: the whole row, and the user's choices."""

    row: dict[str, str]  # export column (first occurrence) -> cell
    miles: bool = False
    race_from_km: tuple[tuple[float, str], ...] = ()  # (km, event), longest first


@dataclass(frozen=True)
class Field:
    target: str  # the recover column
    names: tuple[str, ...]  # header names that hold it, any language
    parse: Parse
    occurrence: int = 0  # for a duplicated name: 0 the first, 1 the second


@dataclass(frozen=True)
class ExportFormat:
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
        only a file inside the export folder is read."""
        import os

        from recoverycli.traininglog.activity_files import ActivityFileError, read_activity

        wanted = [i for i, name in enumerate(self.columns) if name in ("duration_min", "distance_km") and not out[i]]
        relative = next((first[_key(n)] for n in self.format.file_columns if first.get(_key(n))), "")
        if not wanted or not relative or self.folder is None:
            return
        folder = os.path.realpath(self.folder)
        path = os.path.realpath(os.path.join(folder, relative))
        if not path.startswith(folder + os.sep) or not os.path.isfile(path):
            return
        try:
            found = read_activity(path)
        except ActivityFileError:
            return
        for index in wanted:
            out[index] = found.get(self.columns[index], "")


def bind(fmt: ExportFormat, header: list[str], miles: bool = False, folder: str | None = None,
         race_from_km: dict[str, float] | None = None) -> BoundExport:
    """Find, for each recover column, the export columns that can fill it; a race flagged
    in the export becomes the longest event of `race_from_km` its distance reaches."""
    positions: dict[str, list[int]] = {}
    for index, name in enumerate(header):
        positions.setdefault(_key(name), []).append(index)
    races = tuple(sorted(((km, event) for event, km in (race_from_km or {}).items()), reverse=True))
    bound = BoundExport(fmt, header, miles=miles, folder=folder, race_from_km=races)
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


def _key(name: str) -> str:
    return " ".join(name.strip().casefold().split())


# --- reading cells -----------------------------------------------------------------

def _number_text(value: float) -> str:
    return repr(round(value, 6))


def _decimal(text: str) -> float:
    """'1,406' (thousands), '2,81' (decimal comma), '1.406,5', '4110.1' -> a float."""
    text = text.strip().replace("\u00a0", "").replace(" ", "")
    if "," in text and "." in text:  # the later mark is the decimal one
        comma_last = text.rfind(",") > text.rfind(".")
        text = text.replace(".", "").replace(",", ".") if comma_last else text.replace(",", "")
    elif "," in text:
        whole, _, frac = text.rpartition(",")
        text = text.replace(",", "") if len(frac) == 3 and whole.lstrip("-").isdigit() and len(whole) <= 3 \
            else text.replace(",", ".")
    try:
        return float(text)
    except ValueError:
        raise BadCell(f"{text!r} is not a number") from None


def seconds_to_minutes(text: str, _reading: Reading) -> str | None:
    seconds = _decimal(text)
    return _number_text(seconds / 60) if seconds > 0 else None


def clock_to_minutes(text: str, _reading: Reading) -> str | None:
    """'01:23:45', '23:45' or '00:17:48.5' -> minutes; '00:00:00' says nothing."""
    parts = text.split(":")
    try:
        numbers = [float(p) for p in parts]
    except ValueError:
        raise BadCell(f"{text!r} is not a time (hh:mm:ss)") from None
    if not 1 <= len(numbers) <= 3:
        raise BadCell(f"{text!r} is not a time (hh:mm:ss)")
    seconds = 0.0
    for number in numbers:
        seconds = seconds * 60 + number
    return _number_text(seconds / 60) if seconds > 0 else None


def metres_to_km(text: str, _reading: Reading) -> str | None:
    metres = _decimal(text)
    return _number_text(metres / 1000) if metres > 0 else None


def km_or_miles(text: str, reading: Reading) -> str | None:
    distance = _decimal(text)
    if distance <= 0:
        return None
    return _number_text(distance * MILE_KM if reading.miles else distance)


MILE_KM = 1.609344


def plain_number(text: str, _reading: Reading) -> str | None:
    value = _decimal(text)
    return _number_text(value) if value > 0 else None


def effort(text: str, _reading: Reading) -> str | None:
    """A session effort 1–10; 0 means not given."""
    value = _decimal(text)
    return _number_text(value) if value > 0 else None


_MONTHS = {
    # English, German, Dutch, French, Spanish, Czech abbreviations (first letters suffice)
    "jan": 1, "feb": 2, "mar": 3, "mär": 3, "maa": 3, "apr": 4, "avr": 4, "abr": 4, "may": 5, "mai": 5,
    "mei": 5, "may.": 5, "jun": 6, "jui": 7, "jul": 7, "aug": 8, "aoû": 8, "ago": 8, "sep": 9, "set": 9,
    "oct": 10, "okt": 10, "nov": 11, "dec": 12, "dez": 12, "déc": 12, "dic": 12, "ene": 1, "fév": 2,
    "led": 1, "úno": 2, "bře": 3, "dub": 4, "kvě": 5, "čer": 6, "srp": 8, "zář": 9, "říj": 10,
    "lis": 11, "pro": 12, "janv": 1, "juin": 6, "juil": 7,
}


def _month(word: str) -> int | None:
    word = word.strip(".").casefold()
    for size in (4, 3):
        if word[:size] in _MONTHS:
            return _MONTHS[word[:size]]
    return None


def loose_date(text: str, _reading: Reading) -> str | None:
    """The date of an export's timestamp, in the forms the exports write:
    'Mar 2, 2026, 7:15:00 AM', '21.07.2026, 15:09:27', '6. 9. 2026 11:18:40',
    '15 mar 2024, 6:45:12', '2 de ene. de 2025', '2026-03-02 07:15:00', '2026-03-02T07:15:00'."""
    text = text.strip()
    iso = re.match(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    if iso:
        return _iso(int(iso[1]), int(iso[2]), int(iso[3]), text)
    numeric = re.match(r"(\d{1,2})\.\s*(\d{1,2})\.\s*(\d{4})", text)  # day-first with dots
    if numeric:
        return _iso(int(numeric[3]), int(numeric[2]), int(numeric[1]), text)
    slashed = re.match(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)  # day-first, as the localised exports write
    if slashed:
        return _iso(int(slashed[3]), int(slashed[2]), int(slashed[1]), text)
    words = re.findall(r"[^\W\d_]+\.?|\d+", text)
    year = next((int(w) for w in words if w.isdigit() and len(w) == 4), None)
    month = next((m for w in words if not w.isdigit() for m in [_month(w)] if m), None)
    days = [int(w) for w in words if w.isdigit() and len(w) <= 2]
    if year and month and days:
        return _iso(year, month, days[0], text)
    raise BadCell(f"{text!r} is not a date this export writes")


def _iso(year: int, month: int, day: int, text: str) -> str:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        raise BadCell(f"{text!r} is not a date this export writes") from None


def year_day_month(text: str, reading: Reading) -> str | None:
    """HRV4Training's Android export writes 'yyyy-dd-MM' (2017-30-08)."""
    found = re.match(r"(\d{4})-(\d{1,2})-(\d{1,2})$", text.strip())
    if found:
        return _iso(int(found[1]), int(found[3]), int(found[2]), text)
    return loose_date(text, reading)


def _kind(words: dict[str, str]) -> Parse:
    table = {_key(k): v for k, v in words.items()}

    def parse(text: str, reading: Reading) -> str | None:
        kind = table.get(_key(text))
        if kind == "run" and _raced(reading):
            return _race_for(reading)
        return kind

    return parse


def _raced(reading: Reading) -> bool:
    return any(_key(reading.row.get(name, "")) in ("true", "1", "yes") for name in ("competition", "race"))


def _race_for(reading: Reading) -> str:
    """A race in the export: which of recover's events, by its distance."""
    distance = None
    for name, scale in (("distance", 1.0), ("distanz", 1.0)):
        cell = reading.row.get(name)
        if cell:
            try:
                distance = _decimal(cell) * scale
            except BadCell:
                distance = None
            break
    if distance is not None and distance > 1000:  # intervals.icu writes metres
        distance /= 1000
    if distance is None:
        return "race"
    return next((event for km, event in reading.race_from_km if distance >= km), "race")

ACTIVITY_TYPES = {
    "run": "run", "running": "run", "trail run": "run", "trail running": "run", "virtual run": "run",
    "treadmill running": "run", "track running": "run", "indoor running": "run", "street running": "run",
    "lauf": "run", "trailrun": "run", "běh": "run", "carrera": "run", "course à pied": "run", "hardlopen": "run",
    "ride": "ride", "cycling": "ride", "road cycling": "ride", "indoor cycling": "ride", "virtual ride": "ride",
    "mountain bike ride": "ride", "mountain biking": "ride", "gravel ride": "ride", "e-bike ride": "ride",
    "radfahrt": "ride", "fietsen": "ride", "jízda na kole": "ride",
    "walk": "walk", "walking": "walk", "hike": "walk", "hiking": "walk", "spaziergang": "walk",
    "wanderung": "walk", "wandelen": "walk",
    "swim": "swim", "pool swim": "swim", "open water swimming": "swim", "swimming": "swim",
    "schwimmen": "swim", "zwemmen": "swim",
    "weight training": "strength", "strength training": "strength", "workout": "strength",
    "crossfit": "strength", "krafttraining": "strength", "krachttraining": "strength",
}
"""Activity types as the apps write them, to recover's `type` values (others stay unknown)."""


# --- the formats ---------------------------------------------------------------------

STRAVA = ExportFormat(
    id="strava", label="Strava bulk export (activities.csv)",
    signatures=(frozenset({"Activity ID", "Activity Date", "Activity Type"}),
                frozenset({"Aktivitäts-ID", "Aktivitätsdatum", "Aktivitätsart"}),
                frozenset({"ID aktivity", "Datum aktivity", "Typ aktivity"})),
    fields=(
        (Field("date", ("Activity Date", "Aktivitätsdatum", "Datum aktivity"), loose_date),),
        (Field("type", ("Activity Type", "Aktivitätsart", "Typ aktivity"), _kind(ACTIVITY_TYPES)),),
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
        (Field("type", ("Activity Type",), _kind(ACTIVITY_TYPES)),),
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
        (Field("type", ("type",), _kind(ACTIVITY_TYPES)),),
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

FORMAT_IDS = ("recover", "strava", "garmin", "intervals", "hrv4training")
"""What `--format` accepts."""


def named(format_id: str, header: Sequence[str]) -> ExportFormat | None:
    """The format a user named with --format (the variant that fits this header)."""
    candidates = [f for key, f in FORMATS.items() if key.split("-")[0] == format_id]
    for fmt in candidates:
        if fmt.matches(header):
            return fmt
    return None
