"""Benchmark `recover log load FOLDER --json` on a Strava export folder of 2,000 activity files.

    python bench/bench_export_folder.py [--files 2000] [--records 0] [--points 30] [--cached-runs 3] [--keep]

Not a test: run it by hand and read the figures. It builds a synthetic Strava bulk
export in a temporary folder: `activities.csv` (the English header of
tests/data/exports/strava.csv) whose rows lack time and distance, so that every
row is filled from its activity file, and the files under `activities/` (a third
FIT, a third gzipped FIT, made with tests/fitfile.py; a third GPX with 30 track
points). The files are small by default; `--records 3600 --points 3600` makes
them the size a watch writes for an hour at one sample a second (FIT ~36 kB,
GPX ~300 kB), which shows what a cold run costs on a real export. Then it runs
the real command in fresh processes, with a private cache folder
(RECOVER_CACHE_DIR):

  cold     the first run: every activity file is read (and the summaries cached);
  cached   the next runs: the summaries come from the cache (the median is shown);
  no cache the same with RECOVER_NO_CACHE=1, for comparison.

The rules cache is warmed by one untimed `recover assess` first, as it is after
the first use on a machine. The target: a cached run under 2 s. Exits 1 when the
cached run misses it or its JSON differs from the cold run's.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import gzip
import io
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "tests"))

from fitfile import fit_activity  # noqa: E402  (tests/fitfile.py: a tiny FIT encoder)

RECOVER = [sys.executable, "-c", "from recoverycli.cli import main; main()"]
TARGET_S = 2.0


def gpx_text(start: dt.datetime, seconds: int, metres: float, count: int) -> str:
    """A GPX run going north from Ghent: `count` points, evenly spaced in time and distance."""
    step_s = seconds / (count - 1)
    step_deg = metres / (count - 1) / 111_195  # metres per degree of latitude
    points = "\n".join(
        f'      <trkpt lat="{51.05 + i * step_deg:.6f}" lon="3.730000">'
        f"<time>{(start + dt.timedelta(seconds=i * step_s)).strftime('%Y-%m-%dT%H:%M:%SZ')}</time></trkpt>"
        for i in range(count))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<gpx version="1.1" creator="recover bench" xmlns="http://www.topografix.com/GPX/1/1">\n'
            f"  <trk>\n    <type>running</type>\n    <trkseg>\n{points}\n    </trkseg>\n  </trk>\n</gpx>\n")


def build_export(folder: Path, files: int, records: int = 0, points: int = 30) -> None:
    """activities.csv and `files` activity files, one session a day or so, the newest today."""
    header = next(csv.reader([(ROOT / "tests" / "data" / "exports" / "strava.csv")
                              .read_text(encoding="utf-8").splitlines()[0]]))
    (folder / "activities").mkdir(parents=True)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    first = dt.datetime(2026, 3, 1, 6, 30, tzinfo=dt.timezone.utc) - dt.timedelta(hours=13 * files)
    for number in range(files):
        start = first + dt.timedelta(hours=13 * number)
        seconds = 1800 + (number * 37) % 3600
        metres = seconds * (2.6 + (number % 7) / 10)
        kind = number % 3
        if kind == 0:
            name = f"activities/{1000 + number}.fit"
            (folder / name).write_bytes(fit_activity(start, "running", seconds, metres, records))
        elif kind == 1:
            name = f"activities/{1000 + number}.fit.gz"
            (folder / name).write_bytes(gzip.compress(fit_activity(start, "running", seconds, metres, records)))
        else:
            name = f"activities/{1000 + number}.gpx"
            (folder / name).write_text(gpx_text(start, seconds, metres, max(points, 2)), encoding="utf-8")
        cells = [""] * len(header)
        cells[header.index("Activity ID")] = str(1000 + number)
        cells[header.index("Activity Date")] = start.strftime("%b %-d, %Y, %-I:%M:%S %p")
        cells[header.index("Activity Name")] = "Run"
        cells[header.index("Activity Type")] = "Run"
        cells[header.index("Filename")] = name
        writer.writerow(cells)
    (folder / "activities.csv").write_text(buffer.getvalue(), encoding="utf-8")


def run(args: list[str], env: dict[str, str]) -> tuple[float, bytes]:
    start = time.perf_counter()
    done = subprocess.run([*RECOVER, *args], env=env, capture_output=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"recover {' '.join(args)} failed ({done.returncode}):\n{done.stderr.decode()}")
    return elapsed, done.stdout


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--records", type=int, default=0, help="record messages in each FIT file")
    parser.add_argument("--points", type=int, default=30, help="track points in each GPX file")
    parser.add_argument("--cached-runs", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder and print its path")
    options = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="recover-bench-export-"))
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("RECOVER_NO_CACHE", None)
    env["RECOVER_CACHE_DIR"] = str(work / "cache")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "src"), env.get("PYTHONPATH")]))
    folder = work / "export"
    started = time.perf_counter()
    build_export(folder, options.files, options.records, options.points)
    print(f"built {options.files} activity files in {time.perf_counter() - started:.1f} s: {folder}")

    run(["assess", "--pain", "ache", "--location", "calf", "--json"], env)  # the rules cache, warm
    command = ["log", "load", str(folder), "--json"]
    cold, cold_out = run(command, env)
    cached_runs = [run(command, env) for _ in range(options.cached_runs)]
    cached = statistics.median(elapsed for elapsed, _ in cached_runs)
    uncached, _ = run(command, {**env, "RECOVER_NO_CACHE": "1"})
    same = all(out == cold_out for _, out in cached_runs)

    print(f"cold     {cold:6.2f} s  (reads {options.files} files, writes the cache)")
    print(f"cached   {cached:6.2f} s  (median of {options.cached_runs}; target < {TARGET_S:.0f} s: "
          f"{'ok' if cached < TARGET_S else 'MISSED'})")
    print(f"no cache {uncached:6.2f} s  (RECOVER_NO_CACHE=1)")
    print(f"cached output identical to the cold run's: {'yes' if same else 'NO'}")
    if options.keep:
        print(f"kept: {work}")
    else:
        import shutil

        shutil.rmtree(work, ignore_errors=True)
    return 0 if cached < TARGET_S and same else 1


if __name__ == "__main__":
    sys.exit(main())
