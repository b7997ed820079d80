"""`recover assess` through the command line (Typer's CliRunner).

Every flag and every usage error, the script-friendly options (`--json`,
`--only`, `--fail-on`, `--explain`), language choice, the no-input guide, plain
output in a pipe, user rules, and one test per decision path from the source
articles. Rule texts are under review, so the assertions are on levels,
topics, rule ids, structure and counts, never on advice wording.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from helpers import invoke, run_module

from recoverycli import load_rules

VOCAB = load_rules().vocab

BOOK = load_rules()
LEVELS = list(VOCAB.levels)
RANK = {level: i for i, level in enumerate(LEVELS)}
RED_FLAG_IDS = {rule.id for rule in BOOK.rules if rule.red_flag}


DOMS = ["--pain", "ache", "--location", "quad", "--spread", "diffuse", "--hours-since", "36"]
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")




def run(*args: str, **env: str | None) -> Any:
    return invoke(["assess", *args], **env)


def assess_json(*args: str, **env: str | None) -> dict[str, Any]:
    result = run(*args, "--json", **env)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def topics(doc: dict[str, Any]) -> set[str]:
    return {advice["topic"] for advice in doc["advice"]}


def rule_ids(doc: dict[str, Any]) -> list[str]:
    return [rule["id"] for rule in doc["rules"]]


def flat(text: str) -> str:
    """Error text without Rich's box borders and line wrapping."""
    text = re.sub(r"[╭╮╰╯─│]", " ", text)
    return re.sub(r"\s+", " ", text)


def assert_red_flags_first(doc: dict[str, Any]) -> None:
    """Red-flag rules lead `rules`; their advice leads `advice`, see-professional among it."""
    flags = [bool(rule.get("red_flag")) for rule in doc["rules"]]
    assert flags == sorted(flags, reverse=True), rule_ids(doc)
    advice_from_flags = [advice["rule"] in RED_FLAG_IDS for advice in doc["advice"]]
    assert advice_from_flags == sorted(advice_from_flags, reverse=True)
    leading = [a["topic"] for a in doc["advice"] if a["rule"] in RED_FLAG_IDS]
    assert "see-professional" in leading
    first_professional = next(
        i for i, a in enumerate(doc["advice"]) if a["topic"] == "see-professional"
    )
    assert doc["advice"][first_professional]["rule"] in RED_FLAG_IDS


# --- every flag -----------------------------------------------------------------


def _flag_cases() -> list[tuple[list[str], str, Any]]:
    cases: list[tuple[list[str], str, Any]] = []
    for name, spec in VOCAB.inputs.items():
        if spec.derived:
            continue
        flag = "--" + name.replace("_", "-")
        if spec.type == "choice":
            cases += [([flag, value], name, value) for value in spec.values]
        elif spec.type == "flag":
            cases += [([flag], name, True), ([f"--no-{name.replace('_', '-')}"], name, False)]
        elif spec.type == "integer":
            cases += [([flag, "0"], name, 0), ([flag, "10"], name, 10)]
        else:
            cases += [([flag, "0"], name, 0), ([flag, "7.5"], name, 7.5)]
    return cases


@pytest.mark.parametrize(("args", "name", "value"), _flag_cases(), ids=lambda x: str(x))
def test_every_input_flag_is_accepted_and_echoed(args: list[str], name: str, value: Any) -> None:
    doc = assess_json(*args)
    assert doc["inputs"][name] == value
    assert doc["level"] in LEVELS


def test_every_contract_input_has_a_flag() -> None:
    contract = {
        "pain",
        "location",
        "spread",
        "onset",
        "hours_since",
        "severity",
        "warmup",
        "gait_changed",
        "swelling",
        "numb",
        "tingling",
        "radiating",
        "recurring",
        "when",
        "frequent",
        "hrv",
        "rhr",
        "sleep",
        "after",
    }
    given = {name for name, spec in VOCAB.inputs.items() if not spec.derived}
    assert contract <= given
    help_text = run("--help", COLUMNS="200").stdout
    for name in contract:
        assert "--" + name.replace("_", "-") in help_text


def test_derived_tissue_comes_from_the_body_map() -> None:
    for location, tissue in VOCAB.body_map.items():
        assert assess_json("--location", location)["inputs"]["tissue"] == tissue


