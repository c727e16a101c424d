"""The readers' core journeys in Chromium, Firefox ESR and WebKit, each on the served site and
from the unzipped offline bundle (file://). Each journey is written once (browsers.py gives
every engine the same reader actions) and what it expects comes from the data."""
from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse
from urllib.request import url2pathname

import browsers
import pytest
from conftest import ROOT
from icalendar import Calendar

from macros.load import load_playbook
from macros.load.choices import Audience

pytestmark = pytest.mark.engines
PLAYBOOK = load_playbook(ROOT / "data", ROOT)
UI = PLAYBOOK.ui
REVIEW = PLAYBOOK.board_review
LEADER_CHECKLIST = next(c for c in PLAYBOOK.checklists if c.audience == Audience.SCHOOL_LEADER)


# Engines and the two ways a reader gets the site ---------------------------

@pytest.fixture(scope="session", params=["chromium", "firefox", "webkit"])
def engine(request, tmp_path_factory):
    """One window per engine and per worker, reused by every journey in that engine."""
    if request.param == "chromium":
        started = browsers.Chromium(request.getfixturevalue("browser"))
    elif request.param == "firefox":
        browsers.require(browsers.FIREFOX, "firefox-esr")
        browsers.require("node", "nodejs")
        if not (ROOT / "node_modules/puppeteer-core").is_dir():
            pytest.fail("puppeteer-core is not installed; run `npm ci` in the project folder (make test does)")
        started = browsers.Firefox(tmp_path_factory.mktemp("firefox") / "driver.log")
    else:
        browsers.require(browsers.WEBKIT_DRIVER, "webkit2gtk-driver")
        display = request.getfixturevalue("virtual_display")
        started = browsers.WebKit(display)
    yield started
    started.close()


@pytest.fixture(scope="session")
def virtual_display(tmp_path_factory):
    yield from browsers.start_display(tmp_path_factory.mktemp("xvfb") / "xvfb.log")


class Site:
    """Addresses of the playbook's pages, served (`checklists/`) or on disk (`checklists.html`)."""

    def __init__(self, mode: str, base: str):
        self.mode, self.base = mode, base.rstrip("/")

    def home(self, lang: str) -> str:
        return f"{self.base}/{'zh/' if lang == 'zh' else ''}"

    def url(self, source: str, lang: str = "en") -> str:
        """The address of the page built from docs/<lang>/<source>, e.g. 'establish/forms.md'."""
        page = source.removesuffix(".md")
        if self.mode == "file":
            return self.home(lang) + page + ".html"
        if page == "index" or page.endswith("/index"):
            return self.home(lang) + page.removesuffix("index")
        return self.home(lang) + page + "/"


@pytest.fixture(scope="session", params=["served", "file"])
def site(request):
    if request.param == "served":
        return Site("served", request.getfixturevalue("site_url"))
    return Site("file", request.getfixturevalue("bundle").resolve().as_uri())


@pytest.fixture
def reader(engine):
    """A fresh window in `engine` for one journey; no uncaught script error may happen in it."""
    engine.new_page()
    yield engine
    errors = engine.script_errors()
    assert not errors, f"{engine.name}: uncaught script errors during the journey: {errors}"


# Reader actions shared by the journeys -------------------------------------

def switch_language(reader, lang: str) -> None:
    """Choose `lang` in the header's language switcher, which opens on hover."""
    link = f'a.md-select__link[hreflang="{lang}"]'
    reader.hover(".md-header__option .md-select")
    # The list fades in; WebKit refuses a click on it until it has (an element not interactable).
    reader.wait_for("selector => { const link = document.querySelector(selector), box = link.getBoundingClientRect();"
                    " return getComputedStyle(link.closest('.md-select__inner')).opacity === '1' &&"
                    " link.contains(document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2)); }",
                    link, what=f"the language list to open, showing {lang}")
    reader.click(link)


def wait_for_page(reader, url: str, lang: str, what: str) -> None:
    reader.wait_for("(url, lang) => location.href === url && document.readyState === 'complete'"
                    " && document.documentElement.lang.split('-')[0] === lang", url, lang, what=what)


def search(reader, query: str, expected_url: str) -> list[str]:
    """Type `query` into the header's search, key by key; the result pages, once `expected_url`
    is among them."""
    reader.click(".md-search__input")
    reader.wait_for("() => { const m = document.querySelector('.md-search-result__meta');"
                    " return m && !/Initializing|正在初始化/.test(m.textContent); }",
                    what="the search index to load")
    reader.type(".md-search__input", query)
    reader.press("End")  # a last key up, which the theme searches on
    return reader.wait_for(
        "(query, expected) => { const pages = [...document.querySelectorAll('.md-search-result__item > a')]"
        ".map(a => a.href.split(/[?#]/)[0]);"
        " return document.querySelector('.md-search__input').value === query && pages.includes(expected) && pages; }",
        query, expected_url, what=f"search for {query!r} to list {expected_url}")


