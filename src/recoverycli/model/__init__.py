"""Plain data that flows from the rule files to the renderers.

Nothing here reads files or prints: `text` (words in two languages),
`vocabulary` (what rule files may say), `rules` (one rule base, three kinds,
the book), `results` (what the engine answers) and `values` (how one input
value is read, checked and described).
"""

from recoverycli.model.results import (
    Assessment,
    Considered,
    GivenAdvice,
    LoadAdvice,
    Missing,
    Plan,
    PlanDay,
    PlanEntry,
)
from recoverycli.model.rules import (
    ORIGINS,
    Advice,
    AnyRule,
    Example,
    Inputs,
    LoadRule,
    PlanItem,
    Rule,
    RuleBase,
    RuleBook,
    Source,
    Truth,
)
from recoverycli.model.text import LANGUAGES, Text, pick
from recoverycli.model.vocabulary import Event, InputSpec, Question, Vocabulary

__all__ = [
    "LANGUAGES", "ORIGINS", "Advice", "AnyRule", "Assessment", "Considered", "Event", "Example",
    "GivenAdvice", "InputSpec", "Inputs", "LoadAdvice", "LoadRule", "Missing", "Plan", "PlanDay", "PlanEntry",
    "PlanItem", "Question", "Rule", "RuleBase", "RuleBook", "Source", "Text", "Truth", "Vocabulary", "pick",
]
