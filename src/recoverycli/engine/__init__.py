"""The pure core: inputs and rules in, an assessment or a plan out.

`assess` (the decision, what is missing, --explain), `index` (which rules can
fire for which inputs, built once per book), `plan` (day by day after an
event), `conditions` (a rule's `when` compiled to closures) and `generated`
(the same conditions as one generated function, the fast path for batches).
"""

from recoverycli.engine.triage import RuleIndex, assess, assess_explained, derive, open_questions, plan, rule_index

__all__ = ["RuleIndex", "assess", "assess_explained", "derive", "open_questions", "plan", "rule_index"]
