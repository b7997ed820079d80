"""Rule files → model, with every problem located.

`load_vocabulary()` reads the vocabulary folder; `read_rule_file()` checks
every entry of one rule file (see `checks`) and builds the plain model of the
good ones; `load_rulebook()` does both for the shipped and user rule files,
compiles each condition once and assembles the book (see `assemble`), with no
cache. Problems are collected, never raised half-way, so `recover rules
validate` can report all of them at once.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from recoverycli.model import (
    Advice,
    Event,
    Example,
    InputSpec,
    LoadRule,
    PlanItem,
    Question,
    Rule,
    RuleBook,
    Source,
    Text,
    Vocabulary,
)
from recoverycli.problems import Problem
from recoverycli.rulefiles import checks
from recoverycli.rulefiles.assemble import FileRules, assemble, compile_rules
from recoverycli.rulefiles.bounded_yaml import LineDict, LineList, read_yaml
from recoverycli.rulefiles.discovery import VOCABULARY_FILES, book_files, vocabulary_dir

RULE_FILE_KEYS = ("rules", "plans", "load")
INPUT_TYPES = ("choice", "flag", "number", "integer")
LOG_COLUMN_TYPES = (*INPUT_TYPES, "date", "text")  # a training log's own columns
LABEL_SOURCES = ("body_map", "events")  # where a choice input's value labels may come from


# --- vocabulary -------------------------------------------------------------

class _VocabReader:
    """Builds the Vocabulary, turning every shape mistake into a Problem."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []

    def need(self, data: Any, key: str, kind: type, line: int = 0) -> Any:
        value = data.get(key) if isinstance(data, dict) else None
        if not isinstance(value, kind):
            where = checks.line_of(data, key) if isinstance(data, dict) else line
            self.problems.append(Problem(self.file, where or line, None,
                                         f"'{key}' must be a {kind.__name__}"))
            return kind()
        return value

    def text(self, data: Any, key: str) -> Text:
        value = self.need(data, key, dict)
        ctx = checks.Context(self.file, _EMPTY_VOCAB)
        self.problems.extend(checks.check_text(value, ctx, checks.line_of(data, key), key))
        return {k: str(v) for k, v in value.items()}

    def spec(self, name: str, data: Any, kinds: tuple[str, ...] = INPUT_TYPES,
             words: bool = False) -> InputSpec:
        """One input; with `words`, a runner types it, so it needs a label (and value labels)."""
        kind = self.need(data, "type", str)
        if kind not in kinds:
            self.problems.append(Problem(self.file, checks.line_of(data, "type"), None,
                                         f"input '{name}' has unknown type {kind!r}"))
        spec = InputSpec(
            name=name, type=kind,
            values=tuple(data.get("values", ())),
            min=data.get("min"), max=data.get("max"),
            many=bool(data.get("many", False)), derived=bool(data.get("derived", False)),
            help=self.text(data, "help"),
            missing=self.text(data, "missing") if "missing" in data else {},
            label=self.text(data, "label") if "label" in data or (words and not data.get("derived"))
            else {},
            labels=self.value_labels(name, data),
            labels_from=data.get("labels_from"),
        )
        if words and not spec.derived and kind == "choice" and spec.labels_from is None:
            unlabelled = [v for v in spec.values if v not in spec.labels]
            if unlabelled:
                self.problems.append(Problem(
                    self.file, checks.line_of(data, "values"), None,
                    f"input '{name}' has values without labels: {', '.join(unlabelled)}"))
        return spec

    def interview(self, raw: Any, inputs: dict[str, InputSpec]) -> list[Question]:
        """The interactive questions: known, non-derived inputs; `if` on earlier answers."""
        if not isinstance(raw, list):
            self.problems.append(Problem(self.file, 0, None, "'interview' must be a list"))
            return []
        questions: list[Question] = []
        for entry in raw:
            line = checks.line_of(entry) if isinstance(entry, dict) else checks.line_of(raw)
            name = entry.get("input") if isinstance(entry, dict) else entry
            condition = entry.get("if", {}) if isinstance(entry, dict) else {}
            for key in (entry if isinstance(entry, dict) else ()):
                if key not in ("input", "if", "ask"):
                    self.problems.append(Problem(self.file, checks.line_of(entry, key), None,
                                                 f"interview: unknown key {key!r}; use input, if, ask"))
            spec = inputs.get(name) if isinstance(name, str) else None
            if spec is None or spec.derived:
                self.problems.append(Problem(self.file, line, None,
                                             f"interview asks {name!r}, which is not an input a runner gives"))
                continue
            only_if: dict[str, tuple[str, ...]] = {}
            for other, values in (condition.items() if isinstance(condition, dict) else ()):
                allowed = inputs[other].values if other in inputs else ()
                if not isinstance(values, list) or not values or any(v not in allowed for v in values):
                    self.problems.append(Problem(self.file, line, None,
                                                 f"interview: 'if' on {other!r} needs a list of its values"))
                    continue
                only_if[str(other)] = tuple(values)
            ask = self.text(entry, "ask") if isinstance(entry, dict) and "ask" in entry else {}
            questions.append(Question(str(name), only_if, ask))
        return questions

    def value_labels(self, name: str, data: Any) -> dict[str, Text]:
        if "labels_from" in data and data["labels_from"] not in LABEL_SOURCES:
            self.problems.append(Problem(
                self.file, checks.line_of(data, "labels_from"), None,
                f"input '{name}': labels_from must be one of {', '.join(LABEL_SOURCES)}"))
        if "labels" not in data:
            return {}
        raw = self.need(data, "labels", dict)
        values = data.get("values", ())
        for value in raw:
            if value not in values:
                self.problems.append(Problem(self.file, checks.line_of(raw, value), None,
                                             f"input '{name}' labels unknown value {value!r}"))
        return {str(value): self.text(raw, value) for value in raw}


