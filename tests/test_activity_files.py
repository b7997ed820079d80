"""Activity files (FIT with fitdecode, GPX with gpxpy, TCX with tcxreader, gzipped as
Strava keeps them) as log sessions, and several logs read as one."""

from __future__ import annotations

import datetime as dt
import gzip
import json
from pathlib import Path

import pytest
from fitfile import fit_activity
from helpers import invoke

from recoverycli.traininglog.activity_files import MAX_BYTES, ActivityFileError, read_activity

ACTIVITIES = Path(__file__).resolve().parent / "data" / "activities"
EXPORTS = Path(__file__).resolve().parent / "data" / "exports"


@pytest.mark.parametrize(("name", "expected"), [
    ("long.fit", {"date": "2026-03-07", "type": "run", "duration_min": 125.0, "distance_km": 21.1}),
    ("long.fit.gz", {"date": "2026-03-07", "type": "run", "duration_min": 125.0, "distance_km": 21.1}),
    ("intervals.tcx", {"date": "2026-03-04", "type": "run", "duration_min": 60.0, "distance_km": 12.5}),
    ("morning.gpx", {"date": "2026-03-02", "type": "run", "duration_min": 10.0, "distance_km": 2.0}),
])
def test_an_activity_file_is_one_session(name: str, expected: dict[str, object]) -> None:
    row = read_activity(str(ACTIVITIES / name))
    assert row["date"] == expected["date"] and row["type"] == expected["type"]
    assert float(row["duration_min"]) == pytest.approx(expected["duration_min"], rel=0.01)
    assert float(row["distance_km"]) == pytest.approx(expected["distance_km"], rel=0.01)


def test_log_load_reads_an_activity_file() -> None:
    doc = json.loads(invoke(["log", "load", str(ACTIVITIES / "long.fit"), "--json"]).stdout)
    assert doc["weeks"][0]["distance_km"] == pytest.approx(21.1) and doc["weeks"][0]["sessions"] == 1


