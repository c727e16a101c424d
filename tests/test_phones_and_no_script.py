"""Reading on a phone, at 400% zoom and without JavaScript, as readers do."""
from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from conftest import ROOT, html_pages, page_language, reading_text

from macros.load import load_playbook
from macros.readings import READINGS
from macros.render.links import EMAIL_ADDRESS

pytestmark = pytest.mark.browser
PLAYBOOK = load_playbook(ROOT / "data", ROOT)

# Everything that sticks out past the right edge of the screen, outside boxes that scroll
# on their own (wide tables do, which WCAG 1.4.10 allows).
STICKING_OUT = """() => {
  const width = innerWidth, out = [];
  for (const el of document.querySelectorAll('body *')) {
    let box = el.parentElement, scrolls = false;
    while (box && box !== document.body) {
      if (getComputedStyle(box).overflowX !== 'visible') { scrolls = true; break; }
      box = box.parentElement;
    }
    const r = el.getBoundingClientRect();
    if (!scrolls && r.width && r.right > width + 1) out.push(el.tagName.toLowerCase() + '.' + el.className);
  }
  return {page: document.documentElement.scrollWidth, screen: width, out: out.slice(0, 3)};
}"""


# 360 px: a common phone. 320 CSS px: a 1280 px window at 400% zoom (WCAG 1.4.10).
@pytest.mark.parametrize("width", [360, 320])
def test_no_page_is_wider_than_the_screen(browser, built_site, site_url, width):
    context = browser.new_context(viewport={"width": width, "height": 740})
    page = context.new_page()
    too_wide = {}
    pages = html_pages(built_site)
    for path in pages:
        address = path.relative_to(built_site).as_posix()
        page.goto(f"{site_url}/{address}")
        measured = page.evaluate(STICKING_OUT)
        if measured["page"] > measured["screen"] or measured["out"]:
            too_wide[address] = measured
    context.close()
    assert {p.relative_to(built_site).parts[0] == "zh" for p in pages} == {True, False}
    assert too_wide == {}


def board_page(site) -> str:
    return next(p.relative_to(site).as_posix() for p in html_pages(site)
                if p.relative_to(site).parts[0] != "zh" and "data-pb-board" in p.read_text(encoding="utf-8"))


def test_the_board_answer_is_brought_into_view_on_a_phone(browser, built_site, site_url):
    context = browser.new_context(viewport={"width": 360, "height": 640}, reduced_motion="reduce")
    page = context.new_page()
    page.goto(f"{site_url}/{board_page(built_site)}")
    questions = PLAYBOOK.board_review.questions
    page.get_by_label(questions.value_usd.en).fill("300000")
    page.get_by_label(questions.duration_months.en).fill("24")
    page.get_by_role("button", name=PLAYBOOK.ui["board_submit"]["en"]).click()
    answer = page.get_by_role("status").filter(has_text=re.compile(r"\S"))
    answer.wait_for()
    assert answer.get_attribute("aria-live") == "polite"
    page.wait_for_function("""() => { const r = document.querySelector('[data-pb-board-result]').getBoundingClientRect();
                                      return r.height > 0 && r.top >= 0 && r.bottom <= innerHeight + 1; }""", timeout=10000)
    context.close()


class _TextOutsideLinks(HTMLParser):
    """The text of a page's article that is not inside a link."""

    def __init__(self):
        super().__init__()
        self.depth = self.links = 0
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "article":
            self.depth += 1
        elif tag == "a":
            self.links += 1

    def handle_endtag(self, tag):
        if tag == "article":
            self.depth -= 1
        elif tag == "a":
            self.links -= 1

    def handle_data(self, data):
        if self.depth and not self.links:
            self.text.append(data)


def test_every_email_address_in_the_text_is_a_link(built_site):
    unlinked = {}
    for path in html_pages(built_site):
        parser = _TextOutsideLinks()
        parser.feed(path.read_text(encoding="utf-8"))
        found = EMAIL_ADDRESS.findall(" ".join(parser.text))
        if found:
            unlinked[path.relative_to(built_site).as_posix()] = found
    assert unlinked == {}


def test_phone_links_dial_from_anywhere(built_site):
    phones = [c.phone for c in PLAYBOOK.contacts if c.phone]
    assert phones, "the contacts give at least one phone number"
    hrefs = set()
    for path in html_pages(built_site):
        hrefs.update(re.findall(r'href="(tel:[^"]*)"', path.read_text(encoding="utf-8")))
    for phone in phones:
        digits = re.sub(r"\D", "", phone)
        assert f"tel:+1{digits[-10:]}" in hrefs
    assert all(re.fullmatch(r"tel:\+\d{8,15}", href) for href in hrefs), hrefs


# Without JavaScript ----------------------------------------------------------------

def pages_with(site, marker: str) -> list[str]:
    return [p.relative_to(site).as_posix() for p in html_pages(site) if marker in p.read_text(encoding="utf-8")]


SCRIPTED = "[data-pb-needs-script], [data-pb-board-form], [data-pb-filter], .md-content button"


def test_without_javascript_no_control_or_claim_needs_the_script(browser, built_site, site_url):
    paths = sorted(set(pages_with(built_site, "data-pb-checklist") + pages_with(built_site, "data-pb-board")
                       + pages_with(built_site, "data-pb-filter")))
    assert any(p.startswith("zh/") for p in paths) and any(not p.startswith("zh/") for p in paths)
    claims = [reading_text(reading, PLAYBOOK.ui["ticks_saved_title"]) for reading in READINGS]
    shown = {}
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    for path in paths:
        page.goto(f"{site_url}/{path}")
        visible = [el.evaluate("e => e.outerHTML.slice(0, 80)") for el in page.locator(SCRIPTED).all() if el.is_visible()]
        visible += [claim for claim in claims if page.get_by_text(claim).first.is_visible()
                    if page.get_by_text(claim).count()]
        if visible:
            shown[path] = visible
    context.close()
    assert shown == {}
    # With the script, the same controls and the note are there.
    context = browser.new_context()
    page = context.new_page()
    for path in pages_with(built_site, "data-pb-checklist"):
        page.goto(f"{site_url}/{path}")
        reading = page_language(built_site, built_site / path)
        assert page.get_by_text(reading_text(reading, PLAYBOOK.ui["ticks_saved_title"])).first.is_visible(), path
        assert page.get_by_role("button", name=reading_text(reading, PLAYBOOK.ui["print_blank"])).first.is_visible(), path
        assert page.get_by_role("button", name=reading_text(reading, PLAYBOOK.ui["clear_checklist"])).first.is_visible(), path
    context.close()
