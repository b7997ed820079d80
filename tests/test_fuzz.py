"""Fuzzing the rule loader: any bytes, any YAML — a located problem, never a crash or a hang."""

from __future__ import annotations

from pathlib import Path

import yaml
from helpers import Runner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recoverycli.cli import app
from recoverycli.problems import Problem
from recoverycli.rulefiles.cache import load_rulebook_cached

FUZZ = settings(max_examples=150, deadline=2000, suppress_health_check=[HealthCheck.function_scoped_fixture])

scalars = st.one_of(st.none(), st.booleans(), st.integers(-5, 50), st.floats(allow_nan=False, width=32),
                    st.sampled_from(["sharp", "stop", "ankle", "see-professional", "x", "", "en", "nl"]),
                    st.text(max_size=12))
keys = st.sampled_from(["rules", "plans", "id", "title", "when", "level", "advice", "topic", "text",
                        "source", "document", "section", "examples", "given", "expect", "pain",
                        "any", "all", "not", "min", "max", "en", "nl", "red_flag", "slot", "junk"])
documents = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=5)), max_leaves=30)


def load_one(path: Path) -> list[Problem]:
    """One file's problems (the vocabulary, cached, is read once per run)."""
    _book, problems = load_rulebook_cached([path], shipped=False)
    return problems


@FUZZ
@given(document=documents)
def test_any_yaml_document_gives_located_problems_or_loads(tmp_path_factory, document) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("fuzz") / "rules.yaml"
    path.write_text(yaml.safe_dump(document), encoding="utf-8")
    problems = load_one(path)
    for problem in problems:
        assert isinstance(problem, Problem)
        assert problem.file == str(path)
        assert problem.line >= 0 and problem.message


@FUZZ
@given(data=st.binary(max_size=400))
def test_any_bytes_give_located_problems(tmp_path_factory, data: bytes) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("fuzz") / "rules.yaml"
    path.write_bytes(data)
    for problem in load_one(path):
        assert problem.file == str(path) and problem.message


@FUZZ
@given(text=st.text(alphabet=st.sampled_from(list("[]{}:-&*!|>'\"#,? \n\tab1")), max_size=200))
def test_yaml_punctuation_soup_never_crashes_the_cli(tmp_path_factory, text: str) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("fuzz") / "rules.yaml"
    path.write_text(text, encoding="utf-8")
    result = Runner().invoke(app, ["rules", "validate", str(path)])
    assert result.exit_code in (0, 3), result.output
    assert "Traceback" not in result.output
    if result.exit_code == 3:
        assert str(path) in result.output


HEADER = "date,pain,location,severity,numb,hours_since,note\n"
cells = st.one_of(st.sampled_from(["", "sharp", "ankle", "yes", "no", "7", "-1", "11", "nan", "inf", "1e400",
                                   "\"quoted, comma\"", "2026-13-45", "ja", "TRUE"]),
                  st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=8))


@FUZZ
@given(rows=st.lists(st.lists(cells, min_size=0, max_size=9), max_size=12))
def test_any_csv_log_gives_a_record_per_row_and_no_traceback(tmp_path_factory, rows) -> None:  # type: ignore[no-untyped-def]
    import json

    path = tmp_path_factory.mktemp("fuzz") / "log.csv"
    path.write_text(HEADER + "".join(",".join(row) + "\n" for row in rows), encoding="utf-8")
    result = Runner().invoke(app, ["log", "assess", str(path), "--json"])
    assert result.exit_code in (0, 1, 3), result.output
    assert "Traceback" not in result.output
    # splitlines also splits on U+0085 and U+2028: each document must still be one line
    for line in result.stdout.splitlines():
        record = json.loads(line)
        assert "line" in record
        assert ("error" in record) or record["level"] in ("go", "easy", "rest", "stop")


@FUZZ
@given(data=st.binary(max_size=300))
def test_any_bytes_as_a_log_never_crash(tmp_path_factory, data: bytes) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("fuzz") / "log.jsonl"
    path.write_bytes(data)
    for command in (["log", "assess", str(path), "--json"], ["log", "load", str(path), "--json"]):
        result = Runner().invoke(app, command)
        assert result.exit_code in (0, 1, 3), result.output
        assert "Traceback" not in result.output
