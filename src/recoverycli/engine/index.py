"""Which rules can fire for which inputs: the rule book worked out once, and used per call.

Why it exists: `assess` runs once per command but thousands of times per
training log, so everything about the rules that does not change between calls
(each rule's check, the inputs it reads, its rank, its advice wrapped, which
advice can repeat) lives here, built once per book (`rule_index`). The index
answers the per-call questions on it: which rules fire and in what order, the
level, the merged advice, and which answers could raise or lower the decision.
Batches switch to the generated evaluator (`generated`) behind the plain path.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from recoverycli.engine.conditions import leaves
from recoverycli.model import GivenAdvice, Inputs, Missing, Rule, RuleBook, Truth

if TYPE_CHECKING:
    from recoverycli.engine.generated import Evaluator

NO_LEVEL = "go"

# a rule's advice shown at one level: ((dedupe key, advice), ...) and the advice alone
_Kept = tuple[tuple[tuple[tuple[str, str], GivenAdvice], ...], tuple[GivenAdvice, ...]]


DERIVED_FROM = {"tissue": ("location",), "event_phase": ("after", "hours_since")}
"""Which given inputs a derived input is worked out from (`missing` asks for those)."""


class RuleIndex:
    """Everything about the rules that does not change between calls, worked out once.

    Per rule: its compiled check, the inputs it reads, whether it can be
    decided without them (a `known` matcher), its rank and its advice already
    wrapped. Rules that read none of the given inputs are unknown without
    being evaluated. Merged advice is cached per fired-rule set, so a batch
    of similar rows does the merging once. After `GENERATE_AFTER` calls (a
    batch, not a single command) every condition is evaluated by one
    generated function instead of closures, which gives the same results
    three times faster but costs ~15 ms to build.
    """

    MERGE_CACHE_SIZE = 4096
    GENERATE_AFTER = 64

    def __init__(self, book: RuleBook) -> None:
        vocab = book.vocab
        self.vocab = vocab
        self.rank = {level: index for index, level in enumerate(vocab.levels)}
        self.input_order = {name: index for index, name in enumerate(vocab.inputs)}
        self.rules = book.rules
        self.entries = [
            (rule, rule.check, rule.reads, _decides_unknown(rule.when), self.rank.get(rule.level or "", -1))
            for rule in book.rules
        ]
        self.order = {rule.id: (not rule.red_flag, -self.rank.get(rule.level or "", -1), index)
                      for index, rule in enumerate(book.rules)}
        self.wrapped = {rule.id: tuple(((a.topic, a.text.get("en", "")), GivenAdvice(a, rule), rule.red_flag)
                                       for a in rule.advice) for rule in book.rules}
        self.levels_by_id = {rule.id: rule.level for rule in book.rules}
        self.merged: dict[tuple[str, ...], list[GivenAdvice]] = {}
        owners: dict[tuple[str, str], list[str]] = {}
        for rule_id, wrapped in self.wrapped.items():
            for key, _given, _red in wrapped:
                owners.setdefault(key, []).append(rule_id)
        # rules with an advice text given twice (by another rule or by itself):
        # only these need de-duplicating
        self.sharing = frozenset(r for rules in owners.values() if len(rules) > 1 for r in rules)
        self.kept_advice: dict[tuple[str, bool], dict[str, _Kept]] = {}
        # for missing inputs: (rank, the inputs it reads), in file order
        self.asks = [(self.rank.get(rule.level or "", -1), tuple(sorted(rule.reads)))
                     for rule in book.rules]
        self.lowered: dict[Any, list[Missing]] = {}
        self.answers: dict[str, list[Any]] = {}
        self.waits = {rule.id: frozenset(name for name in waits_for(rule.when)
                                         if name in vocab.inputs and not vocab.inputs[name].derived)
                      for rule in book.rules}
        self.calls = 0
        self.generated: Evaluator | None = None

    def evaluate(self, known: Inputs) -> tuple[tuple[Truth, ...] | list[Truth], list[Rule]]:
        """Every rule's truth for these inputs (file order), and the fired rules in
        display order: red flags first, then the most cautious, then file order."""
        generated = self.generated
        if generated is not None:
            return generated(known)
        self.calls += 1
        if self.calls == self.GENERATE_AFTER:
            many = self.rules[0].many if self.rules else frozenset()
            order = sorted(range(len(self.rules)), key=lambda i: self.order[self.rules[i].id])
            from recoverycli.engine.generated import generate_evaluator

            self.generated = generate_evaluator([rule.when for rule in self.rules], many, order,
                                                self.rules)
        return self.evaluate_plain(known)

    def level_of(self, fired: list[Rule]) -> str:
        best, best_rank = NO_LEVEL, self.rank[NO_LEVEL]
        for rule in fired:
            rank = self.rank.get(rule.level or "", -1)
            if rank > best_rank:
                best, best_rank = rule.level or NO_LEVEL, rank
        return best

    def merge(self, fired: list[Rule], level: str) -> list[GivenAdvice]:
        key = (level, *(rule.id for rule in fired))
        merged = self.merged.get(key)
        if merged is None:
            merged = self._merge(fired, level)
            if len(self.merged) >= self.MERGE_CACHE_SIZE:
                self.merged.clear()
            self.merged[key] = merged
        return list(merged)

    def _kept(self, level: str, red_flag_decides: bool) -> dict[str, _Kept]:
        """Per rule, the advice that may be shown at this decision (see `_merge`).

        At a level that hides advice groups, a red flag speaks in full, and so does a
        rule that itself sets the level, unless a red flag sets it too: then the red
        flag's instruction stands alone (a rule waiting for answers is no use when a
        red flag has already decided)."""
        kept_by_rule = self.kept_advice.get((level, red_flag_decides))
        if kept_by_rule is None:
            vocab = self.vocab
            hidden = frozenset(vocab.level_hides.get(level, ()))
            kept = frozenset(vocab.level_keeps.get(level, ()))
            dropped = frozenset(vocab.level_drops.get(level, ()))
            kept_by_rule = self.kept_advice[(level, red_flag_decides)] = {}
            floor = self.rank[level]
            for rule_id, wrapped in self.wrapped.items():
                deciding = not red_flag_decides and self.rank.get(self.levels_by_id[rule_id] or "", -1) >= floor
                def shown(topic: str, red_flag: bool, deciding: bool = deciding) -> bool:
                    if deciding or red_flag:
                        return True
                    if topic in dropped:
                        return False
                    return topic in kept or vocab.topics.get(topic) not in hidden

                entries = tuple((key, given) for key, given, red_flag in wrapped if shown(key[0], red_flag))
                kept_by_rule[rule_id] = (entries, tuple(given for _key, given in entries))
        return kept_by_rule

    def _merge(self, fired: list[Rule], level: str) -> list[GivenAdvice]:
        """Advice of the fired rules in display order, each text once; at a level that
        speaks once on some topics (who to see, what to stop), only the first rule's
        text on that topic, so a red flag's instruction is not followed by a milder one."""
        fired = speaking(fired, self.rank)
        kept = self._kept(level, any(rule.red_flag and rule.level == level for rule in fired))
        sharing = self.sharing
        once = frozenset(self.vocab.level_speaks_once.get(level, ()))
        spoken: set[str] = set()
        seen: set[tuple[str, str]] = set()
        merged: list[GivenAdvice] = []
        for rule in fired:
            entries, givens = kept[rule.id]
            if rule.id not in sharing and not once:  # none of its advice can repeat another rule's
                merged.extend(givens)
                continue
            for key, given in entries:
                if key in seen or key[0] in spoken:
                    continue
                seen.add(key)
                if key[0] in once:
                    spoken.add(key[0])
                merged.append(given)
        return merged

    def missing(self, results: tuple[Truth, ...] | list[Truth], known: Inputs,
                level: str) -> list[Missing]:
        """Inputs not given that could have let a more cautious rule fire.

        A rule whose condition is unknown (not false) could still fire once its
        unknown inputs are known; only rules that would raise the decision count.
        """
        floor = self.rank[level]
        if floor >= len(self.rank) - 1:
            return []  # nothing is more cautious than the most cautious level
        by_input: dict[str, list[Rule]] = {}
        best: dict[str, int] = {}
        for rule, result, (rule_rank, reads) in zip(self.rules, results, self.asks, strict=True):
            if result is not None or rule_rank <= floor:
                continue
            for name in reads:
                if name in known:
                    continue
                for source in DERIVED_FROM.get(name, (name,)):
                    if source in known:
                        continue
                    rules = by_input.setdefault(source, [])
                    if rule not in rules:
                        rules.append(rule)
                        if rule_rank > best.get(source, -1):
                            best[source] = rule_rank
        if not by_input:
            return []
        order = self.input_order
        missing = [Missing(name, self.vocab.levels[best[name]], tuple(rules)) for name, rules in by_input.items()]
        return sorted(missing, key=lambda m: (-best[m.input], order.get(m.input, 99)))

    def lowering(self, fired: list[Rule], known: Inputs, level: str) -> list[Missing]:
        """Answers that could lower today's decision: the inputs the deciding rules wait
        for (`{known: false}`), tried together over their values (see `answer_values`).

        Unknown is not "no": such a rule keeps the decision cautious until it has
        its answers, and this says which answers, and how low they could take it. A
        fired rule that waits for nothing will fire whatever comes: then nothing can
        lower the decision. Only the rules that read the awaited inputs are tried
        again; the rest keep their result, so a batch pays little for this.
        """
        floor = self.rank[level]
        deciding = [rule for rule in fired if self.rank.get(rule.level or "", -1) == floor]
        waits = [self.waits[rule.id] - known.keys() for rule in deciding]
        if not deciding or not all(waits):
            return []
        names = tuple(sorted(set().union(*waits)))
        affected = [entry for entry in self.entries if not entry[2].isdisjoint(names)]
        affected_ids = {entry[0].id for entry in affected}
        steady = max((self.rank.get(r.level or "", -1) for r in fired if r.id not in affected_ids), default=0)
        read = sorted({name for entry in affected for name in entry[2]} & known.keys())
        key = (level, names, tuple(r.id for r in fired), tuple((k, str(known[k])) for k in read))
        cached = self.lowered.get(key)
        if cached is not None:
            return cached
        best = floor
        for values in _combinations([self._answers(name) for name in names]):
            trial = {**known, **dict(zip(names, values, strict=True))}
            rank = max([steady, *(entry[4] for entry in affected if entry[1](trial) is True)])
            best = min(best, rank)
            if best <= steady:
                break  # nothing can go lower than the rules these answers do not touch
        result: list[Missing] = []
        if best < floor:
            lower = self.vocab.levels[max(best, 0)]
            result = [Missing(name, lower, tuple(deciding)) for name in names]
        if len(self.lowered) >= self.MERGE_CACHE_SIZE:
            self.lowered.clear()
        self.lowered[key] = result
        return result

    def _answers(self, name: str) -> list[Any]:
        values = self.answers.get(name)
        if values is None:
            values = self.answers[name] = answer_values(self.vocab.inputs[name], self.rules, name)
        return values

    def evaluate_plain(self, known: Inputs) -> tuple[list[Truth], list[Rule]]:
        """`evaluate` with the closures, not counted towards the generated evaluator."""
        results = [check(known) if decides_unknown or not reads.isdisjoint(known) else None
                   for _rule, check, reads, decides_unknown, _rank in self.entries]
        fired = [rule for rule, result in zip(self.rules, results, strict=True) if result is True]
        fired.sort(key=lambda r: self.order[r.id])
        return results, fired


