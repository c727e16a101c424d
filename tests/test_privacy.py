"""Private by default: no request leaves the site, served or from disk, and every page
carries a policy that lets only the site's own files run."""
from __future__ import annotations

import re

import pytest
from conftest import ERROR_PAGES, html_pages, page_file, search_ready, site_pages

pytestmark = pytest.mark.browser
EVERY_PAGE = [url for _, url in site_pages()] + list(ERROR_PAGES)


def test_no_page_requests_anything_outside_the_site(browser, site_url):
    context = browser.new_context()
    page = context.new_page()
    requests, blocked = [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda message: blocked.append(message.text) if "Content Security Policy" in message.text else None)
    for url in EVERY_PAGE:
        page.goto(f"{site_url}/{url}")
        page.wait_for_load_state("networkidle")
    context.close()
    assert [u for u in requests if not u.startswith(site_url + "/")] == []
    assert blocked == []


def test_every_page_of_the_offline_bundle_stays_inside_its_folder(browser, bundle):
    folder = bundle.resolve()
    context = browser.new_context()
    outside, csp = [], []
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(folder.as_uri() + "/")
                  else (outside.append(route.request.url), route.abort()))
    page = context.new_page()
    page.on("console", lambda message: csp.append(message.text) if "Content Security Policy" in message.text else None)
    paths = [p.relative_to(folder).as_posix() for p in html_pages(folder)]
    for path in paths:
        page.goto((folder / path).as_uri())
    page.goto((folder / "zh/index.html").as_uri())
    page.locator(".md-search__input").click()
    search_ready(page)
    context.close()
    assert len(paths) == len(site_pages(directory_urls=False))
    assert outside == [] and csp == []


def test_every_page_has_a_policy_that_allows_only_the_site(built_site):
    for url in EVERY_PAGE:
        source = (built_site / page_file(url)).read_text(encoding="utf-8")
        policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', source).group(1)
        directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
        assert directives["default-src"] == "'self'"
        assert set(directives["script-src"].split()) - {"'self'"} <= set(re.findall(r"'sha256-[^']+'", policy))
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
        assert directives["style-src"] == "'self'" and directives["font-src"] == "'self'"
        assert directives["img-src"] == "'self' data:"


def test_an_injected_inline_script_is_refused(page, site_url, built_site):
    messages = []
    page.on("console", lambda message: messages.append(message.text))
    page.goto(f"{site_url}/tools/")
    page.evaluate("""() => { const s = document.createElement('script'); s.textContent = 'window.__injected = 1';
                            document.body.appendChild(s); }""")
    assert page.evaluate("window.__injected") is None
    assert any("Content Security Policy" in m for m in messages)
