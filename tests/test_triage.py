"""Triage a physiotherapist would sign: clinical cases, agreement with the plan, every
place covered, and the `could` of missing answers.

The cases are written as a runner would describe them; each names the level a
sports physiotherapist would give and why. They test the shipped rule book.
"""

from __future__ import annotations

from typing import Any

import pytest

import recoverycli
from recoverycli import engine, load_rules
from recoverycli.render.common import headline, headline_rule

BOOK = load_rules()
VOCAB = BOOK.vocab
RANK = {level: i for i, level in enumerate(VOCAB.levels)}

CASES: list[tuple[str, dict[str, Any], str]] = [
    # tendon loading: the pain-monitoring model
    ("calm Achilles, loading well", dict(pain="stiff", location="achilles", severity=2, warmup="better",
                                         during_run=2, next_morning="same", trend="better"), "easy"),
    ("Achilles at 5/10, settled next morning", dict(pain="ache", location="achilles", during_run=5,
                                                   next_morning="better", trend="same"), "easy"),
    ("Achilles at 6/10 during the run", dict(pain="ache", location="achilles", during_run=6,
                                            next_morning="same", trend="same"), "rest"),
    ("knee worse the next morning", dict(pain="ache", location="knee", onset="gradual", during_run=3,
                                         next_morning="worse", trend="same"), "rest"),
    ("IT band worse week to week", dict(pain="ache", location="it-band", during_run=3,
                                        next_morning="same", trend="worse"), "rest"),
    ("tendon, answers missing", dict(pain="ache", location="achilles"), "stop"),
    ("mild Achilles stiffness that fades with the warm-up", dict(pain="stiff", location="achilles", severity=2,
                                                                 warmup="better"), "easy"),
    ("mild knee ache that fades with the warm-up", dict(pain="ache", location="knee", severity=3,
                                                        warmup="better"), "easy"),
    ("knee at 6/10 that fades with the warm-up", dict(pain="ache", location="knee", severity=6,
                                                      warmup="better"), "stop"),
    ("Achilles fading with the warm-up, but the heel bone is tender", dict(
        pain="stiff", location="achilles", severity=2, warmup="better", bone_tender=True), "stop"),
    ("shin ache that fades with the warm-up", dict(pain="ache", location="shin", severity=2,
                                                   warmup="better"), "stop"),
    ("patellar pain in rehab, loading well", dict(pain="ache", location="knee", onset="gradual",
                                                  during_run=3, next_morning="same", trend="better"), "easy"),
    ("plantar heel pain, loading well", dict(pain="ache", location="heel", first_steps=True, bone_tender=False,
                                             hop="fine", during_run=3, next_morning="same", trend="same"), "easy"),
    # Ottawa ankle, foot and knee
    ("twisted ankle, can't walk", dict(injury="twist", location="ankle", weight_bearing="cannot"), "urgent"),
    ("twisted ankle, bone tender", dict(injury="twist", location="ankle", bone_tender=True,
                                        weight_bearing="painful"), "urgent"),
    ("fall on the knee, can't walk", dict(injury="fall", location="knee", weight_bearing="cannot"), "urgent"),
    ("twisted knee, a bone tender", dict(injury="twist", location="knee", weight_bearing="painful",
                                        bone_tender=True), "urgent"),
    ("a fall, a bone tender, place not given", dict(injury="fall", weight_bearing="normal", bone_tender=True), "stop"),
    ("twisted knee, walks, no bone tender", dict(injury="twist", location="knee", weight_bearing="painful",
                                                 bone_tender=False), "rest"),
    ("mild hip ache that fades with the warm-up", dict(pain="ache", location="hip", severity=3, warmup="better",
                                                       bone_tender=False, hop="fine"), "stop"),
    ("sprain that passes Ottawa", dict(injury="twist", location="ankle", weight_bearing="painful",
                                       bone_tender=False), "rest"),
    ("twist, Ottawa unanswered", dict(injury="twist", location="ankle"), "stop"),
    ("twisted knee that gives way", dict(injury="twist", location="knee", giving_way=True,
                                         weight_bearing="normal", bone_tender=False), "stop"),
    # bone stress
    ("forefoot ache, bone tender", dict(pain="dull", location="foot", onset="gradual", bone_tender=True), "stop"),
    ("shin, painful hop", dict(pain="ache", location="shin", hop="painful"), "stop"),
    ("shin on one spot", dict(pain="ache", location="shin", spread="local"), "stop"),
    ("groin pain, painful hop", dict(pain="ache", location="groin", hop="painful"), "stop"),
    ("hip pain at night", dict(pain="dull", location="hip", when="night"), "stop"),
    ("forefoot ache, nothing known", dict(pain="dull", location="foot", onset="gradual"), "stop"),
    ("forefoot ache, loading well, bone unchecked", dict(pain="dull", location="foot", onset="gradual",
                                                         during_run=2, next_morning="same", trend="same"), "rest"),
    ("forefoot ache, all clear", dict(pain="dull", location="foot", onset="gradual", bone_tender=False,
                                      hop="fine", during_run=2, next_morning="same", trend="same"), "easy"),
    ("diffuse shin splints, all clear", dict(pain="ache", location="shin", spread="diffuse", bone_tender=False,
                                             hop="fine", during_run=3, next_morning="same", trend="same"), "easy"),
    # can't-miss
    ("red, warm, swollen calf", dict(location="calf", redness=True, swelling=True), "urgent"),
    ("dark urine after a marathon", dict(pain="ache", location="quad", severity=8, after="marathon",
                                         hours_since=20, dark_urine=True), "urgent"),
    ("back pain with saddle numbness", dict(pain="ache", location="lower-back", saddle_numb=True), "urgent"),
    ("groin pain, can't walk", dict(pain="ache", location="groin", weight_bearing="cannot"), "urgent"),
    # everyday complaints
    ("stiff lower back", dict(pain="stiff", location="lower-back"), "easy"),
    ("lower back pain down the leg", dict(pain="ache", location="lower-back", radiating=True), "stop"),
    ("an ache, nothing else", dict(pain="ache"), "easy"),
    ("a sore calf, nothing else", dict(location="calf"), "easy"),
    ("short night", dict(sleep=3), "easy"),
    ("changed gait", dict(gait_changed=True, pain="ache", location="calf"), "stop"),
    ("sore quads, two days after a run", dict(pain="ache", location="quad", spread="diffuse", hours_since=36), "easy"),
    ("sharp ankle pain", dict(pain="sharp", location="ankle"), "stop"),
    # after an event: agrees with the plan
    ("two hours after a marathon", dict(after="marathon", hours_since=2), "rest"),
    ("sore quads the day after a marathon", dict(pain="ache", location="quad", spread="diffuse",
                                                 after="marathon", hours_since=30), "rest"),
    ("a week after a marathon", dict(after="marathon", hours_since=170), "go"),
]


