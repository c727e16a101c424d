"""Chromium, Firefox ESR and WebKit behind one small set of reader actions, so that each
journey in test_engines.py is written once and runs unchanged in every engine.

Chromium is driven by Playwright, Firefox by Puppeteer over WebDriver BiDi (the Node script
engines/firefox.mjs, one request per action), WebKit by Selenium and WebKitWebDriver on a
virtual X display. Every wait is bounded: `wait_for` polls a condition in the page and fails
the test, naming the engine and what did not happen, when its time is up.
"""
from __future__ import annotations

import json
import os
import selectors
import shutil
import subprocess
import time
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
FIREFOX = os.environ.get("FIREFOX", "/usr/bin/firefox-esr")
WEBKIT_DRIVER = os.environ.get("WEBKIT_DRIVER", "/usr/bin/WebKitWebDriver")
XVFB = os.environ.get("XVFB", "/usr/bin/Xvfb")
# WebKitGTK's window cannot be narrower than about 447 px; every engine gets the same
# desktop-sized window, so the header's search field and language switcher are shown.
WIDTH, HEIGHT = 1280, 900
ACTION_SECONDS = 30


class Engine:
    """One engine's window, reused across journeys. `new_page` gives each journey a fresh page:
    in a new browser context (empty storage) in Chromium and Firefox, in the same session in
    WebKit, so a journey that depends on stored state clears it itself."""

    name = ""

    def new_page(self) -> None: ...
    def goto(self, url: str) -> None: ...
    def reload(self) -> None: ...
    def run(self, source: str, *args):
        """Call the JavaScript function `source` in the page with `args`; return its result."""
    def click(self, selector: str) -> None: ...
    def hover(self, selector: str) -> None: ...
    def type(self, selector: str, text: str) -> None:
        """Type `text` key by key into the field, as a reader does."""
    def press(self, key: str) -> None:
        """Press one key (Playwright's names: "End", "Backspace") in the focused element."""
    def clear(self, selector: str) -> None: ...
    def select(self, selector: str, value: str) -> None: ...
    def script_errors(self) -> list[str]:
        """Uncaught script errors since the last call."""
    def close(self) -> None: ...

    def wait_for(self, source: str, *args, what: str, seconds: float = 15) -> object:
        """Poll the JavaScript condition `source` until it returns something truthy."""
        deadline = time.monotonic() + seconds
        last = None
        while True:
            try:
                value = self.run(source, *args)
                if value:
                    return value
                last = value
            except Exception as error:  # the page may be between two documents
                last = error
            if time.monotonic() > deadline:
                pytest.fail(f"{self.name}: {what} did not happen within {seconds} s (last seen: {last!r})")
            time.sleep(0.05)


class Chromium(Engine):
    name = "chromium"

    def __init__(self, browser):
        self.browser = browser
        self.context = None
        self.errors: list[str] = []

    def new_page(self):
        if self.context:
            self.context.close()
        self.context = self.browser.new_context(viewport={"width": WIDTH, "height": HEIGHT})
        self.page = self.context.new_page()
        self.page.set_default_timeout(ACTION_SECONDS * 1000)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))

    def goto(self, url):
        self.page.goto(url)

    def reload(self):
        self.page.reload()

    def run(self, source, *args):
        return self.page.evaluate(f"args => ({source})(...args)", list(args))

    def click(self, selector):
        self.page.click(selector)

    def hover(self, selector):
        self.page.hover(selector)

    def type(self, selector, text):
        self.page.locator(selector).press_sequentially(text)

    def press(self, key):
        self.page.keyboard.press(key)

    def clear(self, selector):
        self.page.locator(selector).clear()

    def select(self, selector, value):
        self.page.select_option(selector, value)

    def script_errors(self):
        errors, self.errors = self.errors, []
        return errors

    def close(self):
        if self.context:
            self.context.close()


