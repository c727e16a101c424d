"""A reader who follows a broken link, and the site as published at a project address
such as https://<owner>.github.io/<project>/."""
from __future__ import annotations

import re
import urllib.error
import urllib.request

import pytest
from conftest import ERROR_PAGES, ROOT, language_prefix, reading_text, site_pages, styled, switch_language

from macros import readings
from macros.load import load_playbook
from macros.readings import READINGS, is_converted, source_language
from macros.render.traditional import converter_for

pytestmark = pytest.mark.browser
UI = load_playbook(ROOT / "data", ROOT).ui


def html_lang(page) -> str:
    return page.evaluate("document.documentElement.lang")


def test_error_pages_are_in_their_own_language(built_site):
    convert = converter_for(ROOT / "data")
    for path, reading in zip(ERROR_PAGES, READINGS, strict=True):
        source = (built_site / path).read_text(encoding="utf-8")
        assert re.search(r'<html lang="([^"]+)"', source).group(1) == readings.html_lang(reading)
        title = UI["not_found_title"][source_language(reading)]
        title = convert(title) if is_converted(reading) else title
        assert f"<title>{title} - " in source
        assert f"<h1>{title}</h1>" in source


def test_a_broken_link_leads_to_a_page_that_helps_in_both_languages(page, site_url):
    response = page.goto(f"{site_url}/zh/establish/no-such-page/")
    assert response.status == 404
    assert html_lang(page) == "en" and styled(page)
    assert page.get_by_role("heading", level=1).inner_text() == UI["not_found_title"]["en"]
    # A Chinese reader is told in Chinese, in a passage marked as Chinese, where to go.
    chinese = page.locator(f'section[lang="{readings.html_lang("zh")}"]')
    assert chinese.get_by_role("heading").inner_text() == UI["not_found_title"]["zh"]
    chinese.get_by_role("link", name=UI["not_found_other_home"]["zh"]).click()
    page.wait_for_url(f"{site_url}/zh/")
    assert html_lang(page) == readings.html_lang("zh")


def test_the_chinese_error_page_leads_to_chinese_pages(page, site_url):
    page.goto(f"{site_url}/zh/404.html")
    assert html_lang(page) == readings.html_lang("zh") and styled(page)
    page.locator("article").get_by_role("link", name="工具", exact=True).click()
    page.wait_for_url(f"{site_url}/zh/tools/")
    page.goto(f"{site_url}/zh/404.html")
    assert page.locator('a.md-select__link[hreflang="en"]').get_attribute("href") == "/"


def status(url: str) -> int:
    try:
        with urllib.request.urlopen(url) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_the_sitemap_lists_every_page_at_its_published_address(published):
    with urllib.request.urlopen(published + "sitemap.xml") as response:
        sitemap = response.read().decode("utf-8")
    addresses = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    alternates = re.findall(r'hreflang="zh" href="([^"]+)"', sitemap)
    assert len(addresses) == len(site_pages()) and len(alternates) == len(addresses)  # every page, each language
    assert [a for a in addresses + alternates if not a.startswith(published) or status(a) != 200] == []


def test_each_page_names_itself_in_every_language_by_its_full_address(published):
    """Search engines (and Lighthouse's hreflang audit) take only full addresses in the
    head's alternate-language links."""
    for lang, url in site_pages():
        with urllib.request.urlopen(published + url) as response:
            head = response.read().decode("utf-8").split("</head>", 1)[0]
        alternates = {hreflang: href for href, hreflang in
                      re.findall(r'<link rel="alternate" href="([^"]*)" hreflang="([^"]+)">', head)}
        same_page = url.removeprefix(language_prefix(lang))
        assert alternates == {code: published + language_prefix(code) + same_page for code in READINGS}, url


def test_the_language_switch_and_the_error_page_work_at_a_project_address(page, published):
    for start, other in (("", "zh/"), ("tools/", "zh/tools/"), ("zh/establish/timeline/", "establish/timeline/")):
        page.goto(published + start)
        target = "zh" if other.startswith("zh/") else "en"
        switch_language(page, target)
        page.wait_for_url(published + other)
        assert html_lang(page) == readings.html_lang(target)

    response = page.goto(published + "zh/no-such-page/")
    assert response.status == 404 and styled(page)
    page.locator("article").get_by_role("link", name="Tools", exact=True).click()
    page.wait_for_url(published + "tools/")
    page.goto(published + "no-such-page/")
    switch_language(page, "zh")
    page.wait_for_url(published + "zh/")


