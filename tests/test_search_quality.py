"""Reader queries through the real search, served and from the offline bundle: the page each
should find must come in the first three results for 95% of the queries in each language."""
from __future__ import annotations

import json
import os

import pytest
from search_quality import QUERIES, score

pytestmark = pytest.mark.browser
TARGET = 0.95


def report(where: str, lang: str, result: dict) -> None:
    """Printed with -s, and kept for the benchmark report when SEARCH_SCORES names a file."""
    line = {"where": where, "lang": lang, **{k: v for k, v in result.items() if k != "misses"}}
    print(json.dumps(line))
    if os.environ.get("SEARCH_SCORES"):
        with open(os.environ["SEARCH_SCORES"], "a", encoding="utf-8") as scores:
            scores.write(json.dumps(line) + "\n")


def test_the_query_set_is_large_enough_and_points_at_real_pages():
    from conftest import ROOT
    for lang in ("en", "zh"):
        assert len(QUERIES[lang]) >= 40, lang
        missing = [c["page"] for c in QUERIES[lang] if not (ROOT / "docs" / lang / c["page"]).exists()]
        assert missing == []


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_readers_find_their_page_on_the_served_site(page, site_url, lang):
    result = score(page, f"{site_url}/{'' if lang == 'en' else 'zh/'}index.html", lang, directory_urls=True)
    report("served", lang, result)
    assert result["success@3"] >= TARGET, result["misses"]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_readers_find_their_page_in_the_offline_bundle(browser, bundle, lang):
    context = browser.new_context()
    page = context.new_page()
    result = score(page, (bundle / ("" if lang == "en" else "zh") / "index.html").as_uri(), lang, directory_urls=False)
    context.close()
    report("file://", lang, result)
    assert result["success@3"] >= TARGET, result["misses"]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_text_that_arrives_without_a_key_press_searches(page, site_url, lang):
    """An input method or a paste from a menu changes the field with no key event."""
    case = QUERIES[lang][0]
    page.goto(f"{site_url}/{'' if lang == 'en' else 'zh/'}index.html")
    page.locator(".md-search__input").click()
    page.wait_for_function("() => !/Initializing|正在初始化/.test(document.querySelector('.md-search-result__meta').textContent)",
                           timeout=20000)
    page.evaluate("""q => { const field = document.querySelector('.md-search__input');
                          field.value = q; field.dispatchEvent(new InputEvent('input', {bubbles: true})); }""", case["query"])
    page.wait_for_function("() => document.querySelectorAll('.md-search-result__item').length > 0", timeout=5000)
