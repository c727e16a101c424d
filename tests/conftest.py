"""Shared fixtures: the project copied for editing, the built site and the offline bundle
(built once per test run, whatever the number of workers), and a real browser."""
from __future__ import annotations

import functools
import http.server
import os
import shutil
import socketserver
import threading
import zipfile
from pathlib import Path

import pytest
from filelock import FileLock

from macros.load import load_playbook
from macros.load.model import LANGUAGES
from macros.readings import READINGS, html_lang, is_converted, source_language
from macros.render.links import page_url

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

PLAYBOOK = load_playbook(ROOT / "data", ROOT)
UI = PLAYBOOK.ui  # interface words, as the reader sees them: UI["board_submit"].en
DEFAULT_LANGUAGE = LANGUAGES[0]


def language_prefix(lang: str) -> str:
    return "" if lang == DEFAULT_LANGUAGE else f"{lang}/"


def site_pages(directory_urls: bool = True) -> list[tuple[str, str]]:
    """(language, address within the site) of every page built from docs/, worked out from
    the sources, so that tests can be made one per page before anything is built."""
    pages = []
    for reading in READINGS:  # a converted reading (zh-hant) has its source language's pages
        folder = ROOT / "docs" / source_language(reading)
        for source in sorted(folder.rglob("*.md")):
            url = page_url(source.relative_to(folder).as_posix(), directory_urls)
            pages.append((reading, language_prefix(reading) + url))
    return pages


def page_file(url: str) -> str:
    """The file a page's address is served from."""
    return url + "index.html" if url.endswith("/") or not url else url


def copy_project(target: Path) -> Path:
    """A copy of the project's sources (no venv, no built site) that a test may edit."""
    target.mkdir(parents=True, exist_ok=True)
    for name in ("mkdocs.yml", "data", "docs", "macros", "overrides", "rules"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, symlinks=True, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target / name)
    return target


@pytest.fixture
def project(tmp_path) -> Path:
    return copy_project(tmp_path / "project")


def shared_folder(tmp_path_factory) -> Path:
    """A folder all test workers of this run share (pytest-xdist gives each its own below it)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def once_per_run(tmp_path_factory, name: str, make) -> Path:
    """`make(target)` run by the first worker that asks, under a lock; the others wait for
    it and use the same result. `make` must create `target` in one step (a rename)."""
    shared = shared_folder(tmp_path_factory)
    target = shared / name
    with FileLock(str(shared / f"{name}.lock")):
        if not target.exists():
            make(target)
    return target


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    from macros.cli.build import build

    def make(site):
        assert build(ROOT, site_dir=site, offline_copy=True) == 0, "the real content must build"
    return once_per_run(tmp_path_factory, "site", make)


@pytest.fixture(scope="session")
def bundle_zip(built_site) -> Path:
    """The offline copy, as the built site publishes it (`make build` makes both)."""
    from macros.render.offline_copy import ZIP_NAME
    return built_site / ZIP_NAME


@pytest.fixture(scope="session")
def bundle(bundle_zip, tmp_path_factory) -> Path:
    """The offline bundle unzipped, as a reader opens it from disk."""
    from macros.cli.offline import FOLDER

    def make(target):
        partial = target.with_name("unzipped-being-made")
        with zipfile.ZipFile(bundle_zip) as archive:
            archive.extractall(partial)
        partial.rename(target)
    return once_per_run(tmp_path_factory, "unzipped", make) / FOLDER


def html_pages(site: Path) -> list[Path]:
    """The content pages: every page built from docs/, in both languages."""
    return sorted(p for p in site.rglob("*.html") if p.name != "404.html")


def reading_folder(reading: str) -> str:
    """Where a reading's pages are in the built site: the default one at the root."""
    return "" if reading == READINGS[0] else f"{reading}/"


def language_names() -> dict[str, str]:
    """Each reading's name in the language switcher, from mkdocs.yml."""
    import yaml

    class Loader(yaml.SafeLoader):
        """mkdocs.yml with its !ENV values left out."""
    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)
    i18n = next(p["i18n"] for p in config["plugins"] if isinstance(p, dict) and "i18n" in p)
    return {language["locale"]: language["name"] for language in i18n["languages"]}


