"""The command line: version, help, `recover rules ...`, user rules, JSON shape.

Shipped knowledge is still being written, so only stable facts about it are
checked; everything else uses small user rule files written in tmp_path.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
import typer.main
from conftest import REPO_ROOT, flat, make_rule, no_traceback, write_rules
from helpers import Runner, run_module

from recoverycli import __version__
from recoverycli.cli import app

LEVELS = ["go", "easy", "rest", "stop", "urgent"]  # the contract's order, least to most cautious


def command_paths() -> list[tuple[str, ...]]:
    def walk(command, path: tuple[str, ...]):
        yield path
        for name, sub in sorted(getattr(command, "commands", {}).items()):
            yield from walk(sub, (*path, name))

    return list(walk(typer.main.get_command(app), ()))


PATHS = command_paths()
LEAVES = [p for p in PATHS if p and not any(q[: len(p)] == p and q != p for q in PATHS)]


def user_rule(rule_id: str = "user-night-rule", level: str | None = "rest", **when: object) -> dict:
    return make_rule(
        rule_id, when or {"hrv": "high"}, level, advice=[("explain", f"Marker text of {rule_id}.")]
    )


# --- version and help --------------------------------------------------------


def test_version(cli) -> None:
    result = cli("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"recover {__version__}"
    pyproject = (REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert re.search(rf'^version = "{re.escape(__version__)}"$', pyproject, re.M)


def test_python_m_recoverycli_version(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT / "src")}
    done = run_module(["--version"], tmp_path, env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"recover {__version__}"


def test_the_contract_commands_exist() -> None:
    assert {
        ("assess",),
        ("plan",),
        ("rules",),
        ("rules", "list"),
        ("rules", "show"),
        ("rules", "validate"),
        ("rules", "test"),
        ("log",),
    } <= set(PATHS)


@pytest.mark.parametrize("path", PATHS, ids=lambda p: " ".join(p) or "recover")
def test_help_on_every_command(cli, path: tuple[str, ...]) -> None:
    result = cli(*path, "--help")
    assert result.exit_code == 0, result.output
    text = flat(result.stdout)
    assert "Usage: " + " ".join(["recover", *path]) in text
    no_traceback(result)


@pytest.mark.parametrize("path", LEAVES, ids=" ".join)
def test_every_command_takes_json_lang_and_rules(cli, path: tuple[str, ...]) -> None:
    text = flat(cli(*path, "--help").stdout)
    for option in ("--json", "--lang", "--rules"):
        assert option in text, (path, option)


# --- rules list --------------------------------------------------------------


def test_rules_list_table(cli, tmp_path: Path) -> None:
    write_rules(tmp_path / "mine", user_rule("usr-tbl"))
    result = cli("rules", "list", "--rules", str(tmp_path / "mine"))
    assert result.exit_code == 0, result.output
    assert "usr-tbl" in result.stdout
    assert "warning-pain-sharp" in result.stdout
    assert not result.stdout.lstrip().startswith("{")  # a table, not JSON


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_rules_list_shows_every_id_whole_at_80_columns(cli, lang: str) -> None:
    """Ids are typed back into `rules show`: never split, and nothing cut at the edge."""
    ids = [r["id"] for r in json.loads(cli("rules", "list", "--json").stdout)["rules"]]
    result = cli("rules", "list", "--lang", lang)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    shown = {word for line in lines for word in line.split()}
    assert [i for i in ids if i not in shown] == []


def test_rules_list_json_matches_the_contract(cli, tmp_path: Path) -> None:
    write_rules(
        tmp_path / "mine",
        user_rule("usr-json", "easy"),
        make_rule(
            "usr-advice-only",
            {"sleep": {"max": 5}},
            advice=[("sleep", "Sleep more."), ("nap", "Nap."), ("sleep", "Dark room.")],
        ),
    )
    result = cli("rules", "list", "--json", "--rules", str(tmp_path / "mine"))
    assert result.exit_code == 0
    assert result.stderr == ""
    doc = json.loads(result.stdout)
    assert doc["schema_version"] == 1
    assert doc["command"] == "rules"
    rules = doc["rules"]
    assert len(rules) > 2
    ids = [r["id"] for r in rules]
    assert len(ids) == len(set(ids))
    for rule in rules:
        assert isinstance(rule["id"], str)
        assert rule["level"] in [*LEVELS, None]
        assert rule["topics"]
        assert all(isinstance(t, str) for t in rule["topics"])
        assert isinstance(rule["source"]["document"], str)
        assert isinstance(rule["source"]["section"], str)
    by_id = {r["id"]: r for r in rules}
    assert by_id["warning-pain-sharp"]["level"] == "stop"
    assert "see-professional" in by_id["warning-pain-sharp"]["topics"]
    assert by_id["usr-json"]["level"] == "easy"
    assert by_id["usr-json"]["topics"] == ["explain"]
    assert by_id["usr-json"]["source"] == {"document": "Test document", "section": "Test section"}
    assert by_id["usr-advice-only"]["level"] is None
    assert by_id["usr-advice-only"]["topics"] == ["sleep", "nap"]


# --- rules show --------------------------------------------------------------


def test_rules_show_json(cli, tmp_path: Path) -> None:
    path = write_rules(tmp_path / "mine", user_rule("usr-show", "rest", hrv="low"))
    result = cli("rules", "show", "usr-show", "--json", "--rules", str(path))
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["schema_version"] == 1
    assert doc["id"] == "usr-show"
    assert doc["level"] == "rest"
    assert doc["when"] == {"hrv": "low"}
    assert doc["advice"] == [{"topic": "explain", "text": "Marker text of usr-show."}]
    assert doc["source"] == {"document": "Test document", "section": "Test section"}
    assert doc["examples"] == [{"given": {"pain": "ache"}, "expect": {"fires": False}}]
    assert (doc["file"], doc["line"]) == (str(path), 2)


def test_rules_show_text(cli) -> None:
    assert cli("rules", "list", "--json").exit_code == 0  # leaves the rules cache warm
    shown = json.loads(cli("rules", "show", "warning-pain-sharp", "--json").stdout)
    result = cli("rules", "show", "warning-pain-sharp")
    assert result.exit_code == 0, result.output
    text = flat(result.stdout)
    assert "warning-pain-sharp" in text
    assert f"pain.yaml:{shown['line']}" in text
    assert flat(shown["title"]) in text
    assert flat(shown["source"]["document"]) in text
    assert "stabbing" in text
    assert "given" in text  # the examples are shown


def test_rules_show_text_for_a_freshly_loaded_rule(cli, tmp_path: Path) -> None:
    path = write_rules(tmp_path / "mine", user_rule("usr-show-text", "rest", hrv="low"))
    result = cli("rules", "show", "usr-show-text", "--rules", str(path))
    assert result.exit_code == 0, result.output
    assert "usr-show-text" in result.stdout
    assert "hrv: low" in result.stdout
    result = cli("rules", "show", "warning-pain-sharp", env={"RECOVER_NO_CACHE": "1"})
    assert result.exit_code == 0, result.output


def test_rules_show_keeps_a_long_location_on_one_line(cli, tmp_path: Path) -> None:
    deep = tmp_path / ("a-folder-with-a-long-name-" * 3) / ("and-another-one-" * 3)
    path = write_rules(deep, user_rule("usr-long-path", "rest", hrv="low"))
    result = cli("rules", "show", "usr-long-path", "--rules", str(path))
    assert result.exit_code == 0, result.output
    assert len(f"{path}:2") > 80
    assert f"{path}:2" in result.stdout.splitlines()


def test_rules_show_unknown_id_is_exit_2(cli) -> None:
    result = cli("rules", "show", "no-such-rule-anywhere")
    assert result.exit_code == 2
    assert "no-such-rule-anywhere" in result.stderr
    assert result.stdout == ""
    no_traceback(result)


# --- rules test --------------------------------------------------------------


def test_rules_test_passes_on_the_shipped_rules(cli) -> None:
    result = cli("rules", "test")
    assert result.exit_code == 0, result.output
    doc = json.loads(cli("rules", "test", "--json").stdout)
    assert doc["failed"] == []
    assert doc["passed"] > 0


@pytest.fixture
def example_rules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    good = make_rule(
        "usr-good-example",
        {"when": "night", "pain": "cramp"},
        "easy",
        advice=[("explain", "Night cramp marker.")],
    )
    good["examples"] = [
        {"given": {"when": "night", "pain": "cramp"}, "expect": {"topics": ["explain"]}}
    ]
    bad = make_rule(
        "usr-bad-example",
        {"when": "night", "pain": "burning"},
        "stop",
        advice=[("explain", "Burning marker.")],
    )
    bad["examples"] = [
        {
            "given": {"when": "night", "pain": "burning"},
            "expect": {"level": "go", "topics": ["massage-gun"]},
        }
    ]
    write_rules(tmp_path / "ex", good, bad)
    monkeypatch.chdir(tmp_path)  # short relative paths in the output
    return "ex"


def test_rules_test_reports_expected_vs_actual(cli, example_rules: str) -> None:
    result = cli("rules", "test", "--rules", example_rules)
    assert result.exit_code == 1
    text = flat(result.output)
    lines = Path(example_rules, "rules.yaml").read_text(encoding="utf-8").splitlines()
    start = lines.index("- id: usr-bad-example")
    example_line = lines.index("  - given:", start) + 1
    failing = text[text.index("usr-bad-example") :]
    assert f"{Path(example_rules, 'rules.yaml')}:{example_line}" in failing
    assert "expected level go, got stop" in failing
    assert "expected topic massage-gun; got" in failing
    assert "usr-good-example" not in text  # only failures are listed
    no_traceback(result)


def test_rules_test_json_and_one_id(cli, example_rules: str) -> None:
    result = cli("rules", "test", "--json", "--rules", example_rules)
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    mine = [f for f in doc["failed"] if f["rule"] == "usr-bad-example"]
    assert len(mine) == 1
    assert mine[0]["given"] == {"when": "night", "pain": "burning"}
    assert "expected level go, got stop" in mine[0]["failures"]
    assert not [f for f in doc["failed"] if f["rule"] == "usr-good-example"]
    assert cli("rules", "test", "usr-good-example", "--rules", example_rules).exit_code == 0
    assert cli("rules", "test", "usr-bad-example", "--rules", example_rules).exit_code == 1


# --- user rules: --rules and RECOVER_RULES --------------------------------------


def assess_json(cli, *args: str, env: dict[str, str] | None = None) -> dict:
    result = cli("assess", "--hrv", "high", "--when", "night", "--json", *args, env=env)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def fired(doc: dict) -> set[str]:
    return {r["id"] for r in doc["rules"]}


def test_rules_option_adds_a_rule_that_changes_assess(cli, tmp_path: Path) -> None:
    write_rules(tmp_path / "mine", user_rule("usr-fires", "stop", hrv="high"))
    before = assess_json(cli)
    after = assess_json(cli, "--rules", str(tmp_path / "mine"))
    assert "usr-fires" not in fired(before)
    assert "usr-fires" in fired(after)
    assert after["level"] == "stop"
    assert {
        "topic": "explain",
        "text": "Marker text of usr-fires.",
        "rule": "usr-fires",
        "source": {"document": "Test document", "section": "Test section"},
    } in after["advice"]
    # one file works as well as a folder, and --rules repeats
    write_rules(tmp_path / "more", user_rule("usr-second", None, when="night"))
    both = assess_json(
        cli, "--rules", str(tmp_path / "mine" / "rules.yaml"), "--rules", str(tmp_path / "more")
    )
    assert {"usr-fires", "usr-second"} <= fired(both)


def test_recover_rules_env_joined_with_pathsep(cli, tmp_path: Path) -> None:
    write_rules(tmp_path / "one", user_rule("usr-env-one", "rest", hrv="high"))
    write_rules(tmp_path / "two", user_rule("usr-env-two", None, when="night"))
    joined = os.pathsep.join([str(tmp_path / "one"), str(tmp_path / "two")])
    doc = assess_json(cli, env={"RECOVER_RULES": joined})
    assert {"usr-env-one", "usr-env-two"} <= fired(doc)
    assert LEVELS.index(doc["level"]) >= LEVELS.index("rest")
    assert not {"usr-env-one", "usr-env-two"} & fired(assess_json(cli))


def test_recover_rules_env_in_a_real_process(tmp_path: Path) -> None:
    write_rules(tmp_path / "one", user_rule("usr-proc", "stop", hrv="high"))
    env = {
        **os.environ,
        "RECOVER_RULES": str(tmp_path / "one"),
        "PYTHONPATH": str(REPO_ROOT / "src"),
    }
    done = run_module(["assess", "--hrv", "high", "--json"], tmp_path, env)
    assert done.returncode == 0, done.stderr
    doc = json.loads(done.stdout)
    assert "usr-proc" in fired(doc)
    assert doc["level"] == "stop"


@pytest.mark.parametrize("how", ["flag", "RECOVER_LANG", "LANG"])
def test_language_of_user_rule_text(cli, tmp_path: Path, how: str) -> None:
    write_rules(tmp_path / "mine", user_rule("usr-lang", "rest", hrv="high"))
    args = ["--rules", str(tmp_path / "mine")]
    env = {"flag": None, "RECOVER_LANG": {"RECOVER_LANG": "nl"}, "LANG": {"LANG": "nl_BE.UTF-8"}}[
        how
    ]
    if how == "flag":
        args += ["--lang", "nl"]
    doc = assess_json(cli, *args, env=env)
    texts = {a["text"] for a in doc["advice"] if a["rule"] == "usr-lang"}
    assert texts == {"NL Marker text of usr-lang."}
    english = assess_json(cli, "--rules", str(tmp_path / "mine"))
    assert {a["text"] for a in english["advice"] if a["rule"] == "usr-lang"} == {
        "Marker text of usr-lang."
    }


# --- stable facts about the shipped rules ------------------------------------


def test_sharp_ankle_pain_is_stop_with_a_professional(cli) -> None:
    result = cli("assess", "--pain", "sharp", "--location", "ankle", "--json")
    assert result.exit_code == 0
    assert result.stderr == ""
    doc = json.loads(result.stdout)  # one JSON document and nothing else
    assert doc["schema_version"] == 1
    assert doc["command"] == "assess"
    assert doc["level"] == "stop"
    assert doc["inputs"] == {"pain": "sharp", "location": "ankle", "tissue": "joint"}
    assert "warning-pain-sharp" in fired(doc)
    assert "see-professional" in [a["topic"] for a in doc["advice"]]
    assert isinstance(doc["headline"], str) and doc["headline"]
    assert isinstance(doc["disclaimer"], str) and doc["disclaimer"]
    for advice in doc["advice"]:
        assert set(advice) >= {"topic", "text", "rule", "source"}
        assert advice["rule"] in fired(doc)
    for missing in doc["missing"]:
        assert set(missing) >= {"input", "why"}


def test_rules_test_with_an_unknown_id_says_so_and_exits_2() -> None:
    """Not "0 passed, 0 failed": an id that names no rule is a mistake, as in `rules show`."""
    result = Runner().invoke(app, ["rules", "test", "warning-pain-sharpp"])
    assert result.exit_code == 2
    assert "warning-pain-sharpp" in result.stderr and "warning-pain-sharp" in result.stderr.replace(
        "warning-pain-sharpp", "")
