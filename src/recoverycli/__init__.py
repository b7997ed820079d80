"""recover: a recovery advisor for runners.

The package is usable without the CLI::

    from recoverycli import assess, plan
    result = assess(pain="ache", location="quad", spread="diffuse", hours_since=36)
    result.level  # 'easy'

Heavy modules load only when first used, so `recover --help` stays fast.
"""

from __future__ import annotations

from typing import Any

from recoverycli.version import __version__

__all__ = ["__version__", "assess", "load_rules", "plan"]


def __getattr__(name: str) -> Any:
    if name in ("assess", "plan", "load_rules"):
        from recoverycli import api

        return getattr(api, name)
    raise AttributeError(name)
