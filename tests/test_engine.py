"""The engine on small rule books built in tmp_path (no shipped rules).

Precedence, merged and de-duplicated advice, red flags first, missing inputs,
derived tissue and conditions compiled once at load time.
"""

from __future__ import annotations

import pytest
from conftest import make_rule

from recoverycli import engine
from recoverycli.engine import conditions
from recoverycli.engine import triage as engine_assess


def ids(rules: list) -> list[str]:
    return [r.id for r in rules]


def advice_of(result) -> list[tuple[str, str, str]]:
    return [(g.advice.topic, g.advice.text["en"], g.rule.id) for g in result.advice]


def missing_of(result) -> list[str]:
    return [m.input for m in result.missing]


# --- precedence --------------------------------------------------------------


@pytest.fixture
def levels_book(book_of):
    return book_of(
        make_rule("says-go", {"hrv": "high"}, "go"),
        make_rule("says-easy", {"pain": "ache"}, "easy"),
        make_rule("says-rest", {"rhr": "elevated"}, "rest"),
        make_rule("says-stop", {"swelling": True}, "stop"),
        make_rule("says-nothing", {"sleep": {"max": 6}}),
    )


@pytest.mark.parametrize(
    "inputs, level",
    [
        ({}, "go"),
        ({"sleep": 4}, "go"),  # an advice-only rule sets no level
        ({"hrv": "high"}, "go"),
        ({"hrv": "high", "pain": "ache"}, "easy"),  # by caution, not by alphabet
        ({"pain": "ache", "rhr": "elevated"}, "rest"),
        ({"hrv": "high", "pain": "ache", "rhr": "elevated", "swelling": True}, "stop"),
        ({"hrv": "high", "swelling": True, "sleep": 4}, "stop"),
    ],
)
def test_most_cautious_level_wins(levels_book, inputs: dict, level: str) -> None:
    assert engine.assess(inputs, levels_book).level == level


def test_advice_of_every_fired_rule_is_merged(levels_book) -> None:
    result = engine.assess({"hrv": "high", "pain": "ache", "sleep": 5}, levels_book)
    assert set(ids(result.fired)) == {"says-go", "says-easy", "says-nothing"}
    assert {rule for _t, _x, rule in advice_of(result)} == {"says-go", "says-easy", "says-nothing"}
    # fired rules come most cautious first
    assert ids(result.fired)[0] == "says-easy"


def test_a_flag_left_off_is_unknown_not_no(book_of) -> None:
    book = book_of(make_rule("no-numbness", {"pain": "ache", "numb": False}, "easy"))
    assert engine.assess({"pain": "ache"}, book).fired == []
    assert ids(engine.assess({"pain": "ache", "numb": False}, book).fired) == ["no-numbness"]
    assert engine.assess({"pain": "ache", "numb": True}, book).fired == []


def test_inputs_are_never_defaulted(book_of) -> None:
    book = book_of(make_rule("negated", {"not": {"pain": "sharp"}}, "go"))
    result = engine.assess({"pain": None, "numb": None}, book)
    assert result.inputs == {}
    assert result.fired == []  # `not` of unknown is unknown, so it does not fire
    assert ids(engine.assess({"pain": "ache"}, book).fired) == ["negated"]


def test_assess_does_not_change_its_inputs(levels_book) -> None:
    inputs = {"pain": "ache", "location": "calf", "numb": None}
    engine.assess(inputs, levels_book)
    assert inputs == {"pain": "ache", "location": "calf", "numb": None}


# --- advice: merged, de-duplicated, red flags first --------------------------


def test_identical_advice_is_given_once(book_of) -> None:
    book = book_of(
        make_rule(
            "first",
            {"pain": "ache"},
            "easy",
            advice=[("massage", "Massage lightly."), ("explain", "Shared words.")],
        ),
        make_rule(
            "second",
            {"location": "calf"},
            "easy",
            advice=[
                ("massage", "Massage lightly."),
                ("massage", "Roll the calf."),
                ("hydration", "Massage lightly."),
            ],
        ),
    )
    result = engine.assess({"pain": "ache", "location": "calf"}, book)
    assert advice_of(result) == [
        ("massage", "Massage lightly.", "first"),
        ("explain", "Shared words.", "first"),
        ("massage", "Roll the calf.", "second"),  # same topic, other text: kept
        ("hydration", "Massage lightly.", "second"),  # same text, other topic: kept
    ]