_EMPTY_VOCAB = Vocabulary([], {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {})


def load_vocabulary(folder: Path) -> tuple[Vocabulary, list[Problem]]:
    """vocabulary.yaml, body-map.yaml and messages.yaml from the shipped rules."""
    problems: list[Problem] = []
    parts: dict[str, Any] = {}
    for name in VOCABULARY_FILES:
        data, found = read_yaml(folder / name)
        problems.extend(found)
        if not isinstance(data, dict):
            if not found:
                problems.append(Problem(str(folder / name), 0, None, "must be a YAML mapping"))
            data = LineDict()
        parts[name] = data
    reader = _VocabReader(str(folder / "vocabulary.yaml"))
    data = parts["vocabulary.yaml"]
    levels = reader.need(data, "levels", list)
    inputs = reader.need(data, "inputs", dict)
    plan_inputs = reader.need(data, "plan_inputs", dict)
    events = reader.need(data, "events", list)
    vocab = Vocabulary(
        levels=[lv.get("id") for lv in levels],
        level_labels={lv.get("id"): reader.text(lv, "label") for lv in levels},
        level_meanings={lv.get("id"): reader.text(lv, "meaning") for lv in levels},
        level_styles={lv.get("id"): str(lv.get("style", "")) for lv in levels},
        level_hides={lv.get("id"): tuple(lv.get("hides", ())) for lv in levels},
        level_keeps={lv.get("id"): tuple(lv.get("keeps", ())) for lv in levels},
        level_speaks_once={lv.get("id"): tuple(lv.get("speaks_once", ())) for lv in levels},
        level_drops={lv.get("id"): tuple(lv.get("drops", ())) for lv in levels},
        document_names={str(k): str(v) for k, v in (data.get("documents") or {}).items()},
        synonyms={str(name): {str(value): tuple(str(w) for w in words) for value, words in values.items()}
                  for name, values in (data.get("synonyms") or {}).items()},
        day_words={int(offset): tuple(str(w) for w in words)
                   for offset, words in (data.get("day_words") or {}).items()},
        readiness={str(k): float(v) for k, v in (data.get("readiness") or {}).items()},
        sessions={str(k): tuple(str(v) for v in kinds) for k, kinds in (data.get("sessions") or {}).items()
                  if isinstance(kinds, list)},
        race_from_km={str(k): float(v) for k, v in
                      ((data.get("sessions") or {}).get("race_from_km") or {}).items()},
        inputs={name: reader.spec(name, spec, words=True) for name, spec in inputs.items()},
        plan_inputs={name: reader.spec(name, spec) for name, spec in plan_inputs.items()},
        topics=dict(reader.need(data, "topics", dict)),
        groups={g.get("id"): reader.text(g, "label") for g in reader.need(data, "groups", list)},
        group_horizons={g.get("id"): str(g.get("horizon", "now")) for g in reader.need(data, "groups", list)},
        events={e.get("id"): Event(e.get("id"), reader.text(e, "label"), tuple(e.get("phases", ())),
                                   reader.text(e, "day0"), reader.text(e, "with_article"))
                for e in events},
        slots={s.get("id"): reader.text(s, "label") for s in reader.need(data, "slots", list)},
        phases={p.get("id"): reader.text(p, "label") for p in reader.need(data, "phases", list)},
        body_map={},
        location_labels={},
        messages={},
    )
    vocab.interview = reader.interview(data.get("interview", []), vocab.inputs)
    vocab.load_inputs = {name: reader.spec(name, spec)
                         for name, spec in reader.need(data, "load_inputs", dict).items()}
    vocab.log_columns = {name: reader.spec(name, spec, LOG_COLUMN_TYPES)
                         for name, spec in reader.need(data, "log_columns", dict).items()}
    body = _VocabReader(str(folder / "body-map.yaml"))
    for location, entry in body.need(parts["body-map.yaml"], "body_map", dict).items():
        vocab.body_map[location] = body.need(entry, "tissue", str)
        vocab.location_labels[location] = body.text(entry, "label")
    messages = _VocabReader(str(folder / "messages.yaml"))
    for key in messages.need(parts["messages.yaml"], "messages", dict):
        vocab.messages[key] = messages.text(parts["messages.yaml"]["messages"], key)
    problems.extend(reader.problems + body.problems + messages.problems)
    return vocab, problems


# --- rules and plan items ---------------------------------------------------

def _source(raw: dict[str, Any], origin: str, rationale: Any = None) -> Source:
    author = raw.get("author")
    year = raw.get("year")
    journal = raw.get("journal")
    reference = f"{author} ({year})" if author else None
    if reference and journal:
        reference = f"{reference}, {journal}"
    return Source(str(raw["document"]), str(raw["section"]), origin, reference,
                  dict(rationale) if rationale else None)


def _examples(raw: list[Any]) -> tuple[Example, ...]:
    return tuple(Example(dict(e["given"]), dict(e["expect"]), checks.line_of(e)) for e in raw)


def _build_rule(raw: LineDict, file: str, vocab: Vocabulary) -> Rule:
    many = frozenset(n for n, s in vocab.inputs.items() if s.many)
    return Rule(
        id=raw["id"], title=dict(raw["title"]), when=raw["when"], level=raw.get("level"),
        advice=tuple(Advice(a["topic"], dict(a["text"]), bool(a.get("primary", False))) for a in raw["advice"]),
        source=_source(raw["source"], raw.get("origin", "article"), raw.get("rationale")),
        examples=_examples(raw["examples"]), red_flag=bool(raw.get("red_flag", False)),
        file=file, line=raw.line, many=many,
        headline=dict(raw["headline"]) if raw.get("headline") else None,
        fallback=bool(raw.get("fallback", False)),
    )


def _build_plan_item(raw: LineDict, file: str, vocab: Vocabulary) -> PlanItem:
    many = frozenset(n for n, s in checks.plan_specs(vocab).items() if s.many)
    unless = raw.get("unless")
    return PlanItem(
        id=raw["id"], title=dict(raw["title"]), when=raw.get("when"), unless=unless,
        slot=raw["slot"], time=raw.get("time"), topic=raw["topic"], text=dict(raw["text"]),
        source=_source(raw["source"], raw.get("origin", "article"), raw.get("rationale")),
        examples=_examples(raw["examples"]), per_sore=bool(raw.get("per_sore", False)),
        file=file, line=raw.line, many=many,
    )


def _build_load_rule(raw: LineDict, file: str, vocab: Vocabulary) -> LoadRule:
    return LoadRule(
        id=raw["id"], title=dict(raw["title"]), when=raw["when"],
        advice=tuple(Advice(a["topic"], dict(a["text"]), bool(a.get("primary", False))) for a in raw["advice"]),
        source=_source(raw["source"], raw.get("origin", "article"), raw.get("rationale")),
        examples=_examples(raw["examples"]), file=file, line=raw.line,
    )


def _entries(data: Any, key: str, file: str) -> tuple[list[Any], list[Problem]]:
    if key not in data:
        return [], []
    entries = data[key]
    if not isinstance(entries, LineList):
        return [], [Problem(file, data.line_of(key), None, f"'{key}' must be a list")]
    return list(enumerate(entries)), []


def read_rule_file(path: Path, vocab: Vocabulary) -> FileRules:
    """Check one rule file against the vocabulary; build its good entries."""
    file = str(path)
    part = FileRules(file, read=False)
    data, problems = read_yaml(path)
    part.problems = problems
    if problems:
        return part
    if data is None:
        problems.append(Problem(file, 0, None, "empty file: expected a mapping with a 'rules:' list"))
        return part
    if not isinstance(data, LineDict):
        problems.append(Problem(file, checks.line_of(data) or 1, None,
                                "a rule file must be a mapping with a 'rules:' list (and optionally 'plans:')"))
        return part
    part.read = True
    for key in data:
        if key not in RULE_FILE_KEYS:
            problems.append(Problem(file, data.line_of(key), None,
                                    f"unknown top-level key '{key}'; a rule file holds: {', '.join(RULE_FILE_KEYS)}"))
    if not any(key in data for key in RULE_FILE_KEYS):
        problems.append(Problem(file, data.line, None, "a rule file needs a 'rules:' or 'plans:' list"))
    for key, runs, build, target in (
        ("rules", checks.RULE_CHECKS, _build_rule, part.rules),
        ("plans", checks.PLAN_CHECKS, _build_plan_item, part.plan_items),
        ("load", checks.LOAD_CHECKS, _build_load_rule, part.load_rules),
    ):
        entries, found = _entries(data, key, file)
        problems.extend(found)
        for index, raw in entries:
            if not isinstance(raw, LineDict):
                problems.append(Problem(file, data[key].line_of(index), None,
                                        f"each entry of '{key}' must be a mapping"))
                continue
            rule_id = raw.get("id") if isinstance(raw.get("id"), str) else None
            ctx = checks.Context(file, vocab, rule_id)
            found_here = [p for check in runs for p in check(raw, ctx)]
            problems.extend(found_here)
            if not found_here:
                target.append(build(raw, file, vocab))  # type: ignore[operator, arg-type]
    return part


def load_rulebook(extra: Iterable[str | Path] = (), *, shipped: bool = True) -> tuple[RuleBook, list[Problem]]:
    """Load the shipped rules plus user rule folders from YAML; return (book, problems).

    This reads every file; `cache.load_rulebook_cached` gives the same book and
    problems, reading only the files it has not seen.
    """
    vocab, problems = load_vocabulary(vocabulary_dir())
    files, missing = book_files(extra, shipped=shipped)
    parts = [compile_rules(read_rule_file(path, vocab), vocab) for path in files]
    book, found = assemble(vocab, parts, [*problems, *missing])
    return book, found
