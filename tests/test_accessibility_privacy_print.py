"""Accessible to everyone, private by default, and good on paper: every page, both languages."""
from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from conftest import ERROR_PAGES, ROOT, html_pages, page_language, reading_folder, tab_to
from pypdf import PdfReader

from macros.load import load_playbook
from macros.readings import READINGS, is_converted, source_language
from macros.render.traditional import converter_for

pytestmark = pytest.mark.browser
PLAYBOOK = load_playbook(ROOT / "data", ROOT)
AXE = Axe()
CONVERT = converter_for(ROOT / "data")


def reading_text(reading: str, text) -> str:
    """A bilingual text as the reading shows it."""
    written = text[source_language(reading)]
    return CONVERT(written) if is_converted(reading) else written
WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def violations(page) -> list[str]:
    # Colours are checked as the reader sees them once they settle: midway through a
    # hover or focus transition a button is between two colour pairs.
    page.wait_for_function("() => document.getAnimations().every(a => a.playState !== 'running')")
    result = AXE.run(page, options=WCAG_AA)
    return [f"{v['id']} x{len(v['nodes'])}: {v['nodes'][0]['target']}" for v in result.response["violations"]]


def page_paths(site: Path) -> list[str]:
    return [p.relative_to(site).as_posix() for p in html_pages(site)]


def every_page(site: Path) -> list[Path]:
    """The content pages and the error page a server shows, in both languages."""
    return html_pages(site) + [site / path for path in ERROR_PAGES]


@pytest.fixture(scope="module")
def watched(browser):
    """A page whose every request and console message is recorded."""
    def make(scheme="light"):
        context = browser.new_context(color_scheme=scheme, accept_downloads=True)
        page = context.new_page()
        page.requests, page.console = [], []
        page.on("request", lambda request: page.requests.append(request.url))
        page.on("console", lambda message: page.console.append(message.text))
        return context, page
    return make


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_page_has_no_axe_violations_and_no_outside_request(built_site, site_url, watched, scheme):
    context, page = watched(scheme)
    paths = [p.relative_to(built_site).as_posix() for p in every_page(built_site)]
    assert len([p for p in paths if page_language(built_site, built_site / p) == "zh"]) >= 19
    found, outside, csp = {}, [], []
    for path in paths:
        page.goto(f"{site_url}/{path}")
        page.wait_for_load_state("networkidle")
        problems = violations(page)
        if problems:
            found[path] = problems
    outside = [u for u in page.requests if not u.startswith(site_url + "/")]
    csp = [m for m in page.console if "Content Security Policy" in m]
    context.close()
    assert found == {}
    assert outside == []
    assert csp == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_interactive_states_have_no_axe_violations(browser, site_url, scheme):
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    page.clock.set_fixed_time("2026-11-15T10:00:00")
    page.goto(f"{site_url}/establish/timeline/")
    assert violations(page) == []
    page.goto(f"{site_url}/lead-partners/")
    page.get_by_label(PLAYBOOK.board_review.questions.value_usd.en).fill("300000")
    page.get_by_label(PLAYBOOK.board_review.questions.duration_months.en).fill("24")
    page.get_by_role("button", name="Check").click()
    assert violations(page) == []
    page.goto(f"{site_url}/zh/recognitions/")
    page.get_by_label("重点领域").select_option(PLAYBOOK.focus_areas[1].id)
    assert violations(page) == []
    page.goto(f"{site_url}/checklists/")
    page.get_by_role("checkbox").first.check()
    assert violations(page) == []
    page.locator(".pb-checklist__actions .md-button").first.hover()  # a button as the pointer sees it
    assert violations(page) == []
    context.close()


def test_every_page_of_the_offline_bundle_stays_inside_its_folder(browser, tmp_path):
    from macros.cli.offline import FOLDER, make_bundle
    with zipfile.ZipFile(make_bundle(ROOT, dist=tmp_path / "dist")) as archive:
        archive.extractall(tmp_path)
    folder = (tmp_path / FOLDER).resolve()
    context = browser.new_context()
    outside, csp = [], []
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(folder.as_uri() + "/")
                  else (outside.append(route.request.url), route.abort()))
    page = context.new_page()
    page.on("console", lambda message: csp.append(message.text) if "Content Security Policy" in message.text else None)
    paths = page_paths(folder)
    for path in paths:
        page.goto((folder / path).as_uri())
    for reading in READINGS[1:]:
        page.goto((folder / reading_folder(reading) / "index.html").as_uri())
        page.locator(".md-search__input").click()
        page.wait_for_function("() => !/正在初始化/.test(document.querySelector('.md-search-result__meta').textContent)")
    context.close()
    assert len(paths) >= 36
    assert outside == [] and csp == []


def test_every_page_has_a_policy_that_allows_only_the_site(built_site):
    for path in every_page(built_site):
        source = path.read_text(encoding="utf-8")
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


def test_every_page_has_a_working_skip_link(built_site):
    for path in every_page(built_site):
        source = path.read_text(encoding="utf-8")
        target = re.search(r'<a href="#([^"]+)" class="md-skip">', source)
        assert target, f"{path}: no skip link"
        assert f'id="{target.group(1)}"' in source, f"{path}: skip link target missing"


def test_skip_link_and_focus_are_visible_to_keyboard_users(page, site_url):
    page.goto(f"{site_url}/tools/")
    page.keyboard.press("Tab")
    skip = page.locator(".md-skip")
    assert skip.evaluate("el => el === document.activeElement")
    assert skip.is_visible()
    assert skip.evaluate("el => getComputedStyle(el).outlineStyle") != "none"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    focused = page.evaluate("() => { const el = document.activeElement; return [el.closest('article') !== null,"
                            " getComputedStyle(el).outlineStyle, getComputedStyle(el).outlineWidth]; }")
    assert focused[0], "after the skip link, Tab lands in the content"
    assert focused[1] != "none" and focused[2] != "0px"


