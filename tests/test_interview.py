"""The terminal interview of `recover assess`, and inputs shown in the runner's words.

Questions, value labels and input labels are vocabulary data: these tests check
the data is complete in both languages, that a bad vocabulary is a located
problem, and that answers are read the way a runner types them.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from helpers import invoke

from recoverycli import load_rules
from recoverycli.cli.interview import SKIP, BadAnswer, ask_inputs, read_answer
from recoverycli.rulefiles.discovery import shipped_rules_dir
from recoverycli.rulefiles.parse import load_vocabulary

BOOK = load_rules()
VOCAB = BOOK.vocab


def interview(answers: list[str], lang: str = "en") -> tuple[dict[str, Any], list[str], list[str]]:
    """Run the interview with scripted answers; (result, prompts asked, hints said)."""
    asked: list[str] = []
    said: list[str] = []
    queue = iter(answers)

    def ask(prompt: str) -> str:
        asked.append(prompt)
        try:
            return next(queue)
        except StopIteration:
            raise EOFError from None

    return ask_inputs(BOOK, lang, ask=ask, say=said.append), asked, said


# --- the data ------------------------------------------------------------------

def test_every_runner_input_has_words_in_both_languages() -> None:
    for name, spec in VOCAB.inputs.items():
        if spec.derived:
            continue
        assert set(spec.label) == {"en", "nl"}, name
        assert all(text.strip() for text in spec.label.values()), name
        for value in spec.values:
            en, nl = VOCAB.value_label(name, value, "en"), VOCAB.value_label(name, value, "nl")
            assert en.strip() and nl.strip(), (name, value)


def test_choice_words_are_distinct_within_an_input() -> None:
    """A typed word must point at one value only."""
    for name, spec in VOCAB.inputs.items():
        if spec.type != "choice" or spec.derived:
            continue
        for lang in ("en", "nl"):
            words = [VOCAB.value_label(name, v, lang).casefold() for v in spec.values]
            assert len(set(words)) == len(words), (name, lang)


def test_interview_asks_only_runner_inputs_with_a_question_in_both_languages() -> None:
    assert [q.input for q in VOCAB.interview][:2] == ["pain", "location"]
    for question in VOCAB.interview:
        assert not VOCAB.inputs[question.input].derived
        assert question.ask["en"] != question.ask["nl"]


def _vocab_copy(tmp_path: Path, old: str, new: str) -> Path:
    folder = tmp_path / "vocabulary"
    shutil.copytree(shipped_rules_dir() / "vocabulary", folder)
    path = folder / "vocabulary.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return folder


@pytest.mark.parametrize(("old", "new", "expected"), [
    ('      stabbing: {en: "stabbing", nl: "stekend"}\n', "",
     "input 'pain' has values without labels: stabbing"),
    ('      stabbing: {en: "stabbing", nl: "stekend"}\n',
     '      stabbing: {en: "stabbing", nl: "stekend"}\n      piercing: {en: "x", nl: "y"}\n',
     "input 'pain' labels unknown value 'piercing'"),
    ('      stabbing: {en: "stabbing", nl: "stekend"}', '      stabbing: {en: "stabbing"}',
     "lacks the 'nl' text"),
    ("    labels_from: body_map", "    labels_from: atlas", "labels_from must be one of"),
    ("  - input: numb\n", "  - input: nimb\n", "interview asks 'nimb'"),
    ("    if: {pain: [cramp]}", "    if: {pain: [krampen]}", "'if' on 'pain' needs a list of its values"),
    ("    if: {pain: [cramp]}", "    iff: {pain: [cramp]}", "interview: unknown key 'iff'"),
])
def test_a_bad_vocabulary_is_a_located_problem(tmp_path: Path, old: str, new: str,
                                                expected: str) -> None:
    folder = _vocab_copy(tmp_path, old, new)
    _vocab, problems = load_vocabulary(folder)
    assert problems, "the change was not noticed"
    found = [p for p in problems if expected in p.message]
    assert found, [str(p) for p in problems]
    assert all(p.file.endswith("vocabulary.yaml") and p.line > 0 for p in found)


def test_the_shipped_vocabulary_has_no_problems() -> None:
    assert load_vocabulary(shipped_rules_dir() / "vocabulary")[1] == []


# --- reading answers ---------------------------------------------------------------

@pytest.mark.parametrize(("name", "text", "lang", "value"), [
    ("pain", "5", "en", "sharp"),
    ("pain", "sharp", "en", "sharp"),
    ("pain", " Scherp ", "nl", "sharp"),
    ("pain", "scherp", "en", "sharp"),  # either language's word is understood
    ("pain", "ache", "nl", "ache"),  # and the id itself
    ("location", "enkel", "nl", "ankle"),
    ("location", "14", "en", "lower-back"),
    ("after", "halve marathon", "nl", "half-marathon"),
    ("warmup", "wordt erger", "nl", "worse"),
    ("numb", "j", "nl", True),
    ("numb", "Ja", "nl", True),
    ("numb", "nee", "nl", False),
    ("numb", "yes", "en", True),
    ("numb", "N", "en", False),
    ("hours_since", "36", "en", 36.0),
    ("hours_since", "1,5", "nl", 1.5),
    ("severity", "7", "en", 7),
    ("severity", "", "en", SKIP),
    ("pain", "   ", "en", SKIP),
])
def test_answers_are_read_as_a_runner_types_them(name: str, text: str, lang: str, value: Any) -> None:
    got = read_answer(VOCAB.inputs[name], text, VOCAB, lang)
    assert got == value if value is not SKIP else got is SKIP
    assert type(got) is type(value)


@pytest.mark.parametrize(("name", "text", "lang", "hint"), [
    ("pain", "8", "en", "1–7"),
    ("pain", "0", "en", "1–7"),
    ("pain", "pointy", "nl", r"Typ een nummer uit de lijst \(1–7\)"),
    ("numb", "maybe", "en", "Answer y or n"),
    ("numb", "misschien", "nl", "Antwoord j of n"),
    ("severity", "11", "en", "from 0 to 10"),
    ("severity", "6.5", "en", "from 0 to 10"),
    ("severity", "-1", "nl", "van 0 tot 10"),
    ("hours_since", "-3", "en", "of 0 or more"),
    ("hours_since", "nan", "en", "of 0 or more"),
    ("hours_since", "soon", "nl", "van 0 of meer"),
])
def test_a_wrong_answer_says_what_would_do(name: str, text: str, lang: str, hint: str) -> None:
    with pytest.raises(BadAnswer, match=hint):
        read_answer(VOCAB.inputs[name], text, VOCAB, lang)


# --- the interview -------------------------------------------------------------------

def test_interview_collects_answers_and_skips() -> None:
    answers = ["1", "quad", "3", "over the muscle", "the day after", "36", "", "n", "", "y"]
    given, asked, said = interview(answers)
    assert given == {"pain": "ache", "location": "quad", "severity": 3, "spread": "diffuse",
                     "onset": "delayed", "hours_since": 36.0, "numb": False, "radiating": True}
    assert "What does the pain feel like?" in asked[0]
    assert "1 aching" in asked[0] and "7 cramp" in asked[0]
    assert len(said) == 2 and said[-1] == ""  # the introduction, no complaints, a clean line at the end


def test_interview_asks_again_after_a_wrong_answer() -> None:
    given, asked, said = interview(["sharpish", "99", "sharp"])
    assert given == {"pain": "sharp"}
    assert asked[0] == asked[1] == asked[2]
    assert len(said) == 4 and "1–7" in said[1] and "1–7" in said[2] and said[3] == ""


def test_cramp_questions_only_follow_a_cramp() -> None:
    _, plain, _ = interview([""] * 30)
    assert not any("cramps come" in p for p in plain)
    given, asked, _ = interview(["cramp", "calf", "", "", "", "", "", "night", "yes"])
    assert any("When do the cramps come?" in p for p in asked)
    assert given["when"] == "night" and given["frequent"] is True


def test_interview_in_dutch_shows_no_english_words() -> None:
    _, asked, said = interview([""] * 30, "nl")
    text = "\n".join(asked + said)
    assert "Hoe voelt de pijn aan?" in text
    assert "1 zeurend" in text and "3 enkel" in text
    for english in ("aching", "ankle", "skip", "number", "What", "(y/n"):
        assert english not in text


def test_end_of_input_keeps_the_answers_so_far() -> None:
    given, asked, _ = interview(["sharp", "ankle"])
    assert given == {"pain": "sharp", "location": "ankle"}
    assert len(asked) == 3


# --- inputs in words ---------------------------------------------------------------------

def test_rich_assess_repeats_the_inputs_in_the_runners_words() -> None:
    args = ["assess", "--pain", "sharp", "--location", "ankle", "--no-swelling", "--sleep", "6.5"]
    english = invoke(args).stdout
    assert "What you told me: pain: sharp · where: ankle · no swelling · sleep (h): 6.5" in english
    dutch = invoke([*args, "--lang", "nl"]).stdout
    assert "Wat je opgaf: pijn: scherp · waar: enkel · geen zwelling · slaap (u): 6,5" in dutch


def test_dutch_log_table_has_no_english_input_ids(tmp_path: Path) -> None:
    log = tmp_path / "log.csv"
    log.write_text("date,pain,location,swelling,hrv\n2026-01-01,sharp,ankle,no,low\n", encoding="utf-8")
    result = invoke(["log", "assess", str(log), "--lang", "nl"], COLUMNS="200")
    assert result.exit_code == 0, result.output
    assert "pijn: scherp · waar: enkel · geen zwelling · HRV: laag" in result.stdout
    assert "pain=" not in result.stdout and "swelling" not in result.stdout


@pytest.mark.parametrize("text", ["²", "١", "1" * 5000, "007x"])
def test_odd_digits_are_a_wrong_answer_not_a_crash(text: str) -> None:
    with pytest.raises(BadAnswer):
        read_answer(VOCAB.inputs["pain"], text, VOCAB, "en")


def test_a_fraction_for_a_whole_number_gets_the_whole_number_hint() -> None:
    with pytest.raises(BadAnswer, match="geheel getal"):
        read_answer(VOCAB.inputs["severity"], "7,5", VOCAB, "nl")


def test_yes_and_no_in_either_language() -> None:
    for lang in ("en", "nl"):
        assert read_answer(VOCAB.inputs["numb"], "ja", VOCAB, lang) is True
        assert read_answer(VOCAB.inputs["numb"], "no", VOCAB, lang) is False


def test_inputs_in_words_keep_every_digit() -> None:
    from recoverycli.render.common import inputs_in_words, number_text

    assert number_text(1234567.0, VOCAB, "nl") == "1234567"
    assert number_text(6.25, VOCAB, "nl") == "6,25"
    assert number_text(100.123456, VOCAB, "en") == "100.123456"
    assert number_text(43.0, VOCAB, "nl", ".1f") == "43,0"
    assert inputs_in_words({"hours_since": 1234567.0}, VOCAB, "en") == "hours since the session: 1234567"


def test_ctrl_d_and_ctrl_c_leave_a_clean_line() -> None:
    _, _, said = interview(["sharp"])  # then end of input
    assert said[-1] == ""
    said_c: list[str] = []

    def interrupted(_prompt: str) -> str:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        ask_inputs(BOOK, "en", ask=interrupted, say=said_c.append)
    assert said_c[-1] == ""


def test_follow_up_questions_follow_the_place_and_stop_when_nothing_can_change() -> None:
    _, asked, _ = interview(["ache", "shin", "", "", "", "", "", "yes"])
    assert any("bone" in p.lower() for p in asked), "bone questions for the shin"
    urgent: list[str] = []

    def answer(prompt: str) -> str:
        urgent.append(prompt)
        script = {0: "ache", 1: "lower-back"}
        return script.get(len(urgent) - 1, "yes" if "numbness around the groin" in prompt.lower() else "")

    ask_inputs(BOOK, "en", ask=answer, say=lambda _text: None)
    # after a 'yes' to saddle numbness (urgent) nothing more is asked
    assert "numbness around the groin" in urgent[-1].lower()
    _, ottawa, _ = interview(["ache", "ankle", "twist"] + [""] * 30)
    assert any("four steps" in p for p in ottawa), "the Ottawa questions after an injury"
    _, plain, _ = interview(["ache", "quad"] + [""] * 30)
    assert not any("four steps" in p or "hop" in p.lower() for p in plain)
