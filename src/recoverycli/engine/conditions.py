"""Turn a validated `when` condition into a fast three-valued callable.

A condition is compiled once, when the rules load. Evaluating it is then a
few closure calls with no parsing, no dictionary walking and no allocation.

Semantics (Kleene logic): a matcher on an input that was not given is unknown
(None), except `{known: false}` or `{known: true}`, which asks whether it was
given; `all` is false if any part is false, else unknown if any is unknown;
`any` is true if any part is true, else unknown if any is unknown; `not`
swaps true and false and keeps unknown.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

from recoverycli.model import Inputs, RuleBook, Truth

Check = Callable[[Inputs], Truth]

COMBINATORS = ("any", "all", "not")


def compile_condition(condition: Any, many: frozenset[str] = frozenset()) -> Check:
    """Compile a condition mapping; `many` names inputs that hold lists."""
    if condition is None:
        return _always
    return _compile_mapping(condition, many)


def read_inputs(condition: Any) -> frozenset[str]:
    """Every input a condition looks at."""
    return frozenset(name for name, _ in leaves(condition))


def leaves(condition: Any) -> Iterator[tuple[str, Any]]:
    """(input, matcher) pairs anywhere in a condition."""
    if isinstance(condition, dict):
        for key, value in condition.items():
            if key in ("any", "all"):
                for part in value:
                    yield from leaves(part)
            elif key == "not":
                yield from leaves(value)
            else:
                yield key, value


def compile_leaf(name: str, matcher: Any, many: frozenset[str] = frozenset()) -> Check:
    """One input's matcher as a callable (used by --explain as well)."""
    return _compile_matcher(name, matcher, name in many)


def _always(_inputs: Inputs) -> Truth:
    return True


def _compile_mapping(condition: dict[str, Any], many: frozenset[str]) -> Check:
    parts: list[Check] = []
    for key, value in condition.items():
        if key == "any":
            parts.append(_any([_compile_mapping(p, many) for p in value]))
        elif key == "all":
            parts.append(_all([_compile_mapping(p, many) for p in value]))
        elif key == "not":
            parts.append(_not(_compile_mapping(value, many)))
        else:
            parts.append(_compile_matcher(key, value, key in many))
    return parts[0] if len(parts) == 1 else _all(parts)


def _all(parts: list[Check]) -> Check:
    def check(inputs: Inputs) -> Truth:
        result: Truth = True
        for part in parts:
            value = part(inputs)
            if value is False:
                return False
            if value is None:
                result = None
        return result

    return check


def _any(parts: list[Check]) -> Check:
    def check(inputs: Inputs) -> Truth:
        result: Truth = False
        for part in parts:
            value = part(inputs)
            if value is True:
                return True
            if value is None:
                result = None
        return result

    return check


def _not(part: Check) -> Check:
    def check(inputs: Inputs) -> Truth:
        value = part(inputs)
        return None if value is None else not value

    return check


def _compile_matcher(name: str, matcher: Any, many: bool) -> Check:
    if isinstance(matcher, dict) and "known" in matcher:
        wanted_known = bool(matcher["known"])

        def is_known(inputs: Inputs) -> Truth:
            return (inputs.get(name) is not None) is wanted_known

        return is_known
    if isinstance(matcher, dict):
        low = matcher.get("min")
        high = matcher.get("max")

        def in_range(inputs: Inputs) -> Truth:
            value = inputs.get(name)
            if value is None:
                return None
            if low is not None and value < low:
                return False
            return not (high is not None and value > high)

        return in_range
    allowed = frozenset(matcher) if isinstance(matcher, list) else frozenset([matcher])
    if many:

        def overlaps(inputs: Inputs) -> Truth:
            value = inputs.get(name)
            if value is None:
                return None
            return not allowed.isdisjoint(value)

        return overlaps
    if isinstance(matcher, bool):
        wanted = matcher

        def flag_is(inputs: Inputs) -> Truth:
            value = inputs.get(name)
            return None if value is None else value is wanted

        return flag_is

    def one_of(inputs: Inputs) -> Truth:
        value = inputs.get(name)
        return None if value is None else value in allowed

    return one_of


def compile_book(book: RuleBook) -> RuleBook:
    """Compile every condition once, so evaluation is only closure calls."""
    for rule in book.rules:
        rule.check = compile_condition(rule.when, rule.many)
        rule.reads = read_inputs(rule.when)
    for item in book.plan_items:
        item.check = compile_condition(item.when, item.many)
        item.veto = compile_condition(item.unless, item.many) if item.unless is not None else _never
    for load_rule in book.load_rules:
        load_rule.check = compile_condition(load_rule.when)
        load_rule.reads = read_inputs(load_rule.when)
    return book


def _never(_inputs: Inputs) -> Truth:
    return False


# --- one generated function for a whole rule set (batches) -------------------

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
                       ) -> Callable[[Inputs], tuple[tuple[Truth, ...], list[Any]]] | None:
    """One function giving every condition's truth for some inputs, and what is true.

    It returns (results, chosen): results in the conditions' order, and
    `items[i]` for each condition i that is true, in `order` (both default to
    the conditions' own order and indices), so a caller gets its fired rules
    already sorted. A condition of None gives None (unknown), as an assess rule
    with nothing to read does in `engine.RuleIndex` (unlike `compile_condition`,
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
    evaluate: Callable[[Inputs], tuple[tuple[Truth, ...], list[Any]]] = namespace["evaluate"]
    return evaluate
