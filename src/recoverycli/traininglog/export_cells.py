"""The cells of the apps' exports, read as recover text: numbers with either decimal
mark or thousands separators, times as seconds or hh:mm:ss, distances in metres,
km or miles, dates as each app and locale writes them, activity types and races.

A parser gets the cell and a `Reading` (the whole row and the user's choices)
and returns plain recover text (an ISO date, a number with a decimal point), or
None when the export says nothing; a cell its export cannot explain is a `BadCell`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from recoverycli.traininglog.export_words import activity_type, word_key

__all__ = [
    "MILE_KM", "BadCell", "Parse", "Reading", "activity_kind", "clock_to_minutes", "decimal_number", "effort",
    "km_or_miles", "loose_date", "metres_to_km", "plain_number", "seconds_to_minutes", "year_day_month",
]

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


def _number_text(value: float) -> str:
    return repr(round(value, 6))


def decimal_number(text: str) -> float:
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
    seconds = decimal_number(text)
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
    metres = decimal_number(text)
    return _number_text(metres / 1000) if metres > 0 else None


def km_or_miles(text: str, reading: Reading) -> str | None:
    distance = decimal_number(text)
    if distance <= 0:
        return None
    return _number_text(distance * MILE_KM if reading.miles else distance)


MILE_KM = 1.609344


def plain_number(text: str, _reading: Reading) -> str | None:
    value = decimal_number(text)
    return _number_text(value) if value > 0 else None


def effort(text: str, _reading: Reading) -> str | None:
    """A session effort 1–10; 0 means not given."""
    value = decimal_number(text)
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
    year = next((int(w) for w in words if w.isdecimal() and w.isascii() and len(w) == 4), None)
    month = next((m for w in words if not w.isdecimal() for m in [_month(w)] if m), None)
    days = [int(w) for w in words if w.isdecimal() and w.isascii() and len(w) <= 2]
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


def activity_kind(text: str, reading: Reading) -> str | None:
    """recover's `type` for the export's activity type; a run flagged as a race is the
    event its distance makes it."""
    kind = activity_type(text)
    if kind == "run" and _raced(reading):
        return _race_for(reading)
    return kind


def _raced(reading: Reading) -> bool:
    return any(word_key(reading.row.get(name, "")) in ("true", "1", "yes") for name in ("competition", "race"))


def _race_for(reading: Reading) -> str:
    """A race in the export: which of recover's events, by its distance."""
    distance = None
    for name, scale in (("distance", 1.0), ("distanz", 1.0)):
        cell = reading.row.get(name)
        if cell:
            try:
                distance = decimal_number(cell) * scale
            except BadCell:
                distance = None
            break
    if distance is not None and distance > 1000:  # intervals.icu writes metres
        distance /= 1000
    if distance is None:
        return "race"
    return next((event for km, event in reading.race_from_km if distance >= km), "race")
