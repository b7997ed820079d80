"""`recover log load` and the load rules: session-RPE load, the acute:chronic
ratio against a hand-computed log, weekly totals, baselines, advice.

tests/data/logs/acwr.csv, computed by hand (load = duration_min × rpe):

    week 2026-W10..W12 (Mon 2 Mar .. Sun 22 Mar): Mon, Wed, Fri, Sun 40 min × 5 = 200
        -> 800 a week, 8 km a session, 32 km a week
    week 2026-W13 (23..29 Mar): Mon 60×6=360, Wed 40×5=200, Fri 50×6=300, Sun 90×4=360
        -> 1220, 10+8+9+16 = 43 km
    week 2026-W14 (30 Mar..5 Apr): Mon 60×7=420, Tue 45×6=270, Thu 60×7=420,
        Sat 100×6=600, Sun 30×3=90 -> 1800, 10+8+11+18+5 = 52 km

    ratio = (last 7 days) / (last 28 days / 4), from the 28th day on:
      Sun 29 Mar (day 28): 1220 / ((800+800+800+1220)/4) = 1220 / 905    = 1.3481
      Wed  1 Apr (day 31): last 7 days 27 Mar..1 Apr = 300+360+420+270 = 1350;
                           28 days 5 Mar..1 Apr = 400+800+800+1220+690 = 3910
                           1350 / 977.5                                  = 1.3811
      Sun  5 Apr (day 35): 1800 / ((800+800+1220+1800)/4) = 1800 / 1155  = 1.5584
      Sat 28 Mar (day 27): none (27 days of history)
"""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import flat, located, no_traceback
from helpers import Runner

from recoverycli import api
from recoverycli.cli import app
from recoverycli.rulefiles import cache
from recoverycli.traininglog.reader import read_log, weekly_load
from recoverycli.traininglog.trainingload import acwr_series

LOGS = Path(__file__).resolve().parent / "data" / "logs"


def run(*args: str, input: str | None = None) -> Any:
    cache.clear()
    return Runner().invoke(app, list(args), input=input, env={"NO_COLOR": "1", "COLUMNS": "100"})


def load_json(*args: str, input: str | None = None) -> dict[str, Any]:
    result = run("log", "load", *args, "--json", input=input)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def acwr() -> dict[str, Any]:
    return load_json(str(LOGS / "acwr.csv"))


# --- the ratio against the hand computation ---------------------------------------------

def test_ratio_matches_the_hand_computed_log(acwr: dict[str, Any]) -> None:
    ratio = {d["date"]: d["acwr"] for d in acwr["days"]}
    assert ratio["2026-03-29"] == pytest.approx(1220 / 905, abs=5e-4)
    assert ratio["2026-04-01"] == pytest.approx(1350 / 977.5, abs=5e-4)
    assert ratio["2026-04-05"] == pytest.approx(1800 / 1155, abs=5e-4)
    assert ratio["2026-03-28"] is None
    assert [d["date"] for d in acwr["days"] if d["acwr"] is None][-1] == "2026-03-28"


def test_every_calendar_day_with_its_load(acwr: dict[str, Any]) -> None:
    days = acwr["days"]
    assert len(days) == 35 and days[0]["date"] == "2026-03-02" and days[-1]["date"] == "2026-04-05"
    panel = {"acwr_uncoupled", "acwr_ewma", "monotony", "strain", "fitness", "fatigue", "form"}
    assert all({"date", "load", "acwr"} <= set(d) <= {"date", "load", "acwr", "race"} | panel for d in days)
    load = {d["date"]: d["load"] for d in days}
    assert load["2026-03-23"] == 360 and load["2026-03-24"] == 0 and load["2026-04-04"] == 600


def test_weekly_totals_and_change(acwr: dict[str, Any]) -> None:
    weeks = {w["week"]: w for w in acwr["weeks"]}
    assert list(weeks) == ["2026-W10", "2026-W11", "2026-W12", "2026-W13", "2026-W14"]
    w13, w14 = weeks["2026-W13"], weeks["2026-W14"]
    totals = (w13["sessions"], w13["distance_km"], w13["duration_min"], w13["load"])
    assert totals == (4, 43, 240, 1220)
    assert w13["distance_change_pct"] == pytest.approx(34.4)  # 43 vs 32 km
    assert w13["load_change_pct"] == pytest.approx(52.5)  # 1220 vs 800
    assert w14["sessions"] == 5 and w14["load"] == 1800 and w14["start"] == "2026-03-30"
    assert w14["acwr"] == pytest.approx(1800 / 1155, abs=5e-4)
    assert weeks["2026-W10"]["distance_change_pct"] is None  # no week before


