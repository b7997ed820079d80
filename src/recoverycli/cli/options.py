"""Typer options built from the vocabulary, in one language.

A choice's allowed values, a number's range and every help text come from the
rule files' vocabulary, so the flags can never drift from what the rules accept.
`Options` is made once per app build (`cli.build`) for the help language; the
commands declare their parameters with its option factories and shared types.
"""

import difflib
from collections.abc import Callable
from typing import Any

import typer

from recoverycli.model import LANGUAGES, ORIGINS, InputSpec, Vocabulary, pick
from recoverycli.model.values import number_problem, range_text, read_choice, read_number

NUMBER_ERRORS = {"number": "error_not_number", "whole": "error_not_whole", "range": "error_out_of_range"}


class Options:
    """Option factories and the options every command shares, in `lang`.

    Use them as `Annotated[TYPE, o.json]`."""

    def __init__(self, vocab: Vocabulary, lang: str) -> None:
        self.vocab = vocab
        self.lang = lang
        self.json = typer.Option("--json", help=self.h("opt_json"))
        self.json_lines = typer.Option("--json", help=self.h("opt_json_lines"))
        self.language = typer.Option(
            "--lang", parser=self.parser("lang"), metavar="LANG", autocompletion=self.completer("lang"),
            help=self.h("opt_lang"), show_default=False)
        self.rules = typer.Option("--rules", help=self.h("opt_rules"), metavar="DIR", show_default=False)
        self.only = self.choice("topics", self.h("opt_only"), "--only")
        self.fail_on = self.choice("levels", self.h("opt_fail_on"), "--fail-on")

    # --- words -----------------------------------------------------------------

    def h(self, key: str) -> str:
        """A help text from messages.yaml in the help language."""
        return self.vocab.msg(key, self.lang)

    def ih(self, name: str) -> str:
        """An input's help text from the vocabulary in the help language."""
        spec = self.vocab.inputs.get(name) or self.vocab.plan_inputs[name]
        return pick(spec.help, self.lang)

    # --- allowed values ----------------------------------------------------------

    def values_of(self, source: str) -> tuple[str, ...]:
        """Allowed values of an input (or of levels, topics, events, ...)."""
        if source == "lang":
            return LANGUAGES
        if source == "origin":
            return ORIGINS
        if source == "log_format":
            from recoverycli.traininglog.exports import FORMAT_IDS

            return FORMAT_IDS
        if source == "levels":
            return tuple(self.vocab.levels)
        if source == "topics":
            return tuple(self.vocab.topics)
        if source == "events":
            return tuple(self.vocab.events)
        spec = self.vocab.inputs.get(source) or self.vocab.plan_inputs[source]
        return spec.values

    def parser(self, source: str) -> Callable[[str], str]:
        """A value as people type it (any case, either language, synonyms) -> its id."""
        vocab, lang = self.vocab, self.lang
        values = self.values_of(source)
        words = source in vocab.inputs or source in vocab.plan_inputs or source == "events"

        def parse(value: str) -> str:
            if value in values:
                return value
            if words:
                meant = read_choice(vocab, source, value)
                if meant is not None:
                    return meant
            else:
                folded = [v for v in values if v.casefold() == value.strip().casefold()]
                if folded:
                    return folded[0]
            close = difflib.get_close_matches(value, values, n=1)
            hint = vocab.msg("error_did_you_mean", lang, close=close[0]) if close else ""
            raise typer.BadParameter(vocab.msg("error_bad_choice", lang, value=value,
                                               choices=", ".join(values), hint=hint))

        return parse

    def completer(self, source: str) -> Callable[[str], list[str]]:
        values = self.values_of(source)

        def complete(incomplete: str) -> list[str]:
            return [v for v in values if v.startswith(incomplete)]

        return complete

    def choice(self, source: str, help_text: str, flag: str) -> Any:
        """An option whose allowed values come from the vocabulary."""
        values = self.values_of(source)
        metavar = flag.lstrip("-").upper().replace("-", "_")
        return typer.Option(flag, parser=self.parser(source), metavar=metavar,
                            autocompletion=self.completer(source),
                            help=f"{help_text} ({', '.join(values)})", show_default=False)

    def number(self, spec: InputSpec, flag: str, help_text: str | None = None) -> Any:
        """A numeric option whose range comes from the vocabulary, refused in the
        runner's language rather than the validator's."""
        vocab, lang = self.vocab, self.lang

        def parse(value: str) -> float:
            number = read_number(value)
            problem = number_problem(number, spec)
            if problem is not None:
                raise typer.BadParameter(vocab.msg(NUMBER_ERRORS[problem], lang, value=value,
                                                   range=range_text(spec)))
            return int(number) if spec.type == "integer" else number

        return typer.Option(flag, parser=parse, metavar=range_text(spec),
                            help=help_text or pick(spec.help, lang), show_default=False)

    def flag(self, name: str) -> Any:
        """A yes/no input: `--NAME` says yes, `--no-NAME` a definite no, neither is unknown."""
        dashed = name.replace("_", "-")
        return typer.Option(f"--{dashed}/--no-{dashed}", help=self.ih(name))
