"""The load panel's arithmetic against its definitions (traininglog.loadmaths), and the
panel in `recover log load`."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from helpers import invoke

from recoverycli.traininglog import loadmaths

LOGS = Path(__file__).resolve().parent / "data" / "logs"


def test_uncoupled_ratio_is_its_definition() -> None:
    loads = [float((i * 37) % 11 + 1) for i in range(40)]
    ratios = loadmaths.uncoupled_ratio(loads)
    assert ratios[26] is None and ratios[27] is not None
    for end in range(27, 40):
        acute = sum(loads[end - 6:end + 1]) / 7
        chronic = sum(loads[end - 27:end - 6]) / 21
        assert ratios[end] == pytest.approx(acute / chronic, rel=1e-12)


def test_an_unknown_load_makes_its_windows_unknown() -> None:
    loads: list[float | None] = [10.0] * 40
    loads[30] = None
    ratios = loadmaths.uncoupled_ratio(loads)
    assert ratios[29] is not None and all(r is None for r in ratios[30:])
    monotony, _strain = loadmaths.monotony_and_strain(loads)
    assert monotony[29] is None, "a week of identical loads has no monotony"


def test_ewma_ratio_follows_williams() -> None:
    loads = [100.0] * 27 + [100.0] * 3 + [300.0]
    ratios = loadmaths.ewma_ratio(loads)
    assert ratios[26] is None and ratios[29] == pytest.approx(1.0)
    fast, slow = 2 / 8, 2 / 29
    acute = 300 * fast + (1 - fast) * 100
    chronic = 300 * slow + (1 - slow) * 100
    assert ratios[-1] == pytest.approx(acute / chronic)


def test_monotony_and_strain_follow_foster() -> None:
    week = [60.0, 0.0, 45.0, 0.0, 90.0, 30.0, 0.0]
    monotony, strain = loadmaths.monotony_and_strain(week)
    mean = sum(week) / 7
    sd = math.sqrt(sum((x - mean) ** 2 for x in week) / 7)
    assert monotony[-1] == pytest.approx(mean / sd)
    assert strain[-1] == pytest.approx(sum(week) * mean / sd)


def test_fitness_fatigue_form_are_exponential_averages() -> None:
    fitness, fatigue, form = loadmaths.fitness_fatigue_form([100.0] * 400)
    assert fitness[-1] == pytest.approx(100.0, abs=0.1) and fatigue[-1] == pytest.approx(100.0, abs=0.1)
    assert form[-1] == pytest.approx(0.0, abs=0.1)
    one = loadmaths.fitness_fatigue_form([70.0])
    assert one[0][0] == pytest.approx(70 * (1 - math.exp(-1 / 42)))
    assert one[1][0] == pytest.approx(70 * (1 - math.exp(-1 / 7)))


@pytest.mark.parametrize(("runs", "band"), [([10, 0, 11.5], "small"), ([10, 0, 15], "moderate"),
                                            ([10, 0, 21], "large"), ([10, 0, 10.9], None)])
def test_spike_bands_follow_frandsen(runs: list[float], band: str | None) -> None:
    found = loadmaths.spikes(runs)
    assert [s.band for s in found] == ([band] if band else [])


def test_a_spike_looks_back_30_days_only() -> None:
    runs = [20.0] + [0.0] * 30 + [12.0]
    assert loadmaths.spikes(runs) == [], "the 20 km run is 31 days before: nothing to compare"
    runs = [20.0] + [0.0] * 29 + [23.0]
    assert [s.band for s in loadmaths.spikes(runs)] == ["small"]


def test_log_load_shows_the_panel() -> None:
    doc = json.loads(invoke(["log", "load", str(LOGS / "acwr.csv"), "--json"]).stdout)
    last = doc["days"][-1]
    # 2026-04-05: last 7 days 1800; the 21 days before 800 + 800 + 1220 = 2820
    assert last["acwr_uncoupled"] == pytest.approx((1800 / 7) / (2820 / 21), abs=1e-3)
    assert {"acwr_ewma", "monotony", "strain", "fitness", "fatigue", "form"} <= set(last)
    assert [a["band"] for a in doc["alerts"]] == ["small", "moderate", "small"]
    assert "load-ratios-describe" in [a["rule"] for a in doc["advice"]]
    text = invoke(["log", "load", str(LOGS / "acwr.csv")], COLUMNS="100").stdout
    assert "▁" in text or "█" in text


def test_a_race_week_is_no_build_up(tmp_path: Path) -> None:
    rows = ["date,type,distance_km,duration_min,rpe"]
    import datetime as dt

    start = dt.date(2026, 3, 2)
    for day in range(0, 28, 2):
        rows.append(f"{start + dt.timedelta(days=day)},run,8,45,4")
    rows.append(f"{start + dt.timedelta(days=28)},marathon,42.2,230,9")
    path = tmp_path / "race.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    doc = json.loads(invoke(["log", "load", str(path), "--json"]).stdout)
    rules = [a["rule"] for a in doc["advice"]]
    assert "load-after-a-race" in rules
    assert "load-distance-jump" not in rules and "load-ratio-spike" not in rules
    assert doc["days"][-1]["race"] == "marathon"


@pytest.mark.parametrize("suffix", [".png", ".svg"])
def test_plot_writes_a_picture_that_opens(tmp_path: Path, suffix: str) -> None:
    pytest.importorskip("matplotlib")
    target = tmp_path / f"load{suffix}"
    result = invoke(["log", "load", str(LOGS / "acwr.csv"), "--plot", str(target)])
    assert result.exit_code == 0, result.output
    data = target.read_bytes()
    if suffix == ".png":
        from matplotlib import image

        picture = image.imread(str(target))
        assert picture.shape[0] > 100 and picture.shape[1] > 100
    else:
        import xml.etree.ElementTree as ET

        assert ET.fromstring(data).tag.endswith("svg")


def test_plot_refuses_an_unknown_picture_format(tmp_path: Path) -> None:
    result = invoke(["log", "load", str(LOGS / "acwr.csv"), "--plot", str(tmp_path / "load.gif")])
    assert result.exit_code == 2