def test_advice_repeated_within_one_rule_is_given_once(book_of) -> None:
    book = book_of(
        make_rule("alone", {"pain": "ache"}, "easy",
                  advice=[("massage", "Twice."), ("sleep", "Once."), ("massage", "Twice.")]),
        make_rule("other", {"location": "calf"}, "easy", advice=[("protein", "Unrelated.")]),
    )
    result = engine.assess({"pain": "ache", "location": "calf"}, book)
    assert advice_of(result) == [("massage", "Twice.", "alone"), ("sleep", "Once.", "alone"),
                                 ("protein", "Unrelated.", "other")]


def test_red_flag_advice_comes_first(book_of) -> None:
    book = book_of(
        make_rule("ordinary", {"pain": "ache"}, "easy", advice=[("protein", "Eat some protein.")]),
        make_rule("cautious", {"location": "calf"}, "rest", advice=[("sleep", "Sleep well.")]),
        make_rule(
            "warning",
            {"numb": True},
            "stop",
            red_flag=True,
            advice=[("see-professional", "See a doctor."), ("explain", "Numbness is a warning.")],
        ),
    )
    result = engine.assess({"pain": "ache", "location": "calf", "numb": True}, book)
    assert result.level == "stop"
    assert ids(result.fired) == ["warning", "cautious", "ordinary"]
    topics = [topic for topic, _text, _rule in advice_of(result)]
    assert topics == ["see-professional", "explain"], "at stop, the red flag speaks alone"


def test_stop_hides_training_and_care_advice_of_other_rules_but_keeps_first_aid(book_of) -> None:
    book = book_of(
        make_rule("ride", {"pain": "ache"}, None,
                  advice=[("recovery-ride", "Ride easy."), ("heat", "Warm it."), ("cold", "Cool it."),
                          ("protein", "Eat protein.")]),
        make_rule("warning", {"swelling": True}, "stop", red_flag=True,
                  advice=[("see-professional", "See a doctor."), ("massage", "Nobody but a physio.")]),
    )
    stopped = engine.assess({"pain": "ache", "swelling": True}, book)
    topics = [topic for topic, _text, _rule in advice_of(stopped)]
    assert "recovery-ride" not in topics and "heat" not in topics and "protein" not in topics
    assert {"cold", "see-professional", "massage"} <= set(topics)
    easy = engine.assess({"pain": "ache"}, book)
    assert {"recovery-ride", "heat"} <= {topic for topic, _text, _rule in advice_of(easy)}


def test_red_flag_first_even_among_equal_levels(book_of) -> None:
    book = book_of(
        make_rule("plain-stop", {"swelling": True}, "stop", advice=[("cold", "Cool it.")]),
        make_rule(
            "flagged-stop",
            {"numb": True},
            "stop",
            red_flag=True,
            advice=[("see-professional", "See a doctor.")],
        ),
    )
    result = engine.assess({"swelling": True, "numb": True}, book)
    assert ids(result.fired) == ["flagged-stop", "plain-stop"]
    assert advice_of(result)[0] == ("see-professional", "See a doctor.", "flagged-stop")


# --- missing inputs ----------------------------------------------------------


@pytest.fixture
def missing_book(book_of):
    return book_of(
        make_rule("soreness", {"pain": "ache"}, "easy"),
        make_rule("numb-stop", {"pain": "ache", "numb": True}, "stop"),  # unknown, more cautious
        make_rule("tingle-easy", {"tingling": True}, "easy"),  # unknown, not more cautious
        make_rule("sharp-radiating", {"pain": "sharp", "radiating": True}, "stop"),  # false
        make_rule("recurring-note", {"recurring": True}),  # unknown, no level
        make_rule("swelling-rest", {"any": [{"swelling": True}, {"severity": {"min": 8}}]}, "rest"),
    )


def test_missing_lists_inputs_of_unknown_more_cautious_rules(missing_book) -> None:
    result = engine.assess({"pain": "ache"}, missing_book)
    assert result.level == "easy"
    assert set(missing_of(result)) == {"numb", "swelling", "severity"}
    assert missing_of(result)[0] == "numb"  # the input that could lead to stop comes first
    by_input = {m.input: m for m in result.missing}
    assert by_input["numb"].level == "stop"
    assert ids(by_input["numb"].rules) == ["numb-stop"]
    assert by_input["swelling"].level == "rest"


def test_known_inputs_and_false_rules_are_not_missing(missing_book) -> None:
    result = engine.assess({"pain": "ache"}, missing_book)
    assert "pain" not in missing_of(result)
    assert "radiating" not in missing_of(result)  # sharp-radiating is false, not unknown
    assert "tingling" not in missing_of(result)  # tingle-easy cannot raise the decision
    assert "recurring" not in missing_of(result)  # advice-only


