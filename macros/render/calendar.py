"""The school-year timeline as an iCalendar file, one per language.

UIDs depend only on the event's id and the school year, so importing an updated
file updates the events a reader already has instead of adding copies.
"""
from __future__ import annotations

from datetime import UTC, date, datetime

from icalendar import Calendar, Event

from ..load.model import Playbook

PRODID = "-//Seattle Public Schools//Partnership Playbook//EN"


def event_uid(event_id: str, school_year_start: str, lang: str) -> str:
    return f"{event_id}.{school_year_start}.{lang}@partnership-playbook"


def _month_after(year: int, month: int) -> date:
    return date(year + month // 12, month % 12 + 1, 1)


def build_calendar(playbook: Playbook, lang: str) -> bytes:
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
    year_of_month = {month: year for year, month in school_year.calendar_months()}
    tools = playbook.by_id["tools"]
    forms = playbook.by_id["forms"]
    for entry in playbook.timeline:
        year = year_of_month[entry.month]
        event = Event()
        event.add("uid", event_uid(entry.id, school_year.start, lang))
        event.add("dtstamp", stamp)
        event.add("summary", entry.title[lang])
        who = ui["list_separator"][lang].join(ui[f"actor_{a}"][lang] for a in entry.actors)
        lines = [entry.detail[lang], f"{ui['who'][lang]} {who}"]
        used = [tools[t].title[lang] for t in entry.tools] + [forms[f].title[lang] for f in entry.forms]
        if used:
            lines.append(f"{ui['uses'][lang]} {ui['list_separator'][lang].join(used)}")
        event.add("description", "\n".join(lines))
        event.add("dtstart", date(year, entry.month, 1))
        event.add("dtend", _month_after(year, entry.month))
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return calendar.to_ical()


def calendar_filename(lang: str) -> str:
    return f"calendar/partnership-playbook-{lang}.ics"
