"""Golden files of the rich output: what a runner sees, as plain text at 80 columns.

Cases: two assessments (DOMS, and a sharp ankle) and one plan (marathon with
`--start`), each in English and Dutch, rendered through the CLI with
COLUMNS=80 and NO_COLOR=1 (CliRunner is not a terminal, so no escapes).
Trailing spaces are stripped before comparing, so editors cannot break them.

A failing golden test shows a unified diff (expected → actual). When the change
is intended (new wording, a new rule), rewrite the files and review the diff:

    UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py

Also checked on the raw output: no line is wider than 80 columns.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest
from helpers import Runner
from rich.cells import cell_len

from recoverycli import api
from recoverycli.cli import app
from recoverycli.rulefiles import cache

GOLDEN = Path(__file__).resolve().parent / "golden"
WIDTH = 80
ENV: dict[str, str | None] = {
    "COLUMNS": str(WIDTH),
    "LINES": "50",
    "NO_COLOR": "1",
    "FORCE_COLOR": None,
    "TERM": "dumb",
    "RECOVER_RULES": None,
    "RECOVER_LANG": None,
    "LC_ALL": None,
    "LC_MESSAGES": None,
    "LANG": "C.UTF-8",
}
DOMS = [
    "assess",
    "--pain",
    "ache",
    "--location",
    "quad",
    "--spread",
    "diffuse",
    "--hours-since",
    "36",
]
CASES = {
    "assess-doms": DOMS,
    "assess-doms-full": [*DOMS, "--full"],
    "assess-sharp-ankle": ["assess", "--pain", "sharp", "--location", "ankle"],
    "assess-achilles": ["assess", "--pain", "stiff", "--location", "achilles", "--severity", "2"],
    "assess-after-marathon": ["assess", "--after", "marathon", "--hours-since", "30", "--pain", "ache",
                              "--location", "quad"],
    "plan-marathon": ["plan", "--after", "marathon", "--start", "2026-04-12"],
}
PARAMS = [(name, lang) for name in CASES for lang in ("en", "nl")]




def render(name: str, lang: str) -> str:
    cache.clear()  # each real run is a new process: no rule book left from another run
    result = Runner().invoke(app, [*CASES[name], "--lang", lang], env=ENV)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


def normalise(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.splitlines()) + "\n"


def check_golden(actual: str, path: Path) -> None:
    """Compare with the golden file (or rewrite it under UPDATE_GOLDEN=1); fail with a diff."""
    if os.environ.get("UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        return
    assert path.is_file(), (
        f"no golden file {path.name}: run UPDATE_GOLDEN=1 pytest {Path(__file__).name}"
    )
    expected = path.read_text(encoding="utf-8")
    if actual != expected:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(keepends=True),
                actual.splitlines(keepends=True),
                f"golden/{path.name}",
                "actual output",
            )
        )
        pytest.fail(
            f"rich output differs from golden/{path.name} "
            f"(UPDATE_GOLDEN=1 rewrites it if intended):\n{diff}",
            pytrace=False,
        )


@pytest.mark.parametrize(("name", "lang"), PARAMS)
def test_rich_output_matches_golden_file(name: str, lang: str) -> None:
    check_golden(normalise(render(name, lang)), GOLDEN / f"{name}.{lang}.txt")


@pytest.mark.parametrize(("name", "lang"), PARAMS)
def test_no_line_is_wider_than_80_columns(name: str, lang: str) -> None:
    output = render(name, lang)
    too_wide = [
        (number, cell_len(line))
        for number, line in enumerate(output.splitlines(), 1)
        if cell_len(line) > WIDTH
    ]
    assert too_wide == [], f"lines wider than {WIDTH} (line, width): {too_wide}"
    assert "\x1b" not in output


@pytest.mark.parametrize("name", CASES)
def test_golden_cases_differ_by_language(name: str) -> None:
    assert render(name, "en") != render(name, "nl")


def test_golden_files_have_no_stale_extras() -> None:
    expected = {f"{name}.{lang}.txt" for name, lang in PARAMS}
    present = {path.name for path in GOLDEN.glob("*.txt")}
    assert present == expected


def test_a_changed_output_shows_a_diff(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The comparison itself: a changed line is reported as a unified diff, not just 'not equal'."""
    monkeypatch.delenv("UPDATE_GOLDEN", raising=False)
    actual = normalise(render("assess-sharp-ankle", "en"))
    golden = tmp_path / "assess-sharp-ankle.en.txt"
    golden.write_text(actual, encoding="utf-8")
    check_golden(actual, golden)
    golden.write_text(actual.replace("STOP", "GO", 1), encoding="utf-8")
    with pytest.raises(pytest.fail.Exception) as failure:
        check_golden(actual, golden)
    message = str(failure.value)
    assert "--- golden/assess-sharp-ankle.en.txt" in message
    assert "+++ actual output" in message
    assert any(line.startswith("-") and "GO" in line for line in message.splitlines())
    assert any(line.startswith("+") and "STOP" in line for line in message.splitlines())


SHORT_LIMIT = 30
"""The default answer fits a screen: never more lines than this at 80 columns."""


def _example_inputs() -> list[dict[str, object]]:
    book = api.load_rules()
    seen: list[dict[str, object]] = []
    for rule in book.rules:
        for example in rule.examples:
            if example.given not in seen:
                seen.append(example.given)
    return seen


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_no_default_answer_in_the_examples_is_longer_than_a_screen(lang: str) -> None:
    """Every rule example, rendered as the default (short) answer at 80 columns."""
    from rich.console import Console

    from recoverycli import engine
    from recoverycli.render.brief import assessment_brief

    book = api.load_rules()
    lengths = []
    for given in _example_inputs():
        console = Console(width=WIDTH, record=True, file=open(os.devnull, "w"), color_system=None)  # noqa: SIM115
        assessment_brief(console, engine.assess(dict(given), book), book, lang)
        lines = console.export_text().rstrip("\n").split("\n")
        lengths.append((len(lines), given))
        assert all(cell_len(line.rstrip()) <= WIDTH for line in lines), given
    too_long = [(n, g) for n, g in lengths if n > SHORT_LIMIT]
    assert not too_long, too_long[:5]
    ordered = sorted(n for n, _ in lengths)
    assert ordered[len(ordered) // 2] <= 20, "the median answer is at most 20 lines"


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_the_decision_comes_first(lang: str) -> None:
    text = render("assess-doms", lang)
    first = text.splitlines()[:3]
    assert any(pick_label("easy", lang) in line for line in first)


def pick_label(level: str, lang: str) -> str:
    return api.load_rules().vocab.level_labels[level][lang]
