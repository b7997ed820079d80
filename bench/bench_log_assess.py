"""Benchmark `recover log assess --json`: rows per second and peak memory.

Not a test: run it by hand (python bench/bench_log_assess.py) and read the
figures. It writes random training logs to a temporary folder and runs the
real command in a fresh process for each size, so the figures include start-up,
reading, assessing, serialising and writing (to /dev/null). Peak memory is the
child's maximum resident set size (os.wait4), so it covers everything.

Two kinds of rows:
  log-like   what a real log holds: most rows a session or a check-in, one in
             six with a complaint (few distinct input sets, caches hit often);
  worst-case every assess input filled at random half of the time (almost
             every row a new input set: the engine runs for each row).
The 1 000 000-row runs show that memory stays flat as the log grows.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

COLUMNS = ["date", "type", "duration_min", "rpe", "distance_km", "surface", "hrv_ms", "rhr_bpm",
           "pain", "location", "spread", "onset", "hours_since", "severity", "warmup",
           "gait_changed", "swelling", "numb", "tingling", "radiating", "recurring", "when",
           "frequent", "hrv", "rhr", "sleep", "after", "note"]
CHOICES = {
    "pain": ["ache", "dull", "stiff", "burning", "sharp", "stabbing", "cramp"],
    "location": ["foot", "heel", "ankle", "achilles", "calf", "shin", "knee", "quad", "hamstring",
                 "it-band", "hip", "glute", "groin", "lower-back"],
    "spread": ["diffuse", "local"], "onset": ["sudden", "gradual", "delayed"],
    "warmup": ["better", "same", "worse"],
    "when": ["rest", "night", "during-exercise", "after-exercise"],
    "hrv": ["low", "normal", "high"], "rhr": ["normal", "elevated"],
    "after": ["marathon", "half-marathon", "race", "long-run", "intervals", "trail-run", "leg-day",
              "easy-run", "recovery-ride"],
}
FLAGS = ["gait_changed", "swelling", "numb", "tingling", "radiating", "recurring", "frequent"]


def _value(rng: random.Random, name: str) -> str:
    if name in CHOICES:
        return rng.choice(CHOICES[name])
    if name in FLAGS:
        return rng.choice(["yes", "no", "true", "false", "1", "0"])
    if name == "severity":
        return str(rng.randint(0, 10))
    if name == "hours_since":
        return str(rng.randint(0, 96))
    return f"{rng.uniform(4, 9):.1f}"  # sleep


def write_log(path: Path, rows: int, kind: str, seed: int = 6) -> None:
    rng = random.Random(seed)
    start = dt.date(2020, 1, 1)
    assess_inputs = [*CHOICES, *FLAGS, "severity", "hours_since", "sleep"]
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle, lineterminator="\n")
        out.writerow(COLUMNS)
        for index in range(rows):
            row = dict.fromkeys(COLUMNS, "")
            row["date"] = (start + dt.timedelta(days=index // 2)).isoformat()
            if kind == "worst-case":
                for name in assess_inputs:
                    if rng.random() < 0.5:
                        row[name] = _value(rng, name)
            elif index % 2 == 0:  # a session
                row.update(type="run", duration_min=str(rng.randint(25, 120)),
                           rpe=str(rng.randint(2, 9)), distance_km=f"{rng.uniform(4, 25):.1f}",
                           surface=rng.choice(["road", "trail", "track"]))
                if rng.random() < 1 / 6:
                    row.update(pain=rng.choice(["ache", "stiff", "sharp"]),
                               location=rng.choice(["calf", "quad", "knee", "achilles"]),
                               severity=str(rng.randint(1, 6)))
            else:  # a morning check-in
                row.update(hrv_ms=str(rng.randint(40, 90)), rhr_bpm=str(rng.randint(42, 60)),
                           hrv=rng.choice(["low", "normal", "normal", "high"]),
                           sleep=f"{rng.uniform(5, 9):.1f}")
            row["note"] = rng.choice(["", "easy", "felt good, windy", "race pace"])
            out.writerow(row[c] for c in COLUMNS)


def run(path: Path) -> tuple[float, float]:
    """(seconds, peak RSS in MiB) of one `recover log assess FILE --json > /dev/null`."""
    command = [sys.executable, "-m", "recoverycli", "log", "assess", str(path), "--json"]
    began = time.perf_counter()
    with open(os.devnull, "w") as sink:
        child = subprocess.Popen(command, stdout=sink)
        _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - began
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command)} exited {os.waitstatus_to_exitcode(status)}")
    return seconds, usage.ru_maxrss / 1024  # KiB on Linux


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--kinds", nargs="+", default=["log-like", "worst-case"])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        warm = Path(folder) / "warm.csv"
        write_log(warm, 10, "log-like")
        run(warm)  # fills the rules cache, as any earlier run of recover would
        start_seconds, start_peak = run(warm)
        print(f"start-up (10 rows): {start_seconds:.2f} s, {start_peak:.1f} MiB")
        print(f"{'rows':>10} {'kind':<11} {'seconds':>8} {'rows/s':>9} {'peak MiB':>9}")
        for kind in args.kinds:
            for size in args.sizes:
                path = Path(folder) / f"{kind}-{size}.csv"
                write_log(path, size, kind)
                seconds, peak = run(path)
                print(f"{size:>10} {kind:<11} {seconds:>8.2f} {size / seconds:>9.0f} {peak:>9.1f}",
                      flush=True)
                path.unlink()


if __name__ == "__main__":
    main()
