"""Shared fixtures: the project copied for editing, the built site, and a real browser."""
from __future__ import annotations

import functools
import http.server
import os
import shutil
import socketserver
import threading
from pathlib import Path

import pytest

from macros.readings import READINGS

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def copy_project(target: Path) -> Path:
    """A copy of the project's sources (no venv, no built site) that a test may edit."""
    target.mkdir(parents=True, exist_ok=True)
    for name in ("mkdocs.yml", "data", "docs", "macros", "overrides"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, symlinks=True, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target / name)
    return target


@pytest.fixture
def project(tmp_path) -> Path:
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    from macros.cli.build import build

    site = tmp_path_factory.mktemp("built") / "site"
    assert build(ROOT, site_dir=site) == 0, "the real content must build"
    return site


def html_pages(site: Path) -> list[Path]:
    """The content pages: every page built from docs/, in both languages."""
    return sorted(p for p in site.rglob("*.html") if p.name != "404.html")


def reading_folder(reading: str) -> str:
    """Where a reading's pages are in the built site: the default one at the root."""
    return "" if reading == READINGS[0] else f"{reading}/"


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