def test_inputs_not_given_are_absent_never_defaulted() -> None:
    doc = assess_json("--pain", "ache")
    assert doc["inputs"] == {"pain": "ache"}


# --- usage errors: exit 2 ---------------------------------------------------------


@pytest.mark.parametrize(
    ("flag", "wrong", "suggestion"),
    [
        ("--pain", "shrap", "sharp"),
        ("--location", "calff", "calf"),
        ("--spread", "locl", "local"),
        ("--onset", "suden", "sudden"),
        ("--warmup", "wors", "worse"),
        ("--when", "nigth", "night"),
        ("--hrv", "lwo", "low"),
        ("--rhr", "elevatd", "elevated"),
        ("--after", "marathn", "marathon"),
        ("--only", "wlak", "walk"),
        ("--fail-on", "stpo", "stop"),
        ("--lang", "nll", "nl"),
    ],
)
def test_unknown_value_lists_valid_values_and_suggests_the_closest(
    flag: str, wrong: str, suggestion: str
) -> None:
    result = run(flag, wrong)
    assert result.exit_code == 2
    assert result.stdout == ""
    message = flat(result.stderr)
    assert f"Did you mean '{suggestion}'" in message
    assert suggestion in message.split("is not one of:")[1]


def test_unknown_pain_lists_every_pain_value() -> None:
    message = flat(run("--pain", "shrap").stderr)
    for value in VOCAB.inputs["pain"].values:
        assert value in message


def test_value_with_nothing_close_gets_no_suggestion() -> None:
    result = run("--pain", "zzzzzzzz")
    assert result.exit_code == 2
    assert "Did you mean" not in flat(result.stderr)


@pytest.mark.parametrize(
    ("args", "english", "dutch"),
    [
        (["--severity", "11"], "11 is outside the allowed range (0–10).", "valt buiten het toegelaten bereik"),
        (["--severity", "-1"], "-1 is outside the allowed range (0–10).", "(0–10)"),
        (["--severity", "5.5"], "'5.5' is not a whole number.", "'5.5' is geen geheel getal."),
        (["--hours-since", "-1"], "-1 is outside the allowed range (≥0).", "(≥0)"),
        (["--sleep", "-2"], "-2 is outside the allowed range (0–24).", "(0–24)"),
        (["--sleep", "25"], "25 is outside the allowed range (0–24).", "(0–24)"),
        (["--hours-since", "nan"], "'nan' is not a number.", "'nan' is geen getal."),
        (["--hours-since", "soon"], "'soon' is not a number.", "'soon' is geen getal."),
    ],
)
def test_number_out_of_range_or_not_a_number_is_bad_usage(args: list[str], english: str,
                                                          dutch: str) -> None:
    """English in-process; the Dutch words in a fresh process (see run_module)."""
    result = run(*args)
    assert result.exit_code == 2
    assert result.stdout == ""
    message = flat(result.stderr)
    assert args[0] in message
    assert english in message
    assert "Input should" not in message  # the validator's own words never show
    if args[0] != "--sleep":  # one fresh process per message is enough
        dutch_run = run_module(["assess", *args, "--lang", "nl"])
        assert dutch_run.returncode == 2
        assert dutch in flat(dutch_run.stderr)


def test_a_decimal_comma_is_a_number() -> None:
    assert assess_json("--sleep", "6,5")["inputs"] == {"sleep": 6.5}
    assert assess_json("--hours-since", "1,5")["inputs"]["hours_since"] == 1.5


def _strict_json(text: str) -> Any:
    def refuse(constant: str) -> Any:
        raise ValueError(f"not JSON: {constant}")

    return json.loads(text, parse_constant=refuse)


@pytest.mark.parametrize("value", ["inf", "1e400"])
def test_infinite_hours_since_is_refused_or_still_valid_json(value: str) -> None:
    result = run("--pain", "ache", "--location", "quad", "--hours-since", value, "--json")
    if result.exit_code != 2:
        _strict_json(result.stdout)


@pytest.mark.parametrize("args", [["--bogus"], ["--pain"], ["--numb", "yes"], ["--json=1"]])
def test_unknown_flag_or_missing_value_is_bad_usage(args: list[str]) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr


def test_bounds_are_inclusive() -> None:
    assert (
        assess_json("--severity", "0", "--hours-since", "0", "--sleep", "0")["inputs"]["severity"]
        == 0
    )
    assert assess_json("--severity", "10", "--sleep", "24")["inputs"]["sleep"] == 24


