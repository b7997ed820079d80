"""`recover rules ...`: list, show, validate and test the rule files."""

import difflib
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

from recoverycli.cli import runtime
from recoverycli.cli.framework_words import RecoverCommand
from recoverycli.cli.options import Options
from recoverycli.model import ORIGINS, RuleBook


def register(rules_app: typer.Typer, o: Options, command: type[RecoverCommand]) -> None:
    """Add the `rules` subcommands to `rules_app`."""

    @rules_app.command("list", cls=command, help=o.h("help_rules_list"), epilog=o.h("example_rules_list"))
    def rules_list(
        ctx: typer.Context,
        origin: Annotated[str | None, typer.Option(
            "--origin", parser=o.parser("origin"), metavar="ORIGIN", autocompletion=o.completer("origin"),
            help=f"{o.h('opt_origin')} ({', '.join(ORIGINS)})", show_default=False)] = None,
        json_out: Annotated[bool, o.json] = False,
        lang: Annotated[str | None, o.language] = None,
        rules: Annotated[list[Path] | None, o.rules] = None,
    ) -> None:
        """Every loaded rule, grouped by the article it comes from."""
        from recoverycli import api

        lang = runtime.language(ctx, lang)
        book = runtime.rulebook(rules, api.vocabulary(), lang)
        if origin is not None:
            book = api.with_origin(book, origin)
        from recoverycli.render.jsonout import rules_doc
        from recoverycli.render.richout import rules_table

        runtime.show(json_out, lambda: rules_doc(book, lang), lambda console: rules_table(console, book, lang))

    @rules_app.command("show", cls=command, help=o.h("help_rules_show"), epilog=o.h("example_rules_show"))
    def rules_show(
        ctx: typer.Context,
        rule_id: Annotated[str, typer.Argument(metavar="ID", help=o.h("arg_rule_id"))],
        json_out: Annotated[bool, o.json] = False,
        lang: Annotated[str | None, o.language] = None,
        rules: Annotated[list[Path] | None, o.rules] = None,
    ) -> None:
        """One rule in full: condition, advice, source and examples."""
        from recoverycli import api

        lang = runtime.language(ctx, lang)
        book = runtime.rulebook(rules, api.vocabulary(), lang)
        found = book.rule(rule_id)
        if found is None:
            unknown_rule(book, rule_id, lang)
        from recoverycli.render.jsonout import rule_full_doc
        from recoverycli.render.richout import rule_detail

        def draw(console: Any) -> None:
            rule_detail(console, rule_id, book, lang)

        runtime.show(json_out, lambda: rule_full_doc(found, lang), draw)

    @rules_app.command("validate", cls=command, help=o.h("help_rules_validate"),
                       epilog=o.h("example_rules_validate"))
    def rules_validate(
        ctx: typer.Context,
        paths: Annotated[list[Path] | None, typer.Argument(help=o.h("arg_validate_paths"))] = None,
        json_out: Annotated[bool, o.json] = False,
        lang: Annotated[str | None, o.language] = None,
        rules: Annotated[list[Path] | None, o.rules] = None,
    ) -> None:
        """Lint rule files and report every problem with file and line (exit 3 if any)."""
        from recoverycli.rulefiles.cache import load_rulebook_cached

        lang = runtime.language(ctx, lang)
        vocab = o.vocab
        book, problems = load_rulebook_cached([*(rules or ()), *(paths or ())])
        if json_out:
            from recoverycli.render.jsonout import emit

            emit({"schema_version": 1, "command": "rules validate", "files": book.files,
                  "problems": [{"file": p.file, "line": p.line, "rule": p.rule, "message": p.message}
                               for p in problems]})
        elif problems:
            from recoverycli.render.console import make_console
            from recoverycli.render.richout import problems as show_problems

            show_problems(make_console(stderr=True), problems)
            typer.echo(vocab.msg("validate_problems", lang, count=len(problems)), err=True)
        else:
            typer.echo(vocab.msg("validate_ok", lang, files=len(book.files)))
        if problems:
            raise typer.Exit(3)

    @rules_app.command("test", cls=command, help=o.h("help_rules_test"), epilog=o.h("example_rules_test"))
    def rules_test(
        ctx: typer.Context,
        rule_id: Annotated[str | None, typer.Argument(metavar="[ID]", help=o.h("arg_rule_test"))] = None,
        json_out: Annotated[bool, o.json] = False,
        lang: Annotated[str | None, o.language] = None,
        rules: Annotated[list[Path] | None, o.rules] = None,
    ) -> None:
        """Run every rule's examples; exit 1 with expected-vs-actual for each failure."""
        from recoverycli import api
        from recoverycli.engine.examples import run_examples

        lang = runtime.language(ctx, lang)
        book = runtime.rulebook(rules, api.vocabulary(), lang)
        if rule_id is not None and book.rule(rule_id) is None:
            unknown_rule(book, rule_id, lang)
        results = run_examples(book, rule_id)
        failed = [r for r in results if not r.passed]
        if json_out:
            from recoverycli.render.jsonout import emit

            emit({"schema_version": 1, "command": "rules test", "passed": len(results) - len(failed),
                  "failed": [{"rule": r.rule.id, "file": r.rule.file, "line": r.example.line,
                              "given": r.example.given, "failures": list(r.failures)} for r in failed]})
        else:
            from recoverycli.render.console import make_console
            from recoverycli.render.richout import example_results

            example_results(make_console(), results, book, lang)
        if failed:
            raise typer.Exit(1)


def unknown_rule(book: RuleBook, rule_id: str, lang: str) -> NoReturn:
    """No rule has this id: say so, with the closest id, and exit 2."""
    close = difflib.get_close_matches(rule_id, [r.id for r in book.all_rules()], n=1)
    hint = book.vocab.msg("error_did_you_mean", lang, close=close[0]) if close else ""
    typer.echo(book.vocab.msg("error_unknown_rule", lang, id=rule_id) + hint, err=True)
    raise typer.Exit(2)