def test_load_inputs_on_the_last_date(acwr: dict[str, Any]) -> None:
    assert acwr["inputs"]["acwr"] == 1.56
    assert acwr["inputs"]["distance_change_pct"] == pytest.approx(20.9)  # 52 vs 43 km
    assert acwr["inputs"]["sessions_per_week"] == pytest.approx(17 / 4)
    # the one trail run (8 Mar) lies outside the last 28 days
    assert (acwr["inputs"]["surface_count"], acwr["inputs"]["surface_sessions"]) == (1, 17)
    assert "hrv_status" not in acwr["inputs"] and "rhr_status" not in acwr["inputs"]  # no mornings


def test_advice_fast_build_up_and_one_surface(acwr: dict[str, Any]) -> None:
    rules = [a["rule"] for a in acwr["advice"]]
    assert "load-ratio-spike" in rules and "load-one-surface" in rules
    assert "load-distance-jump" not in rules  # +21 %, under 30 %
    spike = next(a for a in acwr["advice"] if a["rule"] == "load-ratio-spike")
    assert set(spike) == {"topic", "text", "rule", "source"}
    assert "1.56" in spike["text"] and spike["topic"] == "load-management"
    assert spike["source"]["origin"] == "external" and "Gabbett" in spike["source"]["reference"]


def test_dutch_numbers_get_a_decimal_comma() -> None:
    doc = load_json(str(LOGS / "acwr.csv"), "--lang", "nl")
    spike = next(a for a in doc["advice"] if a["rule"] == "load-ratio-spike")
    assert "1,56 keer" in spike["text"]
    table = flat(run("log", "load", str(LOGS / "acwr.csv"), "--lang", "nl").stdout)
    assert "│ 43,0 │" in table and "│ 1,35" in table  # the weekly table too
    assert "43.0" not in table and "1.35" not in table


# --- the maths in Python ----------------------------------------------------------------

def test_acwr_series_needs_28_days_known_loads_and_a_chronic_load() -> None:
    assert acwr_series([100.0] * 27) == [None] * 27
    assert acwr_series([100.0] * 28)[-1] == pytest.approx(1.0)
    assert acwr_series([0.0] * 28)[-1] is None  # no chronic load: no ratio
    with_unknown = [100.0] * 10 + [None] + [100.0] * 30
    ratios = acwr_series(with_unknown)
    # day 11 (index 10) leaves the 28-day window on day 39 (index 38)
    assert ratios[37] is None and ratios[38] == pytest.approx(1.0)


def test_a_session_without_rpe_has_an_unknown_load() -> None:
    start = dt.date(2026, 1, 5)
    lines = ["date,duration_min,rpe"]
    lines += [f"{start + dt.timedelta(days=i)},30,5" for i in range(30)]
    lines[6] = f"{start + dt.timedelta(days=5)},30,"  # a session with no RPE on day 6
    book = api.load_rules()
    report = weekly_load(read_log(io.StringIO("\n".join(lines) + "\n"), book.vocab), book)
    loads = {d.date: d.load for d in report.days}
    assert loads[start + dt.timedelta(days=5)] is None
    assert report.weeks[0].load is None and report.weeks[1].load == 7 * 150
    assert report.days[27].acwr is None and report.days[29].acwr is None  # day 6 in the window
    assert "acwr" not in report.inputs


def test_days_without_rows_count_as_no_session() -> None:
    text = "date,duration_min,rpe\n2026-01-01,60,5\n2026-01-03,60,5\n"
    book = api.load_rules()
    report = weekly_load(read_log(io.StringIO(text), book.vocab), book)
    assert [d.load for d in report.days] == [300.0, 0.0, 300.0]


