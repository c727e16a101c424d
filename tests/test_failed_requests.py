"""No page asks for anything it cannot have: every request of every page succeeds, served
over http (with and without the published address known) and from the unzipped offline
copy, in both languages, error pages included."""
from __future__ import annotations

import pytest
from conftest import ERROR_PAGES, html_pages, site_pages

pytestmark = pytest.mark.browser
SERVED_PAGES = [url for _, url in site_pages()] + list(ERROR_PAGES)


def failures_while_visiting(browser, addresses: list[str]) -> list[str]:
    """Every request that failed or was answered with an error, and every error the
    browser reported (a request refused from disk is only reported there), while a reader
    opens each address in turn."""
    context = browser.new_context()
    page = context.new_page()
    failed: list[str] = []
    page.on("requestfailed", lambda request: failed.append(f"{request.url}: {request.failure}"))
    page.on("response", lambda response: failed.append(f"{response.url}: {response.status}")
            if response.status >= 400 else None)
    page.on("console", lambda message: failed.append(f"{page.url}: {message.text}")
            if message.type == "error" else None)
    for address in addresses:
        page.goto(address)
        page.wait_for_load_state("networkidle")
    context.close()
    return failed


def test_no_request_fails_on_any_served_page(browser, site_url):
    assert failures_while_visiting(browser, [f"{site_url}/{url}" for url in SERVED_PAGES]) == []


def test_no_request_fails_on_any_page_served_at_its_published_address(browser, published):
    assert failures_while_visiting(browser, [published + url for url in SERVED_PAGES]) == []


def test_no_request_fails_on_any_page_of_the_offline_copy(browser, bundle):
    folder = bundle.resolve()
    pages = html_pages(folder) + [folder / path for path in ERROR_PAGES]
    assert len(pages) == len(site_pages(directory_urls=False)) + len(ERROR_PAGES)
    assert failures_while_visiting(browser, [path.as_uri() for path in pages]) == []
