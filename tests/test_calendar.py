"""The school-year calendars: one event per timeline entry, stable across rebuilds and edits."""
from __future__ import annotations

import pytest
from conftest import ROOT
from icalendar import Calendar

from macros.load import load_playbook
from macros.render.calendar import build_calendar

PLAYBOOK = load_playbook(ROOT / "data", ROOT)


def events(ics: bytes):
    return list(Calendar.from_ical(ics).walk("VEVENT"))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_built_calendar_holds_one_event_per_timeline_entry(built_site, lang):
    path = built_site / ("" if lang == "en" else "zh") / f"calendar/partnership-playbook-{lang}.ics"
    found = events(path.read_bytes())
    assert len(found) == len(PLAYBOOK.timeline)
    assert {str(e["summary"]) for e in found} == {t.title[lang] for t in PLAYBOOK.timeline}
    school_months = set(PLAYBOOK.site.school_year.calendar_months())
    for event in found:
        start = event.decoded("dtstart")
        assert (start.year, start.month) in school_months
        assert start.day == 1 and event.decoded("dtend") > start


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


def test_english_and_chinese_calendars_do_not_share_uids():
    english = {str(e["uid"]) for e in events(build_calendar(PLAYBOOK, "en"))}
    chinese = {str(e["uid"]) for e in events(build_calendar(PLAYBOOK, "zh"))}
    assert english and chinese and not english & chinese
