"""`recover plan --after EVENT` through the command line (Typer's CliRunner).

Structure, sources, dates, plan length, context flags (`--hrv`, `--rhr`,
`--sore`, `--desk-job`), `--only`, the iCalendar file and both languages.
Assertions are on topics, days, times and counts, never on advice wording.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from helpers import invoke
from icalendar import Calendar

from recoverycli import load_rules

VOCAB = load_rules().vocab


EVENTS = list(VOCAB.events)
CONTRACT_EVENTS = [
    "marathon",
    "half-marathon",
    "race",
    "long-run",
    "intervals",
    "trail-run",
    "leg-day",
    "easy-run",
    "recovery-ride",
]
GUN_LIKE = {"massage-gun", "foam-roll"}
START = dt.date(2026, 4, 12)




def run(*args: str, **env: str | None) -> Any:
    return invoke(["plan", *args], **env)


def plan_json(*args: str, **env: str | None) -> dict[str, Any]:
    result = run(*args, "--json", **env)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.count("\n") == 1
    return json.loads(result.stdout)


def day_topics(doc: dict[str, Any]) -> list[list[str]]:
    return [[item["topic"] for item in day["items"]] for day in doc["days"]]


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[╭╮╰╯─│]", " ", text))


def test_contract_events_exist() -> None:
    assert set(CONTRACT_EVENTS) <= set(EVENTS)


# --- structure ----------------------------------------------------------------------


@pytest.mark.parametrize("event", EVENTS)
def test_every_event_gives_a_sourced_plan_with_something_every_day(event: str) -> None:
    doc = plan_json("--after", event)
    assert doc["schema_version"] == 1
    assert doc["command"] == "plan"
    assert doc["after"] == event
    assert doc["disclaimer"]
    assert [day["day"] for day in doc["days"]] == list(range(len(doc["days"])))
    assert len(doc["days"]) == len(VOCAB.events[event].phases)
    for day in doc["days"]:
        assert "date" not in day
        assert day["label"]
        assert day["items"], f"{event} day {day['day']} is empty"
        for item in day["items"]:
            assert item["topic"] in VOCAB.topics
            assert item["source"]["document"].strip()
            assert item["source"]["section"].strip()
            assert item["rule"] and item["text"] and item["when"]


@pytest.mark.parametrize("event", EVENTS)
@pytest.mark.parametrize(
    "context",
    [
        [],
        ["--hrv", "low"],
        ["--rhr", "elevated"],
        ["--hrv", "high"],
        ["--sore", "calf", "--sore", "quad", "--sore", "knee"],
        ["--desk-job"],
        ["--days", "20"],
    ],
    ids=lambda x: " ".join(x) or "plain",
)
def test_day_0_never_holds_static_stretching(event: str, context: list[str]) -> None:
    doc = plan_json("--after", event, *context)
    assert "static-stretch" not in day_topics(doc)[0]
    assert all(item["source"]["document"] for day in doc["days"] for item in day["items"])


def test_bigger_events_get_longer_plans() -> None:
    length = {event: len(plan_json("--after", event)["days"]) for event in EVENTS}
    assert length["marathon"] > length["half-marathon"] > length["intervals"]
    assert length["marathon"] > length["race"] > length["easy-run"]


def test_marathon_reads_like_a_coach_plan() -> None:
    topics = day_topics(plan_json("--after", "marathon"))
    assert "cool-down" in topics[0]
    assert {"electrolytes", "carbohydrate"} <= set(topics[0])
    assert {"casein", "sleep"} <= set(topics[0])
    assert "recovery-ride" in topics[1]
    assert "dynamic-stretch" in topics[1]
    later = {topic for day in topics[2:] for topic in day}
    assert {"massage", "forest-walk"} <= later
    assert "twenty-minute-rule" in topics[-1] or "readiness-check" in topics[-1]


def test_right_after_items_come_first_in_the_day() -> None:
    slots = list(VOCAB.slots)
    for day in plan_json("--after", "marathon", "--desk-job", "--sore", "calf")["days"]:
        order = [slots.index(item["slot"]) for item in day["items"]]
        assert order == sorted(order)


# --- dates -------------------------------------------------------------------------


@pytest.mark.parametrize("event", ["marathon", "intervals"])
def test_start_gives_consecutive_dates(event: str) -> None:
    doc = plan_json("--after", event, "--start", START.isoformat())
    dates = [dt.date.fromisoformat(day["date"]) for day in doc["days"]]
    assert dates == [START + dt.timedelta(days=day["day"]) for day in doc["days"]]
    assert dates[0] == START


def test_start_dates_cross_month_and_year_ends() -> None:
    doc = plan_json("--after", "marathon", "--start", "2026-12-28")
    assert [day["date"] for day in doc["days"]][-4:] == [
        "2027-01-01",
        "2027-01-02",
        "2027-01-03",
        "2027-01-04",
    ]


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_start_puts_dates_and_weekdays_in_the_rich_timeline(lang: str) -> None:
    out = run("--after", "race", "--start", START.isoformat(), "--lang", lang).stdout
    for offset in range(len(VOCAB.events["race"].phases)):
        date = START + dt.timedelta(days=offset)
        weekday = VOCAB.msg(f"weekday_{date.weekday()}", lang)
        assert f"{weekday} {date.isoformat()}" in out


@pytest.mark.parametrize("bad", ["notadate", "2026-13-01", "12/04/2026", ""])
def test_bad_start_is_bad_usage(bad: str) -> None:
    result = run("--after", "marathon", "--start", bad)
    assert result.exit_code == 2
    assert "--start" in flat(result.stderr)
    assert result.stdout == ""


# --- --days ------------------------------------------------------------------------


@pytest.mark.parametrize("event", EVENTS)
@pytest.mark.parametrize("days", [1, 2, 3, 14])
def test_days_bounds_the_plan(event: str, days: int) -> None:
    doc = plan_json("--after", event, "--days", str(days), "--start", START.isoformat())
    assert [day["day"] for day in doc["days"]] == list(range(days))
    assert doc["days"][-1]["date"] == (START + dt.timedelta(days=days - 1)).isoformat()
    assert all(day["items"] for day in doc["days"])


def test_days_longer_than_default_extends_the_last_phase() -> None:
    default = plan_json("--after", "intervals")
    longer = plan_json("--after", "intervals", "--days", "10")
    assert len(longer["days"]) == 10 > len(default["days"])
    assert longer["days"][: len(default["days"])] == default["days"]
    last = default["days"][-1]["phase"]
    assert all(day["phase"] == last for day in longer["days"][len(default["days"]) :])


def test_shorter_days_is_a_prefix_of_the_default() -> None:
    default = plan_json("--after", "marathon")
    assert plan_json("--after", "marathon", "--days", "3")["days"] == default["days"][:3]


@pytest.mark.parametrize("bad", ["0", "-1", "three"])
def test_bad_days_is_bad_usage(bad: str) -> None:
    assert run("--after", "marathon", "--days", bad).exit_code == 2


def test_unknown_event_suggests_the_closest() -> None:
    result = run("--after", "marathn")
    assert result.exit_code == 2
    assert "Did you mean 'marathon'" in flat(result.stderr)


def test_after_is_required() -> None:
    assert run().exit_code == 2


# --- context --------------------------------------------------------------------------


@pytest.mark.parametrize("event", EVENTS)
@pytest.mark.parametrize(
    "flag", [["--hrv", "low"], ["--rhr", "elevated"]], ids=["hrv-low", "rhr-elevated"]
)
@pytest.mark.parametrize("sore", [[], ["--sore", "quad"]], ids=["", "sore-quad"])
def test_low_readiness_drops_gun_and_roller(event: str, flag: list[str], sore: list[str]) -> None:
    plain = day_topics(plan_json("--after", event, "--days", "10", *sore))
    tired = day_topics(plan_json("--after", event, "--days", "10", *sore, *flag))
    assert len(tired) == len(plain)
    for day, (before, after) in enumerate(zip(plain, tired, strict=True)):
        assert not GUN_LIKE & set(after), f"day {day}"
        if GUN_LIKE & set(before) and not sore:
            assert "walk" in after, f"day {day}: a calm walk instead"


def test_low_hrv_has_something_to_drop() -> None:
    """Guard: without --hrv the default plans do contain gun/roller items."""
    assert GUN_LIKE & {t for day in day_topics(plan_json("--after", "marathon")) for t in day}
    assert "massage-gun" in {t for day in day_topics(plan_json("--after", "leg-day")) for t in day}


def test_normal_hrv_keeps_gun_and_roller() -> None:
    plain = day_topics(plan_json("--after", "marathon"))
    normal = day_topics(plan_json("--after", "marathon", "--hrv", "normal"))
    for before, after in zip(plain, normal, strict=True):
        assert GUN_LIKE & set(before) <= set(after)


def _located(doc: dict[str, Any], location: str) -> list[tuple[int, str]]:
    return [
        (day["day"], item["topic"])
        for day in doc["days"]
        for item in day["items"]
        if item.get("location") == location
    ]


def test_sore_calf_adds_targeted_items() -> None:
    plain = plan_json("--after", "marathon")
    sore = plan_json("--after", "marathon", "--sore", "calf")
    targeted = _located(sore, "calf")
    assert targeted
    assert "calf-stretch" in {topic for _, topic in targeted}
    assert _located(plain, "calf") == []
    assert {day for day, _ in targeted} >= {1, 2}
    assert sore["context"]["sore"] == ["calf"]


def test_sore_quad_gets_a_roller_item() -> None:
    assert "foam-roll" in {
        topic for _, topic in _located(plan_json("--after", "marathon", "--sore", "quad"), "quad")
    }


@pytest.mark.parametrize("spot", ["knee", "achilles", "shin", "ankle"])
def test_sore_joint_tendon_or_bone_adds_a_see_professional_note(spot: str) -> None:
    doc = plan_json("--after", "marathon", "--sore", spot)
    targeted = _located(doc, spot)
    assert "see-professional" in {topic for _, topic in targeted}
    assert any(day == 0 for day, topic in targeted if topic == "see-professional")


def test_sore_is_repeatable_and_each_spot_gets_its_items() -> None:
    doc = plan_json("--after", "race", "--sore", "calf", "--sore", "knee", "--sore", "calf")
    assert doc["context"]["sore"] == ["calf", "knee"]
    assert _located(doc, "calf") and _located(doc, "knee")


def test_unknown_sore_spot_is_bad_usage() -> None:
    result = run("--after", "race", "--sore", "kne")
    assert result.exit_code == 2
    assert "Did you mean 'knee'" in flat(result.stderr)


@pytest.mark.parametrize("event", ["marathon", "intervals", "easy-run"])
def test_desk_job_adds_an_afternoon_break_at_1430(event: str) -> None:
    plain = plan_json("--after", event)
    desk = plan_json("--after", event, "--desk-job")
    breaks = [
        (day["day"], item)
        for day in desk["days"]
        for item in day["items"]
        if item["topic"] == "afternoon-break"
    ]
    assert breaks
    assert all(item["time"] == "14:30" for _, item in breaks)
    assert all(day >= 1 for day, _ in breaks)
    assert "afternoon-break" not in {t for day in day_topics(plain) for t in day}
    assert "sitting-breaks" in {t for day in day_topics(desk) for t in day}
    assert desk["context"]["desk_job"] is True


def test_desk_job_break_shows_its_time_in_the_timeline() -> None:
    out = run("--after", "marathon", "--desk-job").stdout
    assert "14:30" in out


# --- --only ------------------------------------------------------------------------------


def test_only_filters_items() -> None:
    plain = plan_json("--after", "marathon")
    only = plan_json("--after", "marathon", "--only", "sleep", "--only", "casein")
    assert len(only["days"]) == len(plain["days"])
    for before, after in zip(day_topics(plain), day_topics(only), strict=True):
        assert after == [topic for topic in before if topic in {"sleep", "casein"}]
    assert any(day_topics(only))


def test_only_rich_marks_empty_days() -> None:
    result = run("--after", "marathon", "--only", "casein")
    assert result.exit_code == 0
    assert VOCAB.msg("plan_day_empty", "en") in result.stdout


# --- --ics --------------------------------------------------------------------------------


def _events(path: Path) -> list[Any]:
    calendar = Calendar.from_ical(path.read_bytes())
    return list(calendar.walk("VEVENT"))


@pytest.mark.parametrize("event", ["marathon", "intervals"])
@pytest.mark.parametrize("lang", ["en", "nl"])
def test_ics_items_parse_back_one_event_per_item_on_the_right_dates(
    tmp_path: Path, event: str, lang: str
) -> None:
    target = tmp_path / "plan.ics"
    args = [
        "--after",
        event,
        "--start",
        START.isoformat(),
        "--desk-job",
        "--sore",
        "calf",
        "--lang",
        lang,
    ]
    result = run(*args, "--ics", str(target), "--ics-items")
    assert result.exit_code == 0, result.stderr
    assert sorted(os.listdir(tmp_path)) == ["plan.ics"], (
        "written atomically: no temporary files left"
    )
    doc = plan_json(*args)
    vevents = _events(target)
    assert len(vevents) == sum(len(day["items"]) for day in doc["days"])
    assert len({str(ev["uid"]) for ev in vevents}) == len(vevents)
    expected: Counter[tuple[dt.date, str, str | None]] = Counter()
    for day in doc["days"]:
        for item in day["items"]:
            expected[(dt.date.fromisoformat(day["date"]), item["topic"], item.get("time"))] += 1
    found: Counter[tuple[dt.date, str, str | None]] = Counter()
    for ev in vevents:
        begin = ev.decoded("dtstart")
        end = ev.decoded("dtend")
        topic = str(ev.get("categories").cats[0])
        if isinstance(begin, dt.datetime):
            assert end > begin
            found[(begin.date(), topic, begin.strftime("%H:%M"))] += 1
        else:
            assert isinstance(begin, dt.date)
            assert end == begin + dt.timedelta(days=1)
            found[(begin, topic, None)] += 1
        assert str(ev["summary"]).strip()
    assert found == expected
    assert any(key[2] == "14:30" for key in found), "the desk-job break is a timed event"


def test_ics_respects_only_and_keeps_json_pure(tmp_path: Path) -> None:
    target = tmp_path / "sleep.ics"
    result = run(
        "--after",
        "marathon",
        "--start",
        START.isoformat(),
        "--only",
        "sleep",
        "--ics",
        str(target),
        "--json",
    )
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    vevents = _events(target)
    assert len(vevents) == sum(len(day["items"]) for day in doc["days"]) > 0
    assert {str(ev.get("categories").cats[0]) for ev in vevents} == {"sleep"}


def test_ics_without_start_begins_today(tmp_path: Path) -> None:
    target = tmp_path / "today.ics"
    before = dt.date.today()
    assert run("--after", "easy-run", "--ics", str(target)).exit_code == 0
    first = min(
        ev.decoded("dtstart")
        for ev in _events(target)
        if not isinstance(ev.decoded("dtstart"), dt.datetime)
    )
    assert before <= first <= dt.date.today()


def test_ics_replaces_an_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "plan.ics"
    target.write_text("old", encoding="utf-8")
    assert run("--after", "race", "--start", START.isoformat(), "--ics", str(target)).exit_code == 0
    assert _events(target)
    assert sorted(os.listdir(tmp_path)) == ["plan.ics"]


INTERNAL_ERROR = VOCAB.msg("error_internal", "en").split("{")[0]


def test_ics_into_a_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    target = tmp_path / "missing" / "plan.ics"
    proc = subprocess.run(
        [sys.executable, "-m", "recoverycli", "plan", "--after", "race", "--ics", str(target)],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1", "COLUMNS": "200"},
        check=False,
        timeout=60,
    )
    assert proc.returncode in (2, 3)
    assert "Traceback" not in proc.stderr
    assert INTERNAL_ERROR not in proc.stderr
    assert ".tmp" not in proc.stderr
    assert str(target) in flat(proc.stderr)


@pytest.mark.parametrize(
    "args", [["--start", "9999-12-30"], ["--start", "9999-12-01", "--days", "60"]]
)
def test_start_too_late_for_the_calendar_is_bad_usage(args: list[str]) -> None:
    result = run("--after", "marathon", *args)
    assert result.exit_code == 2
    assert "--start" in flat(result.stderr)


# --- languages -------------------------------------------------------------------------


@pytest.mark.parametrize("event", EVENTS)
def test_both_languages_render_the_same_plan(event: str) -> None:
    en = plan_json("--after", event, "--start", START.isoformat())
    nl = plan_json("--after", event, "--start", START.isoformat(), "--lang", "nl")
    assert day_topics(en) == day_topics(nl)
    assert [d["date"] for d in en["days"]] == [d["date"] for d in nl["days"]]
    assert en["disclaimer"] == VOCAB.msg("disclaimer", "en")
    assert nl["disclaimer"] == VOCAB.msg("disclaimer", "nl") != en["disclaimer"]
    en_texts = [item["text"] for day in en["days"] for item in day["items"]]
    nl_texts = [item["text"] for day in nl["days"] for item in day["items"]]
    assert sum(a != b for a, b in zip(en_texts, nl_texts, strict=True)) == len(en_texts), (
        "every item translated"
    )


@pytest.mark.parametrize("env", [{"RECOVER_LANG": "nl"}, {"LANG": "nl_BE.UTF-8"}])
def test_dutch_from_environment(env: dict[str, str]) -> None:
    assert plan_json("--after", "marathon", **env)["disclaimer"] == VOCAB.msg("disclaimer", "nl")


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_rich_plan_renders_plainly(lang: str) -> None:
    result = run("--after", "marathon", "--start", START.isoformat(), "--lang", lang, "--desk-job", "--full")
    assert result.exit_code == 0
    assert "\x1b" not in result.stdout
    assert VOCAB.msg("plan_title", lang) in result.stdout
    assert flat(VOCAB.msg("disclaimer", lang)) in flat(result.stdout)
    assert VOCAB.events["marathon"].day0[lang] in result.stdout
    assert max(len(line) for line in result.stdout.splitlines()) <= 80


@pytest.mark.parametrize("event", list(VOCAB.events))
@pytest.mark.parametrize("lang", ["en", "nl"])
def test_ics_has_one_event_per_day_by_default(tmp_path: Path, event: str, lang: str) -> None:
    target = tmp_path / "plan.ics"
    args = ["--after", event, "--start", START.isoformat(), "--desk-job", "--lang", lang]
    result = run(*args, "--ics", str(target))
    assert result.exit_code == 0, result.stderr
    doc = plan_json(*args)
    vevents = _events(target)
    days = [day for day in doc["days"] if day["items"]]
    assert len(vevents) == len(days), "one event per day"
    for ev, day in zip(sorted(vevents, key=lambda e: e.decoded("dtstart")), days, strict=True):
        assert ev.decoded("dtstart") == dt.date.fromisoformat(day["date"])
        description = str(ev["description"])
        for item in day["items"]:
            assert item["text"].split(".")[0] in description


def test_ics_without_start_says_which_date_it_used(tmp_path: Path) -> None:
    result = run("--after", "race", "--ics", str(tmp_path / "p.ics"))
    assert result.exit_code == 0
    assert dt.date.today().isoformat() in result.stderr


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_compact_plan_names_repeats_and_fits(lang: str) -> None:
    result = run("--after", "marathon", "--start", START.isoformat(), "--lang", lang, "--desk-job")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    days = len(VOCAB.events["marathon"].phases)
    assert len(lines) / days <= 12, "a few lines a day"
    assert VOCAB.msg("plan_as_yesterday", lang) in result.stdout
    protein = [line for line in lines if "protein" in line.lower() or "eiwit" in line.lower()]
    assert len(protein) < days, "an item repeated from the day before is named, not printed again"
    full = run("--after", "marathon", "--start", START.isoformat(), "--lang", lang, "--desk-job", "--full")
    assert len(full.stdout.splitlines()) > len(lines)


@pytest.mark.parametrize(("event", "words"), [("easy-run", "an easy run"), ("intervals", "an interval session"),
                                             ("marathon", "a marathon")])
def test_plan_intro_reads_right(event: str, words: str) -> None:
    assert words in flat(run("--after", event).stdout)


def test_desk_job_only_on_workdays_when_dated() -> None:
    # 2026-04-11 is a Saturday: days 0 and 1 fall on the weekend
    doc = plan_json("--after", "marathon", "--desk-job", "--start", "2026-04-11")
    breaks = [day["day"] for day in doc["days"] if any(i["topic"] == "afternoon-break" for i in day["items"])]
    assert breaks == [2, 3, 4, 5, 6]
    undated = plan_json("--after", "marathon", "--desk-job")
    assert [d["day"] for d in undated["days"] if any(i["topic"] == "afternoon-break" for i in d["items"])] \
        == [1, 2, 3, 4, 5, 6, 7]


@pytest.mark.parametrize("event", ["marathon", "half-marathon", "race", "intervals"])
def test_the_return_day_says_how_to_build_up(event: str) -> None:
    doc = plan_json("--after", event)
    last = doc["days"][-1]
    assert last["phase"] == "return"
    assert "load-management" in {item["topic"] for item in last["items"]}
