"""Search in both languages, served and from the offline bundle with no network at all."""
from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, search_ready, styled, switch_language, theme_word

from macros.cli.offline import FOLDER
from macros.load import load_playbook
from macros.readings import READINGS, html_lang, is_converted, source_language
from macros.render.traditional import converter_for

pytestmark = pytest.mark.browser
PLAYBOOK = load_playbook(ROOT / "data", ROOT)
MAX_ZIP_BYTES = 3 * 1024 * 1024
CONVERT = converter_for(ROOT / "data")
# The readings made from Chinese text; converted ones are searched in both scripts.
CHINESE = [reading for reading in READINGS if source_language(reading) == "zh"]


def in_readings(cases):
    """Each Chinese (start, query, expected) case, in every Chinese reading: a converted
    reading is searched with the Simplified query and with its conversion."""
    out = []
    for start, query, expected in cases:
        for reading in CHINESE:
            queries = dict.fromkeys([query, CONVERT(query)] if is_converted(reading) else [query])
            out += [(start.replace("zh/", f"{reading}/", 1), q, expected.replace("zh/", f"{reading}/", 1))
                    for q in queries]
    return out


class Requests:
    """Every request a page makes; anything that is not a file inside the bundle is aborted."""

    def __init__(self, context, folder: Path):
        self.folder = folder.resolve()
        self.inside = self.folder.as_uri()
        self.outside: list[str] = []
        self.failed: list[str] = []
        self.seen: list[str] = []
        context.route("**/*", self._route)
        context.on("requestfailed", self._failed)

    def _failed(self, request):
        # Cancelled requests (a page left before its favicon arrived, a link that became a
        # download) are not failures. The theme asks for sitemap.xml to keep the reader's
        # page on a language switch; browsers refuse that from disk, and the switcher's own
        # per-page links (tested below) do the job.
        if request.failure != "net::ERR_ABORTED" and not request.url.endswith("/sitemap.xml"):
            self.failed.append(f"{request.url}: {request.failure}")

    def _route(self, route):
        url = route.request.url
        self.seen.append(url)
        if url.startswith(self.inside + "/"):
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()

    def missing_files(self) -> list[str]:
        from urllib.parse import unquote, urlparse
        paths = {Path(unquote(urlparse(url).path)) for url in self.seen}
        return sorted(str(p) for p in paths if not p.exists() and p.name != "sitemap.xml")

    def assert_clean(self):
        assert self.outside == [], "requests left the bundle"
        assert self.failed == []
        assert self.missing_files() == []


@pytest.fixture
def offline(browser, bundle):
    context = browser.new_context(accept_downloads=True)
    requests = Requests(context, bundle)
    page = context.new_page()
    yield page, requests, bundle
    context.close()


def search(page, query):
    page.wait_for_function("() => !!document.querySelector('.md-search__input')")
    field = page.locator(".md-search__input")
    field.click()
    search_ready(page)
    field.fill(query)
    page.keyboard.press("End")
    page.wait_for_function(
        "([q, words]) => document.querySelector('.md-search__input').value === q &&"
        " !words.some(w => document.querySelector('.md-search-result__meta').textContent.includes(w))",
        arg=[query, theme_word("search.result.placeholder")])
    page.wait_for_timeout(300)
    return [a.get_attribute("href") for a in page.locator(".md-search-result__item > a").all()]


def pages_of(hrefs):
    return {href.split("?")[0].split("#")[0] for href in hrefs}


# Served site ---------------------------------------------------------------

@pytest.mark.parametrize("start, query, expected", [
    *in_readings([("zh/", "伙伴", "/zh/partnership-types/"),
                  ("zh/", "合同", "/zh/establish/forms/"),
                  ("zh/tools/", "清单", "/zh/checklists/")]),
    ("", "partner", "/onboarding/"),
    ("", "partnerships", "/initiatives/"),
    ("", "checklists", "/checklists/"),
])
def test_search_finds_the_page_in_the_readers_language(page, site_url, start, query, expected):
    page.goto(f"{site_url}/{start}")
    found = pages_of(search(page, query))
    assert f"{site_url}{expected}" in found
    reading = start.split("/")[0] or READINGS[0]
    others = [f"{site_url}/{r}/" for r in READINGS[1:] if r != reading]
    assert not any(url.startswith(tuple(others)) for url in found), found
    if reading != READINGS[0]:
        assert all(url.startswith(f"{site_url}/{reading}/") for url in found), found


@pytest.mark.parametrize("word, form", [("policy", "policies"), ("contract", "contracts"),
                                        ("volunteer", "volunteering"), ("family", "families")])
