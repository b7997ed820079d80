"""The Python API is what the commands call: the same answers from Python as from `recover`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import invoke

import recoverycli
from recoverycli import api

LOGS = Path(__file__).parent / "data" / "logs"


def test_the_package_offers_the_api_lazily() -> None:
    assert recoverycli.read_log is api.read_log and recoverycli.load_report is api.load_report
    with pytest.raises(AttributeError):
        recoverycli.not_a_function  # noqa: B018


def test_load_report_matches_log_load() -> None:
    with api.read_log(LOGS / "season.csv") as log:
        report = api.load_report(log)
    doc = json.loads(invoke(["log", "load", str(LOGS / "season.csv"), "--json"]).stdout)
    assert [w.sessions for w in report.weeks] == [w["sessions"] for w in doc["weeks"]]
    assert [round(w.distance_km, 2) for w in report.weeks] == [w["distance_km"] for w in doc["weeks"]]
    assert report.weeks and sum(w.sessions for w in report.weeks) > 0


def test_assess_rows_matches_log_assess() -> None:
    with api.read_log(LOGS / "season.csv") as log:
        levels = [result.level if result else None for _row, result in api.assess_rows(log)]
    lines = invoke(["log", "assess", str(LOGS / "season.csv"), "--json"]).stdout.splitlines()
    assert levels == [json.loads(line).get("level") for line in lines]
    assert "go" in levels


def test_readiness_matches_log_readiness() -> None:
    with api.read_log(LOGS / "mornings.csv") as log:
        mornings = api.readiness(log)
    doc = json.loads(invoke(["log", "readiness", str(LOGS / "mornings.csv"), "--json"]).stdout)
    assert mornings and len(mornings) == len(doc["days"])
    assert [m.date.isoformat() for m in mornings] == [m["date"] for m in doc["days"]]


def test_assess_explained_says_why() -> None:
    result = api.assess(pain="sharp", location="ankle", explain=True)
    assert result.level == "stop" and result.considered
    assert not api.assess(pain="sharp", location="ankle").considered
