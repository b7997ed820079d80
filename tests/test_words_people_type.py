"""Flags and values the way people type them: any case, the shown labels, Dutch words,
synonyms, event aliases, a language before the command, dates in words."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from helpers import invoke

from recoverycli import load_rules
from recoverycli.model.values import DateProblem, read_choice, read_date

VOCAB = load_rules().vocab


@pytest.mark.parametrize(("name", "typed", "meant"), [
    ("location", "Quad", "quad"),
    ("location", "thigh", "quad"),
    ("location", "kuit", "calf"),
    ("location", "Achilles tendon", "achilles"),
    ("location", "IT-band", "it-band"),
    ("pain", "zeurend", "ache"),
    ("pain", "SHARP", "sharp"),
    ("when", "'s nachts", "night"),
    ("when", "nachts", "night"),
    ("events", "10k", "race"),
    ("events", "5k", "race"),
    ("events", "half", "half-marathon"),
    ("events", "halve marathon", "half-marathon"),
])
def test_words_mean_values(name: str, typed: str, meant: str) -> None:
    assert read_choice(VOCAB, name, typed) == meant


def test_every_label_in_both_languages_means_its_value() -> None:
    for name, spec in VOCAB.inputs.items():
        if spec.type != "choice" or spec.derived:
            continue
        for value in spec.values:
            for lang in ("en", "nl"):
                label = VOCAB.value_label(name, value, lang)
                assert read_choice(VOCAB, name, label) == value, (name, value, lang, label)


def test_assess_takes_the_words() -> None:
    doc = json.loads(invoke(["assess", "--location", "Quad", "--pain", "zeurend", "--json"]).stdout)
    assert doc["inputs"]["location"] == "quad" and doc["inputs"]["pain"] == "ache"


def test_a_wrong_word_is_still_bad_usage() -> None:
    result = invoke(["assess", "--location", "elbow"])
    assert result.exit_code == 2


def test_plan_takes_event_aliases() -> None:
    doc = json.loads(invoke(["plan", "--after", "10k", "--json"]).stdout)
    assert doc["after"] == "race"
    doc = json.loads(invoke(["plan", "--after", "half", "--sore", "kuit", "--json"]).stdout)
    assert doc["after"] == "half-marathon" and doc["context"]["sore"] == ["calf"]


def test_log_cells_take_the_words(tmp_path) -> None:  # type: ignore[no-untyped-def]
    log = tmp_path / "log.csv"
    log.write_text("date,pain,location,when\n2026-01-01,zeurend,Kuit,'s nachts\n", encoding="utf-8")
    line = json.loads(invoke(["log", "assess", str(log), "--json"]).stdout.splitlines()[0])
    assert line["inputs"]["pain"] == "ache" and line["inputs"]["location"] == "calf"
    assert line["inputs"]["when"] == "night"


def test_language_before_the_command() -> None:
    result = invoke(["--lang", "nl", "assess", "--pain", "ache", "--json"])
    assert json.loads(result.stdout)["disclaimer"] == VOCAB.msg("disclaimer", "nl")


@pytest.mark.parametrize(("typed", "offset"), [("today", 0), ("tomorrow", 1), ("vandaag", 0), ("morgen", 1),
                                               ("yesterday", -1)])
def test_start_in_words(typed: str, offset: int) -> None:
    today = dt.date(2026, 4, 12)
    assert read_date(typed, VOCAB, today) == today + dt.timedelta(days=offset)


@pytest.mark.parametrize(("typed", "key"), [("2026-02-30", "error_no_such_day"), ("2026-13-01", "error_no_such_month"),
                                            ("soon", "error_bad_date")])
def test_a_date_that_does_not_exist_is_named(typed: str, key: str) -> None:
    with pytest.raises(DateProblem) as problem:
        read_date(typed, VOCAB)
    assert problem.value.key == key


def test_plan_says_why_a_date_is_wrong() -> None:
    result = invoke(["plan", "--after", "race", "--start", "2026-02-30"])
    assert result.exit_code == 2
    assert "28" in result.stderr and "2026-02-30" in result.stderr


@pytest.mark.parametrize("command", [["assess"], ["plan"], ["rules", "list"], ["rules", "show"],
                                     ["log", "assess"], ["log", "load"]])
def test_help_shows_an_example(command: list[str]) -> None:
    text = invoke([*command, "--help"], COLUMNS="200").stdout
    assert "recover " + command[0] in text.split("Example:")[-1]