def test_english_search_finds_every_form_of_a_word(page, site_url, word, form):
    # The theme adds a wildcard to each word as it is typed, and lunr does not stem words
    # with a wildcard; without search-playbook.js, 'policies' found nothing at all.
    page.goto(f"{site_url}/")
    found = pages_of(search(page, word))
    assert found and pages_of(search(page, form)) == found


def test_a_chinese_word_on_an_english_page_finds_nothing(page, site_url):
    page.goto(f"{site_url}/")
    assert search(page, "伙伴") == []


@pytest.mark.parametrize("start, query, lang", [("", "Annual", "en"), ("zh/", "年度", "zh")])
def test_tool_names_checklist_items_timeline_and_recognitions_are_findable(page, site_url, start, query, lang):
    page.goto(f"{site_url}/{start}")
    tool = next(t for t in PLAYBOOK.tools if t.id == "annual-review")
    recognition = PLAYBOOK.recognitions[0]
    event = PLAYBOOK.timeline[0]
    item = PLAYBOOK.checklists[0].items[0]
    for text, page_path in ((tool.title[lang], "tools/"), (recognition.partner[lang].split("（")[0], "recognitions/"),
                            (event.title[lang], "establish/timeline/"), (item.text[lang], "checklists/")):
        words = text.split()[:3] if lang == "en" else [text[:4]]
        found = pages_of(search(page, " ".join(words)))
        assert f"{site_url}/{start}{page_path}" in found, (text, found)


def test_controls_are_not_indexed(built_site):
    text = (built_site / "search/search_index.json").read_text(encoding="utf-8")
    for noise in ("Print with empty boxes", "Clear this checklist", "data-pb", "data-item"):
        assert noise not in text


# Offline bundle ------------------------------------------------------------

def test_bundle_is_one_folder_with_index_and_how_to_open(bundle_zip):
    with zipfile.ZipFile(bundle_zip) as archive:
        names = archive.namelist()
        note = archive.read(f"{FOLDER}/HOW-TO-OPEN.txt").decode("utf-8")
    assert all(name.startswith(f"{FOLDER}/") for name in names)
    assert f"{FOLDER}/index.html" in names
    assert all(f"{FOLDER}/{reading}/index.html" in names for reading in READINGS[1:])
    assert "index.html" in note and "如何打开" in note and "双击" in note
    assert bundle_zip.stat().st_size < MAX_ZIP_BYTES


def test_offline_navigation_styles_and_language_switch(offline):
    page, requests, folder = offline
    page.goto((folder / "index.html").as_uri())
    assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_role("navigation", name="Navigation").get_by_role("link", name="Tools", exact=True).first.click()
    page.wait_for_url("**/tools.html")
    assert styled(page)
    for reading in READINGS[1:]:
        switch_language(page, reading)
        page.wait_for_url(f"**/{reading}/tools.html")
        assert page.locator("html").get_attribute("lang") == html_lang(reading)
    switch_language(page, "en")
    page.wait_for_url("**/partnership-playbook/tools.html")
    page.goto((folder / "zh/index.html").as_uri())
    switch_language(page, "en")
    page.wait_for_url("**/partnership-playbook/index.html")
    requests.assert_clean()


@pytest.mark.parametrize("start, query, expected", [
    *in_readings([("zh/index.html", "伙伴", "zh/partnership-types.html"),
                  ("zh/tools.html", "合同", "zh/establish/forms.html")]),
    ("index.html", "partnerships", "initiatives.html"),
    ("index.html", "policies", "lead-partners.html"),  # found only through its stem: the pages say 'policy'
])
def test_offline_search_in_both_languages(offline, start, query, expected):
    page, requests, folder = offline
    page.goto((folder / start).as_uri())
    found = pages_of(search(page, query))
    assert (folder / expected).resolve().as_uri() in found, found
    requests.assert_clean()


def test_offline_checklists_remember_and_calendars_download(offline):
    page, requests, folder = offline
    checklist = PLAYBOOK.checklists[0]
    item = checklist.items[0]
    page.goto((folder / "checklists.html").as_uri())
    page.locator(f"#check-{checklist.id}-{item.id}").check()
    page.goto((folder / "zh/checklists.html").as_uri())
    assert page.locator(f"#check-{checklist.id}-{item.id}").is_checked()
    page.goto((folder / "zh/establish/timeline.html").as_uri())
    with page.expect_download() as download:
        page.locator(".pb-timeline__download a").click()
    assert download.value.suggested_filename == "partnership-playbook-zh.ics"
    assert "BEGIN:VCALENDAR" in Path(download.value.path()).read_text(encoding="utf-8")
    requests.assert_clean()
    assert len(requests.seen) > 10