# --- --json -------------------------------------------------------------------


def test_json_is_one_document_on_stdout_and_nothing_else() -> None:
    result = run(*DOMS, "--json")
    assert result.exit_code == 0
    assert result.stdout.endswith("\n")
    assert result.stdout.count("\n") == 1
    doc = _strict_json(result.stdout)
    assert doc["schema_version"] == 1
    assert doc["command"] == "assess"
    assert set(doc) >= {"level", "headline", "inputs", "rules", "advice", "missing", "disclaimer"}
    assert not ANSI.search(result.stdout)


def test_json_with_fail_on_keeps_stdout_pure() -> None:
    result = run("--hrv", "low", "--json", "--fail-on", "rest")
    assert result.exit_code == 1
    assert json.loads(result.stdout)["level"] == "rest"
    assert result.stderr.strip()


def test_json_without_inputs_is_still_a_document() -> None:
    doc = assess_json()
    assert doc["level"] == "go"
    assert doc["inputs"] == {}
    assert doc["rules"] == []
    assert doc["missing"], "with nothing given, every warning sign is worth asking"


def test_every_advice_item_and_rule_carries_a_source() -> None:
    doc = assess_json("--pain", "cramp", "--location", "calf", "--when", "night")
    fired = set(rule_ids(doc))
    for advice in doc["advice"]:
        assert advice["rule"] in fired
        assert advice["source"]["document"] and advice["source"]["section"]
    for rule in doc["rules"]:
        assert rule["source"]["document"] and rule["source"]["section"]


# --- --only ---------------------------------------------------------------------


def test_only_filters_advice_to_one_topic() -> None:
    full = assess_json(*DOMS)
    only = assess_json(*DOMS, "--only", "walk")
    assert topics(only) == {"walk"}
    assert len(only["advice"]) == sum(a["topic"] == "walk" for a in full["advice"])
    assert only["level"] == full["level"]
    assert rule_ids(only) == rule_ids(full)


def test_only_is_repeatable() -> None:
    doc = assess_json(*DOMS, "--only", "walk", "--only", "twenty-minute-rule")
    assert topics(doc) == {"walk", "twenty-minute-rule"}


def test_only_with_no_matching_advice() -> None:
    assert assess_json(*DOMS, "--only", "casein")["advice"] == []
    result = run(*DOMS, "--only", "casein")
    assert result.exit_code == 0
    assert "casein" in result.stdout


def test_only_filters_the_rich_output_too() -> None:
    full = assess_json("--pain", "sharp", "--location", "ankle")
    explain_texts = [a["text"] for a in full["advice"] if a["topic"] == "explain"]
    shown = flat(
        run(
            "--pain", "sharp", "--location", "ankle", "--only", "see-professional", COLUMNS="400"
        ).stdout
    )
    assert explain_texts
    for text in explain_texts:
        assert flat(text) not in shown
    for advice in full["advice"]:
        if advice["topic"] == "see-professional":
            assert flat(advice["text"]) in shown


# --- --fail-on ------------------------------------------------------------------


@pytest.mark.parametrize("threshold", LEVELS)
@pytest.mark.parametrize(
    ("args", "level"),
    [
        (DOMS, "easy"),
        (["--hrv", "low"], "rest"),
        (["--pain", "sharp"], "stop"),
        ([*DOMS[:2]], "easy"),
        (["--dark-urine"], "urgent"),
        (["--hrv", "normal"], "go"),
    ],
)
def test_fail_on_exits_1_at_or_above_and_0_below(
    args: list[str], level: str, threshold: str
) -> None:
    result = run(*args, "--fail-on", threshold)
    expected = 1 if RANK[level] >= RANK[threshold] else 0
    assert result.exit_code == expected, (level, threshold)
    assert bool(result.stderr.strip()) == bool(expected)
    assert result.stdout  # the assessment is still shown


# --- --explain --------------------------------------------------------------------


