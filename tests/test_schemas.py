"""The JSON Schemas shipped in `recoverycli/schemas/` describe the real `--json` output.

They must be valid draft 2020-12 schemas, live inside the installed package,
validate what `assess --json`, `plan --json` and `rules list --json` print, and
name exactly the values the vocabulary allows (so a new level, topic, event or
input value is noticed here and added to the schema).
"""

from __future__ import annotations

import copy
import json
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from helpers import BASE_ENV, Runner
from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError

from recoverycli import load_rules
from recoverycli.cli import app
from recoverycli.rulefiles import cache

VOCAB = load_rules().vocab

NAMES = ("assess", "plan", "rules")
ROOT = Path(__file__).resolve().parent.parent




def schema(name: str) -> dict[str, Any]:
    resource = resources.files("recoverycli").joinpath("schemas", f"{name}.json")
    return json.loads(resource.read_text(encoding="utf-8"))


def validator(name: str) -> Draft202012Validator:
    return Draft202012Validator(schema(name), format_checker=FormatChecker())


def cli_json(*args: str) -> dict[str, Any]:
    cache.clear()  # each real run is a new process: no rule book left from another run
    result = Runner().invoke(app, [*args, "--json"], env=BASE_ENV)
    assert result.exit_code in (0, 1), result.stderr
    return json.loads(result.stdout)


def errors(name: str, doc: dict[str, Any]) -> list[str]:
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in validator(name).iter_errors(doc)
    ]


# --- the schemas themselves ------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_schema_is_inside_the_installed_package(name: str) -> None:
    resource = resources.files("recoverycli").joinpath("schemas", f"{name}.json")
    assert resource.is_file()


def test_schemas_ship_in_the_wheel() -> None:
    tomllib = pytest.importorskip("tomllib")
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "schemas/*.json" in pyproject["tool"]["setuptools"]["package-data"]["recoverycli"]