@pytest.mark.parametrize(("case", "inputs", "level"), CASES, ids=[c[0] for c in CASES])
def test_clinical_case(case: str, inputs: dict[str, Any], level: str) -> None:
    result = recoverycli.assess(**inputs)
    assert result.level == level, (case, [r.id for r in result.fired])
    if RANK[level] >= RANK["stop"]:
        assert "see-professional" in {g.advice.topic for g in result.advice}
    for lang in ("en", "nl"):
        assert headline(result, BOOK, lang).strip()


@pytest.mark.parametrize(("inputs", "words"), [
    (dict(pain="cramp", location="calf", when="night"), "cramp"),
    (dict(pain="stiff", location="lower-back"), "back"),
    (dict(sleep=4), "night"),
    (dict(pain="ache", location="groin", hop="painful"), "femoral"),
    (dict(after="marathon", hours_since=2), "marathon"),
    (dict(pain="ache", location="achilles"), "achilles"),
    (dict(pain="ache", location="heel", first_steps=True, bone_tender=False, hop="fine", during_run=2,
          next_morning="same", trend="same"), "heel"),
])
def test_the_headline_is_about_the_complaint(inputs: dict[str, Any], words: str) -> None:
    result = recoverycli.assess(**inputs)
    text = headline(result, BOOK, "en").lower()
    assert words in text, text
    assert "nothing you told me" not in text and "no warning signs" not in text


