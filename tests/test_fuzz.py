"""Fuzzing the rule loader: any bytes, any YAML — a located problem, never a crash or a hang."""

from __future__ import annotations

from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from recoverycli.cli import app
from recoverycli.load import load_rulebook
from recoverycli.problems import Problem

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
    _book, problems = load_rulebook([path], shipped=False)
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
    result = CliRunner().invoke(app, ["rules", "validate", str(path)])
    assert result.exit_code in (0, 3), result.output
    assert "Traceback" not in result.output
    if result.exit_code == 3:
        assert str(path) in result.output
