"""Accessible to everyone: every page in both languages and both colour schemes has no axe
violation at WCAG 2.1 A/AA, keyboard users reach everything, and other-language passages
are marked."""
from __future__ import annotations

import html
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from conftest import ERROR_PAGES, PLAYBOOK, UI, html_pages, page_file, search_ready, site_pages, tab_to

from macros.readings import READINGS, source_language

pytestmark = pytest.mark.browser
AXE = Axe()
WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
EVERY_PAGE = [url for _, url in site_pages()] + list(ERROR_PAGES)


def violations(page) -> list[str]:
    # Colours are checked as the reader sees them once they settle: midway through a
    # hover or focus transition a button is between two colour pairs.
    page.wait_for_function("() => document.getAnimations().every(a => a.playState !== 'running')")
    result = AXE.run(page, options=WCAG_AA)
    return [f"{v['id']} x{len(v['nodes'])}: {v['nodes'][0]['target']}" for v in result.response["violations"]]


@pytest.fixture(scope="module", params=["light", "dark"])
def scheme_page(browser, request):
    """One page per colour scheme, reused from page to page as a reader would."""
    context = browser.new_context(color_scheme=request.param)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("url", EVERY_PAGE)
def test_page_has_no_axe_violations(scheme_page, site_url, url):
    scheme_page.goto(f"{site_url}/{url}")
    scheme_page.wait_for_load_state("networkidle")
    assert violations(scheme_page) == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_interactive_states_have_no_axe_violations(browser, site_url, scheme):
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    page.clock.set_fixed_time(timeline_day())
    page.goto(f"{site_url}/establish/timeline/")
    assert violations(page) == []
    page.goto(f"{site_url}/lead-partners/")
    page.get_by_label(PLAYBOOK.board_review.questions.value_usd.en).fill("300000")
    page.get_by_label(PLAYBOOK.board_review.questions.duration_months.en).fill("24")
    page.get_by_role("button", name=UI["board_submit"].en).click()
    assert violations(page) == []
    page.goto(f"{site_url}/zh/recognitions/")
    page.get_by_label(UI["focus_area"].zh).select_option(PLAYBOOK.focus_areas[-1].id)
    assert violations(page) == []
    page.goto(f"{site_url}/checklists/")
    page.get_by_role("checkbox").first.check()
    assert violations(page) == []
    page.locator(".pb-checklist__actions .md-button").first.hover()  # a button as the pointer sees it
    assert violations(page) == []
    context.close()


def timeline_day() -> str:
    """A day inside the configured school year, so that the timeline marks a month."""
    year, month = PLAYBOOK.site.school_year.calendar_months()[3]
    return f"{year}-{month:02d}-15T10:00:00"


def test_every_page_has_a_working_skip_link(built_site):
    for url in EVERY_PAGE:
        source = (built_site / page_file(url)).read_text(encoding="utf-8")
        target = re.search(r'<a href="#([^"]+)" class="md-skip">', source)
        assert target, f"{url}: no skip link"
        assert f'id="{target.group(1)}"' in source, f"{url}: skip link target missing"


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
    page.get_by_label(UI["focus_area"].en).focus()
    page.keyboard.press("ArrowDown")  # the first focus area
    area = PLAYBOOK.focus_areas[0]
    shown = sum(1 for r in PLAYBOOK.recognitions if area.id in r.focus_areas)
    assert page.locator("[data-pb-filter-count]").inner_text() == UI["showing_count"].en.format(
        shown=shown, total=len(PLAYBOOK.recognitions))

    page.goto(f"{site_url}/tools/")
    switcher = page.locator('a.md-select__link[hreflang="zh"]')
    tab_to(page, switcher, 40, "the language switcher")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/zh/tools/"))

    page.keyboard.press("s")   # the theme's search shortcut
    search_ready(page)
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


def test_chinese_passages_in_english_pages_are_marked_as_the_chinese_pages_are(built_site):
    # English pages name no Chinese today; a term quoted with its Chinese must still be
    # announced as Simplified Chinese, the tag the Chinese pages' <html lang> carries.
    from macros.site.language_marks import mark_other_language

    term = PLAYBOOK.glossary[0].term
    page = f'<article class="md-content__inner md-typeset"><p>{term.en} ({term.zh})</p></article>'
    chinese_page = re.search(r'<html lang="([^"]+)"', (built_site / "zh/index.html").read_text(encoding="utf-8")).group(1)
    assert f'<span lang="{chinese_page}">{term.zh}</span>' in mark_other_language(page, "en")


def test_accessibility_statement_in_both_languages(built_site):
    def text(path):
        return html.unescape(re.sub(r"<[^>]+>", " ", (built_site / path).read_text(encoding="utf-8")))

    english, chinese = text("accessibility/index.html"), text("zh/accessibility/index.html")
    # A barrier is reported to the department, named as the glossary names it.
    department = next(term for term in PLAYBOOK.glossary if term.id == "scp")
    for page_text, words in ((english, ["WCAG", "2.1", "AA", "axe", "keyboard", department.en_forms[0]]),
                             (chinese, ["WCAG", "2.1", "AA", "无障碍", "键盘", department.term.zh])):
        assert all(word in page_text for word in words), [w for w in words if w not in page_text]
