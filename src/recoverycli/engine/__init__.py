"""The pure core: inputs and rules in, an assessment or a plan out.

Why it exists: one place for every decision, with no I/O and no words.
`triage` (assess: the decision, what is missing, --explain), `index` (which
rules can fire for which inputs, built once per book), `plan` (day by day
after an event), `conditions` (a rule's `when` compiled to closures, the plain
path), `generated` (the same conditions as one generated function, the fast
path for batches), `load_advice` (the load rules on a log's load inputs) and
`examples` (every rule's own examples, run as tests).
"""

from recoverycli.engine.index import RuleIndex, rule_index
from recoverycli.engine.plan import plan
from recoverycli.engine.triage import assess, assess_explained, derive, open_questions

__all__ = ["RuleIndex", "assess", "assess_explained", "derive", "open_questions", "plan", "rule_index"]
