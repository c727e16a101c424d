"""The school-year calendars: one event per timeline entry, stable across rebuilds and edits."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
import yaml
from conftest import ROOT
from icalendar import Calendar

from macros.load import load_playbook
from macros.render.calendar import build_calendar, event_uid, read_lock, record_sequences, sequences

PLAYBOOK = load_playbook(ROOT / "data", ROOT)


def events(ics: bytes):
    return list(Calendar.from_ical(ics).walk("VEVENT"))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_built_calendar_holds_one_event_per_timeline_entry(built_site, lang):
    path = built_site / ("" if lang == "en" else "zh") / f"calendar/partnership-playbook-{lang}.ics"
    found = events(path.read_bytes())
    assert len(found) == len(PLAYBOOK.timeline)
    assert {str(e["summary"]) for e in found} == {t.title[lang] for t in PLAYBOOK.timeline}
    school_year = PLAYBOOK.site.school_year
    year_of = {month: year for year, month in school_year.calendar_months()}
    by_uid = {str(e["uid"]): e for e in found}
    for entry in PLAYBOOK.timeline:
        event = by_uid[event_uid(entry.id, school_year.start, lang)]
        start = event.decoded("dtstart")
        if entry.date:
            assert start == date.fromisoformat(entry.date)
        else:
            # the first school day of its month: a weekday, with none before it in the month
            assert (start.year, start.month) == (year_of[entry.month], entry.month)
            assert start.weekday() < 5 and start.isoformat() not in school_year.no_school_days
            earlier = [date(start.year, start.month, d) for d in range(1, start.day)]
            assert all(d.weekday() >= 5 or d.isoformat() in school_year.no_school_days for d in earlier)
        assert event.decoded("dtend") == start + timedelta(days=1), "one day, not a month-long banner"
        assert "url" not in event, "without SITE_URL the calendar names no address"


def test_uids_are_stable_across_rebuilds_and_edits(project):
    from macros.load import load_playbook as fresh_load
    before = {str(e["uid"]): str(e["summary"]) for e in events(build_calendar(PLAYBOOK, "en"))}
    path = project / "data/timeline.yaml"
    first = PLAYBOOK.timeline[0]
    path.write_text(path.read_text(encoding="utf-8").replace(first.title.en, first.title.en + " (updated)", 1), encoding="utf-8")
    edited = fresh_load(project / "data", project)
    after = {str(e["uid"]): str(e["summary"]) for e in events(build_calendar(edited, "en"))}
    assert before.keys() == after.keys()
    assert len(before) == len(PLAYBOOK.timeline)
    assert after[next(u for u in after if u.startswith(first.id + "."))] == first.title.en + " (updated)"
    assert build_calendar(PLAYBOOK, "en") == build_calendar(PLAYBOOK, "en")


def test_an_own_date_places_the_event_on_that_day(project):
    from macros.load import load_playbook as fresh_load
    entry = PLAYBOOK.timeline[-1]
    year = {m: y for y, m in PLAYBOOK.site.school_year.calendar_months()}[entry.month]
    day = date(year, entry.month, 17)
    path = project / "data/timeline.yaml"
    text = path.read_text(encoding="utf-8")
    marker = f"  - id: {entry.id}\n"
    path.write_text(text.replace(marker, f"{marker}    date: '{day.isoformat()}'\n", 1), encoding="utf-8")
    edited = fresh_load(project / "data", project)
    event = next(e for e in events(build_calendar(edited, "zh")) if str(e["uid"]).startswith(entry.id + "."))
    assert event.decoded("dtstart") == day


def test_a_reimport_after_a_change_updates_the_event(project):
    """The UID stays, SEQUENCE rises for the changed event only, and stays risen once recorded."""
    from macros.load import load_playbook as fresh_load
    assert read_lock(ROOT) == {k: {"sequence": s, "fingerprint": f} for k, (s, f) in sequences(PLAYBOOK, read_lock(ROOT)).items()}, \
        "data/calendar.lock.yaml records the current content (make build writes it)"
    lock = read_lock(project)

    def published(playbook):
        return {str(e["uid"]): (int(e["sequence"]), str(e["summary"])) for e in events(build_calendar(playbook, "en", read_lock(project)))}

    before = published(PLAYBOOK)
    changed = PLAYBOOK.timeline[1]
    path = project / "data/timeline.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(changed.title.en, changed.title.en + " (moved)", 1), encoding="utf-8")
    edited = fresh_load(project / "data", project)
    after = published(edited)
    assert before.keys() == after.keys()
    uid = event_uid(changed.id, PLAYBOOK.site.school_year.start, "en")
    assert after[uid] == (before[uid][0] + 1, changed.title.en + " (moved)")
    assert all(after[u][0] == before[u][0] for u in after if u != uid)
    assert record_sequences(edited, project)
    assert published(edited)[uid][0] == before[uid][0] + 1, "recorded, the new sequence stays"
    assert yaml.safe_load((project / "data/calendar.lock.yaml").read_text())[changed.id]["sequence"] == lock[changed.id]["sequence"] + 1


def test_english_and_chinese_calendars_do_not_share_uids():
    english = {str(e["uid"]) for e in events(build_calendar(PLAYBOOK, "en"))}
    chinese = {str(e["uid"]) for e in events(build_calendar(PLAYBOOK, "zh"))}
    assert english and chinese and not english & chinese
