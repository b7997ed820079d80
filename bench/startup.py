"""Cold start of `recover assess` against a minimal Typer + rich app.

    python bench/startup.py [--pairs 21]

Runs the two commands alternately from the same interpreter (the venv this
script runs in), each in a fresh process, and prints the median wall time of
each and the median of the pairwise ratios (recover / reference). The target
is a ratio of at most 1.25. The rules cache is warmed by one untimed run first,
as it is after the first use on a machine. Also times shell completion.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
RECOVER = [sys.executable, "-c", "from recoverycli.cli import main; main()"]
ASSESS = [*RECOVER, "assess", "--pain", "sharp", "--location", "ankle"]
REFERENCE = [sys.executable, str(HERE / "reference_app.py"), "--title", "reference"]


def base_env() -> dict[str, str]:
    """The environment of a user's shell: bytecode caching on, as after `pip install`.

    (Some sandboxes set PYTHONDONTWRITEBYTECODE, which makes every run
    recompile every module from source and measures the sandbox, not the tool.)
    """
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def run(command: list[str], env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True,
                   env=env if env is not None else base_env())
    return time.perf_counter() - start


def completion_env() -> dict[str, str]:
    env = base_env()
    env.update({"_RECOVER_COMPLETE": "complete_bash", "COMP_WORDS": "recover assess --location a",
                "COMP_CWORD": "3"})
    return env


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pairs", type=int, default=21)
    args = parser.parse_args()
    run(ASSESS)  # warm the rules cache
    run(REFERENCE)
    ours, theirs, ratios = [], [], []
    for _ in range(args.pairs):
        mine = run(ASSESS)
        ref = run(REFERENCE)
        ours.append(mine)
        theirs.append(ref)
        ratios.append(mine / ref)
    completion = [run([*RECOVER], completion_env()) for _ in range(args.pairs)]
    print(f"recover assess  median {statistics.median(ours) * 1000:.0f} ms")
    print(f"reference app   median {statistics.median(theirs) * 1000:.0f} ms")
    print(f"completion      median {statistics.median(completion) * 1000:.0f} ms")
    ratio = statistics.median(ratios)
    print(f"ratio (median of {args.pairs} pairwise ratios) {ratio:.2f} (target <= 1.25)")
    return 0 if ratio <= 1.25 else 1


if __name__ == "__main__":
    raise SystemExit(main())