def checked(reader, selectors: list[str]) -> list[bool]:
    return reader.run("selectors => selectors.map(s => document.querySelector(s).checked)", selectors)


def box(item) -> str:
    return f"#check-{LEADER_CHECKLIST.id}-{item.id}"


def text_of(reader, selector: str) -> str:
    return reader.run("selector => document.querySelector(selector).textContent.trim()", selector)


def fill(reader, selector: str, text: str) -> None:
    reader.clear(selector)
    reader.type(selector, text)


def ask_board_helper(reader, value: str) -> dict:
    """Press the Board-review helper's button; what it answered (its words, the conditions met)."""
    reader.run("() => { document.querySelector('[data-pb-board-result]').textContent = ''; }")
    reader.click("[data-pb-board-form] button[type=submit]")
    return reader.wait_for(
        "() => { const r = document.querySelector('[data-pb-board-result]');"
        " return r.textContent.trim() && {text: r.textContent.trim(),"
        " met: [...r.querySelectorAll('[data-met]')].map(e => e.getAttribute('data-met'))}; }",
        what=f"an answer from the Board-review helper for the amount {value!r}")


def answers(meeting: bool) -> tuple[int, int, bool]:
    """The value, months and lead answers that meet every condition of the policy, or none."""
    chosen = {}
    for condition in REVIEW.conditions:
        if condition.operator == "is_true":
            chosen[condition.input] = meeting
        else:
            threshold = int(condition.threshold)
            exceeds = condition.operator == "more_than"
            chosen[condition.input] = threshold + exceeds if meeting else threshold + exceeds - 1
    return chosen["value_usd"], chosen["duration_months"], chosen["lead_autonomy"]


# The journeys --------------------------------------------------------------

def test_language_switch_keeps_the_page(reader, site):
    page = "establish/forms.md"
    reader.goto(site.url(page, "en"))
    for lang in ("zh", "en"):
        switch_language(reader, lang)
        wait_for_page(reader, site.url(page, lang), lang, f"the switch to {lang} to keep {page}")


@pytest.mark.parametrize("lang, query, expected", [
    ("en", "checklists", "checklists.md"),
    ("zh", "伙伴", "partnership-types.md"),  # a two-character Chinese word
], ids=["en", "zh"])
def test_search_finds_the_page_in_the_readers_language(reader, site, lang, query, expected):
    reader.goto(site.url("index.md", lang))
    found = search(reader, query, site.url(expected, lang))
    in_chinese = [url.startswith(site.home("zh")) for url in found]
    assert all(in_chinese) if lang == "zh" else not any(in_chinese), \
        f"{reader.name}: results in another language: {found}"


def test_checklist_ticks_survive_reload_and_language_switch(reader, site):
    first, second, third = LEADER_CHECKLIST.items[:3]
    total = len(LEADER_CHECKLIST.items)
    count = f"#{LEADER_CHECKLIST.id} [data-pb-count]"
    reader.goto(site.url("checklists.md"))
    reader.run("() => localStorage.clear()")
    reader.reload()
    reader.click(box(first))
    reader.click(box(second))
    done = UI["count_done"].en.format(done=2, total=total)
    reader.wait_for("(selector, done) => document.querySelector(selector).textContent.trim() === done",
                    count, done, what=f"the count to read {done!r}")
    reader.reload()
    assert checked(reader, [box(first), box(second), box(third)]) == [True, True, False], \
        f"{reader.name}: ticks lost on reload"
    assert text_of(reader, count) == done
    switch_language(reader, "zh")
    wait_for_page(reader, site.url("checklists.md", "zh"), "zh", "the switch to the Chinese checklists")
    assert checked(reader, [box(first), box(second), box(third)]) == [True, True, False], \
        f"{reader.name}: ticks lost on the language switch"
    assert text_of(reader, count) == UI["count_done"].zh.format(done=2, total=total)


@pytest.mark.parametrize("meeting", [True, False], ids=["every-condition", "no-condition"])
def test_board_review_helper_answers(reader, site, meeting):
    value, months, lead = answers(meeting)
    expected = [c.id for c in REVIEW.conditions_met(value, months, lead)]
    assert bool(expected) == meeting and len(expected) in (0, len(REVIEW.conditions))
    reader.goto(site.url("lead-partners.md"))
    fill(reader, "#board-value", str(value))
    fill(reader, "#board-months", str(months))
    if lead:
        reader.click("#board-lead")
    answer = ask_board_helper(reader, str(value))
    assert sorted(answer["met"]) == sorted(expected), f"{reader.name}: {answer}"
    verdict = UI["board_result_yes" if meeting else "board_result_no"].en.format(number=REVIEW.policy.number)
    assert answer["text"].startswith(verdict), f"{reader.name}: {answer['text']!r}"