def test_nothing_is_missing_once_the_decision_is_stop(missing_book) -> None:
    result = engine.assess({"pain": "ache", "numb": True}, missing_book)
    assert result.level == "stop"
    assert result.missing == []


def test_tissue_is_reported_as_location(book_of) -> None:
    book = book_of(
        make_rule("joint-pain", {"pain": "ache", "tissue": "joint"}, "stop"),
        make_rule("knee-pain", {"pain": "ache", "location": "knee"}, "rest"),
    )
    result = engine.assess({"pain": "ache"}, book)
    assert missing_of(result) == ["location"]
    assert ids(result.missing[0].rules) == ["joint-pain", "knee-pain"]
    assert result.missing[0].level == "stop"


# --- derived tissue ----------------------------------------------------------


def test_tissue_comes_from_the_body_map(book_of) -> None:
    book = book_of(make_rule("joint-rule", {"tissue": "joint"}, "stop"))
    body_map = book.vocab.body_map
    assert body_map["ankle"] == "joint"  # the contract's example
    assert body_map["calf"] == "muscle"
    for location, tissue in body_map.items():
        result = engine.assess({"location": location}, book)
        assert result.inputs["tissue"] == tissue
        assert (ids(result.fired) == ["joint-rule"]) is (tissue == "joint"), location
    assert "tissue" not in engine.assess({"pain": "ache"}, book).inputs


# --- compiled once -----------------------------------------------------------


def test_conditions_are_compiled_at_load_and_reused(
    book_of, monkeypatch: pytest.MonkeyPatch
) -> None:
    book = book_of(
        make_rule("compiled", {"any": [{"pain": "sharp"}, {"severity": {"min": 7}}]}, "stop")
    )
    rule = book.rules[0]
    check = rule.check
    assert callable(check)
    assert check({"pain": "sharp"}) is True  # compiled before any assessment
    assert check({"pain": "ache", "severity": 3}) is False

    def no_compiling(*_args, **_kwargs):
        raise AssertionError("a condition was compiled during an assessment")

    for name in ("compile_condition", "_compile_mapping", "_compile_matcher"):
        monkeypatch.setattr(conditions, name, no_compiling)
    monkeypatch.setattr(engine_assess, "compile_leaf", no_compiling)
    rule.when = {"this": "is no longer read"}  # evaluation must not interpret `when`
    for _ in range(3):
        assert engine.assess({"severity": 8}, book).level == "stop"
        assert engine.assess({"severity": 2}, book).level == "go"
    assert rule.check is check


# --- a fallback rule stands down ----------------------------------------------


@pytest.fixture
def fallback_book(book_of):
    fallback = make_rule("not-enough-yet", {"pain": {"known": True}}, "easy",
                         advice=[("twenty-minute-rule", "Keep it easy until you know more.")])
    fallback["fallback"] = True
    return book_of(
        fallback,
        make_rule("says-go", {"hrv": "high"}, "go"),
        make_rule("says-rest", {"rhr": "elevated"}, "rest"),
        make_rule("only-advice", {"sleep": {"max": 6}}, advice=[("sleep", "Sleep more.")]),
    )


def test_a_fallback_decides_when_nothing_else_does(fallback_book) -> None:
    result = engine.assess({"pain": "ache", "sleep": 5}, fallback_book)
    assert result.level == "easy"
    assert "Keep it easy until you know more." in [text for _t, text, _r in advice_of(result)]


def test_a_fallback_stands_down_once_a_rule_as_cautious_decides(fallback_book) -> None:
    """Its advice and headline give way, yet it still counts as fired."""
    result = engine.assess({"pain": "ache", "rhr": "elevated"}, fallback_book)
    assert result.level == "rest"
    assert "not-enough-yet" in ids(result.fired)
    assert "not-enough-yet" in result.stood_down
    assert "not-enough-yet" not in [rule for _t, _text, rule in advice_of(result)]


def test_a_bolder_rule_never_silences_a_fallback(fallback_book) -> None:
    """A good HRV says nothing about a pain: the unjudged pain still keeps the day easy."""
    result = engine.assess({"pain": "ache", "hrv": "high"}, fallback_book)
    assert result.level == "easy"
    assert not result.stood_down
    assert "Keep it easy until you know more." in [text for _t, text, _r in advice_of(result)]
