"""Readiness from the runner's own mornings: `recover log readiness`, `assess --log`.

tests/data/logs/mornings.csv: 90 mornings from 2026-01-01, HRV around 62 ms and
resting HR around 48 bpm, then the last 7 mornings (from 2026-03-25) at 44 ms and
56 bpm: a week of low HRV and raised resting heart rate.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import math
import statistics
from pathlib import Path
from typing import Any

import pytest
from helpers import invoke
from jsonschema import Draft202012Validator, FormatChecker

from recoverycli import load_rules
from recoverycli.traininglog.readiness import Method, latest_inputs, mornings

LOGS = Path(__file__).resolve().parent / "data" / "logs"
EXPORTS = Path(__file__).resolve().parent / "data" / "exports"
SCHEMA = Path(__file__).resolve().parent.parent / "src" / "recoverycli" / "schemas" / "readiness.json"
METHOD = Method.from_vocabulary(load_rules().vocab.readiness)


def readiness(*args: str) -> dict[str, Any]:
    result = invoke(["log", "readiness", *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_the_verdicts_land_on_the_right_mornings() -> None:
    days = {d["date"]: d for d in readiness(str(LOGS / "mornings.csv"))["days"]}
    assert days["2026-01-05"]["hrv_status"] == "unknown", "no normal yet after five mornings"
    assert days["2026-03-20"]["hrv_status"] == "normal" and days["2026-03-20"]["rhr_status"] == "normal"
    assert days["2026-03-31"]["hrv_status"] == "low"
    assert days["2026-03-31"]["rhr_status"] == "elevated"
    first_low = min(d for d, v in days.items() if v["hrv_status"] == "low")
    assert "2026-03-25" <= first_low <= "2026-03-28", "the week's mean falls below normal within days"


def test_the_method_is_its_definition() -> None:
    values = [(dt.date(2026, 1, 1) + dt.timedelta(days=i), 50.0 + (i % 5), 50.0) for i in range(40)]
    last = mornings(values, METHOD)[-1]
    week = [math.log(v) for d, v, _ in values[-7:]]
    baseline = [math.log(v) for d, v, _ in values[-67:-7]]
    assert last.hrv_week == pytest.approx(math.exp(statistics.fmean(week)))
    band = METHOD.band_sd * statistics.stdev(baseline)
    assert last.hrv_low == pytest.approx(math.exp(statistics.fmean(baseline) - band))
    assert last.hrv_high == pytest.approx(math.exp(statistics.fmean(baseline) + band))
    assert last.hrv_status == "normal"


def test_unknown_until_enough_mornings_and_says_how_many() -> None:
    values = [(dt.date(2026, 1, 1) + dt.timedelta(days=i), 60.0, 50.0) for i in range(10)]
    found = mornings(values, METHOD)
    assert {m.hrv_status for m in found} == {"unknown"} and {m.rhr_status for m in found} == {"unknown"}
    result = invoke(["log", "readiness", str(EXPORTS / "hrv4training.csv")], COLUMNS="200")
    assert result.exit_code == 0
    assert str(METHOD.min_baseline_mornings) in result.stdout


def test_an_hrv4training_export_gives_its_mornings() -> None:
    doc = readiness(str(EXPORTS / "hrv4training.csv"))
    assert [d["date"] for d in doc["days"]] == ["2026-03-02", "2026-03-03"]
    assert doc["days"][0]["hrv_ms"] == pytest.approx(64.5) and doc["days"][0]["rhr_bpm"] == pytest.approx(47.5)


def test_the_document_matches_its_schema() -> None:
    doc = readiness(str(LOGS / "mornings.csv"))
    validator = Draft202012Validator(json.loads(SCHEMA.read_text(encoding="utf-8")), format_checker=FormatChecker())
    assert [e.message for e in validator.iter_errors(doc)] == []
    assert doc["advice"], "a low HRV morning comes with advice"


def test_assess_takes_this_morning_from_the_log_and_flags_win() -> None:
    result = invoke(["assess", "--log", str(LOGS / "mornings.csv"), "--json"])
    doc = json.loads(result.stdout)
    assert doc["inputs"]["hrv"] == "low" and doc["inputs"]["rhr"] == "elevated"
    assert doc["inputs_from_log"] == ["hrv", "rhr"]
    assert doc["level"] != "go"
    flagged = json.loads(invoke(["assess", "--log", str(LOGS / "mornings.csv"), "--hrv", "normal", "--json"]).stdout)
    assert flagged["inputs"]["hrv"] == "normal" and flagged["inputs_from_log"] == ["rhr"]


def test_latest_inputs_leave_unknown_unknown() -> None:
    values = [(dt.date(2026, 1, 1) + dt.timedelta(days=i), 60.0, 50.0) for i in range(3)]
    assert latest_inputs(mornings(values, METHOD)) == {}


def test_log_assess_uses_the_mornings_the_same_way() -> None:
    result = invoke(["log", "assess", str(LOGS / "mornings.csv"), "--json"])
    assert result.exit_code == 0
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    by_line = {d["line"]: d for d in lines}
    days = {d["date"]: d for d in readiness(str(LOGS / "mornings.csv"))["days"]}
    # line 2 is 2026-01-01: the row of a date is line (days since 2026-01-01) + 2
    for date, day in days.items():
        row = by_line[(dt.date.fromisoformat(date) - dt.date(2026, 1, 1)).days + 2]
        expected = day["hrv_status"]
        assert row["inputs"].get("hrv", "unknown") == expected, date
    assert by_line[91]["level"] != "go", "a week of low HRV and raised heart rate is no training day"


# --- one method: `log load` and `log readiness` agree on the last morning --------------

def _load(path: Path) -> dict[str, Any]:
    result = invoke(["log", "load", str(path), "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.mark.parametrize(("last", "hrv", "rhr"), [
    ("2026-03-31", "low", "elevated"),  # the whole log: a week of low HRV and raised heart rate
    ("2026-03-20", "normal", "normal"),
    ("2026-01-05", "unknown", "unknown"),  # five mornings: no normal yet
])
def test_log_load_and_log_readiness_agree_on_the_last_morning(tmp_path: Path, last: str, hrv: str,
                                                              rhr: str) -> None:
    lines = (LOGS / "mornings.csv").read_text(encoding="utf-8").splitlines()
    kept = [lines[0]] + [line for line in lines[1:] if line[:10] <= last]
    log = tmp_path / "mornings.csv"
    log.write_text("\n".join(kept) + "\n", encoding="utf-8")
    morning = readiness(str(log))["days"][-1]
    assert (morning["date"], morning["hrv_status"], morning["rhr_status"]) == (last, hrv, rhr)
    load = _load(log)
    assert load["inputs"].get("hrv_status", "unknown") == hrv
    assert load["inputs"].get("rhr_status", "unknown") == rhr
    fired = {item["rule"] for item in load["advice"]}
    assert ("load-hrv-below-baseline" in fired) == (hrv == "low")
    assert ("load-rhr-above-baseline" in fired) == (rhr == "elevated")
    schema = json.loads((SCHEMA.parent / "load.json").read_text(encoding="utf-8"))
    assert [e.message for e in Draft202012Validator(schema, format_checker=FormatChecker()).iter_errors(load)] == []


def test_the_verdict_is_the_last_mornings_not_the_last_dates(tmp_path: Path) -> None:
    mornings_csv = (LOGS / "mornings.csv").read_text(encoding="utf-8").splitlines()
    lines = ["date,hrv_ms,rhr_bpm,type,duration_min,rpe"] + [line + ",,," for line in mornings_csv[1:]]
    lines.append("2026-04-02,,,run,40,4")  # a run two days after the last morning
    log = tmp_path / "with-runs.csv"
    log.write_text("\n".join(lines) + "\n", encoding="utf-8")
    inputs = _load(log)["inputs"]
    assert (inputs["hrv_status"], inputs["rhr_status"], inputs["readiness_days_ago"]) == ("low", "elevated", 2)


def test_every_prefix_of_the_log_gives_one_verdict() -> None:
    """Morning by morning, the load inputs are what `log readiness` says of that morning."""
    from recoverycli import api

    lines = (LOGS / "mornings.csv").read_text(encoding="utf-8").splitlines()
    seen = set()
    for end in range(2, len(lines) + 1):
        text = "\n".join(lines[:end]) + "\n"
        with api.read_log(io.StringIO(text)) as log:
            morning = api.readiness(log)[-1]
        with api.read_log(io.StringIO(text)) as log:
            inputs = api.load_report(log).inputs
        assert inputs.get("hrv_status", "unknown") == morning.hrv_status, morning.date
        assert inputs.get("rhr_status", "unknown") == morning.rhr_status, morning.date
        seen |= {morning.hrv_status, morning.rhr_status}
    assert {"unknown", "normal", "low", "elevated"} <= seen


def test_unreadable_rows_make_readiness_exit_1_like_every_batch() -> None:
    """Exit 1 when a batch had rows that could not be read (the contract's exit codes);
    each row is named on stderr and the readable mornings are still reported."""
    logs = Path(__file__).resolve().parent / "data" / "logs"
    bad = invoke(["log", "readiness", str(logs / "malformed.csv"), "--json"])
    good = invoke(["log", "readiness", str(logs / "mornings.csv"), "--json"])
    assert bad.exit_code == 1 and "malformed.csv:3" in bad.stderr
    assert json.loads(bad.stdout)["command"] == "readiness"
    assert good.exit_code == 0


def test_a_morning_without_hrv_does_not_hide_the_hrv_verdict(tmp_path: Path) -> None:
    """Each signal is judged on the last morning that measured it: a morning with only a
    resting heart rate leaves the low HRV of the day before standing (and its advice)."""
    lines = (LOGS / "mornings.csv").read_text(encoding="utf-8").splitlines()
    lines.append("2026-04-01,,56.0")  # HRV skipped this morning
    log = tmp_path / "skipped.csv"
    log.write_text("\n".join(lines) + "\n", encoding="utf-8")
    load = _load(log)
    inputs = load["inputs"]
    assert (inputs["hrv_status"], inputs["hrv_days_ago"]) == ("low", 1)
    assert (inputs["rhr_status"], inputs["rhr_days_ago"], inputs["readiness_days_ago"]) == ("elevated", 0, 0)
    fired = {item["rule"] for item in load["advice"]}
    assert {"load-hrv-below-baseline", "load-rhr-above-baseline"} <= fired
    from recoverycli import api
    from recoverycli.traininglog.readiness import latest_inputs

    with api.read_log(log) as opened:
        assert latest_inputs(api.readiness(opened)) == {"hrv": "low", "rhr": "elevated"}  # what assess --log fills