def test_a_recurring_location_and_mornings_too_few_for_a_verdict() -> None:
    doc = load_json(str(LOGS / "checkins.jsonl"))
    inputs = doc["inputs"]
    # 11 mornings: too few for the readiness method's normal, so HRV and resting heart
    # rate stay unknown, here as in `log readiness`, however low the last morning looks
    assert not {"hrv_status", "rhr_status", "readiness_days_ago"} & set(inputs)
    assert (inputs["recurring_location"], inputs["recurring_gap_days"]) == ("knee", 2)
    assert inputs["sessions_per_week"] == 1.0
    by_rule: dict[str, dict[str, Any]] = {}
    for item in doc["advice"]:
        by_rule.setdefault(item["rule"], item)  # the rule's first advice item
    assert {"load-recurring-location", "load-one-session-a-week"} <= set(by_rule)
    assert not {"load-hrv-below-baseline", "load-rhr-above-baseline"} & set(by_rule)
    assert by_rule["load-recurring-location"]["topic"] == "see-professional"
    recurring = by_rule["load-recurring-location"]["text"]
    assert "Your knee hurt on separate days, 2 days apart" in recurring


def test_a_pain_free_location_is_not_a_complaint() -> None:
    text = ("date,location,severity\n2026-02-01,knee,0\n2026-02-03,knee,0\n")
    assert "recurring_location" not in load_json("-", input=text)["inputs"]


# --- the command --------------------------------------------------------------------------

def test_rows_without_a_date_are_reported_and_the_rest_is_used() -> None:
    text = "date,duration_min,rpe\n2026-01-01,60,5\n,30,4\n2026-01-02,45,x\n2026-01-03,20,3\n"
    result = run("log", "load", "-", "--json", input=text)
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    assert [d["load"] for d in doc["days"]] == [300.0, 0.0, 60.0]
    assert doc["errors"] == [
        {"line": 3, "error": "date: needed for recover log load (YYYY-MM-DD)"},
        {"line": 4, "error": "rpe: 'x' is not a number"},
    ]
    stderr = flat(result.stderr)
    assert "<stdin>:3: date: needed" in stderr
    assert "2 of 4 rows could not be used (lines 3, 4)" in stderr


def test_a_typo_century_exits_3() -> None:
    text = "date,duration_min,rpe\n2026-01-01,30,5\n1026-01-01,30,5\n"
    result = run("log", "load", "-", input=text)
    assert result.exit_code == 3 and "more than a century" in result.stderr
    no_traceback(result)


def test_missing_file_exits_3(tmp_path: Path) -> None:
    result = run("log", "load", str(tmp_path / "nope.csv"))
    assert result.exit_code == 3 and "nope.csv" in result.stderr


def test_the_table_the_chart_and_the_advice() -> None:
    result = run("log", "load", str(LOGS / "acwr.csv"))
    assert result.exit_code == 0, result.stderr
    text = flat(result.stdout)
    assert "2026-W13 2026-03-23 │ 4 │ 43.0 │ +34% │ 4:00 │ 1220 │ +52% │ 1.35" in text
    assert "Weekly load (bars) and acute:chronic ratio" in text
    assert "████████████████████████████████ 1800" in text  # the biggest week fills the bar
    assert "Gabbett TJ (2016)" in text and "What to do" in text


def test_empty_log() -> None:
    doc = load_json("-", input="")
    assert (doc["weeks"], doc["days"], doc["advice"]) == ([], [], [])
    assert "No dated rows" in run("log", "load", "-", input="").stdout


# --- load rules as data -------------------------------------------------------------------

def test_shipped_load_rules_examples_pass_and_run_in_rules_test() -> None:
    from recoverycli.engine.examples import run_examples

    book = api.load_rules()
    results = [r for r in run_examples(book) if r.rule in book.load_rules]
    assert len(results) >= 20 and all(r.passed for r in results)
    assert {r.rule.id for r in results} == {r.id for r in book.load_rules}


def test_rules_list_json_names_load_rules_with_no_level() -> None:
    rules = json.loads(run("rules", "list", "--json").stdout)["rules"]
    load = [r for r in rules if r["kind"] == "load"]
    assert {r["id"] for r in load} >= {"load-ratio-spike", "load-distance-jump", "load-one-surface",
                                       "load-one-session-a-week", "load-recurring-location",
                                       "load-hrv-below-baseline", "load-rhr-above-baseline"}
    assert all(r["level"] is None for r in load)