class Firefox(Engine):
    """Firefox ESR through engines/firefox.mjs, one JSON request per action."""

    name = "firefox"

    def __init__(self, log: Path):
        self.log = log.open("wb")
        self.process = subprocess.Popen(
            ["node", str(TESTS / "engines/firefox.mjs")], cwd=ROOT, env={**os.environ, "FIREFOX": FIREFOX},
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.log)
        self.selector = selectors.DefaultSelector()
        self.selector.register(self.process.stdout, selectors.EVENT_READ)
        self.buffer = b""
        self.last_id = 0
        self.version = self._answer(0, "start Firefox", seconds=60)

    def _answer(self, request_id: int, what: str, seconds: float = ACTION_SECONDS):
        deadline = time.monotonic() + seconds
        while b"\n" not in self.buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not self.selector.select(timeout=left):
                pytest.fail(f"firefox: no answer to '{what}' within {seconds} s (log: {self.log.name})")
            chunk = os.read(self.process.stdout.fileno(), 65536)
            if not chunk:
                pytest.fail(f"firefox: the driver stopped during '{what}'; see {self.log.name}")
            self.buffer += chunk
        line, self.buffer = self.buffer.split(b"\n", 1)
        message = json.loads(line)
        assert message["id"] == request_id, f"firefox: answer {message['id']} came for request {request_id}"
        if not message["ok"]:
            raise RuntimeError(f"firefox: {message['error']}")
        return message["value"]

    def _request(self, op: str, **args):
        self.last_id += 1
        self.process.stdin.write(json.dumps({"id": self.last_id, "op": op, "args": args}).encode() + b"\n")
        self.process.stdin.flush()
        return self._answer(self.last_id, op)

    def new_page(self):
        self._request("newPage", width=WIDTH, height=HEIGHT)

    def goto(self, url):
        self._request("goto", url=url)

    def reload(self):
        self._request("reload")

    def run(self, source, *args):
        return self._request("run", source=source, args=list(args))

    def click(self, selector):
        self._request("click", selector=selector)

    def hover(self, selector):
        self._request("hover", selector=selector)

    def type(self, selector, text):
        self._request("type", selector=selector, text=text)

    def press(self, key):
        self._request("press", key=key)

    def clear(self, selector):
        self._request("clear", selector=selector)

    def select(self, selector, value):
        self._request("select", selector=selector, value=value)

    def script_errors(self):
        # Firefox reports a fetch that a reload or a link cut short (NS_BINDING_ABORTED) as
        # a page error; the page was being left, so it is not one.
        return [e for e in self._request("scriptErrors") if "NS_BINDING_ABORTED" not in e]

    def close(self):
        try:
            self.process.stdin.write(b'{"op": "quit"}\n')
            self.process.stdin.close()
            self.process.wait(timeout=20)
        except (OSError, subprocess.TimeoutExpired):
            self.process.kill()
            self.process.wait()
        self.log.close()


# WebKitWebDriver has no log endpoint and no way to run a script before the page's own, so
# script errors are caught by listeners the page gets after each load.
# The page scrolls smoothly (for example, the Board helper brings its answer into view), and
# WebDriver clicks at the point where the element was when the click began: during the
# scroll that point may hold another element, or a link to another page. So WebKit clicks
# once the page has been still for a few frames.
_SCROLLING_STOPPED = """const done = arguments[arguments.length - 1];
let last = null, still = 0;
(function look() {
  const now = window.scrollX + ',' + window.scrollY;
  still = now === last ? still + 1 : 0;
  last = now;
  if (still >= 3) done(true); else requestAnimationFrame(look);
})();"""

_LISTEN_FOR_ERRORS = """() => {
  if (window.__engineErrors) return;
  window.__engineErrors = [];
  window.addEventListener('error', e => window.__engineErrors.push(String(e.message)));
  window.addEventListener('unhandledrejection', e => window.__engineErrors.push(String(e.reason)));
}"""