def test_explain_json_lists_every_rule_considered() -> None:
    doc = assess_json("--pain", "sharp", "--location", "ankle", "--explain")
    considered = doc["considered"]
    assert [c["id"] for c in considered] == [rule.id for rule in BOOK.rules]
    by_result: dict[str, set[str]] = {"fired": set(), "false": set(), "unknown": set()}
    for entry in considered:
        by_result[entry["result"]].add(entry["id"])
        if entry["result"] == "false":
            assert entry["false"], entry
        if entry["result"] == "unknown":
            assert entry["unknown"], entry
    assert by_result["fired"] == set(rule_ids(doc))
    assert by_result["false"] and by_result["unknown"]
    assert "doms" in by_result["false"]  # sharp is not an ache
    assert "warning-numb" in by_result["unknown"]
    numb = next(c for c in considered if c["id"] == "warning-numb")
    assert numb["unknown"] == ["numb"]


def test_without_explain_there_is_no_considered() -> None:
    assert "considered" not in assess_json(*DOMS)


def test_explain_rich_lists_every_rule_with_its_result() -> None:
    result = run("--pain", "sharp", "--location", "ankle", "--explain", COLUMNS="250")
    assert result.exit_code == 0
    rows = {}
    for line in result.stdout.splitlines():
        cells = [cell.strip() for cell in line.strip("│ ").split("│")]
        if len(cells) >= 2 and cells[0]:
            rows[cells[0]] = cells[1]
    words = {VOCAB.msg("fired", "en"), VOCAB.msg("not_fired", "en"), VOCAB.msg("unknown", "en")}
    for rule in BOOK.rules:
        assert rows.get(rule.id) in words, rule.id
    assert rows["warning-pain-sharp"] == VOCAB.msg("fired", "en")
    assert rows["doms"] == VOCAB.msg("not_fired", "en")
    assert rows["warning-numb"] == VOCAB.msg("unknown", "en")


# --- language -------------------------------------------------------------------

EN_DISCLAIMER = VOCAB.msg("disclaimer", "en")
NL_DISCLAIMER = VOCAB.msg("disclaimer", "nl")


def test_dutch_disclaimer_differs_from_english() -> None:
    assert EN_DISCLAIMER != NL_DISCLAIMER


@pytest.mark.parametrize(
    ("args", "env"),
    [
        (["--lang", "nl"], {}),
        ([], {"RECOVER_LANG": "nl"}),
        ([], {"LANG": "nl_BE.UTF-8"}),
        ([], {"LANG": "nl_NL.UTF-8"}),
        ([], {"LC_ALL": "nl_BE.UTF-8", "LANG": "en_GB.UTF-8"}),
    ],
)
def test_dutch_from_flag_or_environment(args: list[str], env: dict[str, str]) -> None:
    doc = assess_json(*DOMS, *args, **env)
    assert doc["disclaimer"] == NL_DISCLAIMER
    assert doc["level"] == "easy"
    english = assess_json(*DOMS)
    assert english["disclaimer"] == EN_DISCLAIMER
    assert [a["topic"] for a in doc["advice"]] == [a["topic"] for a in english["advice"]]
    assert doc["headline"] != english["headline"]


def test_dutch_rich_output() -> None:
    text = flat(run(*DOMS, "--lang", "nl", "--full", COLUMNS="400").stdout)
    assert flat(NL_DISCLAIMER) in text
    assert flat(EN_DISCLAIMER) not in text
    assert VOCAB.level_labels["easy"]["nl"] in text
    short = flat(run(*DOMS, "--lang", "nl", COLUMNS="400").stdout)
    assert VOCAB.msg("brief_more", "nl") in short and VOCAB.msg("brief_more", "en") not in short
    assert VOCAB.level_labels["easy"]["nl"] in short


def test_flag_beats_environment() -> None:
    assert assess_json(*DOMS, "--lang", "en", RECOVER_LANG="nl")["disclaimer"] == EN_DISCLAIMER
    assert assess_json(*DOMS, RECOVER_LANG="en", LANG="nl_BE.UTF-8")["disclaimer"] == EN_DISCLAIMER


def test_unsupported_locale_falls_back_to_english() -> None:
    assert assess_json(*DOMS, LANG="fr_FR.UTF-8")["disclaimer"] == EN_DISCLAIMER


# --- no inputs, pipes, colour -------------------------------------------------------


def test_no_inputs_in_a_pipe_prints_a_short_guide() -> None:
    result = run()
    assert result.exit_code == 0
    assert result.stdout == VOCAB.msg("guide", "en")
    assert 0 < len(result.stdout.splitlines()) <= 15
    assert "--pain" in result.stdout
    assert "--location" in result.stdout