MAX_TRIALS = 4096
"""How many combinations of answers `lowering` tries at most (the rest are not needed:
a gate waits for two or three answers of a handful of values each)."""


def _combinations(domains: list[list[Any]]) -> list[tuple[Any, ...]]:
    import itertools

    return list(itertools.islice(itertools.product(*domains), MAX_TRIALS))


def waits_for(condition: Any) -> set[str]:
    """The answers a condition waits for: inputs it asks to be unknown (`{known: false}`)
    on their own, or in an `any` whose every choice is such a question ("until one of
    these is answered"). An unknown offered beside a real value (`any: [{pain: ache},
    {pain: {known: false}}]`) describes the complaint and waits for nothing."""
    if not isinstance(condition, dict):
        return set()
    found: set[str] = set()
    for key, value in condition.items():
        if key == "all" and isinstance(value, list):
            for part in value:
                found |= waits_for(part)
        elif key == "any" and isinstance(value, list):
            pairs = [pair for part in value for pair in leaves(part)]
            if pairs and all(_asks_unknown(m) for _name, m in pairs):
                found |= {name for name, _m in pairs}
        elif key != "not" and _asks_unknown(value):
            found.add(key)
    return found


def _asks_unknown(matcher: Any) -> bool:
    return isinstance(matcher, dict) and matcher.get("known") is False


