"""Which language to speak: --lang, else RECOVER_LANG, else the locale.

The words themselves are data (rule files and rules/vocabulary/messages.yaml);
this module only decides which of them to show.
"""

from __future__ import annotations

import os

from recoverycli.model import LANGUAGES

DEFAULT = "en"


def from_locale(value: str | None) -> str | None:
    """'nl_BE.UTF-8' -> 'nl'; an unsupported or empty locale -> None."""
    if not value:
        return None
    code = value.split(".")[0].split("_")[0].split("-")[0].lower()
    return code if code in LANGUAGES else None


def choose_language(explicit: str | None = None, env: os._Environ[str] | dict[str, str] | None = None) -> str:
    """The language for this run, most specific first."""
    if explicit:
        return explicit
    env = os.environ if env is None else env
    wanted = env.get("RECOVER_LANG", "").strip().lower()
    if wanted in LANGUAGES:
        return wanted
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name)
        if value:
            return from_locale(value) or DEFAULT
    return DEFAULT
