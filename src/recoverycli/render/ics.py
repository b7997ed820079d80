"""A plan as an iCalendar file: one event per item, so it drops into a phone calendar.

Items with a clock time become 30-minute timed events (floating local time);
the rest are all-day events on their day. Uses the maintained `icalendar`
library rather than hand-writing the format.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..fileio import write_file
from ..model import Plan, RuleBook, pick
from .common import source_line
from .jsonout import item_text

TIMED_MINUTES = 30


def plan_calendar(result: Plan, book: RuleBook, lang: str, start: dt.date,
                  only: frozenset[str] = frozenset()) -> tuple[bytes, int]:
    """The plan as iCalendar bytes, and how many events it holds."""
    from icalendar import Calendar, Event

    vocab = book.vocab
    calendar = Calendar()
    calendar.add("prodid", "-//recover//recovery plan//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", vocab.msg("plan_title", lang))
    stamp = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    count = 0
    for day in result.days:
        date = start + dt.timedelta(days=day.day)
        for entry in day.entries:
            item = entry.item
            if only and item.topic not in only:
                continue
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
            calendar.add_component(event)
            count += 1
    return calendar.to_ical(), count


def write_ics(result: Plan, book: RuleBook, lang: str, path: Path, only: frozenset[str],
              start: dt.date) -> int:
    """Write the plan to `path` (`-`: stdout); return the number of events."""
    data, count = plan_calendar(result, book, lang, start, only)
    if str(path) == "-":
        import sys

        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        write_file(path, data)
    return count
