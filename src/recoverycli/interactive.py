"""Ask for the assess inputs in a terminal when none were given on the command line."""

from __future__ import annotations

from typing import Any

from .model import RuleBook, pick

# The questions a runner is asked, most telling first; the wording is each
# input's help text from the vocabulary.
QUESTIONS = ("pain", "location", "spread", "onset", "hours_since", "warmup",
             "numb", "tingling", "radiating", "swelling", "gait_changed", "hrv")


def ask_inputs(book: RuleBook, lang: str) -> dict[str, Any]:
    """Prompt for each input; an empty answer leaves it unknown."""
    from rich.prompt import Prompt

    vocab = book.vocab
    answers: dict[str, Any] = {}
    yes, no = vocab.msg("answer_yes", lang), vocab.msg("answer_no", lang)
    for name in QUESTIONS:
        spec = vocab.inputs[name]
        question = pick(spec.help, lang)
        if spec.type == "choice":
            answer = Prompt.ask(f"{question} [dim]({'/'.join(spec.values)}, enter = ?)[/dim]",
                                choices=[*spec.values, ""], default="", show_choices=False, show_default=False)
            if answer:
                answers[name] = answer
        elif spec.type == "flag":
            answer = Prompt.ask(f"{question} [dim]({yes}/{no}, enter = ?)[/dim]",
                                choices=[yes, no, ""], default="", show_choices=False, show_default=False)
            if answer:
                answers[name] = answer == yes
        else:
            answer = Prompt.ask(f"{question} [dim](enter = ?)[/dim]", default="", show_default=False)
            try:
                value = float(answer) if answer else None
            except ValueError:
                value = None
            if value is not None and value >= 0:
                answers[name] = value
    return answers