def answer_values(spec: Any, rules: list[Rule], name: str) -> list[Any]:
    """The answers worth trying for one input: every choice, yes and no, and for a
    number each bound the rules use, with its neighbours, inside the input's range."""
    if spec.type == "flag":
        return [True, False]
    if spec.type == "choice":
        return list(spec.values)
    points: set[float] = set()
    for rule in rules:
        for leaf_name, matcher in leaves(rule.when):
            if leaf_name == name and isinstance(matcher, dict):
                for bound in (matcher.get("min"), matcher.get("max")):
                    if isinstance(bound, (int, float)):
                        points.update((bound - 1, bound, bound + 1))
    low = spec.min if spec.min is not None else min(points, default=0)
    high = spec.max if spec.max is not None else max(points, default=low)
    points.update((low, high))
    kept = sorted(p for p in points if low <= p <= high)
    return [int(p) for p in kept] if spec.type == "integer" else kept


def _decides_unknown(condition: Any) -> bool:
    """Whether a condition can be true or false with none of its inputs given."""
    return any(isinstance(m, dict) and "known" in m for _name, m in leaves(condition))


def rule_index(book: RuleBook) -> RuleIndex:
    """The book's index, built on first use."""
    index: RuleIndex | None = getattr(book, "_index", None)
    if index is None or index.rules is not book.rules:
        index = RuleIndex(book)
        book._index = index  # type: ignore[attr-defined]
    return index


def speaking(fired: list[Rule], rank: dict[str, int]) -> list[Rule]:
    """The fired rules whose advice is given. A fallback rule ("not enough to decide
    yet") stands down once another rule sets a level at least as cautious: its generic
    advice would only repeat or contradict the real answer. It never stands down for
    a bolder rule (a good HRV says nothing about a pain), so its level always counts."""
    def rank_of(rule: Rule) -> int:
        return rank.get(rule.level or "", -1)

    decided = max((rank_of(rule) for rule in fired if not rule.fallback), default=-1)
    return [rule for rule in fired if not (rule.fallback and decided >= rank_of(rule))]
