"""Ask for the assess inputs in a terminal when none were given on the command line.

The questions, their order and their words are data (`interview` in the
vocabulary, with each input's value labels); follow-up questions depend on
the answers so far (bone questions for a bone-stress site, the Ottawa questions
after an injury), and a question whose answer can no longer change the
decision is not asked. A choice is
answered with its number or its word in either language; a wrong answer is
asked again with a hint; Enter leaves the input unknown, so the assessment can
say what it would have changed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from recoverycli.model import InputSpec, Question, RuleBook, Vocabulary, pick
from recoverycli.model.values import number_problem, read_number
from recoverycli.render.common import number_text

SKIP = object()  # an empty answer: the input stays unknown


class BadAnswer(ValueError):
    """An answer that fits no accepted form; the message says what would."""


def _words(vocab: Vocabulary, key: str, lang: str) -> set[str]:
    return {w.strip().casefold() for w in vocab.msg(key, lang).split(",") if w.strip()}


def menu(spec: InputSpec, vocab: Vocabulary, lang: str) -> str:
    """'1 aching · 2 dull · ...': the numbered values of a choice, in words."""
    return " · ".join(f"{number} {vocab.value_label(spec.name, value, lang)}"
                      for number, value in enumerate(spec.values, start=1))


def read_answer(spec: InputSpec, text: str, vocab: Vocabulary, lang: str) -> Any:
    """The value an answer means, SKIP for none, or BadAnswer with a hint."""
    answer = text.strip()
    if not answer:
        return SKIP
    folded = answer.casefold()
    msg = vocab.msg
    if spec.type == "choice":
        if folded.isascii() and folded.isdecimal() and len(folded) <= 3 \
                and 1 <= int(folded) <= len(spec.values):
            return spec.values[int(folded) - 1]
        for value in spec.values:
            names = {value.casefold(), *(vocab.value_label(spec.name, value, other).casefold()
                                         for other in ("en", "nl"))}
            if folded in names:
                return value
        raise BadAnswer(msg("interview_bad_choice", lang, count=len(spec.values)))
    if spec.type == "flag":
        if folded in _words(vocab, "answer_yes_words", lang):
            return True
        if folded in _words(vocab, "answer_no_words", lang):
            return False
        raise BadAnswer(msg("interview_bad_flag", lang, yes=msg("answer_yes", lang),
                            no=msg("answer_no", lang)))
    number = read_number(answer)
    problem = number_problem(number, spec)
    if problem is not None:
        if problem == "whole":
            key = "interview_bad_whole"
        else:
            key = "interview_bad_number_open" if spec.max is None else "interview_bad_number"
        raise BadAnswer(msg(key, lang, min=number_text(spec.min or 0, vocab, lang),
                            max=number_text(spec.max or 0, vocab, lang)))
    return int(number) if spec.type == "integer" else number


def prompt_text(question: Question, spec: InputSpec, vocab: Vocabulary, lang: str) -> str:
    """The question with its accepted answers (rich markup)."""
    from rich.markup import escape

    msg = vocab.msg
    question_text = escape(pick(question.ask or spec.help, lang))
    skip = msg("interview_skip", lang)
    if spec.type == "choice":
        options = escape(menu(spec, vocab, lang))
        return f"{question_text}\n  [cyan]{options}[/cyan]\n  [dim]({msg('interview_pick', lang)}, {skip})[/dim]"
    if spec.type == "flag":
        return f"{question_text} [dim]({msg('answer_yes', lang)}/{msg('answer_no', lang)}, {skip})[/dim]"
    return f"{question_text} [dim]({skip})[/dim]"


def applies(question: Question, answers: dict[str, Any]) -> bool:
    return all(answers.get(name) in values for name, values in question.only_if.items())


def ask_inputs(book: RuleBook, lang: str, ask: Callable[[str], str] | None = None,
               say: Callable[[str], None] | None = None) -> dict[str, Any]:
    """Ask each question in turn; an empty answer leaves the input unknown.

    `ask` and `say` default to rich's prompt and console (tests pass their own).
    End of input stops the questions and keeps the answers so far.
    """
    if ask is None or say is None:
        from rich.console import Console
        from rich.prompt import Prompt

        console = Console(highlight=False)
        ask = ask or (lambda text: Prompt.ask(text, console=console, default="", show_default=False))
        say = say or (lambda text: console.print(text))
    from recoverycli.engine import open_questions

    vocab = book.vocab
    say(f"[dim]{vocab.msg('interview_intro', lang)}[/dim]")
    answers: dict[str, Any] = {}
    asked: set[str] = set()
    progress = True
    while progress:  # each answer can open or close questions, so look again from the top
        progress = False
        for question in vocab.interview:
            if question.input in asked or not applies(question, answers):
                continue
            if question.input not in open_questions(answers, book):
                continue  # no answer to it can change the decision now
            asked.add(question.input)
            progress = True
            spec = vocab.inputs[question.input]
            while True:
                try:
                    text = ask(prompt_text(question, spec, vocab, lang))
                except EOFError:  # Ctrl-D: keep the answers so far, on a clean line
                    say("")
                    return answers
                except KeyboardInterrupt:  # Ctrl-C: stop, and leave the shell a clean line
                    say("")
                    raise
                try:
                    value = read_answer(spec, text, vocab, lang)
                except BadAnswer as wrong:
                    say(f"[yellow]{wrong}[/yellow]")
                    continue
                if value is not SKIP:
                    answers[question.input] = value
                break
            break  # start again from the top: the most telling open question comes next
    return answers
