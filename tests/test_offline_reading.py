"""A reader who wants the playbook without a network: the offline copy is offered with its
size on every page (and on the support page with how to open it), in the reader's language;
on the served site, a service worker keeps the pages of the reader's language after a first
visit, and replaces them after a new deploy."""
from __future__ import annotations

import re
import time

import pytest
from conftest import (
    ERROR_PAGES,
    LANGUAGES,
    UI,
    copy_project,
    html_pages,
    language_prefix,
    page_file,
    page_language,
    reading_text,
    serve,
    site_pages,
    styled,
)

from macros.render.offline_copy import ZIP_NAME, size_words
from macros.site.offline_worker import WORKER

pytestmark = pytest.mark.browser
DOWNLOAD = re.compile(r'<p class="pb-offline-copy"><a href="([^"]+)" download[^>]*>([^<]+)</a>\s*'
                      r'<span class="pb-offline-copy__size">([^<]+)</span>')


def words(key: str, reading: str, **fields) -> str:
    """An interface text as the reading shows it (繁體中文's is converted from the Chinese)."""
    return reading_text(reading, UI[key]).format(**fields)


def size_in(lang: str, size: int) -> str:
    return words("offline_copy_size", lang, size=size_words(size, lambda key, **f: words(key, lang, **f)))


def test_every_page_offers_the_offline_copy_with_its_size_in_its_language(built_site):
    import posixpath
    size = (built_site / ZIP_NAME).stat().st_size
    wrong = []
    for lang, url in site_pages():
        html = (built_site / page_file(url)).read_text(encoding="utf-8")
        footer = html[html.index('<div class="md-copyright">'):]
        offers = DOWNLOAD.findall(footer)
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page_file(url)), offers[0][0])) if offers else None
        if offers != [(offers[0][0], words("offline_copy_download", lang), size_in(lang, size))] or target != ZIP_NAME:
            wrong.append((url, offers))
    for path in ERROR_PAGES:  # served at any depth: the link starts at the site's root
        lang = page_language(built_site, built_site / path)
        if DOWNLOAD.findall((built_site / path).read_text(encoding="utf-8")) != [
                ("/" + ZIP_NAME, words("offline_copy_download", lang), size_in(lang, size))]:
            wrong.append(path)
    assert wrong == []


def test_the_support_page_offers_it_with_how_to_open_it(built_site):
    for lang in LANGUAGES:
        html = (built_site / language_prefix(lang) / "support" / "index.html").read_text(encoding="utf-8")
        article = html[html.index("<article"):html.index("</article>")]
        assert len(DOWNLOAD.findall(article)) == 1 and words("offline_copy_how", lang) in article


def test_the_offline_copy_says_it_is_the_copy_and_offers_no_download(bundle):
    wrong = []
    for path in html_pages(bundle) + [bundle / p for p in ERROR_PAGES]:
        html = path.read_text(encoding="utf-8")
        if ZIP_NAME in html or words("offline_copy_reading", page_language(bundle, path)) not in html:
            wrong.append(path.relative_to(bundle).as_posix())
    assert wrong == []


def test_a_reader_downloads_the_copy_from_a_chinese_page(browser, site_url, built_site):
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    page.goto(f"{site_url}/{language_prefix(LANGUAGES[-1])}tools/")
    with page.expect_download() as download:
        page.locator(".md-copyright").get_by_role("link", name=words("offline_copy_download", LANGUAGES[-1])).click()
    assert download.value.suggested_filename == ZIP_NAME
    assert download.value.path().read_bytes() == (built_site / ZIP_NAME).read_bytes()
    context.close()


# The service worker -----------------------------------------------------------------

KEPT_PAGES = """async (addresses) => {
  const kept = [];
  for (const address of addresses) { if (await caches.match(address)) kept.push(address); }
  return kept;
}"""


def wait_until(page, source: str, arg, done, what: str, seconds: float = 60):
    deadline = time.monotonic() + seconds
    while True:
        value = page.evaluate(source, arg)
        if done(value):
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"{what} did not happen within {seconds} s (last seen: {value!r})")
        time.sleep(0.25)


def pages_in(lang: str, address: str) -> list[str]:
    return [address + url for code, url in site_pages() if code == lang]


def heading(site, url: str) -> str:
    html = (site / page_file(url)).read_text(encoding="utf-8")
    return re.sub(r"<[^>]+>", "", re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1)).strip()


def test_after_a_first_visit_the_readers_language_reads_offline(browser, site_url, built_site):
    lang, other = LANGUAGES[-1], LANGUAGES[0]
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{site_url}/{language_prefix(lang)}tools/")
    expected = pages_in(lang, f"{site_url}/")
    wait_until(page, KEPT_PAGES, expected, lambda kept: kept == expected, f"keeping the {lang} pages")
    context.set_offline(True)
    for (_, url), address in zip([p for p in site_pages() if p[0] == lang], expected, strict=True):
        page.goto(address)
        assert page.locator("h1").first.inner_text().strip() == heading(built_site, url) and styled(page), address
    # The search works offline too: a page's title finds that page.
    from test_search_and_offline import pages_of, search
    target = f"{language_prefix(lang)}checklists/"
    assert f"{site_url}/{target}" in pages_of(search(page, heading(built_site, target)))
    # Only the reader's language is kept, and the network is really cut.
    with pytest.raises(Exception, match="ERR_"):
        page.goto(f"{site_url}/{language_prefix(other)}tools/")
    context.close()


def test_a_new_deploy_replaces_what_the_reader_kept(browser, tmp_path):
    from macros.check.translations import mark_reviewed
    from macros.cli.build import build

    project = copy_project(tmp_path / "project")
    site = tmp_path / "site"
    assert build(project, site_dir=site) == 0
    server = serve(site)
    address = f"http://127.0.0.1:{server.server_address[1]}/"
    lang = LANGUAGES[-1]
    changed = f"{language_prefix(lang)}about/"
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(address + changed)
        expected = pages_in(lang, address)
        wait_until(page, KEPT_PAGES, expected, lambda kept: kept == expected, "keeping the pages")
        old_version = re.search(r'"version": "(\w+)"', (site / WORKER).read_text(encoding="utf-8")).group(1)

        # A new deploy: one page in the reader's language has a new paragraph.
        news = "2099 新的段落：离线副本已更新。"
        source = project / "docs" / lang / "about.md"
        source.write_text(source.read_text(encoding="utf-8") + f"\n\n{news}\n", encoding="utf-8")
        mark_reviewed([source.relative_to(project).as_posix()], project)
        next_site = tmp_path / "site-next"
        assert build(project, site_dir=next_site) == 0
        site.rename(tmp_path / "site-before")
        next_site.rename(site)
        new_version = re.search(r'"version": "(\w+)"', (site / WORKER).read_text(encoding="utf-8")).group(1)
        assert new_version != old_version

        page.reload()
        assert news in page.locator("article").inner_text()
        wait_until(page, "async () => await caches.keys()", None,
                   lambda names: names and all(f"-{new_version}-" in name for name in names),
                   "replacing the kept pages with the new deploy's")
        context.set_offline(True)
        page.goto(address + changed)
        assert news in page.locator("article").inner_text()
    finally:
        context.close()
        server.shutdown()
        server.server_close()
