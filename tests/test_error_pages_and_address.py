"""A reader who follows a broken link, and the site as published at a project address
such as https://<owner>.github.io/<project>/."""
from __future__ import annotations

import re
import urllib.error
import urllib.request

import pytest
from conftest import ERROR_PAGES, ROOT, serve, site_pages, styled, switch_language

from macros.load import load_playbook

pytestmark = pytest.mark.browser
UI = load_playbook(ROOT / "data", ROOT).ui
PREFIX = "/playbook/"


def html_lang(page) -> str:
    return page.evaluate("document.documentElement.lang")


# The <html> language of each language's pages: Chinese pages name their script.
HTML_LANG = {"en": "en", "zh": "zh-Hans"}


def test_error_pages_are_in_their_own_language(built_site):
    for path, lang in zip(ERROR_PAGES, ("en", "zh"), strict=True):
        source = (built_site / path).read_text(encoding="utf-8")
        assert re.search(r'<html lang="([^"]+)"', source).group(1) == HTML_LANG[lang]
        assert f"<title>{UI['not_found_title'][lang]} - " in source
        assert f"<h1>{UI['not_found_title'][lang]}</h1>" in source


def test_a_broken_link_leads_to_a_page_that_helps_in_both_languages(page, site_url):
    response = page.goto(f"{site_url}/zh/establish/no-such-page/")
    assert response.status == 404
    assert html_lang(page) == "en" and styled(page)
    assert page.get_by_role("heading", level=1).inner_text() == UI["not_found_title"]["en"]
    # A Chinese reader is told in Chinese, in a passage marked as Chinese, where to go.
    chinese = page.locator(f'section[lang="{HTML_LANG["zh"]}"]')
    assert chinese.get_by_role("heading").inner_text() == UI["not_found_title"]["zh"]
    chinese.get_by_role("link", name=UI["not_found_other_home"]["zh"]).click()
    page.wait_for_url(f"{site_url}/zh/")
    assert html_lang(page) == HTML_LANG["zh"]


def test_the_chinese_error_page_leads_to_chinese_pages(page, site_url):
    page.goto(f"{site_url}/zh/404.html")
    assert html_lang(page) == HTML_LANG["zh"] and styled(page)
    page.locator("article").get_by_role("link", name="工具", exact=True).click()
    page.wait_for_url(f"{site_url}/zh/tools/")
    page.goto(f"{site_url}/zh/404.html")
    assert page.locator('a.md-select__link[hreflang="en"]').get_attribute("href") == "/"


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """The site built for, and served at, a project address on 127.0.0.1."""
    from macros.cli.build import build

    site = tmp_path_factory.mktemp("published") / "site"
    server = serve(site, prefix=PREFIX)
    address = f"http://127.0.0.1:{server.server_address[1]}{PREFIX}"
    assert build(ROOT, site_dir=site, extra_env={"SITE_URL": address}) == 0
    yield address
    server.shutdown()
    server.server_close()


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


def test_the_language_switch_and_the_error_page_work_at_a_project_address(page, published):
    for start, other in (("", "zh/"), ("tools/", "zh/tools/"), ("zh/establish/timeline/", "establish/timeline/")):
        page.goto(published + start)
        target = "zh" if other.startswith("zh/") else "en"
        switch_language(page, target)
        page.wait_for_url(published + other)
        assert html_lang(page) == HTML_LANG[target]

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
        name = UI["search_dialog"][page_language(built_site, path)]
        if f'role="dialog" aria-label="{name}"' not in path.read_text(encoding="utf-8"):
            unnamed.append(path.relative_to(built_site).as_posix())
    assert unnamed == []
