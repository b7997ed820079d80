"""Checks on raw rule-file data, one module per concern.

Each check takes one raw entry (a `LineDict` from `bounded_yaml`) and the
`Context` it lives in, and yields located problems; the loader runs every
check of an entry's kind (`kinds`) and reports every problem.

- `base`: the context, `line_of`, unknown and missing keys
- `fields`: id, title, texts, level, red_flag, origin, fallback, headline, source, topic, plan slot/time
- `advice`: advice items, and the placeholders in a load rule's advice
- `conditions`: `when`/`unless`, matchers and the values in them
- `examples`: `given` and `expect`
- `kinds`: the keys and the list of checks of each kind (rule, plan item, load rule)

Checks that need the whole book (duplicate ids) run on the assembled book
(`rulefiles.assemble`).
"""

from recoverycli.rulefiles.checks.advice import check_advice, check_load_placeholders
from recoverycli.rulefiles.checks.base import Check, Context, check_keys, closest, line_of
from recoverycli.rulefiles.checks.conditions import check_condition, check_value, plan_specs
from recoverycli.rulefiles.checks.examples import check_examples, check_given
from recoverycli.rulefiles.checks.fields import check_text, check_topic
from recoverycli.rulefiles.checks.kinds import LOAD_CHECKS, PLAN_CHECKS, RULE_CHECKS

__all__ = [
    "LOAD_CHECKS", "PLAN_CHECKS", "RULE_CHECKS", "Check", "Context", "check_advice", "check_condition",
    "check_examples", "check_given", "check_keys", "check_load_placeholders", "check_text", "check_topic",
    "check_value", "closest", "line_of", "plan_specs",
]
