"""A plan as an iCalendar file that drops into a phone calendar.

By default one all-day event per day, the day's items in its description, so a
marathon fills eight days, not fifty slots. With `--ics-items`, one event per
item: items with a clock time become 30-minute timed events (floating local
time), the rest all-day events on their day. Uses the maintained `icalendar`
library rather than hand-writing the format. Why a module of its own: a
calendar is a file for another program, not text for a person; its words
(day labels, item texts, sources) come from `words` and `common`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from recoverycli.fileio import write_file
from recoverycli.model import Plan, PlanDay, PlanEntry, RuleBook, pick
from recoverycli.render.common import source_line
from recoverycli.render.words import day_label, item_text

TIMED_MINUTES = 30


def plan_calendar(result: Plan, book: RuleBook, lang: str, start: dt.date,
                  only: frozenset[str] = frozenset(), per_item: bool = False) -> tuple[bytes, int]:
    """The plan as iCalendar bytes, and how many events it holds: one all-day event per
    day with the day's items in its description, or (`per_item`) one event per item."""
    from icalendar import Calendar

    vocab = book.vocab
    calendar = Calendar()
    calendar.add("prodid", "-//recover//recovery plan//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", vocab.msg("plan_title", lang))
    stamp = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    count = 0
    for day in result.days:
        date = start + dt.timedelta(days=day.day)
        entries = [e for e in day.entries if not only or e.item.topic in only]
        if per_item:
            for entry in entries:
                calendar.add_component(_item_event(entry, result, book, lang, date, stamp))
                count += 1
        elif entries:
            calendar.add_component(_day_event(day, entries, result, book, lang, date, stamp))
            count += 1
    return calendar.to_ical(), count


def _day_event(day: PlanDay, entries: list[PlanEntry], result: Plan, book: RuleBook, lang: str,
               date: dt.date, stamp: dt.datetime) -> Any:
    """One all-day event: the day's label, and each item with its time, text and source."""
    from icalendar import Event

    vocab = book.vocab
    lines = []
    for entry in entries:
        item = entry.item
        slot = item.time or pick(vocab.slots[item.slot], lang)
        lines.append(f"{slot} — {pick(item.title, lang)}\n{item_text(item, entry.location, book, lang)}\n"
                     f"({source_line(item.source)})")
    event = Event()
    event.add("uid", f"{result.after}-{date.isoformat()}-day@recover")
    event.add("dtstamp", stamp)
    label = day_label(day.day, day.phase, book, lang, result.after)
    event.add("summary", f"{vocab.msg('plan_title', lang)}: {label}")
    event.add("description", "\n\n".join(lines))
    event.add("categories", sorted({e.item.topic for e in entries}))
    event.add("dtstart", date)
    event.add("dtend", date + dt.timedelta(days=1))
    return event


def _item_event(entry: PlanEntry, result: Plan, book: RuleBook, lang: str, date: dt.date,
                stamp: dt.datetime) -> Any:
    """One event per item: timed (30 minutes) when the item has a clock time."""
    from icalendar import Event

    vocab = book.vocab
    item = entry.item
    text = item_text(item, entry.location, book, lang)
    event = Event()
    event.add("uid", f"{result.after}-{date.isoformat()}-{item.id}-{entry.location or 'all'}@recover")
    event.add("dtstamp", stamp)
    event.add("summary", pick(item.title, lang))
    slot = pick(vocab.slots[item.slot], lang)
    event.add("description", f"{slot}: {text}\n\n{source_line(item.source)}")
    event.add("categories", [item.topic])
    if item.time:
        hour, minute = (int(part) for part in item.time.split(":"))
        begin = dt.datetime.combine(date, dt.time(hour, minute))
        event.add("dtstart", begin)
        event.add("dtend", begin + dt.timedelta(minutes=TIMED_MINUTES))
    else:
        event.add("dtstart", date)
        event.add("dtend", date + dt.timedelta(days=1))
    return event


def write_ics(result: Plan, book: RuleBook, lang: str, path: Path, only: frozenset[str],
              start: dt.date, per_item: bool = False) -> int:
    """Write the plan to `path` (`-`: stdout); return the number of events."""
    data, count = plan_calendar(result, book, lang, start, only, per_item)
    if str(path) == "-":
        import sys

        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        write_file(path, data)
    return count