def test_no_inputs_guide_in_dutch() -> None:
    result = run(RECOVER_LANG="nl")
    assert result.exit_code == 0
    assert result.stdout == VOCAB.msg("guide", "nl")
    assert result.stdout != VOCAB.msg("guide", "en")


@pytest.mark.parametrize("env", [{"NO_COLOR": "1"}, {"NO_COLOR": None}])
def test_pipe_output_has_no_ansi_escapes(env: dict[str, str | None]) -> None:
    for args in (DOMS, ["--pain", "sharp", "--location", "ankle", "--explain"]):
        result = run(*args, **env)
        assert result.exit_code == 0
        assert result.stdout.strip()
        assert "\x1b" not in result.stdout


def _colour_codes(text: str) -> list[str]:
    found = []
    for match in re.finditer(r"\x1b\[([0-9;]*)m", text):
        for code in match.group(1).split(";"):
            if code and (30 <= int(code) <= 49 or 90 <= int(code) <= 107):
                found.append(code)
    return found


def test_no_color_in_a_terminal_has_no_colour() -> None:
    coloured = run("--pain", "sharp", "--location", "ankle", FORCE_COLOR="1", NO_COLOR=None).stdout
    assert _colour_codes(coloured), "FORCE_COLOR should give colour, else this test proves nothing"
    plain = run("--pain", "sharp", "--location", "ankle", FORCE_COLOR="1", NO_COLOR="1").stdout
    assert _colour_codes(plain) == []


# --- user rules ---------------------------------------------------------------------

USER_RULE = """\
rules:
  - id: my-short-sleep-hamstring
    title: {en: "Short night, tight hamstring", nl: "Korte nacht, stijve hamstring"}
    when:
      location: hamstring
      sleep: {max: 5}
    level: rest
    advice:
      - topic: nap
        text: {en: "Take a nap first.", nl: "Doe eerst een dutje."}
    source: {document: "My coach", section: "Notes"}
    examples:
      - given: {location: hamstring, sleep: 4}
        expect: {level: rest, topics: [nap]}
"""


@pytest.fixture
def user_rules(tmp_path: Path) -> Path:
    folder = tmp_path / "my-rules"
    folder.mkdir()
    (folder / "mine.yaml").write_text(USER_RULE, encoding="utf-8")
    return folder


def test_rules_dir_adds_a_user_rule(user_rules: Path) -> None:
    without = assess_json("--location", "hamstring", "--sleep", "4")
    assert "my-short-sleep-hamstring" not in rule_ids(without)
    doc = assess_json("--location", "hamstring", "--sleep", "4", "--rules", str(user_rules))
    assert "my-short-sleep-hamstring" in rule_ids(doc)
    assert RANK[doc["level"]] >= RANK["rest"]
    mine = [a for a in doc["advice"] if a["rule"] == "my-short-sleep-hamstring"]
    assert [a["topic"] for a in mine] == ["nap"]
    assert mine[0]["source"] == {"document": "My coach", "section": "Notes"}
    shipped = {rule.id for rule in BOOK.rules}
    assert shipped & set(rule_ids(doc)), "user rules join the shipped ones"


def test_rules_env_adds_a_user_rule(user_rules: Path) -> None:
    doc = assess_json("--location", "hamstring", "--sleep", "4", RECOVER_RULES=str(user_rules))
    assert "my-short-sleep-hamstring" in rule_ids(doc)


def test_user_rule_in_dutch(user_rules: Path) -> None:
    doc = assess_json(
        "--location", "hamstring", "--sleep", "4", "--rules", str(user_rules), "--lang", "nl"
    )
    assert "Doe eerst een dutje." in [a["text"] for a in doc["advice"]]


def test_duplicate_rule_id_is_bad_data(tmp_path: Path) -> None:
    (tmp_path / "dup.yaml").write_text(
        USER_RULE.replace("my-short-sleep-hamstring", "doms"), encoding="utf-8"
    )
    result = run("--pain", "ache", "--rules", str(tmp_path))
    assert result.exit_code == 3
    assert "dup.yaml" in flat(result.stderr)
    assert "Traceback" not in result.stderr


# --- decision paths from the articles ---------------------------------------------------


def test_doms_is_easy_with_twenty_minute_rule_and_ride_or_walk() -> None:
    doc = assess_json(*DOMS)
    assert doc["level"] == "easy"
    assert "doms" in rule_ids(doc)
    assert "twenty-minute-rule" in topics(doc)
    assert topics(doc) & {"recovery-ride", "walk"}
    assert not topics(doc) & {"stop-activity", "see-professional"}
    assert not set(rule_ids(doc)) & RED_FLAG_IDS
    assert doc["inputs"]["tissue"] == "muscle"


