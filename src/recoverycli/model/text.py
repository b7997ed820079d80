"""Words in every language recover speaks, and how one is picked."""

from __future__ import annotations

Text = dict[str, str]
"""A user-facing text in every supported language: {"en": ..., "nl": ...}."""

LANGUAGES = ("en", "nl")


def pick(text: Text, lang: str) -> str:
    """The text in `lang`, falling back to English."""
    return text.get(lang) or text.get("en", "")