def test_language_switcher_search_helper_and_filter_work_by_keyboard(page, site_url):
    page.goto(f"{site_url}/lead-partners/")
    page.get_by_label(PLAYBOOK.board_review.questions.value_usd.en).focus()
    page.keyboard.type("250000")
    page.keyboard.press("Tab")
    page.keyboard.type("6")
    page.keyboard.press("Enter")
    assert page.locator("[data-pb-board-result] [data-met='value']").count() == 1

    page.goto(f"{site_url}/recognitions/")
    page.get_by_label("Focus area").focus()
    page.keyboard.press("ArrowDown")
    shown = page.locator("[data-pb-filter-count]").inner_text()
    assert re.match(r"Showing \d+ of \d+", shown) and not shown.startswith(f"Showing {len(PLAYBOOK.recognitions)}")

    page.goto(f"{site_url}/tools/")
    switcher = page.locator('a.md-select__link[hreflang="zh"]')
    tab_to(page, switcher, 40, "the language switcher")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/zh/tools/"))

    page.keyboard.press("s")   # the theme's search shortcut
    page.wait_for_function("() => !/正在初始化/.test(document.querySelector('.md-search-result__meta').textContent)")
    page.keyboard.type("MOU")  # real key presses; Chinese input goes through an IME, which a test cannot drive
    page.wait_for_selector(".md-search-result__item")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/zh/(?!tools/)[a-z-]+/"))


def test_english_passages_in_chinese_pages_are_marked(built_site):
    unmarked = []
    chinese = [reading for reading in READINGS if source_language(reading) == "zh"]
    for path in [page for reading in chinese for page in html_pages(built_site / reading)]:
        article = re.search(r'<article class="md-content__inner md-typeset">(.*?)</article>',
                            path.read_text(encoding="utf-8"), re.S).group(1)
        article = re.sub(r'<span lang="en">.*?</span>', " ", article)
        article = re.sub(r"<(script|style|code|svg)\b.*?</\1>", " ", article, flags=re.S)
        for text in re.findall(r">([^<]+)<", article):
            run = re.search(r"[A-Za-z][A-Za-z'’.&-]*(?:[ \u00a0]+[A-Za-z][A-Za-z'’.&-]*)+", text)
            if run:
                unmarked.append(f"{path.relative_to(built_site)}: {run.group(0)}")
    assert unmarked == []


def test_accessibility_statement_in_both_languages(built_site):
    import html

    def text(path):
        return html.unescape(re.sub(r"<[^>]+>", " ", (built_site / path).read_text(encoding="utf-8")))

    english, chinese = text("accessibility/index.html"), text("zh/accessibility/index.html")
    for words in (["WCAG", "2.1", "AA", "axe", "keyboard", "communitypartnerships@seattleschools.org"],
                  ["WCAG", "2.1", "AA", "无障碍", "键盘", "communitypartnerships@seattleschools.org"]):
        page_text = english if words[3] == "axe" else chinese
        assert all(word in page_text for word in words), [w for w in words if w not in page_text]


# Print ---------------------------------------------------------------------

def pdf_text(page, paper: str) -> tuple[str, int]:
    data = page.pdf(format=paper, print_background=False)
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(p.extract_text() for p in reader.pages), len(reader.pages)


def squash(text: str) -> str:
    # PDF text maps some CJK glyphs to Kangxi radicals (U+2F00...); NFKC folds them back.
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


PAPER_WIDTH_PX = {"A4": 794, "Letter": 816}  # at 96 CSS pixels per inch, no margins


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_pages_print_their_content_and_nothing_else(page, site_url, paper):
    page.set_viewport_size({"width": PAPER_WIDTH_PX[paper], "height": 1100})
    tool = next(t for t in PLAYBOOK.tools if t.id == "design-planning")
    chart = PLAYBOOK.flowcharts[0]
    checklist = PLAYBOOK.checklists[0]
    cases = [
        ("tools/", [tool.title.en, tool.sections[0].items[0].en]),
        ("establish/", [chart.steps[0].title.en, chart.steps[-1].title.en]),
        ("establish/timeline/", [PLAYBOOK.timeline[0].title.en, PLAYBOOK.timeline[-1].title.en]),
        ("checklists/", [checklist.items[0].text.en, checklist.groups[-1].heading.en]),
        *[(f"{reading_folder(reading)}checklists/", [reading_text(reading, checklist.items[0].text)])
          for reading in READINGS[1:]],
        ("initiatives/", ["https://www.creativeadvantageseattle.org/"]),
    ]
    for path, expected in cases:
        page.goto(f"{site_url}/{path}")
        page.emulate_media(media="print")
        overflow = page.evaluate("""() => { const width = document.documentElement.clientWidth;
            return [...document.querySelectorAll('article *')].filter(el => el.getBoundingClientRect().right > width + 0.5)
                   .map(el => el.tagName + '.' + el.className); }""")
        assert overflow == [], f"{path}: cut at the right edge of {paper}"
        text, pages = pdf_text(page, paper)
        for phrase in expected:
            assert squash(phrase) in squash(text), f"{path} ({paper}): {phrase!r} not printed"
        for chrome in ("Skip to content", "Type to start searching", "Print with empty boxes"):
            assert chrome not in text, f"{path}: {chrome!r} printed"
        assert pages >= 1
        page.emulate_media(media="screen")
