"""Typer's own words (usage line, error panel, help panels) in the runner's language.

Typer and its bundled click print a few fixed English words around our own
texts: "Usage:", "Try ... for help.", "Error", "Invalid value for ...",
"Options". Their translations are data (the `cli_*` keys in messages.yaml,
whose English side is Typer's exact wording). For a language other than
English, `prepare_typer` puts them in place:

- error messages are translated where click builds them (`format_message`);
- the usage prefix and Typer's own option texts where click formats them;
- the panel titles and hints in `typer.rich_utils`, which costs ~130 ms to
  import, so they are set by an import hook the moment Typer loads it for a
  help page or an error, never on an ordinary run.

Everything is best effort: should a Typer release move these, the words stay
English and nothing breaks.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import re
import sys
from collections.abc import Callable, Sequence
from types import ModuleType
from typing import Any

from .model import Vocabulary

# Typer's error sentences, translated wherever they appear in a message.
SENTENCES = ("cli_say_invalid_value", "cli_say_invalid", "cli_say_no_option", "cli_say_possible",
             "cli_say_needs_value", "cli_say_extra", "cli_say_missing_option", "cli_say_missing_argument",
             "cli_say_no_command", "cli_say_did_you_mean", "cli_say_missing_command")

# help texts of the options Typer adds itself
OPTION_TEXTS = ("cli_help_option", "cli_install_completion", "cli_show_completion")

# rich_utils constant -> message key
PANEL_WORDS = {
    "OPTIONS_PANEL_TITLE": "cli_options_title",
    "ARGUMENTS_PANEL_TITLE": "cli_arguments_title",
    "COMMANDS_PANEL_TITLE": "cli_commands_title",
    "ERRORS_PANEL_TITLE": "cli_error_title",
    "ABORTED_TEXT": "cli_aborted",
    "RICH_HELP": "cli_try_help_rich",
    "DEFAULT_STRING": "cli_default",
    "REQUIRED_LONG_STRING": "cli_required",
    "ENVVAR_STRING": "cli_envvar",
    "DEPRECATED_STRING": "cli_deprecated",
}

_PLACEHOLDER = re.compile(r"\{(\w+)\}")
_PREPARED = False


def _pattern(template: str) -> re.Pattern[str]:
    """'Invalid value for {hint}: {rest}' -> a regex with a named group per placeholder."""
    parts = _PLACEHOLDER.split(template)
    regex = ""
    for index, part in enumerate(parts):
        if index % 2 == 0:
            regex += re.escape(part)
        else:
            last = index == len(parts) - 2 and parts[-1] == ""
            regex += f"(?P<{part}>.*)" if last else f"(?P<{part}>.+?)"
    return re.compile(regex, re.DOTALL)


def _filler(template: str) -> Callable[[re.Match[str]], str]:
    def fill(match: re.Match[str]) -> str:
        return template.format(**match.groupdict())

    return fill


def translator(vocab: Vocabulary, lang: str) -> Callable[[str], str]:
    """A function putting Typer's English sentences in `lang` (ours pass unchanged)."""
    rules = [(_pattern(vocab.msg(key, "en")), vocab.msg(key, lang)) for key in SENTENCES]

    def translate(text: str) -> str:
        for pattern, template in rules:
            text = pattern.sub(_filler(template), text)
        return text

    return translate


def _click_modules() -> tuple[Any, Any, Any] | None:
    try:
        from typer._click import core, exceptions, formatting
    except ImportError:  # an older Typer on plain click
        try:
            from click import core, exceptions, formatting  # type: ignore[no-redef]
        except ImportError:
            return None
    return core, exceptions, formatting


def _wrap_messages(exceptions: Any, translate: Callable[[str], str]) -> None:
    # every usage error inherits UsageError's (or defines its own: wrapped once each)
    for name in ("UsageError", "BadParameter", "MissingParameter", "NoSuchOption"):
        cls = getattr(exceptions, name, None)
        if cls is None or (name != "UsageError" and "format_message" not in vars(cls)):
            continue
        original = cls.format_message

        def format_message(self: Any, _original: Any = original) -> str:
            return translate(_original(self))

        cls.format_message = format_message


def _wrap_usage(formatting: Any, usage: str) -> None:
    original = formatting.HelpFormatter.write_usage

    def write_usage(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
        original(self, prog, args, prefix if prefix is not None else usage)

    formatting.HelpFormatter.write_usage = write_usage


def _wrap_params(core: Any, texts: dict[str, str]) -> None:
    """Flags show no '<bool>' placeholder; Typer's own option texts in the language."""
    original = core.Command.get_params

    def get_params(self: Any, ctx: Any) -> Any:
        params = original(self, ctx)
        for param in params:
            if getattr(param, "is_flag", False) and getattr(param, "metavar", "") is None:
                param.metavar = ""
            help_text = getattr(param, "help", None)
            if help_text in texts:
                param.help = texts[help_text]
        return params

    core.Command.get_params = get_params


class _AfterImport(importlib.abc.MetaPathFinder):
    """Runs `patch(module)` right after one module is first imported."""

    def __init__(self, name: str, patch: Callable[[ModuleType], None]) -> None:
        self.name = name
        self.patch = patch

    def find_spec(self, fullname: str, path: Sequence[str] | None,
                  target: ModuleType | None = None) -> importlib.machinery.ModuleSpec | None:
        if fullname != self.name:
            return None
        sys.meta_path.remove(self)
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        loader = spec.loader if spec is not None else None
        if loader is None or not hasattr(loader, "exec_module"):
            return spec
        run, patch = loader.exec_module, self.patch

        def exec_module(module: ModuleType) -> None:
            run(module)
            patch(module)

        loader.exec_module = exec_module  # type: ignore[method-assign]
        return spec


def _patch_panels(vocab: Vocabulary, lang: str) -> Callable[[ModuleType], None]:
    def patch(module: ModuleType) -> None:
        for constant, key in PANEL_WORDS.items():
            if hasattr(module, constant):
                setattr(module, constant, vocab.msg(key, lang))

    return patch


def prepare_typer(vocab: Vocabulary, lang: str) -> None:
    """Tidy Typer's help (flags without a '<bool>' placeholder) and, for a
    language other than English, put its own words in that language."""
    global _PREPARED
    if _PREPARED:
        return  # once per process: the CLI's language is fixed when it is imported
    _PREPARED = True
    modules = _click_modules()
    if modules is None:
        return
    core, exceptions, formatting = modules
    english = lang == "en"
    texts = {} if english else {vocab.msg(key, "en"): vocab.msg(key, lang) for key in OPTION_TEXTS}
    try:
        _wrap_params(core, texts)
        if english:
            return
        _wrap_messages(exceptions, translator(vocab, lang))
        _wrap_usage(formatting, vocab.msg("cli_usage", lang))
    except (AttributeError, TypeError):
        return
    patch = _patch_panels(vocab, lang)
    loaded = sys.modules.get("typer.rich_utils")
    if loaded is not None:
        patch(loaded)
    else:
        sys.meta_path.insert(0, _AfterImport("typer.rich_utils", patch))
