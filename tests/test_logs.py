"""`recover log assess`: reading training logs row by row, like `recover assess` per row.

The logs come from tests/data/logs/ or are written here byte by byte (BOM,
CRLF, semicolons). Every test runs the real CLI in-process, except the
streaming test, which needs a real pipe and runs `python -m recoverycli`.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from conftest import flat, no_traceback
from helpers import Runner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recoverycli import (
    api,
    engine,
    load_rules,
)
from recoverycli.cli import app
from recoverycli.render.jsonout import assessment_doc
from recoverycli.rulefiles import cache

VOCAB = load_rules().vocab

LOGS = Path(__file__).resolve().parent / "data" / "logs"


def run(*args: str, input: str | bytes | None = None) -> Any:
    """`recover ARGS...` in-process, stdout and stderr apart; stdin from `input`."""
    cache.clear()
    return Runner().invoke(app, list(args), input=input, env={"NO_COLOR": "1", "COLUMNS": "100"})


def lines_of(result: Any) -> list[dict[str, Any]]:
    return [json.loads(line) for line in result.stdout.splitlines()]


@pytest.fixture(scope="module")
def book() -> Any:
    cache.clear()
    return api.load_rules()


def without_line(doc: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in doc.items() if k != "line"}


def assess_flags(inputs: dict[str, Any]) -> list[str]:
    """`recover assess` flags for these inputs (flags as --x / --no-x)."""
    flags = []
    for name, value in inputs.items():
        flag = "--" + name.replace("_", "-")
        if value is True:
            flags.append(flag)
        elif value is False:
            flags.append("--no-" + name.replace("_", "-"))
        else:
            flags += [flag, str(value)]
    return flags


# --- the JSON Lines document -------------------------------------------------------

def test_json_lines_carry_physical_line_numbers() -> None:
    result = run("log", "assess", str(LOGS / "season.csv"), "--json")
    assert result.exit_code == 0, result.stderr
    docs = lines_of(result)
    # header is line 1; line 4 is blank; the ankle row's quoted note spans lines 5-6
    assert [d["line"] for d in docs] == [2, 3, 5, 7, 8]
    assert docs[2]["level"] == "stop"  # a sharp ankle: the contract's own example
    assert docs[1]["inputs"] == {"pain": "ache", "location": "quad", "severity": 3, "numb": False,
                                 "hours_since": 36.0, "tissue": "muscle"}
    assert docs[2]["inputs"] == {"pain": "sharp", "location": "ankle", "severity": 7,
                                 "tissue": "joint"}
    assert docs[4]["inputs"]["numb"] is False  # "NO"
    assert result.stderr == ""


def test_each_row_is_exactly_what_assess_json_prints() -> None:
    docs = lines_of(run("log", "assess", str(LOGS / "season.csv"), "--json"))
    for doc in docs:
        given = {k: v for k, v in doc["inputs"].items() if k != "tissue"}
        alone = run("assess", *assess_flags(given), "--json")
        assert json.loads(alone.stdout) == without_line(doc), f"line {doc['line']}"


def test_json_lines_are_byte_for_byte_json_dumps_of_the_assessment(book: Any) -> None:
    from recoverycli.traininglog.reader import assess_rows, read_log

    text = run("log", "assess", str(LOGS / "season.csv"), "--json").stdout.splitlines()
    with read_log(LOGS / "season.csv", book.vocab) as reader:
        expected = [json.dumps({"line": row.line, **assessment_doc(res, book, "en")},
                               ensure_ascii=False)
                    for row, res in assess_rows(reader, book) if res is not None]
    assert text == expected


# --- the property: log assess == assess, row for row --------------------------------

def _input_values() -> dict[str, st.SearchStrategy[Any]]:
    strategies: dict[str, st.SearchStrategy[Any]] = {}
    for name, spec in VOCAB.inputs.items():
        if spec.derived:
            continue
        if spec.type == "choice":
            strategies[name] = st.sampled_from(spec.values)
        elif spec.type == "flag":
            strategies[name] = st.booleans()
        elif spec.type == "integer":
            high = int(spec.max if spec.max is not None else 100)
            strategies[name] = st.integers(int(spec.min or 0), high)
        else:
            high = spec.max if spec.max is not None else 200
            strategies[name] = st.integers(0, int(high * 2)).map(lambda v: v / 2)
    return strategies


INPUTS = _input_values()
ROW = st.fixed_dictionaries({}, optional=INPUTS)
TRUE_SPELLINGS = ["true", "yes", "1", "ja", "TRUE", "Yes", "JA"]
FALSE_SPELLINGS = ["false", "no", "0", "nee", "False", "NO", "Nee"]


def _cell(draw: Any, value: Any) -> str:
    if value is True:
        return draw(st.sampled_from(TRUE_SPELLINGS))
    if value is False:
        return draw(st.sampled_from(FALSE_SPELLINGS))
    if isinstance(value, str):
        return draw(st.sampled_from([value, value.upper(), f" {value} "]))
    if isinstance(value, float) and value.is_integer():
        return draw(st.sampled_from([f"{value:g}", f"{value:.1f}"]))
    return f"{value:g}" if isinstance(value, float) else str(value)


@st.composite
def logs(draw: Any) -> tuple[str, list[dict[str, Any]]]:
    rows = draw(st.lists(ROW, min_size=40, max_size=150))  # 50 examples: 2 000+ rows
    names = list(INPUTS)
    buffer = io.StringIO()
    out = csv.writer(buffer, lineterminator="\n")
    out.writerow(["date", *names, "extra"])
    for index, row in enumerate(rows):
        out.writerow([f"2026-01-{index % 28 + 1:02d}",
                      *(_cell(draw, row[n]) if n in row else "" for n in names), "x"])
    return buffer.getvalue(), rows


@settings(max_examples=50, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(logs())
def test_log_assess_gives_the_same_level_as_assess(log: tuple[str, list[dict[str, Any]]]) -> None:
    text, rows = log
    book = api.load_rules()
    result = run("log", "assess", "-", "--json", input=text)
    assert result.exit_code == 0, result.stderr
    docs = lines_of(result)
    assert [d["line"] for d in docs] == list(range(2, len(rows) + 2))
    for doc, row in zip(docs, rows, strict=True):
        expected = engine.assess(row, book)
        assert doc["level"] == expected.level
        assert without_line(doc) == json.loads(json.dumps(assessment_doc(expected, book, "en")))
    first = rows[0]
    alone = run("assess", *assess_flags(first), "--json") if first else None
    if alone is not None:
        assert json.loads(alone.stdout)["level"] == docs[0]["level"]


# --- malformed rows ------------------------------------------------------------------

MALFORMED = [
    (3, "pain", "sharpish", "did you mean 'sharp'"),
    (4, "numb", "perhaps", "yes or no"),
    (5, "hours_since", "lots", "not a number"),
    (6, "severity", "2.5", "not a whole number"),
    (7, "severity", "11", "out of range (0–10)"),
    (8, "date", "04/07/2026", "not an ISO date"),
    (9, "", "", "the row has 10 cells but the header has 8"),
    (10, "", "", "the row has 3 cells but the header has 8"),
]


@pytest.fixture(scope="module")
def malformed() -> Any:
    return run("log", "assess", str(LOGS / "malformed.csv"), "--json")


@pytest.mark.parametrize(("line", "field", "value", "why"), MALFORMED)
def test_a_bad_row_names_its_line_field_and_value(malformed: Any, line: int, field: str, value: str,
                                                   why: str) -> None:
    records = {d["line"]: d for d in lines_of(malformed)}
    assert set(records[line]) == {"line", "error"}
    error = records[line]["error"]
    assert why in error
    if field:
        assert error.startswith(f"{field}: ") and value in error


def test_bad_rows_do_not_stop_the_others(malformed: Any) -> None:
    docs = lines_of(malformed)
    assert [d["line"] for d in docs] == list(range(2, 12))  # every row answered, in order
    good = [d for d in docs if "error" not in d]
    assert [(d["line"], d["level"]) for d in good] == [(2, "easy"), (11, "easy")]
    assert malformed.exit_code == 1
    summary = "8 of 10 rows could not be read (lines 3, 4, 5, 6, 7, 8, 9, 10)"
    assert summary in flat(malformed.stderr)
    no_traceback(malformed)


def test_every_bad_cell_of_a_row_is_named() -> None:
    text = "pain,severity,numb\nsharpish,11,maybe\n"
    error = lines_of(run("log", "assess", "-", "--json", input=text))[0]["error"]
    assert "pain: 'sharpish'" in error and "severity: 11" in error and "numb: 'maybe'" in error


def test_a_csv_row_the_csv_module_cannot_read_is_an_error_record() -> None:
    text = f"pain,location,note\nache,quad,\nache,knee,{'x' * 200_000}\nstiff,calf,\n"
    result = run("log", "assess", "-", "--json", input=text)
    docs = lines_of(result)
    assert [d["line"] for d in docs] == [2, 3, 4]
    assert "cannot read this CSV row: field larger than field limit" in docs[1]["error"]
    assert [d.get("level") for d in docs] == ["easy", None, "easy"]
    assert result.exit_code == 1


def test_an_unclosed_quote_at_the_end_is_an_error_record() -> None:
    text = 'pain,location\nache,quad\n"ache,knee\n'
    docs = lines_of(run("log", "assess", "-", "--json", input=text))
    assert docs[1] == {"line": 3, "error": "the row has 1 cells but the header has 2"}


@pytest.mark.parametrize(("row", "why"), [
    ('{"pain": "ache",', "not valid JSON"),
    ('["ache", "quad"]', "must be an object"),
    ('{"pain": ["ache"]}', "pain: [\"ache\"] is a list or object"),
    ('{"severity": true}', "severity: 'true' is not a whole number"),
    ('{"numb": "soms"}', "numb: 'soms' is not a yes or no"),
    ('{"severity": ' + "9" * 400 + "}", "is not a whole number"),
    ('{"pain": ' + "[" * 100_000 + "]" * 100_000 + "}", "not valid JSON"),
])
def test_malformed_json_lines_rows(row: str, why: str) -> None:
    good, other = '{"pain": "ache", "location": "quad"}', '{"pain": "stiff", "location": "calf"}'
    text = f"{good}\n{row}\n{other}\n"
    result = run("log", "assess", "-", "--json", input=text)
    docs = lines_of(result)
    assert [d["line"] for d in docs] == [1, 2, 3]
    assert why in docs[1]["error"]
    assert "level" in docs[0] and "level" in docs[2]
    assert result.exit_code == 1


# --- what a log may look like -------------------------------------------------------------

def test_bom_crlf_blank_lines_quotes_and_semicolons(tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    path.write_bytes("\ufeffDate;Pain;Location;Numb;Note\r\n\r\n"
                     "2026-04-01;ache;quad;Nee;\"kort; moe\"\r\n"
                     "2026-04-02;Sharp;Ankle;;\"twee\r\nregels\"\r\n".encode())
    result = run("log", "assess", str(path), "--json")
    docs = lines_of(result)
    assert result.exit_code == 0, result.stderr
    assert [d["line"] for d in docs] == [3, 4]
    assert docs[0]["inputs"] == {"pain": "ache", "location": "quad", "numb": False,
                                 "tissue": "muscle"}
    assert docs[1]["inputs"]["pain"] == "sharp" and docs[1]["level"] == "stop"


@pytest.mark.parametrize(("cell", "value"), [
    ("true", True), ("YES", True), ("1", True), ("Ja", True),
    ("false", False), ("no", False), ("0", False), ("NEE", False), ("", None), ("  ", None),
])
def test_flag_spellings_and_blank_is_unknown(cell: str, value: bool | None) -> None:
    doc = lines_of(run("log", "assess", "-", "--json", input=f"swelling,pain\n{cell},ache\n"))[0]
    assert doc["inputs"].get("swelling") is value
    if value is None:
        assert "swelling" not in doc["inputs"]
        assert any(m["input"] == "swelling" for m in doc["missing"])


def test_json_lines_input_from_stdin() -> None:
    text = ('{"date": "2026-04-01", "pain": "ache", "location": "quad", "numb": false,'
            ' "shoe": "x"}\n'
            '\n'
            '{"date": "2026-04-02", "pain": "cramp", "location": "calf", "when": "night",'
            ' "numb": "ja"}\n')
    result = run("log", "assess", "-", "--json", input=text)
    docs = lines_of(result)
    assert [d["line"] for d in docs] == [1, 3]
    assert docs[0]["inputs"]["numb"] is False and docs[1]["inputs"]["numb"] is True
    assert result.exit_code == 0


def test_csv_from_stdin_equals_csv_from_file() -> None:
    from_file = run("log", "assess", str(LOGS / "season.csv"), "--json").stdout
    from_stdin = run("log", "assess", "-", "--json",
                     input=(LOGS / "season.csv").read_bytes()).stdout
    assert from_stdin == from_file != ""


def test_empty_input_is_no_rows() -> None:
    result = run("log", "assess", "-", "--json", input="")
    assert (result.exit_code, result.stdout) == (0, "")


def test_rows_of_empty_cells_are_skipped_like_blank_lines() -> None:
    text = "pain,location\n,\n \nache,quad\n,,\n"
    docs = lines_of(run("log", "assess", "-", "--json", input=text))
    assert [d["line"] for d in docs] == [4]


# --- CSV out ---------------------------------------------------------------------------

def test_csv_round_trip_keeps_every_column_and_the_row_order() -> None:
    source = LOGS / "season.csv"
    result = run("log", "assess", str(source), "--csv")
    assert result.exit_code == 0, result.stderr
    with source.open(newline="", encoding="utf-8") as handle:
        before = [r for r in csv.reader(handle) if r]
    after = list(csv.reader(io.StringIO(result.stdout)))
    assert after[0] == [*before[0], "level", "headline", "error"]
    assert [r[:-3] for r in after[1:]] == before[1:]  # unknown columns (shoe, Coach note) untouched
    assert after[3][-4] == "rolled it on a root,\nwalked home"
    levels = [d["level"] for d in lines_of(run("log", "assess", str(source), "--json"))]
    assert [r[-3] for r in after[1:]] == levels and "stop" in levels
    again = run("log", "assess", "-", "--csv", input=result.stdout)
    assert again.stdout == result.stdout  # annotating twice changes nothing


def test_csv_out_marks_bad_rows_in_the_error_column() -> None:
    result = run("log", "assess", str(LOGS / "malformed.csv"), "--csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 10
    assert rows[0]["level"] == "easy" and rows[0]["error"] == ""
    assert rows[1]["level"] == "" and rows[1]["error"].startswith("pain: 'sharpish'")
    assert result.exit_code == 1


def test_csv_out_of_json_lines_uses_the_first_objects_keys() -> None:
    text = ('{"date": "2026-04-01", "pain": "ache", "location": "quad", "shoe": "x"}\n'
            '{"date": "2026-04-02", "pain": "stiff", "mood": "ok"}\n')
    result = run("log", "assess", "-", "--csv", input=text)
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == ["date", "pain", "location", "shoe", "level", "headline", "error"]
    assert rows[2][:4] == ["2026-04-02", "stiff", "", ""]
    assert "'mood' is not in the first row" in flat(result.stderr)


# --- the table, --fail-on, exit codes -----------------------------------------------------

def test_table_streams_rows_and_marks_errors() -> None:
    result = run("log", "assess", str(LOGS / "malformed.csv"))
    text = flat(result.stdout)
    assert "Line Date Level Inputs Headline" in text
    assert "EASY" in text and VOCAB.msg("log_row_unreadable", "en") in text and "sharpish" in text
    assert "10 rows: EASY 2" in text
    assert result.exit_code == 1


@pytest.mark.parametrize(("level", "code"), [("stop", 1), ("rest", 1), ("easy", 1)])
def test_fail_on_exits_1_at_or_above(level: str, code: int) -> None:
    result = run("log", "assess", str(LOGS / "season.csv"), "--json", "--fail-on", level)
    assert result.exit_code == code
    assert f"--fail-on {level} reached: rows at or above it:" in flat(result.stderr)


def test_fail_on_not_reached_exits_0() -> None:
    text = "pain,location\nache,quad\n"
    assert run("log", "assess", "-", "--fail-on", "rest", input=text).exit_code == 0


def test_json_and_csv_together_is_bad_usage() -> None:
    result = run("log", "assess", str(LOGS / "season.csv"), "--json", "--csv")
    assert result.exit_code == 2


@pytest.mark.parametrize(("make", "why"), [
    (lambda tmp: tmp / "missing.csv", "cannot read the file"),
    (lambda tmp: tmp, "activities.csv"),  # a folder is read only as a Strava export
])
def test_a_file_that_cannot_be_read_exits_3(tmp_path: Path, make: Any, why: str) -> None:
    path = make(tmp_path)
    result = run("log", "assess", str(path), "--json")
    assert result.exit_code == 3
    assert str(path) in result.stderr and why in result.stderr
    assert result.stdout == ""
    no_traceback(result)


def test_not_utf8_exits_3(tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes("pain,note\nache,caf\xe9\n".encode("latin-1"))
    result = run("log", "assess", str(path), "--json")
    assert result.exit_code == 3 and "not UTF-8" in result.stderr
    no_traceback(result)


def test_a_known_column_twice_exits_3() -> None:
    result = run("log", "assess", "-", "--json", input="pain,Pain\nache,sharp\n")
    assert result.exit_code == 3 and "'pain' appears twice" in result.stderr


def test_no_known_column_is_no_log_recover_reads() -> None:
    result = run("log", "assess", "-", "--json", input="a,b\n1,2\n3,4\n")
    assert result.exit_code == 3
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1, "one message, not one per row"
    for name in ("strava", "garmin", "intervals", "hrv4training"):
        assert name in result.stderr


def test_errors_in_dutch() -> None:
    result = run("log", "assess", str(LOGS / "malformed.csv"), "--json", "--lang", "nl")
    records = {d["line"]: d for d in lines_of(result)}
    assert "is niet een van" in records[3]["error"] and "bedoel je 'sharp'" in records[3]["error"]
    assert "rijen waren onleesbaar" in flat(result.stderr)


# --- streaming and the Python API ---------------------------------------------------------

def test_first_answer_comes_before_the_input_ends() -> None:
    """A real pipe: one row in, one answer out, while stdin is still open."""
    command = [sys.executable, "-m", "recoverycli", "log", "assess", "-", "--json"]
    env = {**os.environ, "RECOVER_NO_CACHE": "1"}
    child = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                             env=env)
    assert child.stdin is not None and child.stdout is not None
    child.stdin.write("pain,location\nsharp,ankle\n")
    child.stdin.flush()
    answer: list[str] = []
    reader = threading.Thread(target=lambda: answer.append(child.stdout.readline()))  # type: ignore[union-attr]
    reader.start()
    reader.join(timeout=30)
    try:
        assert answer and json.loads(answer[0])["level"] == "stop"
        assert child.poll() is None  # still waiting for more input
    finally:
        child.stdin.close()
        child.wait(timeout=30)
    assert child.returncode == 0


def test_python_api() -> None:
    from recoverycli import load_rules
    from recoverycli.traininglog.reader import assess_rows, read_log, weekly_load

    book = load_rules()
    rows = list(assess_rows(read_log(io.StringIO("pain,location\nsharp,ankle\nache,nowhere\n"), book.vocab), book))
    assert rows[0][1] is not None and rows[0][1].level == "stop"
    assert rows[1][1] is None and "location: 'nowhere'" in (rows[1][0].error or "")
    report = weekly_load(read_log(LOGS / "acwr.csv", book.vocab), book)
    assert report.days[-1].acwr == pytest.approx(1800 / 1155)


@pytest.mark.parametrize("lang", ["en", "nl"])
@pytest.mark.parametrize("binary", [True, False])
def test_fast_json_lines_match_the_exact_documents_beyond_the_checked_rows(
        book: Any, lang: str, binary: bool) -> None:
    """Past the writer's own check of the first rows, every line is still exact,
    whether it writes bytes to a buffer or text to a plain text stream."""
    import io
    import random

    from recoverycli.render.jsonl_writer import JsonLinesWriter
    from recoverycli.traininglog.reader import assess_rows, read_log

    rng = random.Random(4)
    names = [n for n, s in VOCAB.inputs.items() if not s.derived]
    lines = [",".join(names)]
    for _ in range(300):
        cells = []
        for name in names:
            spec = VOCAB.inputs[name]
            if rng.random() < 0.5:
                cells.append("")
            elif spec.type == "choice":
                cells.append(rng.choice(spec.values))
            elif spec.type == "flag":
                cells.append(rng.choice(["yes", "no"]))
            else:
                cells.append(str(rng.randint(0, int(spec.max or 48))))
        lines.append(",".join(cells))
    log = "\n".join(lines) + "\n"
    raw = io.BytesIO()
    out: Any = io.TextIOWrapper(raw, encoding="utf-8", newline="") if binary else io.StringIO()
    writer = JsonLinesWriter(book, lang, out, flush_every=64)
    expected = []
    for row, result in assess_rows(read_log(io.StringIO(log), book.vocab), book):
        assert result is not None, row.error
        writer.write(row, result)
        expected.append(json.dumps({"line": row.line, **assessment_doc(result, book, lang)},
                                   ensure_ascii=False))
    writer.close()
    assert writer.fast, "the fast path fell back to the exact one"
    written = raw.getvalue().decode() if binary else out.getvalue()
    assert written.splitlines() == expected