def test_each_calendar_event_links_to_its_place_in_the_timeline(published, built_site):
    from icalendar import Calendar
    for lang in ("en", "zh"):
        prefix = "" if lang == "en" else "zh/"
        with urllib.request.urlopen(f"{published}{prefix}calendar/partnership-playbook-{lang}.ics") as response:
            found = list(Calendar.from_ical(response.read()).walk("VEVENT"))
        assert found
        for event in found:
            url = str(event["url"])
            page_address, _, anchor = url.partition("#")
            assert page_address.startswith(published + prefix) and anchor.startswith("event-")
            assert status(page_address) == 200, url
            with urllib.request.urlopen(page_address) as response:
                html = response.read().decode("utf-8")
            assert f'id="{anchor}"' in html and f'lang="{lang}' in html[:300], url


def test_no_sitemap_with_made_up_addresses_when_the_address_is_unknown(built_site, published):
    assert not (built_site / "sitemap.xml").exists() and not (built_site / "sitemap.xml.gz").exists()
    with urllib.request.urlopen(published + "sitemap.xml") as response:
        assert "None" not in response.read().decode("utf-8")


def test_every_search_dialog_has_a_name_in_the_pages_language(built_site):
    from conftest import html_pages, page_language
    unnamed = []
    for path in html_pages(built_site) + [built_site / p for p in ERROR_PAGES]:
        name = reading_text(page_language(built_site, path), UI["search_dialog"])
        if f'role="dialog" aria-label="{name}"' not in path.read_text(encoding="utf-8"):
            unnamed.append(path.relative_to(built_site).as_posix())
    assert unnamed == []


def alternate_links(html: str) -> dict[str, str]:
    return {lang: href for href, lang in re.findall(r'<link rel="alternate" href="([^"]*)" hreflang="([^"]*)">', html)}


def test_alternate_language_links_are_absolute_at_the_published_address(published):
    from conftest import DEFAULT_LANGUAGE, language_prefix
    wrong = []
    for lang, url in site_pages():
        with urllib.request.urlopen(published + url) as response:
            found = alternate_links(response.read().decode("utf-8"))
        inside = url[len(language_prefix(lang)):]
        expected = {other: published + language_prefix(other) + inside for other in READINGS}
        if found != expected:
            wrong.append((url, found))
    for path in ERROR_PAGES:
        with urllib.request.urlopen(published + path) as response:
            found = alternate_links(response.read().decode("utf-8"))
        if found != {other: published + language_prefix(other) for other in READINGS}:
            wrong.append((path, found))
    assert DEFAULT_LANGUAGE in READINGS and wrong == []


def test_alternate_language_links_are_relative_when_the_address_is_unknown(built_site):
    import posixpath

    from conftest import language_prefix, page_file
    wrong = []
    for lang, url in site_pages():
        found = alternate_links((built_site / page_file(url)).read_text(encoding="utf-8"))
        inside = url[len(language_prefix(lang)):]
        for other, href in found.items():
            target = posixpath.normpath(posixpath.join(posixpath.dirname(page_file(url)), page_file(href)))
            if ":" in href or href.startswith("/") or target != posixpath.normpath(page_file(language_prefix(other) + inside)):
                wrong.append((url, other, href))
        if set(found) != set(READINGS):
            wrong.append((url, found))
    assert wrong == []


def test_the_error_pages_of_the_offline_copy_work_from_disk(page, bundle):
    from pathlib import Path
    from urllib.parse import unquote, urlparse
    folder = bundle.resolve()
    for path, lang in zip(ERROR_PAGES, READINGS, strict=True):
        page.goto((folder / path).as_uri())
        assert html_lang(page) == readings.html_lang(lang) and styled(page), path
        links = page.locator("article a[href], a.md-select__link").evaluate_all("links => links.map(a => a.href)")
        assert links and [a for a in links if not Path(unquote(urlparse(a).path)).is_file()] == [], path
        page.locator("article").get_by_role("link", name=reading_text(next(o for o in READINGS if o != lang), UI["not_found_other_home"])).click()
        page.wait_for_load_state()
        assert html_lang(page) != readings.html_lang(lang) and styled(page)
