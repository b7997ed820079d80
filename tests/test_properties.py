"""Properties of the engine over the whole input space (hypothesis).

Inputs are drawn from the vocabulary itself (`load_rules().vocab`), so new
values are covered as soon as they exist. Every document is checked against
the shipped JSON Schema.

* any combination of assess inputs gives a valid contract document, never raises;
* monotone safety: adding a red-flag input never lowers the level, and gives
  stop or urgent with see-professional advice; reassuring answers (pain during
  the run, the next morning, the trend, the bone and injury questions) never
  lower a red flag;
* adding any input never removes a red-flag rule that already fired (with one
  deliberate exception, tested on its own: a cramp explains a sudden onset);
* any plan context gives a valid plan document.
"""

from __future__ import annotations

import datetime as dt
import json
from importlib import resources
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator, FormatChecker

import recoverycli
from recoverycli import engine, load_rules
from recoverycli.model import InputSpec
from recoverycli.render.jsonout import assessment_doc, plan_doc

BOOK = load_rules()
VOCAB = BOOK.vocab
RANK = {level: i for i, level in enumerate(VOCAB.levels)}
RED_FLAG_IDS = frozenset(rule.id for rule in BOOK.rules if rule.red_flag)
GIVEN_INPUTS = {name: spec for name, spec in VOCAB.inputs.items() if not spec.derived}
SEVERE_TISSUES = ("joint", "tendon", "bone")

SETTINGS = settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
# Schema validation costs a few milliseconds per document: fewer examples there.
SCHEMA_SETTINGS = settings(SETTINGS, max_examples=200)


def _validator(name: str) -> Draft202012Validator:
    text = (
        resources.files("recoverycli")
        .joinpath("schemas", f"{name}.json")
        .read_text(encoding="utf-8")
    )
    return Draft202012Validator(json.loads(text), format_checker=FormatChecker())


ASSESS_SCHEMA = _validator("assess")
PLAN_SCHEMA = _validator("plan")


def value_of(spec: InputSpec) -> st.SearchStrategy[Any]:
    if spec.type == "choice":
        return st.sampled_from(spec.values)
    if spec.type == "flag":
        return st.booleans()
    low = int(spec.min) if spec.min is not None else 0
    high = int(spec.max) if spec.max is not None else 200
    if spec.type == "integer":
        return st.integers(low, high)
    return st.one_of(
        st.integers(low, high), st.floats(low, high, allow_nan=False, allow_infinity=False)
    )


INPUTS = st.fixed_dictionaries(
    {}, optional={name: value_of(spec) for name, spec in GIVEN_INPUTS.items()}
)
LANGS = st.sampled_from(("en", "nl"))

RED_FLAG_INPUTS: list[tuple[str, Any]] = [
    ("numb", True),
    ("tingling", True),
    ("radiating", True),
    ("swelling", True),
    ("pain", "sharp"),
    ("pain", "stabbing"),
    ("onset", "sudden"),
    ("warmup", "worse"),
    ("gait_changed", True),
    ("giving_way", True),
    ("redness", True),
    ("dark_urine", True),
    ("saddle_numb", True),
    ("weight_bearing", "cannot"),
]
URGENT_INPUTS: list[tuple[str, Any]] = [("dark_urine", True), ("saddle_numb", True), ("weight_bearing", "cannot")]
CAUTIOUS = ("stop", "urgent")

REASSURING: dict[str, Any] = {
    "during_run": st.integers(0, 5),
    "next_morning": st.sampled_from(["better", "same"]),
    "trend": st.sampled_from(["better", "same"]),
    "bone_tender": st.just(False),
    "hop": st.just("fine"),
    "weight_bearing": st.sampled_from(["normal", "painful"]),
    "giving_way": st.just(False),
    "first_steps": st.booleans(),
    "redness": st.just(False),
    "dark_urine": st.just(False),
    "saddle_numb": st.just(False),
    "warmup": st.just("better"),
    "severity": st.integers(0, 3),
}
"""Answers that speak for carrying on: none of them may lower a red flag."""


def topics(result: Any) -> set[str]:
    return {given.advice.topic for given in result.advice}


def red_flags(result: Any) -> set[str]:
    return {rule.id for rule in result.fired if rule.red_flag}


def assert_valid(doc: dict[str, Any]) -> None:
    problems = [f"{list(e.absolute_path)}: {e.message}" for e in ASSESS_SCHEMA.iter_errors(doc)]
    assert problems == [], problems


# --- assess ------------------------------------------------------------------------------


