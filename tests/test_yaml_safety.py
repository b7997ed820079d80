"""Hostile or broken YAML: refused with a located message, never run, never a crash.

Every case is checked twice: through the API (`load_rulebook`) and through
`recover rules validate PATH` (exit 3, the location in the output, no traceback).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from conftest import BAD_RULES, REPO_ROOT, flat, located, no_traceback

from recoverycli.problems import Problem
from recoverycli.rulefiles import bounded_yaml as yamlsafe
from recoverycli.rulefiles.parse import load_rulebook

MARKER = "recover-pwned-marker"  # what python-tag.yaml's payload would create in the cwd

# file -> (line, fragment) of the one problem it must produce; line 0 = the whole file
YAML_CASES = {
    "yaml-syntax.yaml": (5, "YAML syntax error: mapping values are not allowed"),
    "not-a-mapping.yaml": (2, "a rule file must be a mapping with a 'rules:' list"),
    "empty.yaml": (0, "empty file"),
    "alias.yaml": (7, "anchors and aliases are not allowed"),
    "recursive-alias.yaml": (4, "anchors and aliases are not allowed"),
    "billion-laughs.yaml": (1, "anchors and aliases are not allowed"),
    "python-tag.yaml": (7, "tag not allowed"),
    "binary-nul.yaml": (3, "binary data (NUL byte)"),
    "invalid-utf8.yaml": (4, "not UTF-8 text"),
}


def load_one(path: Path) -> list[Problem]:
    _book, problems = load_rulebook([path], shipped=False)
    return problems


@pytest.mark.parametrize("name", sorted(YAML_CASES))
def test_bad_yaml_via_api(name: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)  # python-tag.yaml's payload would write here
    line, fragment = YAML_CASES[name]
    path = BAD_RULES / name
    problems = load_one(path)
    assert len(problems) == 1, problems
    problem = problems[0]
    assert problem.file == str(path)
    assert problem.line == line
    assert fragment in problem.message
    assert str(problem).startswith(f"{path}:{line}:" if line else f"{path}:")


@pytest.mark.parametrize("name", sorted(YAML_CASES))
def test_bad_yaml_via_cli(name: str, cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    shutil.copy(BAD_RULES / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)  # short relative names; python-tag.yaml's payload would write here
    line, fragment = YAML_CASES[name]
    result = cli("rules", "validate", name)
    assert result.exit_code == 3, result.output
    assert located(result.stderr, name, line, fragment), result.stderr
    no_traceback(result)
    assert not (tmp_path / MARKER).exists()


def test_python_tag_is_never_executed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli) -> None:
    text = (BAD_RULES / "python-tag.yaml").read_text(encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    problems = load_one(BAD_RULES / "python-tag.yaml")
    assert [p.line for p in problems] == [7]
    assert cli("rules", "validate", str(BAD_RULES / "python-tag.yaml")).exit_code == 3
    assert not (tmp_path / MARKER).exists()
    # Control: an unsafe loader really would run the payload, so the check above can fail.
    yaml.load(text, Loader=yaml.UnsafeLoader)  # deliberately unsafe, in tmp_path
    assert (tmp_path / MARKER).exists()


@pytest.mark.parametrize(
    "tag",
    [
        "!!python/name:os.system",
        "!!python/object/new:os.system [echo]",
        "!!python/module:os",
        "!include other.yaml",
    ],
)
def test_any_non_plain_tag_is_refused(tag: str, tmp_path: Path) -> None:
    path = tmp_path / "tagged.yaml"
    path.write_text(f"rules:\n  - id: tagged\n    when: {tag}\n", encoding="utf-8")
    problems = load_one(path)
    assert [(p.line, "tag not allowed" in p.message) for p in problems] == [(3, True)]


def test_only_a_safe_loader_is_used() -> None:
    assert issubclass(
        yamlsafe._LineLoader,
        (yaml.SafeLoader, yaml.CSafeLoader) if hasattr(yaml, "CSafeLoader") else yaml.SafeLoader,
    )
    for unsafe in (yaml.Loader, yaml.UnsafeLoader, yaml.FullLoader):
        assert not issubclass(yamlsafe._LineLoader, unsafe)
    if getattr(yaml, "__with_libyaml__", False):
        assert issubclass(yamlsafe._LineLoader, yaml.CSafeLoader)


def test_billion_laughs_is_refused_quickly() -> None:
    started = time.monotonic()
    problems = load_one(BAD_RULES / "billion-laughs.yaml")
    assert time.monotonic() - started < 5
    assert len(problems) == 1


def test_over_large_file(tmp_path: Path, cli) -> None:
    path = tmp_path / "huge.yaml"
    line = b"# padding padding padding padding padding padding padding padding\n"
    body = b"rules: []\n" + line * (yamlsafe.MAX_FILE_BYTES // len(line) + 1)
    path.write_bytes(body)
    assert path.stat().st_size > 1024 * 1024
    problems = load_one(path)
    assert len(problems) == 1
    assert problems[0].file == str(path)
    assert problems[0].line == 0
    assert "too large" in problems[0].message
    assert str(path.stat().st_size) in problems[0].message
    result = cli("rules", "validate", str(path))
    assert result.exit_code == 3
    assert "too large" in flat(result.stderr)
    no_traceback(result)


def test_exactly_one_mebibyte_is_allowed(tmp_path: Path) -> None:
    path = tmp_path / "limit.yaml"
    head = b"rules: []\n"
    path.write_bytes(head + b"#" * (1024 * 1024 - len(head) - 1) + b"\n")
    assert path.stat().st_size == 1024 * 1024
    assert load_one(path) == []


def test_too_many_nodes(tmp_path: Path) -> None:
    path = tmp_path / "nodes.yaml"
    path.write_text("rules:\n  - [" + "0," * (yamlsafe.MAX_NODES + 10) + "0]\n", encoding="utf-8")
    assert path.stat().st_size < yamlsafe.MAX_FILE_BYTES
    problems = load_one(path)
    assert len(problems) == 1
    assert problems[0].line == 2
    assert "too large" in problems[0].message


def test_deep_yaml_nesting_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text("rules:\n  - " + "[" * 2000 + "]" * 2000 + "\n", encoding="utf-8")
    problems = load_one(path)
    # our own depth check or the parser's (PyYAML >= 6.0.4 stops deep nesting itself):
    # either way one problem, located in the file at the line the nesting starts
    assert len(problems) == 1
    assert problems[0].file == str(path)
    assert problems[0].line == 2
    assert problems[0].message


@pytest.mark.parametrize("depth", [150, 900])
def test_nesting_past_our_limit_is_one_located_problem(tmp_path: Path, depth: int) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text("rules:\n  - " + "[" * depth + "]" * depth + "\n", encoding="utf-8")
    problems = load_one(path)
    assert [(p.file, p.line) for p in problems] == [(str(path), 2)]


def test_very_deep_yaml_nesting_does_not_segfault(tmp_path: Path) -> None:
    path = tmp_path / "deeper.yaml"
    path.write_text("rules:\n  - " + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT / "src")}
    done = subprocess.run(
        [sys.executable, "-m", "recoverycli", "rules", "validate", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
        env=env,
    )
    assert done.returncode == 3, (done.returncode, done.stderr[-500:])
    assert "deeper.yaml" in done.stderr
    assert "Traceback" not in done.stderr


def test_byte_order_mark_is_fine(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes("\ufeffrules: []\n".encode())
    assert load_one(path) == []


def test_duplicate_key_in_one_mapping_is_reported(tmp_path: Path) -> None:
    text = (BAD_RULES / "unknown-level.yaml").read_text(encoding="utf-8")
    path = tmp_path / "dupkey.yaml"
    path.write_text(
        text.replace("    level: stopp\n", "    level: stop\n    level: go\n"), encoding="utf-8"
    )
    problems = load_one(path)
    assert [p.line for p in problems] == [6]  # the second `level:`
    assert problems[0].rule in (None, "unknown-level")
    assert "level" in problems[0].message


def test_lone_anchor_is_refused(tmp_path: Path) -> None:
    text = (BAD_RULES / "unknown-level.yaml").read_text(encoding="utf-8")
    path = tmp_path / "anchor.yaml"
    path.write_text(text.replace("level: stopp", "level: &lvl stop"), encoding="utf-8")
    problems = load_one(path)
    assert [p.line for p in problems] == [5]
    assert "anchor" in problems[0].message