def test_doms_by_delayed_onset() -> None:
    doc = assess_json("--pain", "stiff", "--location", "calf", "--onset", "delayed")
    assert doc["level"] == "easy"
    assert "doms" in rule_ids(doc)


def test_doms_lists_missing_warning_signs_with_a_reason() -> None:
    doc = assess_json(*DOMS)
    missing = {m["input"]: m["why"] for m in doc["missing"]}
    for name in ("swelling", "numb", "tingling", "radiating", "warmup"):
        assert name in missing, name
        assert missing[name].strip()
    assert not {"pain", "location", "spread", "hours_since"} & set(missing), (
        "given inputs are not missing"
    )
    assert len(missing) == len(doc["missing"]), "each input once"


def test_doms_rich_output_shows_missing_flags() -> None:
    out = run(*DOMS, "--full", COLUMNS="200").stdout
    assert VOCAB.msg("heading_missing", "en") in out
    assert "--swelling" in out and "--numb" in out


def test_after_a_red_flag_missing_answers_only_point_up() -> None:
    doc = assess_json("--pain", "sharp", "--location", "ankle")
    assert doc["level"] == "stop"
    assert doc["missing"], "what could make it urgent is still asked"
    assert {m["could"] for m in doc["missing"]} == {"urgent"}


def test_nothing_missing_once_the_decision_is_urgent() -> None:
    assert assess_json("--saddle-numb", "--location", "lower-back")["missing"] == []


RED_FLAGS = [
    (["--pain", "sharp"], "warning-pain-sharp"),
    (["--pain", "stabbing"], "warning-pain-sharp"),
    (["--onset", "sudden"], "warning-onset-sudden"),
    (["--spread", "local"], "warning-pain-local"),
    (["--numb"], "warning-numb"),
    (["--tingling"], "warning-tingling"),
    (["--radiating"], "warning-radiating"),
    (["--swelling"], "warning-swelling"),
    (["--warmup", "worse"], "twenty-minute-worse"),
    (["--giving-way"], "joint-gives-way"),
    (["--redness"], "red-warm-spot"),
    (["--location", "shin", "--bone-tender"], "bone-stress-tender"),
    (["--location", "foot", "--hop", "painful"], "bone-stress-hop"),
]
URGENT_FLAGS = [
    (["--dark-urine"], "urgent-dark-urine"),
    (["--saddle-numb"], "urgent-saddle-numbness"),
    (["--weight-bearing", "cannot"], "cannot-bear-weight"),
    (["--location", "ankle", "--injury", "twist", "--weight-bearing", "cannot"], "ottawa-cannot-walk"),
    (["--location", "ankle", "--injury", "twist", "--bone-tender"], "ottawa-bone-tender"),
    (["--location", "calf", "--redness", "--swelling"], "urgent-calf-clot"),
]


@pytest.mark.parametrize(
    ("flag", "rule_id"), RED_FLAGS, ids=lambda x: " ".join(x) if isinstance(x, list) else x
)
@pytest.mark.parametrize("base", [[], DOMS], ids=["alone", "with-doms"])
def test_each_red_flag_stops_and_sends_to_a_professional(
    flag: list[str], rule_id: str, base: list[str]
) -> None:
    doc = assess_json(*base, *flag)
    assert doc["level"] == "stop", doc["headline"]
    assert rule_id in rule_ids(doc)
    assert rule_id in RED_FLAG_IDS
    assert doc["rules"][0].get("red_flag") is True
    assert {"see-professional", "stop-activity"} <= topics(doc)
    assert_red_flags_first(doc)
    assert "heat" not in topics(doc)
    # at stop, training-like advice from other rules is left out
    assert not topics(doc) & {"twenty-minute-rule", "recovery-ride"}


