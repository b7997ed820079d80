"""Generate the reference docs from the rules, so they cannot drift.

    python -m recoverycli.docgen docs/

writes `docs/interface.md` (inputs, values, levels, topics, events: the
contract as the vocabulary defines it), `docs/catalogue.md` (every rule by
source article) and `docs/rule-file.schema.json` (a JSON Schema editors can
use to check user rule files). A test checks the committed files are current.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from recoverycli.model import InputSpec, RuleBook, pick


def _text_schema() -> dict[str, Any]:
    return {"type": "object", "required": ["en", "nl"], "additionalProperties": False,
            "properties": {"en": {"type": "string", "minLength": 1}, "nl": {"type": "string", "minLength": 1}}}


def _value_schema(spec: InputSpec) -> dict[str, Any]:
    if spec.type == "flag":
        return {"type": "boolean"}
    if spec.type in ("number", "integer"):
        one: dict[str, Any] = {"type": spec.type}
        if spec.min is not None:
            one["minimum"] = spec.min
        if spec.max is not None:
            one["maximum"] = spec.max
        return one
    return {"enum": list(spec.values)}


def _matcher_schema(spec: InputSpec) -> dict[str, Any]:
    value = _value_schema(spec)
    options: list[dict[str, Any]] = [value, {"type": "array", "items": value, "minItems": 1}]
    if spec.type in ("number", "integer"):
        options.append({"type": "object", "additionalProperties": False, "minProperties": 1,
                        "properties": {"min": value, "max": value}})
    options.append({"type": "object", "additionalProperties": False, "required": ["known"],
                    "properties": {"known": {"type": "boolean"}}})
    return {"anyOf": options}


def _condition_schema(specs: dict[str, InputSpec], name: str) -> dict[str, Any]:
    ref = {"$ref": f"#/$defs/{name}"}
    properties: dict[str, Any] = {n: _matcher_schema(s) for n, s in specs.items()}
    properties["any"] = {"type": "array", "items": ref, "minItems": 1}
    properties["all"] = {"type": "array", "items": ref, "minItems": 1}
    properties["not"] = ref
    return {"type": "object", "minProperties": 1, "additionalProperties": False, "properties": properties}


def rule_file_schema(book: RuleBook) -> dict[str, Any]:
    """A JSON Schema (2020-12) for user rule files, from the vocabulary."""
    from recoverycli.rulefiles.checks import plan_specs

    vocab = book.vocab
    source = {"type": "object", "required": ["document", "section"], "additionalProperties": False,
              "properties": {"document": {"type": "string"}, "section": {"type": "string"},
                             "author": {"type": "string"}, "year": {"type": "integer"},
                             "journal": {"type": "string"}}}
    example = {"type": "object", "required": ["given", "expect"], "additionalProperties": False,
               "properties": {"given": {"type": "object"}, "expect": {"type": "object"}}}
    common = {
        "id": {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"},
        "title": {"$ref": "#/$defs/text"},
        "source": source,
        "origin": {"enum": ["article", "external", "project"]},
        "rationale": {"$ref": "#/$defs/text"},
        "examples": {"type": "array", "items": example, "minItems": 1},
    }
    rule = {
        "type": "object", "additionalProperties": False,
        "required": ["id", "title", "when", "advice", "source", "examples"],
        "properties": {
            **common,
            "when": {"$ref": "#/$defs/condition"},
            "level": {"enum": vocab.levels},
            "red_flag": {"type": "boolean"},
            "headline": {"$ref": "#/$defs/text"},
            "fallback": {"type": "boolean"},
            "advice": {"type": "array", "minItems": 1, "items": {
                "type": "object", "required": ["topic", "text"], "additionalProperties": False,
                "properties": {"topic": {"enum": list(vocab.topics)}, "text": {"$ref": "#/$defs/text"},
                               "primary": {"type": "boolean"}}}},
        },
    }
    plan_item = {
        "type": "object", "additionalProperties": False,
        "required": ["id", "title", "slot", "topic", "text", "source", "examples"],
        "properties": {
            **common,
            "when": {"$ref": "#/$defs/plan_condition"},
            "unless": {"$ref": "#/$defs/plan_condition"},
            "slot": {"enum": list(vocab.slots)},
            "time": {"type": "string", "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$"},
            "topic": {"enum": list(vocab.topics)},
            "text": {"$ref": "#/$defs/text"},
            "per_sore": {"type": "boolean"},
        },
    }
    load_rule = {
        "type": "object", "additionalProperties": False,
        "required": ["id", "title", "when", "advice", "source", "examples"],
        "properties": {
            **common,
            "when": {"$ref": "#/$defs/load_condition"},
            "advice": rule["properties"]["advice"],  # type: ignore[index]
        },
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "recover rule file",
        "type": "object",
        "additionalProperties": False,
        "properties": {"rules": {"type": "array", "items": rule}, "plans": {"type": "array", "items": plan_item},
                       "load": {"type": "array", "items": load_rule}},
        "$defs": {
            "text": _text_schema(),
            "condition": _condition_schema(vocab.inputs, "condition"),
            "plan_condition": _condition_schema(plan_specs(vocab), "plan_condition"),
            "load_condition": _condition_schema(vocab.load_inputs, "load_condition"),
        },
    }


def interface_md(book: RuleBook) -> str:
    """The interface as the vocabulary defines it: levels, inputs, events, topics."""
    vocab = book.vocab
    lines = ["# The `recover` interface (generated)", "",
             "Generated from `rules/vocabulary/` by `python -m recoverycli.docgen docs/`; "
             "do not edit by hand. The names here are the public interface: flags, values, "
             "topics, levels and events. JSON documents are described in [json.md](json.md), "
             "rule files in [rules.md](rules.md).", "", "## Decision levels", "",
             "Least to most cautious; the most cautious level among fired rules decides.", "",
             "| level | meaning | Dutch label |", "|---|---|---|"]
    for level in vocab.levels:
        lines.append(f"| `{level}` | {pick(vocab.level_meanings[level], 'en')} | "
                     f"{pick(vocab.level_labels[level], 'nl')} |")
    lines += ["", "## `recover assess` inputs", "",
              "Every input is optional; what is not given is unknown. Flags also have a "
              "`--no-` form that says no.", "", "| flag | values | meaning |", "|---|---|---|"]
    for name, spec in vocab.inputs.items():
        if spec.derived:
            continue
        lines.append(f"| `--{name.replace('_', '-')}` | {_values(spec)} | {pick(spec.help, 'en')} |")
    tissue = vocab.inputs.get("tissue")
    if tissue is not None:
        lines += ["", "Derived: `tissue` from the body map:", "", "| location | tissue |", "|---|---|"]
        lines += [f"| `{loc}` | `{t}` |" for loc, t in vocab.body_map.items()]
    lines += ["", "## Training-load inputs (`load:` rules)", "",
              "Computed by `recover log load` from a whole log.", "",
              "| input | values | meaning |", "|---|---|---|"]
    lines += [f"| `{n}` | {_values(s)} | {pick(s.help, 'en')} |" for n, s in vocab.load_inputs.items()]
    lines += ["", "## `recover plan` events", "", "| event | default days |", "|---|---|"]
    lines += [f"| `{e.id}` | {len(e.phases)} |" for e in vocab.events.values()]
    lines += ["", "## Topics", "", "Every piece of advice carries exactly one topic (`--only TOPIC`).", "",
              "| topic | shown under |", "|---|---|"]
    lines += [f"| `{t}` | {pick(vocab.groups[g], 'en')} |" for t, g in vocab.topics.items()]
    lines += ["", "## Exit codes", "", "| code | when |", "|---|---|",
              "| 0 | the command did its work (whatever the decision) |",
              "| 1 | `--fail-on LEVEL` reached; or a batch had rows that could not be read |",
              "| 2 | bad usage: an unknown flag or value, a number out of range |",
              "| 3 | bad data: a rule file or input file that cannot be used (file and line named) |", ""]
    return "\n".join(lines)


def _values(spec: InputSpec) -> str:
    if spec.type == "flag":
        return "flag"
    if spec.type in ("number", "integer"):
        from recoverycli.model.values import range_text

        bounds = range_text(spec)
        return f"{spec.type} {bounds}" if bounds else f"any {spec.type}"
    return ", ".join(f"`{v}`" for v in spec.values)


def catalogue_md(book: RuleBook) -> str:
    """Every shipped rule and plan item, grouped by source document and section."""
    lines = ["# Rule catalogue (generated)", "",
             "Every shipped rule, by the article and section it comes from. Generated by "
             "`python -m recoverycli.docgen docs/`.", ""]
    by_document: dict[str, dict[str, list[str]]] = {}
    for rule in book.rules:
        level = f" → **{rule.level}**" if rule.level else ""
        flag = " (red flag)" if rule.red_flag else ""
        entry = f"- `{rule.id}` — {pick(rule.title, 'en')}{level}{flag}; topics: {', '.join(rule.topics)}"
        by_document.setdefault(rule.source.document, {}).setdefault(rule.source.section, []).append(entry)
    for item in book.plan_items:
        entry = f"- `{item.id}` (plan, {item.slot}) — {pick(item.title, 'en')}; topic: {item.topic}"
        by_document.setdefault(item.source.document, {}).setdefault(item.source.section, []).append(entry)
    for load_rule in book.load_rules:
        topics = ", ".join(load_rule.topics)
        entry = f"- `{load_rule.id}` (training load) — {pick(load_rule.title, 'en')}; topics: {topics}"
        source = load_rule.source
        by_document.setdefault(source.document, {}).setdefault(source.section, []).append(entry)
    for document, sections in by_document.items():
        lines += [f"## {document}", ""]
        for section, entries in sections.items():
            lines += [f"### {section}", "", *entries, ""]
    return "\n".join(lines)


def generate(book: RuleBook) -> dict[str, str]:
    """File name → content of every generated doc."""
    return {
        "interface.md": interface_md(book),
        "catalogue.md": catalogue_md(book),
        "rule-file.schema.json": json.dumps(rule_file_schema(book), indent=2, ensure_ascii=False) + "\n",
    }


def main(argv: list[str]) -> int:
    from recoverycli.rulefiles.parse import load_rulebook

    target = Path(argv[0] if argv else "docs")
    book, problems = load_rulebook(shipped=True)
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        return 3
    for name, content in generate(book).items():
        (target / name).write_text(content, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
