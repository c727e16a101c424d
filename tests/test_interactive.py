"""The playbook's working parts, driven in real Chromium the way readers use them."""
from __future__ import annotations

import re

import pytest

from conftest import ROOT, switch_language, tab_to
from macros.playbook import load_playbook

pytestmark = pytest.mark.browser
PLAYBOOK = load_playbook(ROOT / "data", ROOT)
EXPLORE = next(c for c in PLAYBOOK.checklists if c.id == "explore-leader")


def box(page, checklist, item):
    return page.locator(f"#check-{checklist.id}-{item.id}")


def status(page, checklist):
    return page.locator(f"#{checklist.id} [data-pb-count]")


def test_a_tick_survives_reload_and_the_count_follows(page, site_url):
    first, second = EXPLORE.items[0], EXPLORE.items[1]
    page.goto(f"{site_url}/checklists/")
    total = len(EXPLORE.items)
    assert status(page, EXPLORE).inner_text() == f"0 of {total} done"
    box(page, EXPLORE, first).check()
    page.get_by_label(first.text.en).uncheck()
    page.get_by_label(first.text.en).check()   # the label ticks the box it names
    box(page, EXPLORE, second).check()
    assert status(page, EXPLORE).inner_text() == f"2 of {total} done"
    page.reload()
    assert box(page, EXPLORE, first).is_checked()
    assert box(page, EXPLORE, second).is_checked()
    assert not box(page, EXPLORE, EXPLORE.items[2]).is_checked()
    assert status(page, EXPLORE).inner_text() == f"2 of {total} done"


def test_a_tick_in_english_shows_on_the_chinese_page(page, site_url):
    item = EXPLORE.items[3]
    page.goto(f"{site_url}/checklists/")
    box(page, EXPLORE, item).check()
    switch_language(page, "zh")
    page.wait_for_url(re.compile(r"/zh/checklists/"))
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    assert box(page, EXPLORE, item).is_checked()
    assert page.get_by_label(item.text.zh).is_checked()
    assert "已完成 1 项" in status(page, EXPLORE).inner_text()


def test_clear_asks_first_and_then_clears_only_that_checklist(page, site_url):
    other = next(c for c in PLAYBOOK.checklists if c.id == "design-leader")
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
    assert status(page, EXPLORE).inner_text().startswith("0 of")
    page.reload()
    assert not box(page, EXPLORE, EXPLORE.items[0]).is_checked()
    assert box(page, other, other.items[0]).is_checked()


def test_checklist_items_are_real_labelled_checkboxes(page, site_url):
    page.goto(f"{site_url}/onboarding/")
    onboarding = next(c for c in PLAYBOOK.checklists if c.audience == "community-partner")
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
        for branch, link in zip(decision.branches, links.all()):
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


@pytest.mark.parametrize("value, months, lead, expected", [
    ("249999", "12", False, []),
    ("250000", "12", False, ["value"]),
    ("249999", "13", False, ["duration"]),
    ("250001", "24", True, ["value", "duration", "lead-autonomy"]),
    ("0", "12", True, ["lead-autonomy"]),
])
def test_board_review_helper_at_its_boundaries(page, site_url, value, months, lead, expected):
    conditions = {c.id for c in PLAYBOOK.board_review.conditions}
    assert set(expected) <= conditions
    page.goto(f"{site_url}/lead-partners/")
    page.get_by_label(PLAYBOOK.board_review.questions.value_usd.en).fill(value)
    page.get_by_label(PLAYBOOK.board_review.questions.duration_months.en).fill(months)
    if lead:
        page.get_by_label(PLAYBOOK.board_review.questions.lead_autonomy.en).check()
    page.get_by_role("button", name="Check").click()
    result = page.locator("[data-pb-board-result]")
    met = [el.get_attribute("data-met") for el in result.locator("[data-met]").all()]
    assert sorted(met) == sorted(expected)
    number = PLAYBOOK.board_review.policy.number
    said = result.inner_text()
    assert (PLAYBOOK.ui["board_result_yes"].en.format(number=number) in said) == bool(expected)
    assert (PLAYBOOK.ui["board_result_no"].en.format(number=number) in said) == (not expected)


def test_board_review_helper_refuses_unreadable_numbers(page, site_url):
    page.goto(f"{site_url}/zh/lead-partners/")
    page.get_by_label(PLAYBOOK.board_review.questions.value_usd.zh).fill("-5")
    page.get_by_label(PLAYBOOK.board_review.questions.duration_months.zh).fill("12")
    page.get_by_role("button", name="检查").click()
    assert "整数" in page.locator("[data-pb-board-result]").inner_text()


def test_without_javascript_the_rules_and_items_are_still_there(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site_url}/lead-partners/")
    for condition in PLAYBOOK.board_review.conditions:
        assert page.get_by_text(condition.text.en).is_visible()
    assert not page.locator("[data-pb-board-form]").is_visible()
    page.goto(f"{site_url}/checklists/")
    assert page.get_by_role("checkbox").count() == sum(len(c.items) for c in PLAYBOOK.checklists if c.audience == "school-leader")
    context.close()


def test_timeline_highlights_the_readers_month(page, site_url):
    page.clock.set_fixed_time("2026-11-15T10:00:00")
    page.goto(f"{site_url}/establish/timeline/")
    current = page.locator('[aria-current="date"]')
    assert current.count() == 1
    assert current.get_attribute("data-month") == "2026-11"
    assert "this month" in current.inner_text()
    months = page.locator(".pb-timeline__month")
    assert months.count() == PLAYBOOK.site.school_year.months


def test_timeline_marks_nothing_outside_the_school_year(page, site_url):
    page.clock.set_fixed_time("2030-01-15T10:00:00")
    page.goto(f"{site_url}/establish/timeline/")
    assert page.locator('[aria-current="date"]').count() == 0


def test_recognitions_filter_by_focus_area_and_year(page, site_url):
    page.goto(f"{site_url}/recognitions/")
    cards = page.locator(".pb-recognition")
    assert cards.count() == len(PLAYBOOK.recognitions)
    area = PLAYBOOK.focus_areas[0]
    expected = [r.id for r in PLAYBOOK.recognitions if area.id in r.focus_areas]
    assert 0 < len(expected) < len(PLAYBOOK.recognitions)
    page.get_by_label("Focus area").select_option(area.id)
    visible = [c.get_attribute("id") for c in cards.all() if c.is_visible()]
    assert visible == expected
    count = page.locator("[data-pb-filter-count]").inner_text()
    assert count == f"Showing {len(expected)} of {len(PLAYBOOK.recognitions)} recognitions"
    page.get_by_label("Focus area").select_option("")
    page.get_by_label("School year").select_option("2023-24")
    assert sum(1 for c in cards.all() if c.is_visible()) == len(PLAYBOOK.recognitions)


def test_calendar_download_link_serves_the_language_file(page, site_url):
    for prefix, lang in (("", "en"), ("zh/", "zh")):
        page.goto(f"{site_url}/{prefix}establish/timeline/")
        link = page.locator(".pb-timeline__download a")
        with page.expect_download() as download:
            link.click()
        assert download.value.suggested_filename == f"partnership-playbook-{lang}.ics"
        assert b"BEGIN:VCALENDAR" in open(download.value.path(), "rb").read()


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
