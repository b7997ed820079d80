"""The fast path for batches: every condition of a rule set as one generated function.

Why it exists: `conditions` compiles each `when` to closures, which cost a
call per leaf and per combinator; a batch of thousands of rows spends most of
its time there. `generate_evaluator` (the one entry point) writes Python
source that reads each input once and evaluates every condition inline, with
the same Kleene logic, about three times faster. It is only ever used behind
the plain path: `engine.index.RuleIndex` switches to it after enough calls to
pay for building it, and falls back to the closures when it declines (None).
The property tests tie its answers to the closures'.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from recoverycli.model import Inputs, Truth

Evaluator = Callable[[Inputs], tuple[tuple[Truth, ...], list[Any]]]
"""inputs -> (every condition's truth, the items whose condition is true, in order)."""


class _Generator:
    """Writes Python source that evaluates many conditions in one call.

    Closures cost a call per leaf and per combinator; a batch of thousands of
    rows spends most of its time there. The generated function reads each
    input once and evaluates every condition inline, with the same Kleene
    logic. The source holds no data from the rule files: input names and
    allowed values are passed in as default arguments (`_k0`, `_c0`, ...), so
    the text is only generated identifiers and operators.
    """

    def __init__(self, many: frozenset[str]) -> None:
        self.many = many
        self.names: dict[str, str] = {}  # input name -> local variable
        self.constants: list[Any] = []
        self.temps = 0

    def constant(self, value: Any) -> str:
        self.constants.append(value)
        return f"_c{len(self.constants) - 1}"

    def variable(self, name: str) -> str:
        if name not in self.names:
            self.names[name] = f"_v{len(self.names)}"
        return self.names[name]

    def temp(self) -> str:
        self.temps += 1
        return f"_t{self.temps}"

    def leaf(self, name: str, matcher: Any) -> str:
        """An expression with the value compile_leaf's callable would return."""
        v = self.variable(name)
        if isinstance(matcher, dict) and "known" in matcher:
            return f"({v} is not None)" if matcher["known"] else f"({v} is None)"
        if isinstance(matcher, dict):
            tests = []
            if matcher.get("min") is not None:
                tests.append(f"not ({v} < {self.constant(matcher['min'])})")
            if matcher.get("max") is not None:
                tests.append(f"not ({v} > {self.constant(matcher['max'])})")
            return f"(None if {v} is None else {' and '.join(tests) or 'True'})"
        allowed = frozenset(matcher) if isinstance(matcher, list) else frozenset([matcher])
        if name in self.many:
            return f"(None if {v} is None else not {self.constant(allowed)}.isdisjoint({v}))"
        if isinstance(matcher, bool):
            return f"(None if {v} is None else {v} is {matcher})"
        return f"(None if {v} is None else {v} in {self.constant(allowed)})"

    def mapping(self, condition: dict[str, Any], target: str, indent: str) -> list[str]:
        parts = [{key: value} for key, value in condition.items()]
        if len(parts) == 1:
            return self.part(parts[0], target, indent)
        return self.combine("all", parts, target, indent)

    def part(self, single: dict[str, Any], target: str, indent: str) -> list[str]:
        ((key, value),) = single.items()
        if key in ("all", "any"):
            return self.combine(key, list(value), target, indent)
        if key == "not":
            inner = self.temp()
            lines = self.mapping(value, inner, indent)
            return [*lines, f"{indent}{target} = None if {inner} is None else not {inner}"]
        return [f"{indent}{target} = {self.leaf(key, value)}"]

    def combine(self, kind: str, parts: list[Any], target: str, indent: str) -> list[str]:
        """all: False wins, else unknown if any is; any: True wins, else unknown if any is."""
        start, decisive = ("True", "False") if kind == "all" else ("False", "True")
        lines = [f"{indent}{target} = {start}"]
        inner = indent + "    "
        for part in parts:
            value = self.temp()
            lines.append(f"{indent}if {target} is not {decisive}:")
            lines += self.mapping(part, value, inner)
            lines.append(f"{inner}if {value} is {decisive}: {target} = {decisive}")
            lines.append(f"{inner}elif {value} is None: {target} = None")
        return lines

    def function(self, conditions: list[Any], order: Sequence[int]) -> str:
        body: list[str] = []
        results = []
        for condition in conditions:
            if condition is None:
                results.append("None")
                continue
            target = self.temp()
            body += self.mapping(condition, target, "    ")
            results.append(target)
        picks = ["    _chosen = []", "    _add = _chosen.append"]
        picks += [f"    if {results[i]} is True: _add(_items[{i}])" for i in order if results[i] != "None"]
        reads = [f"    {v} = _get(_k{i})" for i, v in enumerate(self.names.values())]
        keys = "".join(f", _k{i}=_k{i}" for i in range(len(self.names)))
        consts = "".join(f", _c{i}=_c{i}" for i in range(len(self.constants)))
        return "\n".join([f"def evaluate(inputs, _items=_items{keys}{consts}):", "    _get = inputs.get",
                          *reads, *body, *picks, f"    return ({', '.join(results)},), _chosen", ""])


MAX_GENERATED_LINES = 20_000


def generate_evaluator(conditions: list[Any], many: frozenset[str] = frozenset(),
                       order: Sequence[int] | None = None, items: Sequence[Any] | None = None,
                       ) -> Evaluator | None:
    """One function giving every condition's truth for some inputs, and what is true.

    It returns (results, chosen): results in the conditions' order, and
    `items[i]` for each condition i that is true, in `order` (both default to
    the conditions' own order and indices), so a caller gets its fired rules
    already sorted. A condition of None gives None (unknown), as an assess rule
    with nothing to read does in `engine.index.RuleIndex` (unlike `compile_condition`,
    where no condition always holds, as plan items need). Returns None when the
    source would be unreasonably large; callers then keep to the compiled
    closures, which agree with it on every input and every non-empty condition.
    """
    generator = _Generator(many)
    order = range(len(conditions)) if order is None else order
    source = generator.function(conditions, order)
    if source.count("\n") > MAX_GENERATED_LINES:
        return None
    namespace: dict[str, Any] = {f"_k{i}": name for i, name in enumerate(generator.names)}
    namespace.update({f"_c{i}": value for i, value in enumerate(generator.constants)})
    namespace["_items"] = tuple(range(len(conditions)) if items is None else items)
    try:
        code = compile(source, "<recover rules>", "exec")
    except (SyntaxError, RecursionError, MemoryError, ValueError):
        return None
    exec(code, namespace)  # the source holds generated identifiers only, never rule text
    evaluate: Evaluator = namespace["evaluate"]
    return evaluate