def reading_text(reading: str, text) -> str:
    """A bilingual text as a reading shows it: converted for a converted reading (zh-hant)."""
    from macros.render.traditional import converter_for
    written = text[source_language(reading)]
    return converter_for(ROOT / "data")(written) if is_converted(reading) else written


ERROR_PAGES = tuple(f"{reading_folder(reading)}404.html" for reading in READINGS)


def page_language(site: Path, page: Path) -> str:
    """The reading a built page belongs to (en, zh, zh-hant), from its folder."""
    first = page.relative_to(site).parts[0]
    return first if first in READINGS[1:] else READINGS[0]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site as static hosts such as GitHub Pages do: under `prefix` (a project
    site lives at /<project>/), and an address with no file gets the site's 404.html,
    with status 404."""

    prefix = "/"

    def log_message(self, *args):
        pass

    def translate_path(self, path):
        if not path.startswith(self.prefix):
            return str(Path(self.directory) / ".outside-the-prefix")  # no such file, so a 404
        return super().translate_path("/" + path[len(self.prefix):])

    def send_error(self, code, message=None, explain=None):
        error_page = Path(self.directory) / "404.html"
        if code != 404 or not error_page.exists():
            return super().send_error(code, message, explain)
        body = error_page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def serve(directory: Path, prefix: str = "/"):
    """Serve `directory` at http://127.0.0.1:<port><prefix> from a background thread; the
    caller shuts the returned server down."""
    handler = functools.partial(type("Handler", (_QuietHandler,), {"prefix": prefix}), directory=str(directory))
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture(scope="session")
def site_url(built_site):
    """The built site served on 127.0.0.1, as a reader would fetch it."""
    server = serve(built_site)
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


# Where `published` serves the site: below the host's root, as a GitHub Pages project site.
PUBLISHED_PREFIX = "/playbook/"


@pytest.fixture(scope="session")
def published(tmp_path_factory):
    """The site built for, and served at, a project address on 127.0.0.1 (SITE_URL set)."""
    from macros.cli.build import build

    site = tmp_path_factory.mktemp("published") / "site"
    server = serve(site, prefix=PUBLISHED_PREFIX)
    address = f"http://127.0.0.1:{server.server_address[1]}{PUBLISHED_PREFIX}"
    assert build(ROOT, site_dir=site, extra_env={"SITE_URL": address}) == 0
    yield address
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is not installed at {CHROMIUM}; install Debian's 'chromium' package (the .ci/run script does)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--no-first-run", "--disable-gpu"])
        yield browser
        browser.close()


@pytest.fixture
def context(browser):
    context = browser.new_context()
    yield context
    context.close()


@pytest.fixture
def page(context):
    return context.new_page()


def tab_to(page, target, presses: int, what: str) -> None:
    """Press Tab, as a keyboard user would, until `target` has focus; fail after `presses`."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        if target.evaluate("el => el === document.activeElement"):
            return
    pytest.fail(f"{what} is not reachable with Tab")


def switch_language(page, lang: str) -> None:
    """Choose `lang` in the header's language switcher, which opens on hover, as with a mouse."""
    page.locator(".md-header__option .md-select").hover()
    page.locator(f'a.md-select__link[hreflang="{lang}"]').click()


def styled(page) -> bool:
    """Whether the theme's stylesheet reached the page (an unstyled header is not sticky)."""
    return page.locator(".md-header").evaluate("el => getComputedStyle(el).position") == "sticky"


def theme_word(key: str) -> list[str]:
    """What the theme says for `key`, in every language."""
    from macros.site.theme import theme_words
    # The converted reading's pages use the theme's own Traditional words (Material's zh-Hant).
    return [theme_words(html_lang(reading) if is_converted(reading) else reading, ROOT / "overrides").get(key, key)
            for reading in READINGS]


def search_ready(page) -> None:
    """Wait until the theme's search has loaded its index (its 'Initializing search' is gone)."""
    page.wait_for_function(
        "words => { const m = document.querySelector('.md-search-result__meta');"
        " return m && !words.some(w => m.textContent.includes(w)); }",
        arg=theme_word("search.result.initializer"), timeout=15000)
