"""How the apps write things: their activity types, and the key by which their words compare.

Shared by the CSV exports (`exports`) and the activity files (`activity_files`),
which both turn an app's sport into recover's `type`.
"""

from __future__ import annotations

__all__ = ["ACTIVITY_TYPES", "activity_type", "word_key"]


def word_key(name: str) -> str:
    """A header name or an app's word as compared: any case, spaces collapsed."""
    return " ".join(name.strip().casefold().split())


ACTIVITY_TYPES = {
    "run": "run", "running": "run", "trail run": "run", "trail running": "run", "virtual run": "run",
    "treadmill running": "run", "track running": "run", "indoor running": "run", "street running": "run",
    "lauf": "run", "trailrun": "run", "běh": "run", "carrera": "run", "course à pied": "run", "hardlopen": "run",
    "ride": "ride", "cycling": "ride", "road cycling": "ride", "indoor cycling": "ride", "virtual ride": "ride",
    "mountain bike ride": "ride", "mountain biking": "ride", "gravel ride": "ride", "e-bike ride": "ride",
    "radfahrt": "ride", "fietsen": "ride", "jízda na kole": "ride",
    "walk": "walk", "walking": "walk", "hike": "walk", "hiking": "walk", "spaziergang": "walk",
    "wanderung": "walk", "wandelen": "walk",
    "swim": "swim", "pool swim": "swim", "open water swimming": "swim", "swimming": "swim",
    "schwimmen": "swim", "zwemmen": "swim",
    "weight training": "strength", "strength training": "strength", "workout": "strength",
    "crossfit": "strength", "krafttraining": "strength", "krachttraining": "strength",
}
"""Activity types as the apps write them, to recover's `type` values (others stay unknown)."""


_TYPES_BY_KEY = {word_key(word): kind for word, kind in ACTIVITY_TYPES.items()}


def activity_type(word: str) -> str | None:
    """recover's `type` for an app's activity type ('Trail Run' -> 'run'), or None."""
    return _TYPES_BY_KEY.get(word_key(word))
