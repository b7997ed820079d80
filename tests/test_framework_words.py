"""Typer's own words (usage line, error panel, help panels) follow the language.

The help language is chosen when the CLI is imported, so the Dutch checks run
`python -m recoverycli` in a fresh process.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import flat
from helpers import invoke, run_module

from recoverycli import load_rules
from recoverycli.framework_words import SENTENCES, translator

VOCAB = load_rules().vocab
ENGLISH_FRAMING = ("Usage", "Try '", "Error", "Invalid value", "No such", "Missing", "Got unexpected",
                   "Did you mean", "Possible options")

USAGE_ERRORS = [
    ["assess", "--pain", "shrap"],
    ["assess", "--severity", "12"],
    ["assess", "--pian", "sharp"],
    ["assess", "extra"],
    ["plan"],
    ["rules", "shw"],
    ["lgo"],
    ["log", "assess"],
]


@pytest.mark.parametrize("args", USAGE_ERRORS, ids=" ".join)
def test_usage_errors_in_english_use_typers_words(args: list[str]) -> None:
    """The English side of every `cli_say_*` message is what Typer really prints."""
    result = invoke(args)
    assert result.exit_code == 2
    message = flat(result.stderr)
    assert "Usage: recover" in message
    assert translator(VOCAB, "nl")(message) != message, "no Typer sentence was recognised"


@pytest.mark.parametrize("args", USAGE_ERRORS, ids=" ".join)
def test_usage_errors_in_dutch_have_no_english_framing(args: list[str]) -> None:
    result = run_module([*args, "--lang", "nl"] if args[0] != "lgo" else args,
                        env={**_env(), "RECOVER_LANG": "nl"})
    assert result.returncode == 2, result.stderr
    message = flat(result.stderr)
    assert "Gebruik: recover" in message and "Fout" in message and "voor hulp" in message
    for english in ENGLISH_FRAMING:
        assert english not in message, (english, message)
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("args", [["--help"], ["assess", "--help"], ["plan", "--help"],
                                  ["rules", "show", "--help"], ["rules"]], ids=" ".join)
def test_help_in_dutch_has_dutch_panels(args: list[str]) -> None:
    # wide, so that a long flag name cannot fold the words this test reads
    result = run_module(args, env={**_env(), "RECOVER_LANG": "nl", "COLUMNS": "200"})
    assert result.returncode in (0, 2), result.stderr
    text = flat(result.stdout + result.stderr)
    assert "Gebruik: recover" in text and "Opties" in text and "Toon deze hulp en stop." in text
    for english in ("Usage:", "Options", "Commands", "Arguments", "Show this message", "[required]",
                    "Install completion"):
        assert english not in text, english


@pytest.mark.parametrize("args", [["assess", "--help"], ["plan", "--help"], ["--help"]], ids=" ".join)
def test_flags_show_no_value_placeholder(args: list[str]) -> None:
    result = invoke(args)
    assert result.exit_code == 0
    assert "<bool>" not in result.stdout and "<list[Path]>" not in result.stdout
    assert "--json" in result.stdout or "--version" in result.stdout


def test_dutch_words_cost_nothing_on_an_ordinary_run() -> None:
    """Typer's help module (~130 ms) is loaded only for help or an error."""
    code = (
        "import sys\n"
        "sys.argv = ['recover', 'assess', '--pain', 'ache', '--json', '--lang', 'nl']\n"
        "from recoverycli.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('loaded' if 'typer.rich_utils' in sys.modules else 'not loaded', file=sys.stderr)\n"
    )
    result = _run_python(code)
    assert result.stderr.strip().endswith("not loaded"), result.stderr


def test_every_typer_sentence_has_both_languages() -> None:
    for key in SENTENCES:
        assert VOCAB.msg(key, "en") != VOCAB.msg(key, "nl"), key


def _run_python(code: str) -> subprocess.CompletedProcess[str]:
    """`python -c CODE` in a fresh process, so the CLI's language is chosen anew."""
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=_env(),
                          timeout=60)


def _env() -> dict[str, str]:
    import os

    env = {k: v for k, v in os.environ.items() if not k.startswith(("RECOVER_LANG", "LC_"))}
    env.update(LANG="C.UTF-8", NO_COLOR="1", COLUMNS="80")
    return env


def test_dutch_usage_prefix_keeps_click_keyword_and_explicit_prefixes() -> None:
    code = (
        "from recoverycli import load_rules\n"
        "from recoverycli.framework_words import prepare_typer, _click_modules\n"
        "vocab = load_rules().vocab\n"
        "prepare_typer(vocab, 'nl')\n"
        "prepare_typer(vocab, 'nl')  # a second call changes nothing\n"
        "_core, exceptions, formatting = _click_modules()\n"
        "f = formatting.HelpFormatter()\n"
        "f.write_usage('prog', 'A', prefix='Use: ')\n"
        "f.write_usage('prog', 'B')\n"
        "print(f.getvalue())\n"
        "print(exceptions.NoSuchOption('--x').format_message())\n"
    )
    result = _run_python(code)
    assert result.returncode == 0, result.stderr
    assert "Use: prog A" in result.stdout and "Gebruik: prog B" in result.stdout
    assert "Onbekende optie: --x" in result.stdout
