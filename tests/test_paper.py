"""The playbook on paper: printed to PDF in Chromium and read back with pypdf."""
from __future__ import annotations

import io
import re
import unicodedata

import pytest
from conftest import ROOT, html_pages
from pypdf import PdfReader

from macros.load import load_playbook

pytestmark = pytest.mark.browser
PLAYBOOK = load_playbook(ROOT / "data", ROOT)
LETTER = {"width": 816, "height": 1056}  # US Letter at 96 CSS pixels per inch
# The components whose headings were left at page ends: timeline months, checklists,
# the Board-review rules, tools, and the flow chart's steps.
MARKERS = ("data-pb-timeline", "data-pb-checklist", "data-pb-board", "pb-toolindex", "pb-flowchart")
HEADINGS = "article :is(h1, h2, h3, h4, h5, h6, legend, .pb-timeline__title, .pb-flow__title, .admonition-title)"


def squash(text: str) -> str:
    # PDF text maps some CJK glyphs to Kangxi radicals (U+2F00...); NFKC folds them back.
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def printed(page) -> PdfReader:
    page.emulate_media(media="print")
    pdf = PdfReader(io.BytesIO(page.pdf(format="Letter")))
    page.emulate_media(media="screen")
    return pdf


def lines_from_the_top(pdf_page) -> list[tuple[float, str]]:
    """The sheet's lines of text, top to bottom, each with its height above the bottom of the
    sheet as a fraction. Read by position: the content stream draws positioned boxes last."""
    fragments: dict[int, list[tuple[float, str]]] = {}

    def visit(text, cm, tm, font, size):
        if text.strip():
            y = tm[5] * cm[3] + cm[5]
            fragments.setdefault(round(y / 4), []).append((tm[4] * cm[0] + cm[4], text))

    pdf_page.extract_text(visitor_text=visit)
    height = float(pdf_page.mediabox.height)
    return [(row * 4 / height, "".join(text for _, text in sorted(parts)))
            for row, parts in sorted(fragments.items(), reverse=True)]


def component_pages(site) -> list[str]:
    return [p.relative_to(site).as_posix() for p in html_pages(site)
            if any(marker in p.read_text(encoding="utf-8") for marker in MARKERS)]


def test_the_printed_components_are_found_in_both_languages(built_site):
    pages = component_pages(built_site)
    for marker in MARKERS:
        found = [p for p in pages if marker in (built_site / p).read_text(encoding="utf-8")]
        assert {p.startswith("zh/") for p in found} == {True, False}, marker


@pytest.mark.parametrize("index", range(14))
def test_no_heading_is_left_at_the_bottom_of_a_printed_page(page, built_site, site_url, index):
    pages = component_pages(built_site)
    if index >= len(pages):
        return  # the parameters are spread over the test workers; fewer pages need fewer
    path = pages[index]
    page.set_viewport_size(LETTER)
    page.goto(f"{site_url}/{path}")
    headings = {squash(h) for h in page.locator(HEADINGS).all_inner_texts() if squash(h)}
    pdf = printed(page)
    stranded = []
    gaps = []
    for number, sheet in enumerate(pdf.pages[:-1], start=1):
        lines = lines_from_the_top(sheet)
        last = squash(lines[-1][1]) if lines else ""
        if len(last) > 1 and any(heading.endswith(last) for heading in headings):
            stranded.append(f"page {number}: {lines[-1][1]}")
        gaps.append(round(lines[-1][0], 2) if lines else 1.0)
    assert stranded == [], path
    if "pb-flowchart" in (built_site / path).read_text(encoding="utf-8"):
        # The flow chart packs its steps: no sheet but the last is a quarter empty.
        assert all(gap < 0.25 for gap in gaps), (path, gaps)


def count_pattern(lang: str) -> re.Pattern:
    template = squash(PLAYBOOK.ui["count_done"][lang])
    return re.compile(re.sub(r"\\\{\w+\\\}", r"\\d+", re.escape(template)))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_blank_print_carries_no_progress(browser, built_site, site_url, lang):
    path = next(p for p in component_pages(built_site)
                if p.startswith("zh/") == (lang == "zh") and "data-pb-checklist" in (built_site / p).read_text(encoding="utf-8"))
    context = browser.new_context(viewport=LETTER)
    context.add_init_script("window.print = () => {};")  # the test prints to PDF itself
    page = context.new_page()
    page.goto(f"{site_url}/{path}")
    page.get_by_role("checkbox").first.check()
    pattern = count_pattern(lang)
    page.get_by_role("button", name=PLAYBOOK.ui["print_progress"][lang]).first.click()
    with_progress = "".join(squash(sheet.extract_text()) for sheet in printed(page).pages)
    assert pattern.search(with_progress), "the progress print shows how many are done"
    page.reload()
    page.get_by_role("button", name=PLAYBOOK.ui["print_blank"][lang]).first.click()
    blank = "".join(squash(sheet.extract_text()) for sheet in printed(page).pages)
    context.close()
    assert not pattern.search(blank)