class WebKit(Engine):
    name = "webkit"

    def __init__(self, display: str):
        from selenium import webdriver
        from selenium.webdriver.webkitgtk.options import Options
        from selenium.webdriver.webkitgtk.service import Service

        # WebKit's web-process sandbox needs user namespaces, which container runners often
        # refuse; the pages under test are the project's own (Playwright runs Chromium
        # without its sandbox for the same reason).
        environment = {**os.environ, "DISPLAY": display, "WEBKIT_DISABLE_SANDBOX_THIS_IS_DANGEROUS": "1"}
        service = Service(executable_path=WEBKIT_DRIVER, env=environment)
        self.driver = webdriver.WebKitGTK(service=service, options=Options())
        self.driver.set_window_size(WIDTH, HEIGHT)
        self.driver.set_page_load_timeout(ACTION_SECONDS)
        self.driver.set_script_timeout(ACTION_SECONDS)
        self.version = self.driver.capabilities.get("browserVersion")
        self.errors: list[str] = []

    def _element(self, selector):
        return self.driver.find_element("css selector", selector)

    def _listen(self):
        self.run(_LISTEN_FOR_ERRORS)

    def new_page(self):
        self.script_errors()  # what the last journey left is not this one's
        self.driver.get("about:blank")

    def goto(self, url):
        self.driver.get(url)
        self._listen()

    def reload(self):
        self.script_errors()
        self.driver.refresh()
        self._listen()

    def run(self, source, *args):
        return self.driver.execute_script(f"return ({source})(...arguments)", *args)

    def click(self, selector):
        element = self._element(selector)
        self.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
        self.driver.execute_async_script(_SCROLLING_STOPPED)
        element.click()
        self._listen()  # in case the click opened another page

    def hover(self, selector):
        from selenium.webdriver.common.actions.action_builder import ActionBuilder
        # The pointer stays where it was on the last page; a move onto the same spot would
        # not count as entering the element, so it comes from the window's corner.
        actions = ActionBuilder(self.driver)
        actions.pointer_action.move_to_location(0, 0)
        actions.pointer_action.move_to(self._element(selector))
        actions.perform()

    def type(self, selector, text):
        self._element(selector).send_keys(text)

    def press(self, key):
        from selenium.webdriver import ActionChains
        from selenium.webdriver.common.keys import Keys
        ActionChains(self.driver).send_keys(getattr(Keys, key.upper())).perform()

    def clear(self, selector):
        self._element(selector).clear()

    def select(self, selector, value):
        from selenium.webdriver.support.select import Select
        Select(self._element(selector)).select_by_value(value)

    def script_errors(self):
        try:
            found = self.run("() => (window.__engineErrors || []).splice(0)") or []
        except Exception:  # no document to ask (between pages)
            found = []
        return found

    def close(self):
        self.driver.quit()


def start_display(log: Path):
    """A virtual X display for WebKit: the one the run was started under (`xvfb-run`), or a
    new Xvfb that picks a free display number itself, so parallel workers never collide."""
    if os.environ.get("DISPLAY"):
        yield os.environ["DISPLAY"]
        return
    if not Path(XVFB).exists():
        pytest.fail(f"Xvfb is not installed at {XVFB}; install Debian's 'xvfb' package (make test does)")
    read, write = os.pipe()
    with log.open("wb") as output:
        server = subprocess.Popen([XVFB, "-displayfd", str(write), "-screen", "0", f"{WIDTH + 200}x{HEIGHT + 200}x24",
                                   "-nolisten", "tcp"], pass_fds=(write,), stdout=output, stderr=output)
    os.close(write)
    with os.fdopen(read) as numbers:
        number = numbers.readline().strip()
    if not number:
        server.kill()
        pytest.fail(f"Xvfb did not start; see {log}")
    try:
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=10)


def require(path: str, package: str) -> None:
    if not (Path(path).exists() or shutil.which(path)):
        pytest.fail(f"{path} is missing; install Debian's '{package}' package (make test does)")
