"""Rule-file validation: one located problem per mistake, every problem reported.

Each file in tests/data/bad_rules/ is paired here with the problems it must
produce: exact line, the rule id (None for file-level problems) and a fragment
of the message. The YAML-level classes (syntax, aliases, tags, binary, ...)
are in test_yaml_safety.py.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import BAD_RULES, REPO_ROOT, flat, located, make_rule, no_traceback, write_rules
from test_yaml_safety import YAML_CASES

from recoverycli.rulefiles.parse import load_rulebook

Expected = list[tuple[int, "str | None", str]]

SCHEMA_CASES: dict[str, Expected] = {
    "unknown-top-level-key.yaml": [(12, None, "unknown top-level key 'metadata'")],
    "unknown-rule-key.yaml": [
        (5, "misspelled-key", "unknown key 'levle' in rule (did you mean 'level'?)")
    ],
    "missing-required-key.yaml": [(13, "no-source", "missing the required key 'source'")],
    "id-not-kebab.yaml": [(2, "Warning_Pain", "id must be kebab-case")],
    "unknown-input.yaml": [(6, "unknown-input", "unknown input 'pian' (did you mean 'pain'?)")],
    "unknown-value.yaml": [
        (5, "unknown-value", "unknown value 'stabing' for 'pain' (did you mean 'stabbing'?)")
    ],
    "out-of-range.yaml": [(5, "severity-too-high", "'severity' is out of range (0–10): 12")],
    "wrong-type.yaml": [(5, "numb-as-string", "'numb' is a flag; use true or false, not 'yes'")],
    "min-above-max.yaml": [(6, "inverted-range", "'hours_since' min 72 is above max 24")],
    "unknown-topic.yaml": [
        (9, "unknown-topic", "unknown topic 'stop-activty' (did you mean 'stop-activity'?)")
    ],
    "unknown-level.yaml": [(5, "unknown-level", "unknown level 'stopp' (did you mean 'stop'?)")],
    "missing-nl.yaml": [(4, "english-only", "title lacks the 'nl' text")],
    "empty-text.yaml": [(9, "empty-dutch", "advice text 'nl' must be non-empty text")],
    "unknown-language.yaml": [(6, "german-too", "unknown language 'de'")],
    "red-flag-no-professional.yaml": [
        (4, "flag-without-doctor", "must give 'see-professional' advice")
    ],
    "red-flag-not-stop.yaml": [(6, "flag-only-rest", "a red_flag rule must set level: stop")],
    "external-no-author-year.yaml": [
        (10, "external-study", "an external source must name its author"),
        (10, "external-study", "an external source must name its journal"),
        (10, "external-study", "an external source must name its year"),
    ],
    "example-unknown-input.yaml": [
        (15, "example-bad-given", "unknown input 'locaton' (did you mean 'location'?)")
    ],
    "example-unknown-level.yaml": [
        (14, "example-bad-expect", "example expects unknown level 'halt'")
    ],
    "deeply-nested.yaml": [(26, "deep-nesting", "condition nested too deeply")],
    "three-problems.yaml": [
        (5, "two-mistakes", "unknown level 'halt'"),
        (9, "two-mistakes", "unknown topic 'icing'"),
        (20, "one-mistake", "unknown value 'everywhere' for 'spread'"),
    ],
}


def where(name: str, line: int, rule: str | None) -> str:
    return f"{name}:{line}:" + (f" [{rule}]" if rule else "")


def assert_problems(problems: list, path: Path, expected: Expected) -> None:
    assert len(problems) == len(expected), "\n".join(map(str, problems))
    for line, rule, fragment in expected:
        hits = [p for p in problems if p.line == line and p.rule == rule and fragment in p.message]
        assert len(hits) == 1, (line, rule, fragment, [str(p) for p in problems])
        assert hits[0].file == str(path)
        assert str(hits[0]).startswith(where(str(path), line, rule) + " ")


def test_every_corpus_file_is_covered() -> None:
    on_disk = {p.name for p in BAD_RULES.glob("*.yaml")}
    assert on_disk == set(SCHEMA_CASES) | set(YAML_CASES)
    assert (BAD_RULES / "duplicate-ids").is_dir()


@pytest.mark.parametrize("name", sorted(SCHEMA_CASES))
def test_bad_rule_via_api(name: str) -> None:
    path = BAD_RULES / name
    book, problems = load_rulebook([path], shipped=False)
    assert_problems(problems, path, SCHEMA_CASES[name])
    bad = {rule for _line, rule, _fragment in SCHEMA_CASES[name] if rule}
    assert not bad & {r.id for r in book.rules}  # a rule with a problem is never used


@pytest.mark.parametrize("name", sorted(SCHEMA_CASES))
def test_bad_rule_via_cli(name: str, cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copy(BAD_RULES / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    result = cli("rules", "validate", name)
    assert result.exit_code == 3, result.output
    for line, rule, fragment in SCHEMA_CASES[name]:
        assert located(result.stderr, name, line, fragment), (line, fragment, result.stderr)
        assert where(name, line, rule) in flat(result.stderr)
    no_traceback(result)


def test_three_problems_all_reported_in_a_real_process(tmp_path: Path) -> None:
    shutil.copy(BAD_RULES / "three-problems.yaml", tmp_path / "three-problems.yaml")
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT / "src")}
    done = subprocess.run(
        [sys.executable, "-m", "recoverycli", "rules", "validate", "three-problems.yaml"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=60,
    )
    assert done.returncode == 3
    assert "Traceback" not in done.stderr + done.stdout
    for line, rule, fragment in SCHEMA_CASES["three-problems.yaml"]:
        assert located(done.stderr, "three-problems.yaml", line, fragment)
        assert where("three-problems.yaml", line, rule) in flat(done.stderr)


def test_whole_corpus_in_one_run(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(BAD_RULES, tmp_path / "bad_rules")
    monkeypatch.chdir(tmp_path)
    result = cli("rules", "validate", "bad_rules")
    assert result.exit_code == 3
    no_traceback(result)
    for name, expected in SCHEMA_CASES.items():
        for line, _rule, fragment in expected:
            assert located(result.stderr, f"bad_rules/{name}", line, fragment), (name, line)
    for name, (line, fragment) in YAML_CASES.items():
        assert located(result.stderr, f"bad_rules/{name}", line, fragment), (name, line)


def test_validate_json_lists_every_problem(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copy(BAD_RULES / "three-problems.yaml", tmp_path / "three.yaml")
    monkeypatch.chdir(tmp_path)
    result = cli("rules", "validate", "three.yaml", "--json")
    assert result.exit_code == 3
    doc = json.loads(result.stdout)
    assert doc["schema_version"] == 1
    assert doc["command"] == "rules validate"
    mine = [(p["line"], p["rule"]) for p in doc["problems"] if p["file"] == "three.yaml"]
    assert mine == [(line, rule) for line, rule, _ in SCHEMA_CASES["three-problems.yaml"]]


def test_duplicate_ids_across_two_files(cli, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = BAD_RULES / "duplicate-ids"
    first, second = folder / "first.yaml", folder / "second.yaml"
    for paths in ([folder], [first, second]):
        _book, problems = load_rulebook(paths, shipped=False)
        assert len(problems) == 1, problems
        problem = problems[0]
        assert (problem.file, problem.line, problem.rule) == (str(second), 14, "twice-defined")
        assert "duplicate id" in problem.message
        assert f"{first}:2" in problem.message
    monkeypatch.chdir(BAD_RULES)
    result = cli("rules", "validate", "duplicate-ids")
    assert result.exit_code == 3
    text = flat(result.stderr)
    assert f"{Path('duplicate-ids', 'second.yaml')}:14: [twice-defined] duplicate id" in text
    assert f"{Path('duplicate-ids', 'first.yaml')}:2" in text
    no_traceback(result)


def test_duplicate_ids_in_one_file(tmp_path: Path) -> None:
    path = write_rules(
        tmp_path, make_rule("same-id", {"pain": "ache"}), make_rule("same-id", {"pain": "dull"})
    )
    second = path.read_text(encoding="utf-8").splitlines().index("- id: same-id", 2) + 1
    _book, problems = load_rulebook([path], shipped=False)
    assert [(p.file, p.line, p.rule) for p in problems] == [(str(path), second, "same-id")]
    assert f"{path}:2" in problems[0].message


def test_duplicate_of_a_shipped_id_via_rules_is_exit_3(cli, tmp_path: Path) -> None:
    path = write_rules(
        tmp_path / "mine", make_rule("warning-pain-sharp", {"pain": "sharp"}, "stop")
    )
    for args in (
        ["rules", "validate", "--rules", str(tmp_path / "mine")],
        ["assess", "--pain", "sharp", "--json", "--rules", str(tmp_path / "mine")],
        ["rules", "list", "--rules", str(path)],
    ):
        result = cli(*args)
        assert result.exit_code == 3, (args, result.output)
        assert "duplicate id" in flat(result.stderr)
        assert "warning-pain-sharp" in result.stderr
        assert result.stdout == ""  # --json prints nothing rather than a half answer
        no_traceback(result)


def test_missing_rules_path_is_exit_3(cli, tmp_path: Path) -> None:
    result = cli("rules", "list", "--rules", str(tmp_path / "nowhere"))
    assert result.exit_code == 3
    assert "no such rule file or folder" in flat(result.stderr)
    no_traceback(result)


def test_shipped_rules_validate(cli) -> None:
    result = cli("rules", "validate")
    assert result.exit_code == 0, result.output
    result = cli("rules", "validate", "--json")
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert doc["problems"] == []
    assert any(Path(f).name == "pain.yaml" for f in doc["files"])


def test_shipped_rules_load_without_problems() -> None:
    book, problems = load_rulebook()
    assert problems == []
    assert {"warning-pain-sharp"} <= {r.id for r in book.rules}


@pytest.mark.parametrize(
    "when, fragment",
    [
        ({}, "non-empty mapping"),
        ({"any": {"pain": "ache"}}, "'any' takes a non-empty list"),
        ({"all": []}, "'all' takes a non-empty list"),
        ({"not": ["pain"]}, "non-empty mapping"),
        ({"severity": {"min": 2.5}}, "must be a whole number"),
        ({"severity": {"above": 2}}, "only 'min' and/or 'max'"),
        ({"pain": {"min": 1}}, "min/max do not apply"),
        ({"pain": []}, "lists no values"),
        ({"hours_since": -1}, "'hours_since' is out of range (0–∞): -1"),
        ({"hours_since": {"max": float("nan")}}, "'hours_since' must be a number, not nan"),
        ({"severity": True}, "must be a whole number"),
        ({"sore": "calf"}, "unknown input 'sore'"),
    ],
)
def test_more_condition_mistakes(when: dict, fragment: str, tmp_path: Path) -> None:
    path = write_rules(tmp_path, make_rule("cond-rule", when, "easy"))
    when_line = (
        path.read_text(encoding="utf-8").splitlines().index("  when:" if when else "  when: {}") + 1
    )
    _book, problems = load_rulebook([path], shipped=False)
    assert len(problems) == 1, problems
    assert problems[0].rule == "cond-rule"
    assert problems[0].line >= when_line
    assert fragment in problems[0].message


def test_a_good_user_rule_file_has_no_problems(tmp_path: Path) -> None:
    path = write_rules(
        tmp_path,
        make_rule(
            "all-fine",
            {"any": [{"tissue": "muscle"}, {"numb": False}], "severity": {"min": 0, "max": 10}},
            "easy",
        ),
    )
    book, problems = load_rulebook([path], shipped=False)
    assert problems == []
    assert [r.id for r in book.rules] == ["all-fine"]


def test_each_problem_is_one_line_of_output(cli, tmp_path: Path) -> None:
    folder = tmp_path / "a-folder-with-a-rather-long-name" / "and-another-level"
    folder.mkdir(parents=True)
    path = folder / "unknown-value.yaml"
    shutil.copy(BAD_RULES / "unknown-value.yaml", path)
    result = cli("rules", "validate", str(path))
    assert result.exit_code == 3
    lines = [line for line in result.stderr.splitlines() if f"{path}:5:" in line]
    assert len(lines) == 1
    assert "did you mean 'stabbing'?" in lines[0]
