"""The playbook's working parts, driven in real Chromium the way readers use them."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from conftest import PLAYBOOK, UI, copy_project, serve, switch_language, tab_to

from macros.cli.build import build
from macros.load.choices import Audience

pytestmark = pytest.mark.browser
LEADERS = [c for c in PLAYBOOK.checklists if c.audience == Audience.SCHOOL_LEADER]
EXPLORE = next(c for c in LEADERS if len(c.items) >= 4)  # a checklist on the school leaders' page
OTHER = next(c for c in LEADERS if c is not EXPLORE)  # another one on the same page


def done(lang: str, count: int, checklist) -> str:
    return UI["count_done"][lang].format(done=count, total=len(checklist.items))


def box(page, checklist, item):
    return page.locator(f"#check-{checklist.id}-{item.id}")


def status(page, checklist):
    return page.locator(f"#{checklist.id} [data-pb-count]")


def test_a_tick_survives_reload_and_the_count_follows(page, site_url):
    first, second = EXPLORE.items[0], EXPLORE.items[1]
    page.goto(f"{site_url}/checklists/")
    assert status(page, EXPLORE).inner_text() == done("en", 0, EXPLORE)
    box(page, EXPLORE, first).check()
    page.get_by_label(first.text.en).uncheck()
    page.get_by_label(first.text.en).check()   # the label ticks the box it names
    box(page, EXPLORE, second).check()
    assert status(page, EXPLORE).inner_text() == done("en", 2, EXPLORE)
    page.reload()
    assert box(page, EXPLORE, first).is_checked()
    assert box(page, EXPLORE, second).is_checked()
    assert not box(page, EXPLORE, EXPLORE.items[2]).is_checked()
    assert status(page, EXPLORE).inner_text() == done("en", 2, EXPLORE)


def test_a_tick_in_english_shows_on_the_chinese_page(page, site_url):
    item = EXPLORE.items[3]
    page.goto(f"{site_url}/checklists/")
    box(page, EXPLORE, item).check()
    switch_language(page, "zh")
    page.wait_for_url(re.compile(r"/zh/checklists/"))
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    assert box(page, EXPLORE, item).is_checked()
    assert page.get_by_label(item.text.zh).is_checked()
    assert status(page, EXPLORE).inner_text() == done("zh", 1, EXPLORE)


def test_clear_asks_first_and_then_clears_only_that_checklist(page, site_url):
    other = OTHER
    page.goto(f"{site_url}/checklists/")
    box(page, EXPLORE, EXPLORE.items[0]).check()
    box(page, other, other.items[0]).check()
    clear = page.locator(f"#{EXPLORE.id} [data-pb-clear]")

    page.once("dialog", lambda dialog: dialog.dismiss())
    clear.click()
    assert box(page, EXPLORE, EXPLORE.items[0]).is_checked(), "cancelling must keep the ticks"

    messages = []
    page.once("dialog", lambda dialog: (messages.append(dialog.message), dialog.accept()))
    clear.click()
    assert EXPLORE.title.en in messages[0]
    assert not box(page, EXPLORE, EXPLORE.items[0]).is_checked()
    assert status(page, EXPLORE).inner_text() == done("en", 0, EXPLORE)
    page.reload()
    assert not box(page, EXPLORE, EXPLORE.items[0]).is_checked()
    assert box(page, other, other.items[0]).is_checked()


def test_checklist_items_are_real_labelled_checkboxes(page, site_url):
    page.goto(f"{site_url}/onboarding/")
    onboarding = next(c for c in PLAYBOOK.checklists if c.audience == Audience.COMMUNITY_PARTNER)
    boxes = page.get_by_role("checkbox")
    assert boxes.count() == len(onboarding.items)
    for item in onboarding.items:
        checkbox = page.get_by_role("checkbox", name=item.text.en, exact=True)
        assert checkbox.is_enabled()
    group = onboarding.groups[0]
    assert page.get_by_role("group", name=group.heading.en).count() == 1


def test_keyboard_alone_ticks_an_item(page, site_url):
    page.goto(f"{site_url}/checklists/")
    target = box(page, EXPLORE, EXPLORE.items[0])
    tab_to(page, target, 200, "the first checklist item")
    page.keyboard.press("Space")
    assert target.is_checked()


def test_flow_chart_branches_are_links_reachable_by_keyboard(page, site_url):
    chart = PLAYBOOK.flowcharts[0]
    decisions = [s for s in chart.steps if s.kind == "decision"]
    assert len(decisions) >= 2
    page.goto(f"{site_url}/establish/")
    steps = page.locator("ol.pb-flow > li")
    assert steps.count() == len(chart.steps)
    for decision in decisions:
        links = page.locator(f"#step-{decision.id} .pb-flow__branches a")
        assert links.count() == len(decision.branches)
        for branch, link in zip(decision.branches, links.all(), strict=True):
            assert link.get_attribute("href") == f"#step-{branch.goto}"
            assert branch.label.en in page.locator(f"#step-{decision.id}").inner_text()
    first_branch = page.locator(f"#step-{decisions[0].id} .pb-flow__branches a").first
    tab_to(page, first_branch, 300, "the first branch link")
    page.keyboard.press("Enter")
    assert page.url.endswith(f"#step-{decisions[0].branches[0].goto}")
    tool_links = page.locator("ol.pb-flow a[href*='tools/#']")
    assert tool_links.count() >= 3
    tool_links.first.click()
    assert page.locator(f"#{page.url.split('#')[1]}").is_visible()


def test_board_review_helper_refuses_unreadable_numbers(page, site_url):
    page.goto(f"{site_url}/zh/lead-partners/")
    page.get_by_label(PLAYBOOK.board_review.questions.value_usd.zh).fill("-5")
    page.get_by_label(PLAYBOOK.board_review.questions.duration_months.zh).fill("12")
    page.get_by_role("button", name=UI["board_submit"].zh).click()
    assert page.locator("[data-pb-board-result]").inner_text() == UI["board_result_invalid"].zh


def test_without_javascript_the_rules_and_items_are_still_there(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site_url}/lead-partners/")
    for condition in PLAYBOOK.board_review.conditions:
        assert page.get_by_text(condition.text.en).is_visible()
    assert not page.locator("[data-pb-board-form]").is_visible()
    page.goto(f"{site_url}/checklists/")
    assert page.get_by_role("checkbox").count() == sum(len(c.items) for c in LEADERS)
    context.close()


def test_timeline_highlights_the_readers_month(page, site_url):
    year, month = PLAYBOOK.site.school_year.calendar_months()[3]
    page.clock.set_fixed_time(f"{year}-{month:02d}-15T10:00:00")
    page.goto(f"{site_url}/establish/timeline/")
    current = page.locator('[aria-current="date"]')
    assert current.count() == 1
    assert current.get_attribute("data-month") == f"{year}-{month:02d}"
    assert UI["this_month"].en in current.inner_text()
    months = page.locator(".pb-timeline__month")
    assert months.count() == PLAYBOOK.site.school_year.months


def test_timeline_marks_nothing_outside_the_school_year(page, site_url):
    last_year, _ = PLAYBOOK.site.school_year.calendar_months()[-1]
    page.clock.set_fixed_time(f"{last_year + 2}-01-15T10:00:00")
    page.goto(f"{site_url}/establish/timeline/")
    assert page.locator('[aria-current="date"]').count() == 0


def test_recognitions_filter_by_focus_area(page, site_url):
    page.goto(f"{site_url}/recognitions/")
    cards = page.locator(".pb-recognition")
    assert cards.count() == len(PLAYBOOK.recognitions)
    for area in PLAYBOOK.focus_areas:
        expected = [r.id for r in PLAYBOOK.recognitions if area.id in r.focus_areas]
        page.get_by_label(UI["focus_area"].en).select_option(area.id)
        assert [c.get_attribute("id") for c in cards.all() if c.is_visible()] == expected
        assert page.locator("[data-pb-filter-count]").inner_text() == UI["showing_count"].en.format(
            shown=len(expected), total=len(PLAYBOOK.recognitions))
    page.get_by_label(UI["focus_area"].en).select_option("")
    assert sum(1 for c in cards.all() if c.is_visible()) == len(PLAYBOOK.recognitions)


@pytest.fixture(scope="module")
def two_school_years(tmp_path_factory):
    """The site with one more recognition, in the school year after the latest one: an edit
    a staff member makes every year. Returns the served address and the data as edited."""
    project = copy_project(tmp_path_factory.mktemp("two-years") / "project")
    path = project / "data/recognitions.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    latest = max(r["school_year"] for r in data["recognitions"])
    start = int(latest[:4]) + 1
    added = dict(data["recognitions"][0], id="next-year-recognition", school_year=f"{start}-{(start + 1) % 100:02d}")
    entry = yaml.safe_dump([added], allow_unicode=True, sort_keys=False, width=1000)
    text = path.read_text(encoding="utf-8").rstrip("\n") + "\n" + "".join("  " + line for line in entry.splitlines(True))
    path.write_text(text, encoding="utf-8")
    assert build(project) == 0
    recognitions = yaml.safe_load(path.read_text(encoding="utf-8"))["recognitions"]
    assert len({r["school_year"] for r in recognitions}) >= 2
    server = serve(project / "site")
    yield f"http://127.0.0.1:{server.server_address[1]}", recognitions
    server.shutdown()
    server.server_close()


def test_recognitions_filter_by_school_year(page, two_school_years):
    address, recognitions = two_school_years
    page.goto(f"{address}/recognitions/")
    cards = page.locator(".pb-recognition")
    for year in sorted({r["school_year"] for r in recognitions}):
        page.get_by_label(UI["school_year"].en).select_option(year)
        expected = [r["id"] for r in recognitions if r["school_year"] == year]
        assert sorted(c.get_attribute("id") for c in cards.all() if c.is_visible()) == sorted(expected)
        assert page.locator("[data-pb-filter-count]").inner_text() == UI["showing_count"].en.format(
            shown=len(expected), total=len(recognitions))


def test_calendar_download_link_serves_the_language_file(page, site_url):
    for prefix, lang in (("", "en"), ("zh/", "zh")):
        page.goto(f"{site_url}/{prefix}establish/timeline/")
        link = page.locator(".pb-timeline__download a")
        with page.expect_download() as download:
            link.click()
        assert download.value.suggested_filename == f"partnership-playbook-{lang}.ics"
        assert b"BEGIN:VCALENDAR" in Path(download.value.path()).read_bytes()


@pytest.mark.parametrize("mode, ticked_background", [("blank", "rgb(255, 255, 255)"), ("progress", "rgb(0, 0, 0)")])
def test_printing_a_checklist_gives_empty_boxes_or_the_readers_ticks(page, site_url, mode, ticked_background):
    page.goto(f"{site_url}/checklists/")
    ticked, empty = box(page, EXPLORE, EXPLORE.items[0]), box(page, EXPLORE, EXPLORE.items[1])
    ticked.check()
    page.evaluate("window.print = () => {}")  # the dialog itself cannot be driven headless
    page.locator(f"#{EXPLORE.id} [data-pb-print='{mode}']").click()
    page.emulate_media(media="print")
    background = "el => getComputedStyle(el).backgroundColor"
    assert ticked.evaluate(background) == ticked_background
    assert empty.evaluate(background) == "rgb(255, 255, 255)"
    assert ticked.evaluate("el => getComputedStyle(el).borderTopStyle") == "solid"
    other = PLAYBOOK.checklists[1]
    assert not page.locator(f"#{other.id}").is_visible(), "only the chosen checklist prints"
    assert not page.locator(".md-sidebar--primary").is_visible()
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    page.emulate_media(media="screen")
    assert page.locator(f"#{other.id}").is_visible()
