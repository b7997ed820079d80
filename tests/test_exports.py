"""The exports runners have, read as recover logs (Strava, Garmin Connect, intervals.icu,
HRV4Training): detected from the header, columns matched by name, weekly totals equal to
the sessions the files hold, one clear message for what recover cannot read.

The fixtures in tests/data/exports follow the headers public importers document
(Strava's 103-column English and 92-column German activities.csv, Garmin
Connect's 33-column Export CSV, intervals.icu's activities CSV, HRV4Training's
iOS export with bare carriage returns and its Android export with yyyy-dd-MM
dates); the rows are ours.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from helpers import invoke

from recoverycli import load_rules
from recoverycli.traininglog import export_cells, exports
from recoverycli.traininglog.reader import read_log

EXPORTS = Path(__file__).resolve().parent / "data" / "exports"
VOCAB = load_rules().vocab


def rows_of(name: str, **options: Any) -> list[Any]:
    with read_log(EXPORTS / name, VOCAB, **options) as reader:
        return list(reader)


def load_doc(*args: str) -> dict[str, Any]:
    result = invoke(["log", "load", *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.mark.parametrize(("name", "format_id"), [
    ("strava.csv", "strava"), ("strava-de.csv", "strava"), ("strava-folder", "strava"),
    ("garmin.csv", "garmin"), ("intervals.csv", "intervals"),
    ("hrv4training.csv", "hrv4training"), ("hrv4training-android.csv", "hrv4training"),
])
def test_the_format_is_told_from_the_header(name: str, format_id: str) -> None:
    with read_log(EXPORTS / name, VOCAB) as reader:
        rows = list(reader)
        assert reader.export is not None and reader.export.format.id == format_id
        assert reader.unused, "the columns recover does not read are known, to be named"
    assert rows and all(row.error is None for row in rows)


def test_strava_weekly_totals_are_the_runs_it_holds() -> None:
    weeks = {w["week"]: w for w in load_doc(str(EXPORTS / "strava.csv"))["weeks"]}
    first = weeks["2026-W10"]
    # runs: 10020.4 + 12500 + 21100 m (the ride's 40 km is no running distance)
    assert first["distance_km"] == pytest.approx(43.62, abs=0.01)
    assert first["sessions"] == 4  # three runs and a ride
    assert first["duration_min"] == pytest.approx((2940 + 3600 + 5100 + 7500) / 60, abs=0.1)
    second = weeks["2026-W11"]
    assert second["distance_km"] == pytest.approx(15.0) and second["sessions"] == 2


def test_strava_moving_time_the_metres_column_and_the_race() -> None:
    rows = rows_of("strava.csv")
    first = rows[0].fields
    assert first["date"] == dt.date(2026, 3, 2)
    assert first["duration_min"] == pytest.approx(49.0)  # Moving Time, not Elapsed Time
    assert first["distance_km"] == pytest.approx(10.0204)  # the second Distance, in metres
    assert first["rpe"] == 4
    assert rows[-1].fields["type"] == "race", "a run marked Competition is a race"


def test_a_german_strava_export_reads_the_same() -> None:
    english = [r.fields for r in rows_of("strava.csv")][:3]
    german = [r.fields for r in rows_of("strava-de.csv")]
    for en, de in zip(english, german, strict=True):
        assert en["date"] == de["date"] and en["distance_km"] == de["distance_km"]
        assert en["duration_min"] == de["duration_min"] and en["type"] == de["type"]


def test_a_strava_export_folder_reads_only_its_activities(tmp_path: Path) -> None:
    assert [r.fields for r in rows_of("strava-folder")] == [r.fields for r in rows_of("strava.csv")]
    empty = tmp_path / "not-an-export"
    empty.mkdir()
    (empty / "notes.csv").write_text("date,pain\n2026-01-01,ache\n", encoding="utf-8")
    result = invoke(["log", "load", str(empty)])
    assert result.exit_code == 3 and "activities.csv" in result.stderr


def test_garmin_clock_times_missing_marks_and_moving_time_zero() -> None:
    rows = [r.fields for r in rows_of("garmin.csv")]
    assert rows[0]["duration_min"] == pytest.approx(49.0)
    assert rows[2]["duration_min"] == pytest.approx(90.0), "a Moving Time of 00:00:00 says nothing: Time"
    assert rows[3]["type"] == "strength" and "distance_km" not in rows[3], "'--' is missing"
    assert [r["type"] for r in rows[:3]] == ["run", "run", "ride"]


def test_garmin_in_miles() -> None:
    km = [r.fields["distance_km"] for r in rows_of("garmin-miles.csv", miles=True)]
    assert km == pytest.approx([10.03, 12.50], abs=0.02)
    doc = load_doc(str(EXPORTS / "garmin-miles.csv"), "--miles")
    assert doc["weeks"][0]["distance_km"] == pytest.approx(22.53, abs=0.05)


def test_intervals_seconds_metres_effort_and_a_half_marathon_race() -> None:
    rows = [r.fields for r in rows_of("intervals.csv")]
    assert rows[0]["duration_min"] == pytest.approx(49.0) and rows[0]["distance_km"] == pytest.approx(10.0204)
    assert rows[1]["rpe"] == 8
    assert rows[2]["type"] == "half-marathon"


def test_hrv4training_mornings() -> None:
    ios = [r.fields for r in rows_of("hrv4training.csv")]
    assert ios[0] == {"date": dt.date(2026, 3, 2), "rhr_bpm": 47.5, "hrv_ms": 64.47}
    assert ios[2] == {"date": dt.date(2026, 3, 4)}, "'-' is a morning without a measurement"
    android = [r.fields for r in rows_of("hrv4training-android.csv")]
    assert android[0]["date"] == dt.date(2026, 3, 30), "Android writes yyyy-dd-MM"
    assert android[1] == {"date": dt.date(2026, 3, 31)}, "Android writes 0.0 for no measurement"


def test_unused_columns_are_named_once_on_stderr() -> None:
    result = invoke(["log", "assess", str(EXPORTS / "garmin.csv"), "--json"])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stderr.splitlines() if "Calories" in line]
    assert len(lines) == 1 and "Garmin" in lines[0]
    assert len(result.stdout.splitlines()) == 4


def test_format_can_be_named_and_must_fit() -> None:
    assert invoke(["log", "load", str(EXPORTS / "garmin.csv"), "--format", "garmin", "--json"]).exit_code == 0
    wrong = invoke(["log", "load", str(EXPORTS / "garmin.csv"), "--format", "strava"])
    assert wrong.exit_code == 3 and "strava" in wrong.stderr
    assert len(wrong.stderr.strip().splitlines()) == 1


def test_an_unknown_export_is_one_message_and_exit_3(tmp_path: Path) -> None:
    other = tmp_path / "polar.csv"
    other.write_text("Sport,Start time,Duration\nRUNNING,2026-03-02 06:00,00:45:00\n" * 1, encoding="utf-8")
    result = invoke(["log", "load", str(other)])
    assert result.exit_code == 3
    assert len(result.stderr.strip().splitlines()) == 1
    assert all(name in result.stderr for name in exports.FORMAT_IDS)


def test_a_bad_cell_in_an_export_names_its_line(tmp_path: Path) -> None:
    text = (EXPORTS / "intervals.csv").read_text(encoding="utf-8").replace("2026-03-04T17:40:12", "yesterday")
    path = tmp_path / "intervals.csv"
    path.write_text(text, encoding="utf-8")
    rows = rows_of(str(path))
    assert rows[1].error is not None and "start_date_local" in rows[1].error and rows[1].line == 3
    assert rows[0].error is None and rows[2].error is None


@pytest.mark.parametrize(("text", "expected"), [
    ("Mar 2, 2026, 7:15:00 AM", "2026-03-02"), ("21.07.2026, 15:09:27", "2026-07-21"),
    ("6. 9. 2026 11:18:40", "2026-09-06"), ("15 mar 2024, 6:45:12", "2024-03-15"),
    ("2 de ene. de 2025, 7:05:00", "2025-01-02"), ("2026-03-02 07:15:00", "2026-03-02"),
    ("2026-03-02T07:15:00", "2026-03-02"), ("2018-05-23 12:01:00 a. m. +0000", "2018-05-23"),
])
def test_dates_as_the_exports_write_them(text: str, expected: str) -> None:
    assert exports.loose_date(text, exports.Reading({})) == expected


@pytest.mark.parametrize(("text", "value"), [("1,406", 1406.0), ("2,81", 2.81), ("1.406,5", 1406.5),
                                             ("4110.1", 4110.1), ("4,808", 4808.0)])
def test_numbers_with_separators(text: str, value: float) -> None:
    assert export_cells.decimal_number(text) == pytest.approx(value)