@pytest.mark.parametrize(
    ("flag", "rule_id"), URGENT_FLAGS, ids=lambda x: " ".join(x) if isinstance(x, list) else x
)
@pytest.mark.parametrize("base", [[], DOMS], ids=["alone", "with-doms"])
def test_each_urgent_sign_means_care_today(flag: list[str], rule_id: str, base: list[str]) -> None:
    doc = assess_json(*base, *flag)
    assert doc["level"] == "urgent"
    assert rule_id in rule_ids(doc)
    assert doc["rules"][0].get("red_flag") is True
    assert doc["rules"][0]["level"] == "urgent"
    assert {"see-professional", "stop-activity"} <= topics(doc)
    assert not topics(doc) & {"twenty-minute-rule", "recovery-ride", "protein", "massage"}
    assert doc["missing"] == []


def test_sharp_ankle_is_a_red_flag_that_speaks_once() -> None:
    doc = assess_json("--pain", "sharp", "--location", "ankle")
    assert doc["level"] == "stop"
    assert {"warning-pain-sharp", "load-pain-unclear"} <= set(rule_ids(doc))
    texts = [a["text"] for a in doc["advice"]]
    assert len(texts) == len(set(texts)), "shared red-flag texts are merged"
    spoken = [a["topic"] for a in doc["advice"]]
    assert spoken.count("stop-activity") == 1 and spoken.count("see-professional") == 1
    assert all(a["rule"] == "warning-pain-sharp" for a in doc["advice"]), "the red flag speaks alone"
    assert "sharp" in doc["headline"].lower()


@pytest.mark.parametrize("loc", [loc for loc, tissue in VOCAB.body_map.items()
                                 if tissue in ("joint", "tendon", "bone")])
def test_a_tendon_joint_or_bone_alone_stays_cautious_and_says_what_could_lower_it(loc: str) -> None:
    doc = assess_json("--pain", "ache", "--location", loc)
    assert doc["level"] == "stop"
    assert "load-pain-unclear" in rule_ids(doc)
    could = {m["input"]: m["could"] for m in doc["missing"]}
    assert {"during_run", "next_morning", "trend"} <= set(could)
    assert RANK[could["during_run"]] < RANK["stop"], "answers could lower it"


def test_red_flags_lead_the_rich_output() -> None:
    lines = [line.rstrip() for line in run(*DOMS, "--numb", "--full", COLUMNS="200").stdout.splitlines()]
    assert VOCAB.level_labels["stop"]["en"] in lines[0]
    advice = lines.index(VOCAB.msg("heading_advice", "en"))
    assert lines[advice + 1].strip() == VOCAB.msg("heading_red_flags", "en")
    group_lines = [
        i
        for i, line in enumerate(lines)
        if line.strip() in {g["en"] for g in VOCAB.groups.values()} and i > advice
    ]
    assert not group_lines or min(group_lines) > advice + 2, "other groups follow the warning signs"
    reasons = lines.index(VOCAB.msg("heading_reasons", "en"))
    first_reason = lines[reasons + 1]
    assert VOCAB.msg("red_flag", "en") in first_reason


@pytest.mark.parametrize(
    ("warmup", "level"), [("better", "easy"), ("same", "rest"), ("worse", "stop")]
)
@pytest.mark.parametrize("base", [[], DOMS], ids=["alone", "with-doms"])
def test_twenty_minute_rule(warmup: str, level: str, base: list[str]) -> None:
    doc = assess_json(*base, "--warmup", warmup)
    assert doc["level"] == level
    assert f"twenty-minute-{warmup}" in rule_ids(doc)
    if warmup == "better":
        assert "stop-activity" not in topics(doc)
    else:
        assert "stop-activity" in topics(doc)
    if warmup == "worse":
        assert "see-professional" in topics(doc)


@pytest.mark.parametrize(
    "base", [[], DOMS, ["--warmup", "better"]], ids=["alone", "with-doms", "with-better"]
)
def test_gait_changed_is_at_least_rest(base: list[str]) -> None:
    doc = assess_json(*base, "--gait-changed")
    assert RANK[doc["level"]] >= RANK["rest"]
    assert "gait-changed" in rule_ids(doc)
    assert "stop-activity" in topics(doc)


def test_no_gait_changed_is_not_a_reason() -> None:
    doc = assess_json(*DOMS, "--no-gait-changed")
    assert doc["level"] == "easy"
    assert "gait-changed" not in rule_ids(doc)


def test_night_cramp_stretch_drink_magnesium_not_stop() -> None:
    doc = assess_json("--pain", "cramp", "--location", "calf", "--when", "night")
    assert doc["level"] != "stop"
    assert RANK[doc["level"]] <= RANK["easy"]
    assert {"calf-stretch", "hydration", "magnesium"} <= topics(doc)
    assert "stop-activity" not in topics(doc)
    assert not set(rule_ids(doc)) & RED_FLAG_IDS