@pytest.mark.parametrize("name", NAMES)
def test_schema_is_a_valid_draft_2020_12_schema(name: str) -> None:
    doc = schema(name)
    assert doc["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(doc)
    assert doc["properties"]["schema_version"] == {"const": 1}
    assert doc["properties"]["command"] == {"const": name}
    assert {"schema_version", "command"} <= set(doc["required"])
    assert doc.get("title") and doc.get("description")


def test_docs_describe_every_schema() -> None:
    text = (ROOT / "docs" / "json.md").read_text(encoding="utf-8")
    for name in (*NAMES, "rules-show", "rules-test", "rules-validate", "log-assess-line", "load"):
        assert f"src/recoverycli/schemas/{name}.json" in text


# --- the schemas name what the vocabulary allows -------------------------------------------


def test_schema_enums_follow_the_vocabulary() -> None:
    for name in NAMES:
        defs = schema(name)["$defs"]
        assert defs["level"]["enum"] == list(VOCAB.levels), name
        assert defs["topic"]["enum"] == list(VOCAB.topics), name
    assess = schema("assess")
    inputs = assess["properties"]["inputs"]["properties"]
    assert set(inputs) == set(VOCAB.inputs)
    for input_name, spec in VOCAB.inputs.items():
        if spec.type == "choice":
            assert inputs[input_name]["enum"] == list(spec.values), input_name
        elif spec.type == "flag":
            assert inputs[input_name]["type"] == "boolean", input_name
        else:
            assert inputs[input_name].get("minimum") == spec.min, input_name
            assert inputs[input_name].get("maximum") == spec.max, input_name
    missing = assess["properties"]["missing"]["items"]["properties"]["input"]["enum"]
    assert set(missing) == {n for n, s in VOCAB.inputs.items() if not s.derived}
    plan = schema("plan")
    assert plan["properties"]["after"]["enum"] == list(VOCAB.events)
    day = plan["properties"]["days"]["items"]
    assert day["properties"]["phase"]["enum"] == list(VOCAB.phases)
    assert day["properties"]["items"]["items"]["properties"]["slot"]["enum"] == list(VOCAB.slots)


def test_contract_topics_are_in_the_schema() -> None:
    contract = [
        "stop-activity",
        "see-professional",
        "twenty-minute-rule",
        "active-recovery",
        "recovery-ride",
        "walk",
        "forest-walk",
        "cool-down",
        "warm-up",
        "dynamic-stretch",
        "static-stretch",
        "pnf-stretch",
        "calf-stretch",
        "massage",
        "massage-gun",
        "foam-roll",
        "water",
        "cold",
        "heat",
        "elevate",
        "hydration",
        "electrolytes",
        "carbohydrate",
        "protein",
        "casein",
        "magnesium",
        "minerals",
        "sleep",
        "nap",
        "breathing",
        "mental",
        "load-management",
        "running-pattern",
        "strength",
        "footwear",
        "sitting-breaks",
        "afternoon-break",
        "lifestyle",
        "readiness-check",
        "training-frequency",
        "explain",
    ]
    assert set(contract) <= set(schema("assess")["$defs"]["topic"]["enum"])


# --- real outputs validate -------------------------------------------------------------------

ASSESS_CASES = [
    [],
    ["--pain", "ache", "--location", "quad", "--spread", "diffuse", "--hours-since", "36"],
    ["--pain", "sharp", "--location", "ankle"],
    ["--pain", "cramp", "--location", "calf", "--when", "night", "--frequent"],
    ["--hrv", "low", "--rhr", "elevated", "--sleep", "5.5", "--after", "marathon"],
    [
        "--pain",
        "stiff",
        "--location",
        "calf",
        "--hrv",
        "normal",
        "--no-numb",
        "--severity",
        "4",
        "--warmup",
        "better",
        "--recurring",
        "--onset",
        "delayed",
        "--no-swelling",
    ],
    ["--pain", "ache", "--location", "quad", "--explain"],
    ["--pain", "ache", "--location", "quad", "--only", "walk", "--lang", "nl"],
]


@pytest.mark.parametrize("args", ASSESS_CASES, ids=lambda a: " ".join(a) or "none")
def test_assess_output_validates(args: list[str]) -> None:
    doc = cli_json("assess", *args)
    assert errors("assess", doc) == []


PLAN_CASES = [
    *[["--after", event] for event in VOCAB.events],
    [
        "--after",
        "marathon",
        "--start",
        "2026-04-12",
        "--desk-job",
        "--sore",
        "calf",
        "--sore",
        "knee",
    ],
    ["--after", "intervals", "--days", "12", "--hrv", "low", "--rhr", "elevated", "--lang", "nl"],
    ["--after", "leg-day", "--only", "massage-gun", "--no-desk-job"],
]


@pytest.mark.parametrize("args", PLAN_CASES, ids=lambda a: " ".join(a))
def test_plan_output_validates(args: list[str]) -> None:
    doc = cli_json("plan", *args)
    assert errors("plan", doc) == []


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_rules_list_output_validates(lang: str) -> None:
    doc = cli_json("rules", "list", "--lang", lang)
    assert errors("rules", doc) == []
    assert len(doc["rules"]) > 0
    assert any(rule["level"] is None for rule in doc["rules"])
    assert (
        {"assess", "plan"}
        <= {rule.get("kind") for rule in doc["rules"]}
        <= {"assess", "plan", "load"}
    )


# --- the schemas catch broken documents -----------------------------------------------------


def _broken_assess() -> list[tuple[str, dict[str, Any]]]:
    good = cli_json("assess", "--pain", "sharp", "--location", "ankle")
    cases = []
    for key in ("level", "headline", "rules", "advice", "missing", "disclaimer", "schema_version"):
        doc = copy.deepcopy(good)
        del doc[key]
        cases.append((f"no {key}", doc))
    for label, path, value in [
        ("level", ["level"], "maybe"),
        ("version", ["schema_version"], 2),
        ("command", ["command"], "plan"),
        ("topic", ["advice", 0, "topic"], "yoga"),
        ("source", ["advice", 0, "source"], {"document": "x"}),
        ("input value", ["inputs", "pain"], "tickle"),
        ("rule level", ["rules", 0, "level"], "STOP"),
    ]:
        doc = copy.deepcopy(good)
        target: Any = doc
        for step in path[:-1]:
            target = target[step]
        target[path[-1]] = value
        cases.append((label, doc))
    doc = copy.deepcopy(good)
    doc["inputs"]["mood"] = "grumpy"
    cases.append(("unknown input", doc))
    return cases


@pytest.mark.parametrize(
    ("label", "doc"), _broken_assess(), ids=lambda x: x if isinstance(x, str) else ""
)
def test_assess_schema_rejects_broken_documents(label: str, doc: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        validator("assess").validate(doc)


def test_plan_schema_rejects_broken_documents() -> None:
    good = cli_json("plan", "--after", "marathon", "--start", "2026-04-12", "--desk-job")
    validator("plan").validate(good)
    for mutate in (
        lambda d: d["days"][0].__setitem__("date", "12/04/2026"),
        lambda d: d["days"][0].__setitem__("day", -1),
        lambda d: d["days"][1]["items"][0].__delitem__("source"),
        lambda d: d.__setitem__("after", "ultra"),
        lambda d: d.__setitem__("days", []),
        lambda d: next(i for day in d["days"] for i in day["items"] if "time" in i).__setitem__(
            "time", "2pm"
        ),
    ):
        doc = copy.deepcopy(good)
        mutate(doc)
        with pytest.raises(ValidationError):
            validator("plan").validate(doc)


def test_rules_schema_rejects_broken_documents() -> None:
    good = cli_json("rules", "list")
    for mutate in (
        lambda d: d["rules"][0].__setitem__("topics", []),
        lambda d: d["rules"][0].__setitem__("id", "Not Kebab"),
        lambda d: d["rules"][0].__delitem__("level"),
    ):
        doc = copy.deepcopy(good)
        mutate(doc)
        with pytest.raises(ValidationError):
            validator("rules").validate(doc)


def test_log_outputs_match_their_schemas(tmp_path: Path) -> None:
    import jsonschema

    log = tmp_path / "log.csv"
    log.write_text("date,type,duration_min,rpe,distance_km,pain,location,severity\n"
                   "2026-03-01,run,40,5,8,,,\n2026-03-02,run,30,4,6,ache,quad,3\n"
                   "2026-03-03,run,45,6,9,sharp,ankle,12\n", encoding="utf-8")
    line_schema = schema("log-assess-line")
    jsonschema.Draft202012Validator.check_schema(line_schema)
    cache.clear()
    result = Runner().invoke(app, ["log", "assess", str(log), "--json"], env=BASE_ENV)
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == 3 and "error" in records[-1]
    for record in records:
        jsonschema.validate(record, line_schema)
    load_schema = schema("load")
    jsonschema.Draft202012Validator.check_schema(load_schema)
    cache.clear()
    result = Runner().invoke(app, ["log", "load", str(log), "--json"], env=BASE_ENV)
    jsonschema.validate(json.loads(result.stdout), load_schema)


@pytest.mark.parametrize(("name", "args"), [
    ("rules-show", ["rules", "show", "doms", "--json"]),
    ("rules-show", ["rules", "show", "plan-nap", "--json"]),
    ("rules-show", ["rules", "show", "load-ratio-spike", "--json", "--lang", "nl"]),
    ("rules-test", ["rules", "test", "--json"]),
    ("rules-validate", ["rules", "validate", "--json"]),
])
def test_rules_outputs_match_their_schemas(name: str, args: list[str]) -> None:
    from helpers import invoke

    doc = json.loads(invoke(args).stdout)
    assert errors(name, doc) == []
    assert doc["command"] == " ".join(args[:2])


def test_rules_schemas_reject_a_wrong_command() -> None:
    assert errors("rules-test", {"schema_version": 1, "command": "test", "passed": 1, "failed": []})