def test_board_review_helper_reads_amounts_as_people_write_them(reader, site):
    """Firefox and WebKit emptied "$250,000" in a number field; Chromium read "250k" as 250."""
    threshold, months = (int(next(c.threshold for c in REVIEW.conditions if c.input == answer))
                         for answer in ("value_usd", "duration_months"))
    readable = {"en": [f"${threshold:,}", f"{threshold:,}", str(threshold), f"{threshold - 1:,}"], "zh": [f"${threshold:,}"]}
    unreadable = {"en": [f"{threshold / 1000:g}k", "-5", f"{threshold}.50"], "zh": [f"{threshold / 10000:g}万"]}
    for lang in ("en", "zh"):
        reader.goto(site.url("lead-partners.md", lang))
        looks = ("() => ['display', 'minWidth', 'paddingTop', 'borderTopStyle', 'borderTopColor'].map(property =>"
                 " ['#board-value', '#board-months'].map(f => getComputedStyle(document.querySelector(f))[property]))")
        assert all(value == months_field for value, months_field in reader.run(looks)), \
            f"{reader.name}: the amount field is not styled as the months field: {reader.run(looks)}"
        fill(reader, "#board-months", str(months))
        for written in readable[lang]:
            fill(reader, "#board-value", written)
            answer = ask_board_helper(reader, written)
            expected = [c.id for c in REVIEW.conditions_met(int(written.strip("$").replace(",", "")), months, False)]
            assert answer["met"] == expected, f"{reader.name}, {lang}: {written!r} was read as {answer}"
        for written in unreadable[lang]:
            fill(reader, "#board-value", written)
            answer = ask_board_helper(reader, written)
            assert answer == {"text": UI["board_result_invalid"][lang], "met": []}, \
                f"{reader.name}, {lang}: {written!r} was not explained: {answer}"


def test_recognitions_filter_shows_the_matching_entries(reader, site):
    area = next(a for a in PLAYBOOK.focus_areas
                if 0 < sum(a.id in r.focus_areas for r in PLAYBOOK.recognitions) < len(PLAYBOOK.recognitions))
    expected = sorted(r.id for r in PLAYBOOK.recognitions if area.id in r.focus_areas)
    shown = "() => [...document.querySelectorAll('.pb-recognition')].filter(c => c.getClientRects().length).map(c => c.id).sort()"
    reader.goto(site.url("recognitions.md"))
    reader.select("#filter-focus", area.id)
    count = UI["showing_count"].en.format(shown=len(expected), total=len(PLAYBOOK.recognitions))
    reader.wait_for("count => document.querySelector('[data-pb-filter-count]').textContent === count", count,
                    what=f"the filter to say {count!r}")
    assert reader.run(shown) == expected, f"{reader.name}: {area.id} shows the wrong entries"
    reader.select("#filter-focus", "")
    assert reader.run(shown) == sorted(r.id for r in PLAYBOOK.recognitions), f"{reader.name}: clearing the filter"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_calendar_link_serves_a_valid_ics(reader, site, lang):
    reader.goto(site.url("establish/timeline.md", lang))
    link = reader.run("() => { const a = document.querySelector('.pb-timeline__download a');"
                      " return {href: a.href, download: a.hasAttribute('download')}; }")
    assert link["download"], f"{reader.name}: the calendar link does not download"
    assert link["href"].endswith(f"/calendar/partnership-playbook-{lang}.ics"), \
        f"{reader.name}: the link names {link['href']}, not the {lang} calendar"
    if site.mode == "served":
        fetched = reader.run("href => fetch(href).then(async r => ({status: r.status,"
                             " type: r.headers.get('content-type'), body: await r.text()}))", link["href"])
        assert fetched["status"] == 200 and fetched["type"].startswith("text/calendar"), fetched["type"]
        ics = fetched["body"].encode("utf-8")
    else:  # engines refuse fetch() between files; the link must name a file of the bundle
        ics = Path(url2pathname(urlparse(link["href"]).path)).read_bytes()
    events = Calendar.from_ical(ics).walk("VEVENT")
    assert sorted(str(e["summary"]) for e in events) == sorted(t.title[lang] for t in PLAYBOOK.timeline)