@pytest.mark.parametrize("when", ["during-exercise", "after-exercise"])
def test_exercise_cramp_stops_the_activity(when: str) -> None:
    doc = assess_json("--pain", "cramp", "--location", "calf", "--when", when)
    assert "cramp-exercise" in rule_ids(doc)
    assert "stop-activity" in topics(doc)
    assert doc["level"] != "stop", "a cramp is not a warning sign"
    night = assess_json("--pain", "cramp", "--location", "calf", "--when", "night")
    assert "cramp-exercise" not in rule_ids(night)


@pytest.mark.parametrize("when", ["night", "during-exercise", "rest"])
def test_frequent_cramps_see_a_professional(when: str) -> None:
    doc = assess_json("--pain", "cramp", "--when", when, "--frequent")
    assert "see-professional" in topics(doc)
    once = assess_json("--pain", "cramp", "--when", when, "--no-frequent")
    assert "see-professional" not in topics(once)
    assert RANK[once["level"]] <= RANK[doc["level"]]


@pytest.mark.parametrize(
    "base",
    [[], DOMS, ["--location", "ankle"], ["--pain", "cramp", "--location", "calf"]],
    ids=["alone", "doms", "ankle", "cramp"],
)
def test_swelling_gets_cold_never_heat(base: list[str]) -> None:
    doc = assess_json(*base, "--swelling")
    assert "cold" in topics(doc)
    assert "heat" not in topics(doc)
    assert doc["level"] == "stop"


@pytest.mark.parametrize(
    "args",
    [
        ["--swelling", "--pain", "cramp", "--location", "calf", "--when", "night"],
        ["--swelling", "--pain", "stiff", "--location", "glute", "--when", "rest"],
        ["--onset", "sudden", "--pain", "stiff", "--location", "glute", "--when", "rest"],
    ],
)
def test_swelling_or_fresh_injury_never_gets_heat_advice(args: list[str]) -> None:
    doc = assess_json(*args)
    assert "cold" in topics(doc)
    assert "heat" not in topics(doc)


def test_hrv_low_walk_and_at_least_rest() -> None:
    doc = assess_json("--hrv", "low")
    assert RANK[doc["level"]] >= RANK["rest"]
    assert "walk" in topics(doc)
    assert "massage-gun" not in topics(doc)
    with_stiff = assess_json("--hrv", "low", "--pain", "stiff", "--location", "calf")
    assert "walk" in topics(with_stiff)
    assert "massage-gun" not in topics(with_stiff)
    assert RANK[with_stiff["level"]] >= RANK["rest"]


def test_hrv_normal_with_one_stiff_muscle_massage_gun() -> None:
    doc = assess_json("--hrv", "normal", "--pain", "stiff", "--location", "calf")
    assert "massage-gun" in topics(doc)
    assert RANK[doc["level"]] <= RANK["easy"]


def test_rhr_elevated_is_cautious() -> None:
    doc = assess_json("--rhr", "elevated")
    assert RANK[doc["level"]] >= RANK["easy"]
    assert "readiness-check" in topics(doc)


def test_recurring_pain_gets_load_and_running_pattern_advice() -> None:
    doc = assess_json("--recurring")
    assert {"load-management", "running-pattern"} <= topics(doc)
    assert RANK[doc["level"]] >= RANK["easy"]
    with_doms = assess_json(*DOMS, "--recurring")
    assert {"load-management", "running-pattern"} <= topics(with_doms)


def test_sudden_cramp_is_not_stop() -> None:
    doc = assess_json("--onset", "sudden", "--pain", "cramp")
    assert doc["level"] != "stop"
    assert "warning-onset-sudden" not in rule_ids(doc)
    assert assess_json("--onset", "sudden", "--pain", "ache")["level"] == "stop"


def test_severe_pain_is_at_least_rest() -> None:
    assert RANK[assess_json(*DOMS, "--severity", "8")["level"]] >= RANK["rest"]
    assert assess_json(*DOMS, "--severity", "3")["level"] == "easy"


def test_nothing_wrong_is_go() -> None:
    doc = assess_json("--hrv", "normal", "--rhr", "normal", "--sleep", "8")
    assert doc["level"] == "go"