@SCHEMA_SETTINGS
# --explain documents list every rule and cost more to validate: one in four.
@given(inputs=INPUTS, lang=LANGS, explain=st.sampled_from([False, False, False, True]))
def test_any_inputs_give_a_valid_contract_document(
    inputs: dict[str, Any], lang: str, explain: bool
) -> None:
    result = engine.assess_explained(inputs, BOOK) if explain else recoverycli.assess(**inputs)
    doc = assessment_doc(result, BOOK, lang, explain=explain)
    assert_valid(doc)
    json.dumps(doc, allow_nan=False)  # strict JSON: no NaN/Infinity
    assert {k: v for k, v in doc["inputs"].items() if k not in ("tissue", "event_phase")} == inputs
    fired_levels = [rule["level"] for rule in doc["rules"] if rule["level"]]
    assert doc["level"] == max(fired_levels, key=RANK.__getitem__, default="go")
    flags = [bool(rule.get("red_flag")) for rule in doc["rules"]]
    assert flags == sorted(flags, reverse=True), "red flags first"
    fired = {rule["id"] for rule in doc["rules"]}
    assert all(advice["rule"] in fired for advice in doc["advice"])
    for missing in doc["missing"]:
        assert missing["input"] not in inputs
        assert missing["why"].strip()
    if explain:
        assert {c["id"] for c in doc["considered"] if c["result"] == "fired"} == fired
        assert len(doc["considered"]) == len(BOOK.rules)


@SETTINGS
@given(inputs=INPUTS, only=st.sets(st.sampled_from(list(VOCAB.topics)), min_size=1, max_size=3))
def test_only_keeps_exactly_the_asked_topics(inputs: dict[str, Any], only: set[str]) -> None:
    result = recoverycli.assess(**inputs)
    doc = assessment_doc(result, BOOK, "en", frozenset(only))
    assert [a["topic"] for a in doc["advice"]] == [
        g.advice.topic for g in result.advice if g.advice.topic in only
    ]


@SETTINGS
@given(base=INPUTS, flag=st.sampled_from(RED_FLAG_INPUTS))
def test_adding_a_red_flag_input_means_stop_and_see_a_professional(
    base: dict[str, Any], flag: tuple[str, Any]
) -> None:
    name, value = flag
    inputs = {**base, name: value}
    if name == "onset" and inputs.get("pain") == "cramp":
        inputs.pop(
            "pain"
        )  # a cramp strikes suddenly by nature: see test_cramp_explains_a_sudden_onset
    before = recoverycli.assess(**base)
    after = recoverycli.assess(**inputs)
    assert RANK[after.level] >= RANK[before.level]
    assert after.level in CAUTIOUS
    if flag in URGENT_INPUTS:
        assert after.level == "urgent"
    assert "see-professional" in topics(after)
    assert red_flags(after), "a red-flag rule fired"
    assert after.fired[0].red_flag
    assert after.advice[0].rule.red_flag, "warning-sign advice comes first"


@SETTINGS
@given(
    base=INPUTS,
    extra=st.sampled_from(sorted(GIVEN_INPUTS)).flatmap(
        lambda name: st.tuples(st.just(name), value_of(GIVEN_INPUTS[name]))
    ),
)
def test_adding_an_input_never_removes_a_fired_red_flag(
    base: dict[str, Any], extra: tuple[str, Any]
) -> None:
    name, value = extra
    if name in base:
        return  # adding, not changing
    before = red_flags(recoverycli.assess(**base))
    after = red_flags(recoverycli.assess(**base, **{name: value}))
    explained = set()
    if name == "pain" and value == "cramp":
        # a cramp strikes suddenly and at rest by nature: see test_cramp_explains_a_sudden_onset
        explained = {"warning-onset-sudden", "bone-stress-at-rest"}
    if name == "location" and VOCAB.body_map.get(value) in ("tendon", "joint", "bone"):
        # one spot on a tendon or joint is judged by load, on a bone by the bone questions:
        # see test_one_spot_on_a_tendon_is_judged_by_load
        explained = {"warning-pain-local"}
    assert before - explained <= after, before - after


@SETTINGS
@given(base=INPUTS, flag=st.sampled_from(RED_FLAG_INPUTS),
       answers=st.fixed_dictionaries({}, optional=REASSURING))
def test_reassuring_answers_never_lower_a_red_flag(
    base: dict[str, Any], flag: tuple[str, Any], answers: dict[str, Any]
) -> None:
    name, value = flag
    inputs = {**base, **{k: v for k, v in answers.items() if k != name}, name: value}
    if name == "onset" and inputs.get("pain") == "cramp":
        inputs.pop("pain")
    flagged = recoverycli.assess(**{**base, name: value} if not (name == "onset" and base.get("pain") == "cramp")
                                 else {k: v for k, v in {**base, name: value}.items() if k != "pain"})
    reassured = recoverycli.assess(**inputs)
    assert reassured.level in CAUTIOUS
    assert RANK[reassured.level] >= RANK["stop"]
    if flag in URGENT_INPUTS:
        assert reassured.level == "urgent" == flagged.level


def test_one_spot_on_a_tendon_is_judged_by_load() -> None:
    """By design (pain.yaml, load-pain.yaml): pain on one spot is a warning in a muscle,
    but a tendon often hurts on one spot and is judged by how it answers the load."""
    assert "warning-pain-local" in red_flags(recoverycli.assess(spread="local"))
    calm = recoverycli.assess(spread="local", location="achilles", pain="stiff", during_run=2,
                              next_morning="same", trend="better")
    assert calm.level == "easy"
    assert recoverycli.assess(spread="local", location="achilles").level == "stop"
    assert recoverycli.assess(spread="local", location="shin").level == "stop"


