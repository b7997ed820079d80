"""Typer's own words (usage line, error panel, help panels) follow the language.

The app is built per language (`build_app`), so most checks run in-process; the
help panels' titles are Typer's gettext words, read when Typer's help module is
first imported, so those checks run `python -m recoverycli` in a fresh process.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import flat
from helpers import invoke, run_module

from recoverycli import load_rules
from recoverycli.cli.framework_words import SENTENCES, translator

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
    assert "[OPTIES]" in text
    for english in ("Usage:", "Options", "Commands", "Arguments", "Show this message", "[required]",
                    "Install completion", "[OPTIONS]", "COMMAND [ARGS]"):
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
    """recover's command class for Dutch gives the Dutch usage prefix, in-process and
    beside the English one; click itself is left as it is (an explicit prefix still
    wins), and the error sentence comes out Dutch."""
    from typer._click import Context, exceptions, formatting

    from recoverycli import load_rules
    from recoverycli.cli.framework_words import classes_for

    vocab = load_rules().vocab
    usages = {}
    for lang in ("nl", "en"):
        command, _group = classes_for(vocab, lang)
        formatter = formatting.HelpFormatter()
        formatter.write_usage("prog", "A", prefix="Use: ")
        ctx = Context(command(name="prog", callback=None), info_name="prog")
        ctx.command.format_usage(ctx, formatter)
        usages[lang] = formatter.getvalue()
    assert "Use: prog A" in usages["nl"] and "Gebruik: prog [OPTIES]" in usages["nl"]
    assert "Usage: prog [OPTIONS]" in usages["en"]
    message = exceptions.NoSuchOption("--x").format_message()
    assert "Onbekende optie: --x" in translator(vocab, "nl")(message)
    assert translator(vocab, "en")(message) == message


def test_typer_and_click_are_not_patched() -> None:
    """No import hook and no replaced method: Dutch comes from the gettext catalog and
    recover's own command classes, never from changing the framework."""
    code = (
        "import sys\n"
        "sys.argv = ['recover', '--lang', 'nl', '--help']\n"
        "hooks = list(sys.meta_path)\n"
        "from typer._click import core, exceptions, formatting\n"
        "before = (core.Command.get_params, exceptions.UsageError.format_message,\n"
        "          exceptions.BadParameter.format_message, formatting.HelpFormatter.write_usage)\n"
        "import recoverycli.cli\n"
        "after = (core.Command.get_params, exceptions.UsageError.format_message,\n"
        "         exceptions.BadParameter.format_message, formatting.HelpFormatter.write_usage)\n"
        "print(sys.meta_path == hooks, before == after)\n"
    )
    result = _run_python(code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True"]


def test_the_shipped_catalog_is_compiled_from_its_source() -> None:
    """The .mo in the package holds exactly the .po's translations."""
    import gettext

    from recoverycli.cli.framework_words import LOCALE_DIR

    pytest.importorskip("babel")
    from babel.messages.pofile import read_po

    folder = LOCALE_DIR / "nl" / "LC_MESSAGES"
    with open(folder / "messages.po", "rb") as stream:
        source = {m.id: m.string for m in read_po(stream) if m.id}
    with open(folder / "messages.mo", "rb") as stream:
        shipped = gettext.GNUTranslations(stream)
    assert source and all(shipped.gettext(key) == value for key, value in source.items())


def test_typer_gettext_words_are_all_in_the_catalog() -> None:
    """Every word Typer takes through gettext has a Dutch translation."""
    import re
    from pathlib import Path

    import typer

    from recoverycli.cli.framework_words import LOCALE_DIR

    found: set[str] = set()
    for path in Path(typer.__file__).parent.rglob("*.py"):
        found.update(re.findall(r'\b_\("((?:[^"\\]|\\.)*)"\)', path.read_text(encoding="utf-8")))
    assert len(found) > 10, "Typer still takes its words through gettext"
    catalog = (LOCALE_DIR / "nl" / "LC_MESSAGES" / "messages.po").read_text(encoding="utf-8")
    missing = sorted(word for word in found if f'msgid "{word}"' not in catalog)
    assert not missing, missing


def test_the_app_speaks_either_language_in_one_process() -> None:
    """Apps are built per language, so tests (and embedders) switch without a new process."""
    from helpers import BASE_ENV, Runner

    from recoverycli.cli.build import build_app

    dutch = Runner().invoke(build_app("nl"), ["assess", "--help"], env=BASE_ENV)
    english = Runner().invoke(build_app("en"), ["assess", "--help"], env=BASE_ENV)
    assert dutch.exit_code == english.exit_code == 0
    assert "Gebruik: recover assess [OPTIES]" in dutch.stdout
    assert "Usage: recover assess [OPTIONS]" in english.stdout
    assert "Beoordeel een klacht" in dutch.stdout and "Triage a complaint" in english.stdout
    assert build_app("nl") is build_app("nl")  # built once per language


def test_importing_the_cli_reads_nothing(tmp_path: Path) -> None:
    """Importing the package and its command line loads no rule file, writes no cache
    and builds no app: that happens when a command runs."""
    code = (
        "import sys\n"
        "import recoverycli, recoverycli.cli, recoverycli.cli.build, recoverycli.api\n"
        "print('yaml' in sys.modules, 'recoverycli.rulefiles.parse' in sys.modules,\n"
        "      recoverycli.cli.build._APPS == {})\n"
    )
    env = {**_env(), "RECOVER_CACHE_DIR": str(tmp_path / "cache")}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "False", "True"]
    assert not (tmp_path / "cache").exists()


@pytest.mark.parametrize(("argv", "family"), [
    (["assess", "--pain", "sharp"], "assess"),
    (["--lang", "nl", "plan", "--after", "10k"], "plan"),
    (["--lang=nl", "log", "load", "-"], "log"),
    (["rules", "list"], "rules"),
    (["--help"], None),
    (["asess"], None),
    ([], None),
])
def test_a_run_builds_only_the_family_it_names(argv: list[str], family: str | None) -> None:
    from recoverycli.cli.run import command_family

    assert command_family(argv) == family


def test_a_family_alone_still_runs_and_refuses_like_the_whole_app() -> None:
    from helpers import BASE_ENV, Runner

    from recoverycli.cli.build import build_app

    alone = Runner().invoke(build_app("en", only="assess"), ["assess", "--pain", "sharp", "--json"], env=BASE_ENV)
    whole = Runner().invoke(build_app("en"), ["assess", "--pain", "sharp", "--json"], env=BASE_ENV)
    assert alone.exit_code == whole.exit_code == 0 and alone.stdout == whole.stdout
    wrong = Runner().invoke(build_app("en", only="plan"), ["plan", "--after", "nothing"], env=BASE_ENV)
    assert wrong.exit_code == 2
