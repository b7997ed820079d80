"""recover: a recovery advisor for runners.

The package is usable without the CLI::

    from recoverycli import assess, plan
    result = assess(pain="ache", location="quad", spread="diffuse", hours_since=36)
    result.level  # 'easy'

    from recoverycli import read_log, load_report
    with read_log("season.csv") as log:
        report = load_report(log)

Heavy modules load only when first used, so `recover --help` stays fast.
"""

from __future__ import annotations

from typing import Any

from recoverycli.version import __version__

API = ("assess", "plan", "load_rules", "read_log", "assess_rows", "load_report", "readiness")
__all__ = ["__version__", *API]


def __getattr__(name: str) -> Any:
    if name in API:
        from recoverycli import api

        return getattr(api, name)
    raise AttributeError(name)
