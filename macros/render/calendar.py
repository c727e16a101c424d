"""The school-year timeline as an iCalendar file, one per language.

Each timeline entry is one all-day event: on its own date when the data gives one, else on
the first school day of its month (a month-long event shows as a banner nobody keeps).
Each links back to its place in the timeline when the site's address is known.

Re-importing an updated file must update the events a reader already has: UIDs depend
only on the event's id, the school year and the language, and SEQUENCE rises whenever
an event's content changes. Content hashes cannot be ordered, so the counter is stored:
data/calendar.lock.yaml records, per event, the sequence last published and a fingerprint
of the content it was published with. An event whose fingerprint differs from the record
is published with the recorded sequence + 1, and `make build` records the new state.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import yaml
from icalendar import Calendar, Event

from ..load.model import LANGUAGES, Playbook, TimelineEvent

PRODID = "-//Seattle Public Schools//Partnership Playbook//EN"
LOCK = "data/calendar.lock.yaml"
LOCK_HEADER = ("# Written by `make build`; commit it with the data. Per timeline event: the SEQUENCE its\n"
               "# calendar entries were last published with, and a fingerprint of their content then.\n")


def event_uid(event_id: str, school_year_start: str, lang: str) -> str:
    return f"{event_id}.{school_year_start}.{lang}@partnership-playbook"


def event_day(playbook: Playbook, entry: TimelineEvent) -> date:
    if entry.date:
        return date.fromisoformat(entry.date)
    school_year = playbook.site.school_year
    year = {month: year for year, month in school_year.calendar_months()}[entry.month]
    return school_year.first_school_day(year, entry.month)


def _lines(playbook: Playbook, entry: TimelineEvent, lang: str) -> list[str]:
    ui = playbook.ui
    tools, forms = playbook.by_id["tools"], playbook.by_id["forms"]
    who = ui["list_separator"][lang].join(ui[f"actor_{a}"][lang] for a in entry.actors)
    lines = [entry.detail[lang], f"{ui['who'][lang]} {who}"]
    used = [tools[t].title[lang] for t in entry.tools] + [forms[f].title[lang] for f in entry.forms]
    if used:
        lines.append(f"{ui['uses'][lang]} {ui['list_separator'][lang].join(used)}")
    return lines


def fingerprint(playbook: Playbook, entry: TimelineEvent) -> str:
    """What a reader's calendar shows of the event, in every language, as a short hash."""
    shown = {lang: [entry.title[lang], event_day(playbook, entry).isoformat(), *_lines(playbook, entry, lang)]
             for lang in LANGUAGES}
    return hashlib.sha256(json.dumps(shown, ensure_ascii=False, sort_keys=True).encode()).hexdigest()[:12]


def read_lock(root: Path) -> dict[str, dict]:
    path = root / LOCK
    return (yaml.safe_load(path.read_text(encoding="utf-8")) or {}) if path.exists() else {}


def sequences(playbook: Playbook, lock: dict[str, dict]) -> dict[str, tuple[int, str]]:
    """(sequence, fingerprint) of each event: the recorded sequence while the content is
    the recorded one, one more once it has changed, 0 for a new event."""
    result = {}
    for entry in playbook.timeline:
        current = fingerprint(playbook, entry)
        record = lock.get(entry.id)
        if record is None:
            result[entry.id] = (0, current)
        elif record.get("fingerprint") == current:
            result[entry.id] = (int(record["sequence"]), current)
        else:
            result[entry.id] = (int(record["sequence"]) + 1, current)
    return result


def record_sequences(playbook: Playbook, root: Path) -> bool:
    """Write the lock file for the current content; whether it changed."""
    lock = read_lock(root)
    new = {event_id: {"sequence": sequence, "fingerprint": print_}
           for event_id, (sequence, print_) in sequences(playbook, lock).items()}
    if new == lock:
        return False
    body = yaml.safe_dump(new, sort_keys=True, allow_unicode=True)
    (root / LOCK).write_text(LOCK_HEADER + body, encoding="utf-8")
    return True


def build_calendar(playbook: Playbook, lang: str, lock: dict[str, dict] | None = None,
                   event_url: Callable[[str], str | None] = lambda event_id: None) -> bytes:
    """`event_url(event id)` is the absolute address of the event in the timeline page of
    `lang`, or None when the site's address is unknown (a relative URL means nothing in a
    calendar)."""
    school_year = playbook.site.school_year
    ui = playbook.ui
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    name = f"{ui['calendar_name'][lang]} · {school_year.label[lang]}"
    calendar.add("x-wr-calname", name)
    calendar.add("name", name)
    stamp = datetime.fromisoformat(school_year.start).replace(tzinfo=UTC)
    published = sequences(playbook, lock or {})
    for entry in playbook.timeline:
        day = event_day(playbook, entry)
        event = Event()
        event.add("uid", event_uid(entry.id, school_year.start, lang))
        event.add("dtstamp", stamp)
        event.add("sequence", published[entry.id][0])
        event.add("summary", entry.title[lang])
        event.add("description", "\n".join(_lines(playbook, entry, lang)))
        event.add("dtstart", day)
        event.add("dtend", day + timedelta(days=1))
        event.add("transp", "TRANSPARENT")
        url = event_url(entry.id)
        if url:
            event.add("url", url)
        calendar.add_component(event)
    return calendar.to_ical()


def calendar_filename(lang: str) -> str:
    return f"calendar/partnership-playbook-{lang}.ics"