def _write(folder: Path, entries: list[dict[str, Any]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "mine.yaml"
    text = yaml.safe_dump({"load": entries}, sort_keys=False, allow_unicode=True)
    path.write_text(text, encoding="utf-8")
    return path


def _load_rule(**changes: Any) -> dict[str, Any]:
    rule: dict[str, Any] = {
        "id": "my-long-week",
        "title": {"en": "Long week", "nl": "Lange week"},
        "when": {"weekly_distance_km": {"min": 80}},
        "advice": [{"topic": "load-management",
                    "text": {"en": "You ran {weekly_distance_km:.0f} km.",
                             "nl": "Je liep {weekly_distance_km:.0f} km."}}],
        "source": {"document": "My notes", "section": "Long weeks"},
        "examples": [{"given": {"weekly_distance_km": 90},
                      "expect": {"topics": ["load-management"]}}],
    }
    rule.update(changes)
    return rule


def test_a_user_load_rule_joins_the_shipped_ones(tmp_path: Path) -> None:
    folder = tmp_path / "rules"
    _write(folder, [_load_rule(when={"weekly_distance_km": {"min": 25}})])
    assert run("rules", "test", "--rules", str(folder), "my-long-week").exit_code == 0
    days = "\n".join(f"2026-01-{d:02d},run,{d},60,5" for d in range(1, 8))  # 1+2+...+7 = 28 km
    log = f"date,type,distance_km,duration_min,rpe\n{days}\n"
    doc = load_json("-", "--rules", str(folder), input=log)
    assert [a["text"] for a in doc["advice"] if a["rule"] == "my-long-week"] == ["You ran 28 km."]
    nl = load_json("-", "--rules", str(folder), "--lang", "nl", input=log)
    assert [a["text"] for a in nl["advice"] if a["rule"] == "my-long-week"] == ["Je liep 28 km."]


def line_with(path: Path, marker: str) -> int:
    """The first line of the file that holds `marker`."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(number for number, text in enumerate(lines, 1) if marker in text)


@pytest.mark.parametrize(("changes", "marker", "fragment"), [
    ({"when": {"acrw": {"min": 1}}}, "acrw:", "unknown input 'acrw' (did you mean 'acwr'?)"),
    ({"level": "rest"}, "level: rest", "unknown key 'level' in load rule"),
    ({"title": {"en": "Long week"}}, "en: Long week", "title lacks the 'nl' text"),
    ({"examples": [{"given": {"pain": "ache"}, "expect": {"fires": False}}]}, "pain: ache",
     "example given: unknown input 'pain'"),
    ({"examples": [{"given": {"acwr": 2}, "expect": {"level": "go"}}]}, "level: go",
     "unknown key 'level' in load example expect"),
    ({"advice": [{"topic": "load-management", "text": {"en": "{ratio}", "nl": "{acwr:.2f}"}}]},
     "{ratio}", "{ratio} is not a load input"),
    ({"advice": [{"topic": "load-management", "text": {"en": "{acwr:d}", "nl": "x"}}]},
     "{acwr:d}", "format 'd' does not fit number 'acwr'"),
])
def test_bad_load_rules_give_located_problems(tmp_path: Path, changes: dict[str, Any], marker: str,
                                              fragment: str) -> None:
    path = _write(tmp_path / "rules", [_load_rule(**changes)])
    result = run("rules", "validate", str(path))
    assert result.exit_code == 3
    output = result.stdout + result.stderr
    assert located(output, str(path), line_with(path, marker), fragment), output
    assert "[my-long-week]" in output


def test_a_failing_load_example_fails_rules_test(tmp_path: Path) -> None:
    folder = tmp_path / "rules"
    _write(folder, [_load_rule(examples=[{"given": {"weekly_distance_km": 20},
                                          "expect": {"topics": ["load-management"]}}])])
    result = run("rules", "test", "--rules", str(folder), "my-long-week")
    assert result.exit_code == 1
    assert "expected the rule to fire" in flat(result.stdout)


# --- a date far from the rest (a typo year) ------------------------------------

def _with_typo_year(tmp_path: Path) -> Path:
    """acwr.csv with one extra row typed as 2036 in a 2026 log."""
    text = (LOGS / "acwr.csv").read_text(encoding="utf-8").rstrip("\n").splitlines()
    typo = text[-1].replace("2026-", "2036-", 1)
    path = tmp_path / "typo.csv"
    path.write_text("\n".join([*text, typo]) + "\n", encoding="utf-8")
    return path


def test_a_typo_year_is_named_and_kept_out_of_the_weeks(tmp_path: Path) -> None:
    path = _with_typo_year(tmp_path)
    lines = len(path.read_text(encoding="utf-8").splitlines())
    plain = load_json(str(LOGS / "acwr.csv"))
    result = run("log", "load", str(path), "--json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["far_dates"] == [{"line": lines, "date": doc["far_dates"][0]["date"]}]
    assert doc["far_dates"][0]["date"].startswith("2036-")
    assert doc["weeks"] == plain["weeks"]  # not 500 empty weeks, and the same ratio
    assert doc["days"] == plain["days"]
    assert f"typo.csv:{lines}:" in result.stderr
    assert "2036-" in result.stderr


def test_a_typo_year_in_the_table_too(tmp_path: Path) -> None:
    result = run("log", "load", str(_with_typo_year(tmp_path)))
    assert result.exit_code == 0
    assert "2036" not in result.stdout
    assert "2036" in result.stderr


def test_far_date_groups_keep_real_seasons_and_a_comeback() -> None:
    from recoverycli.traininglog.trainingload import far_date_groups

    today = dt.date(2026, 11, 30)
    season = {dt.date(2026, 3, 1) + dt.timedelta(days=i): 1 for i in range(0, 120, 2)}
    # a typo in the future and one in the past: both set aside
    typo_future = {**season, dt.date(2036, 3, 5): 1}
    assert far_date_groups(typo_future, today) == [[dt.date(2036, 3, 5)]]
    typo_past = {**season, dt.date(2016, 3, 5): 1}
    assert far_date_groups(typo_past, today) == [[dt.date(2016, 3, 5)]]
    # two real seasons, years apart: both kept
    earlier = {d.replace(year=2023): n for d, n in season.items()}
    assert far_date_groups({**earlier, **season}, today) == []
    # a comeback after two years off, not in the future: kept, it is the runner's present
    comeback = {d.replace(year=2024): n for d, n in season.items()}
    comeback.update({dt.date(2026, 11, 20): 1, dt.date(2026, 11, 25): 1})
    assert far_date_groups(comeback, today) == []
    assert far_date_groups({dt.date(2026, 1, 1): 1}, today) == []


def test_a_long_log_shows_its_last_weeks_and_full_shows_all(tmp_path: Path) -> None:
    """A ten-year log fits a screen: the last 12 weeks, and a line saying how many came
    before; --full shows every week; --json always has them all."""
    import datetime as dt

    log = tmp_path / "years.csv"
    start = dt.date(2020, 1, 6)  # a Monday
    rows = [f"{(start + dt.timedelta(days=7 * week)).isoformat()},run,50,5,10" for week in range(40)]
    log.write_text("date,type,duration_min,rpe,distance_km\n" + "\n".join(rows) + "\n", encoding="utf-8")
    short = run("log", "load", str(log))
    full = run("log", "load", str(log), "--full")
    doc = json.loads(run("log", "load", str(log), "--json").stdout)
    assert short.exit_code == full.exit_code == 0
    assert len(doc["weeks"]) == 40
    assert "28 earlier weeks not shown" in short.stdout and "not shown" not in full.stdout
    assert "2020-W02" not in short.stdout and "2020-W02" in full.stdout
    assert "2020-W41" in short.stdout
    assert len(short.stdout.splitlines()) < len(full.stdout.splitlines()) - 40


def test_the_load_report_ends_with_the_disclaimer() -> None:
    """Advice, not a diagnosis, said once and last, after the form panel and the alerts."""
    out = " ".join(run("log", "load", str(LOGS / "season.csv")).stdout.split())
    assert out.count("not a diagnosis") == 1
    assert out.endswith("belongs with a doctor or physiotherapist.")


def test_the_dutch_load_report_marks_our_own_rules_in_dutch() -> None:
    out = " ".join(run("log", "load", str(LOGS / "acwr.csv"), "--lang", "nl").stdout.split())
    assert "(eigen regel, bouwt hierop voort)" in out and "(project)" not in out