@pytest.mark.parametrize("make", [
    lambda tmp: (ACTIVITIES / "truncated.fit"),
    lambda tmp: _write(tmp / "not.fit", b"this is not a FIT file at all, just text"),
    lambda tmp: _write(tmp / "broken.gpx", b"<gpx><trk><trkseg><trkpt"),
    lambda tmp: _write(tmp / "broken.fit.gz", b"\x1f\x8b not really gzip"),
])
def test_a_bad_activity_file_names_the_file_and_exits_3(tmp_path: Path, make) -> None:  # type: ignore[no-untyped-def]
    path = make(tmp_path)
    result = invoke(["log", "load", str(path)])
    assert result.exit_code == 3
    assert path.name in result.stderr
    assert "Traceback" not in result.output


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_a_zip_bomb_is_refused_without_unpacking_it_all(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.fit.gz"
    with gzip.open(bomb, "wb") as stream:
        block = b"\0" * (1024 * 1024)
        for _ in range(MAX_BYTES // len(block) + 2):
            stream.write(block)
    assert bomb.stat().st_size < MAX_BYTES // 100, "small on disk, huge unpacked"
    with pytest.raises(ActivityFileError, match="MB"):
        read_activity(str(bomb))


def test_several_logs_read_as_one_and_a_session_in_two_files_counts_once(tmp_path: Path) -> None:
    # the Strava export holds the 2026-03-04 intervals (60 min, 12.5 km) that the TCX file holds too
    result = invoke(["log", "load", str(EXPORTS / "strava.csv"), str(ACTIVITIES / "intervals.tcx"),
                     str(EXPORTS / "hrv4training.csv"), "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    week = doc["weeks"][0]
    assert week["distance_km"] == pytest.approx(43.62, abs=0.01), "the TCX session is not counted twice"
    assert "1 session" in result.stderr
    fit = tmp_path / "extra.fit"
    fit.write_bytes(fit_activity(dt.datetime(2026, 3, 8, 7, 0, tzinfo=dt.timezone.utc), "running", 1800, 5000))
    more = json.loads(invoke(["log", "load", str(EXPORTS / "strava.csv"), str(fit), "--json"]).stdout)
    assert more["weeks"][0]["distance_km"] == pytest.approx(43.62 + 5.0, abs=0.01)


def test_readiness_reads_several_files() -> None:
    doc = json.loads(invoke(["log", "readiness", str(EXPORTS / "hrv4training.csv"),
                             str(EXPORTS / "hrv4training-android.csv"), "--json"]).stdout)
    assert [d["date"] for d in doc["days"]] == ["2026-03-02", "2026-03-03", "2026-03-30"]


def test_a_strava_folder_fills_a_row_from_its_activity_file(tmp_path: Path) -> None:
    import csv
    import io

    header = (EXPORTS / "strava.csv").read_text(encoding="utf-8").splitlines()[0]
    names = next(csv.reader([header]))
    (tmp_path / "export" / "activities").mkdir(parents=True)
    fit = fit_activity(dt.datetime(2026, 3, 9, 7, 0, tzinfo=dt.timezone.utc), "running", 2400, 8000)
    (tmp_path / "export" / "activities" / "9.fit.gz").write_bytes(gzip.compress(fit))
    (tmp_path / "outside.fit").write_bytes(fit)

    def row(activity_id: str, filename: str) -> list[str]:
        cells = [""] * len(names)
        cells[names.index("Activity ID")] = activity_id
        cells[names.index("Activity Date")] = "Mar 9, 2026, 7:00:00 AM"
        cells[names.index("Activity Type")] = "Run"
        cells[names.index("Filename")] = filename
        return cells

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(names)
    writer.writerow(row("9", "activities/9.fit.gz"))
    writer.writerow(row("10", "../outside.fit"))  # outside the export: never read
    (tmp_path / "export" / "activities.csv").write_text(buffer.getvalue(), encoding="utf-8")
    result = invoke(["log", "load", str(tmp_path / "export"), "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["weeks"][0]["distance_km"] == pytest.approx(8.0), "the second row's file lies outside"
    assert doc["weeks"][0]["duration_min"] == pytest.approx(40.0)


def test_log_assess_reads_several_files_and_names_each_row_s_file(tmp_path: Path) -> None:
    logs = Path(__file__).resolve().parent / "data" / "logs"
    result = invoke(["log", "assess", str(EXPORTS / "garmin.csv"), str(logs / "season.csv"), "--json"])
    assert result.exit_code in (0, 1), result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert {line["file"] for line in lines} == {str(EXPORTS / "garmin.csv"), str(logs / "season.csv")}
    assert [line["line"] for line in lines if line["file"].endswith("garmin.csv")] == [2, 3, 4, 5]
    table = invoke(["log", "assess", str(EXPORTS / "garmin.csv"), str(logs / "season.csv")], COLUMNS="200")
    assert "garmin.csv" in table.stdout and "season.csv" in table.stdout
    refused = invoke(["log", "assess", str(EXPORTS / "garmin.csv"), str(logs / "season.csv"), "--csv"])
    assert refused.exit_code == 2


@pytest.mark.parametrize(("source", "kind"), [("long.fit", "fit"), ("morning.gpx", "gpx"), ("intervals.tcx", "tcx")])
def test_format_names_an_activity_file_whatever_its_name(tmp_path: Path, source: str, kind: str) -> None:
    """The contract's `--format fit|gpx|tcx`: a file of that kind under any name."""
    renamed = tmp_path / "download.bin"
    renamed.write_bytes((ACTIVITIES / source).read_bytes())
    named = invoke(["log", "load", str(renamed), "--format", kind, "--json"])
    told = invoke(["log", "load", str(ACTIVITIES / source), "--json"])
    assert named.exit_code == told.exit_code == 0, named.stderr
    assert json.loads(named.stdout)["weeks"] == json.loads(told.stdout)["weeks"]
    wrong = invoke(["log", "load", str(renamed), "--format", "gpx" if kind != "gpx" else "fit"])
    assert wrong.exit_code == 3 and "download.bin" in wrong.stderr


def test_a_damaged_fit_file_is_named_never_a_crash(tmp_path: Path) -> None:
    """Bytes flipped anywhere in a FIT file: it reads, or it is an ActivityFileError
    naming what is wrong; fitdecode's own errors and warnings never reach the runner."""
    import random
    import warnings

    data = (ACTIVITIES / "long.fit").read_bytes()
    chance = random.Random(3)
    damaged = tmp_path / "damaged.fit"
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a warning that escaped would fail here
        for _ in range(300):
            changed = bytearray(data)
            for _ in range(chance.randint(1, 8)):
                changed[chance.randrange(len(changed))] = chance.randrange(256)
            damaged.write_bytes(bytes(changed))
            try:
                row = read_activity(str(damaged))
            except ActivityFileError as exc:
                assert str(exc)
            else:
                assert row["date"]


def test_a_name_that_is_no_activity_file_is_refused(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("hello", encoding="utf-8")
    with pytest.raises(ActivityFileError):
        read_activity(str(notes))