def test_the_headline_comes_from_a_red_flag_when_one_decides() -> None:
    result = recoverycli.assess(pain="sharp", location="knee")
    rule = headline_rule(result)
    assert rule is not None and rule.red_flag and rule.level == result.level


def test_headlines_speak_dutch() -> None:
    for inputs, _level in [(c[1], c[2]) for c in CASES]:
        result = recoverycli.assess(**inputs)
        english, dutch = headline(result, BOOK, "en"), headline(result, BOOK, "nl")
        assert english != dutch, inputs


# --- assess agrees with the plan -----------------------------------------------------------

@pytest.mark.parametrize("event", list(VOCAB.events))
def test_assess_after_an_event_follows_the_plan_day_by_day(event: str) -> None:
    plan = recoverycli.plan(event)
    returns = next(day.day for day in plan.days if day.phase == "return")
    for hours in range(0, (returns + 1) * 24, 6):
        result = recoverycli.assess(after=event, hours_since=hours)
        day = hours // 24
        if day < returns:
            assert result.level != "go", (event, hours)
            assert RANK[result.level] >= RANK["rest"], "the plan has no run before its return day"
        else:
            assert result.level == "go", (event, hours)


# --- every place has its rules ---------------------------------------------------------------

def _levels_of_examples_at(location: str) -> set[str]:
    levels = set()
    for rule in BOOK.rules:
        for example in rule.examples:
            if example.given.get("location") == location and "level" in example.expect:
                levels.add(example.expect["level"])
    return levels


def _reachable_levels(location: str) -> set[str]:
    """Levels of the rules about places that can still fire once this place is known
    (rules that read no place show their levels with their own examples)."""
    known = engine.derive({"location": location}, VOCAB)
    return {rule.level for rule in BOOK.rules
            if rule.level and {"location", "tissue"} & rule.reads and rule.check(known) is not False}


@pytest.mark.parametrize("location", VOCAB.inputs["location"].values)
def test_every_place_has_its_own_rules_and_examples_for_each_level(location: str) -> None:
    specific = [rule for rule in BOOK.rules if "location" in rule.reads or "tissue" in rule.reads]
    assert any(rule.check(engine.derive({"location": location}, VOCAB)) is not False for rule in specific)
    alone = recoverycli.assess(location=location)
    assert alone.level != "go", "a sore spot alone is never 'train as planned'"
    assert alone.advice, "and never comes without advice"
    shown = _levels_of_examples_at(location)
    missing = _reachable_levels(location) - shown
    assert not missing, f"{location}: no example reaches {sorted(missing)}"


# --- missing answers say which way they could go ----------------------------------------------

def test_missing_answers_say_they_could_lower_a_cautious_answer() -> None:
    result = recoverycli.assess(pain="ache", location="achilles")
    could = {m.input: m.level for m in result.missing}
    assert could["during_run"] == could["next_morning"] == could["trend"] == "easy"
    assert RANK[could["weight_bearing"]] > RANK[result.level]


def test_no_answer_could_lower_a_red_flag() -> None:
    result = recoverycli.assess(pain="sharp", location="achilles")
    assert all(RANK[m.level or "go"] > RANK[result.level] for m in result.missing)


def test_open_questions_close_at_urgent_and_follow_the_place() -> None:
    assert engine.open_questions({"saddle_numb": True}, BOOK) == set()
    shin = engine.open_questions({"pain": "ache", "location": "shin"}, BOOK)
    assert {"during_run", "next_morning", "trend", "weight_bearing"} <= shin
    assert not {"during_run", "next_morning", "trend"} & engine.open_questions(
        {"pain": "sharp", "location": "achilles"}, BOOK), "a red flag waits for nothing"