def test_cramp_explains_a_sudden_onset() -> None:
    """By design (pain.yaml): a sudden onset with the pain not described is a warning sign,
    but a cramp always strikes suddenly, so telling it is a cramp withdraws that flag."""
    assert "warning-onset-sudden" in red_flags(recoverycli.assess(onset="sudden"))
    cramp = recoverycli.assess(onset="sudden", pain="cramp")
    assert "warning-onset-sudden" not in red_flags(cramp)
    assert cramp.level != "stop"


@SETTINGS
@given(inputs=INPUTS)
def test_level_only_from_fired_rules_and_stop_only_with_a_professional(
    inputs: dict[str, Any],
) -> None:
    result = recoverycli.assess(**inputs)
    if result.level in CAUTIOUS:
        assert "see-professional" in topics(result)
    if red_flags(result):
        assert result.level in CAUTIOUS
    assert result.level in VOCAB.levels
    if "pain" in inputs or "location" in inputs:
        assert result.level != "go" or any(r.level is None for r in result.fired), \
            "a complaint never gets 'train as planned' without a rule that speaks of it"


@pytest.mark.parametrize(
    "inputs",
    [
        {"pian": "sharp"},
        {"pain": "sharpp"},
        {"severity": 11},
        {"hours_since": float("nan"), "pain": "ache", "location": "quad"},
    ],
    ids=["unknown-name", "unknown-value", "out-of-range", "nan"],
)
def test_api_refuses_inputs_the_cli_would_refuse(inputs: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        recoverycli.assess(**inputs)


# --- plan ---------------------------------------------------------------------------------

PLAN_CONTEXT = st.fixed_dictionaries(
    {"after": st.sampled_from(list(VOCAB.events))},
    optional={
        "hrv": st.sampled_from(VOCAB.inputs["hrv"].values),
        "rhr": st.sampled_from(VOCAB.inputs["rhr"].values),
        "sore": st.lists(
            st.sampled_from(VOCAB.plan_inputs["sore"].values), min_size=1, max_size=4, unique=True
        ),
        "desk_job": st.booleans(),
        # short plans, and the longest allowed (validating 60-day plans is slow)
        "days": st.one_of(st.integers(1, 14), st.just(60)),
        "start": st.dates(dt.date(2000, 1, 1), dt.date(2100, 12, 31)),
    },
)


@SCHEMA_SETTINGS
@given(context=PLAN_CONTEXT, lang=LANGS)
def test_any_plan_context_gives_a_valid_plan_document(context: dict[str, Any], lang: str) -> None:
    result = recoverycli.plan(**context)
    doc = plan_doc(result, BOOK, lang)
    problems = [f"{list(e.absolute_path)}: {e.message}" for e in PLAN_SCHEMA.iter_errors(doc)]
    assert problems == [], problems
    expected_days = context.get("days", len(VOCAB.events[context["after"]].phases))
    assert [day["day"] for day in doc["days"]] == list(range(expected_days))
    assert "static-stretch" not in {item["topic"] for item in doc["days"][0]["items"]}
    for day in doc["days"]:
        if "start" in context:
            assert day["date"] == (context["start"] + dt.timedelta(days=day["day"])).isoformat()
        else:
            assert "date" not in day
        for item in day["items"]:
            assert item["source"]["document"] and item["source"]["section"]
            if "location" in item:
                assert item["location"] in context.get("sore", [])
    if context.get("hrv") == "low" or context.get("rhr") == "elevated":
        assert not {"massage-gun", "foam-roll"} & {
            i["topic"] for d in doc["days"] for i in d["items"]
        }


@SETTINGS
@given(inputs=INPUTS)
def test_batch_evaluation_gives_the_same_assessment(inputs: dict[str, Any]) -> None:
    """After GENERATE_AFTER calls the index evaluates with generated code: same answers."""
    closures = engine.RuleIndex(BOOK)
    generated = engine.RuleIndex(BOOK)
    for _ in range(engine.RuleIndex.GENERATE_AFTER):
        generated.evaluate({})
    assert generated.generated is not None and closures.generated is None
    known = engine.derive(inputs, VOCAB)
    batch_results, batch_fired = generated.evaluate(known)
    single_results, single_fired = closures.evaluate(known)
    assert tuple(batch_results) == tuple(single_results) and batch_fired == single_fired
    BOOK._index = closures  # type: ignore[attr-defined]
    single = engine.assess(inputs, BOOK)
    assert closures.generated is None
    BOOK._index = generated  # type: ignore[attr-defined]
    try:
        batch = engine.assess(inputs, BOOK)
    finally:
        BOOK._index = closures  # type: ignore[attr-defined]
    assert (batch.level, batch.fired, batch.advice, batch.missing) == (
        single.level, single.fired, single.advice, single.missing)
