"""Good on paper: pages print their content, at the paper's width, and nothing else."""
from __future__ import annotations

import io
import re
import unicodedata

import pytest
from conftest import PLAYBOOK, UI, reading_folder, reading_text
from pypdf import PdfReader

from macros.readings import READINGS

pytestmark = pytest.mark.browser


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
    tool = next(t for t in PLAYBOOK.tools if t.sections)
    chart = PLAYBOOK.flowcharts[0]
    checklist = PLAYBOOK.checklists[0]
    cases = [
        ("tools/", [tool.title.en, tool.sections[0].items[0].en]),
        ("establish/", [chart.steps[0].title.en, chart.steps[-1].title.en]),
        ("establish/timeline/", [PLAYBOOK.timeline[0].title.en, PLAYBOOK.timeline[-1].title.en]),
        ("checklists/", [checklist.items[0].text.en, checklist.groups[-1].heading.en]),
        *[(f"{reading_folder(reading)}checklists/", [reading_text(reading, checklist.items[0].text)])
          for reading in READINGS[1:]],
    ]
    linked = next((i for i in PLAYBOOK.initiatives if i.link), None)
    if linked:
        cases.append(("initiatives/", [linked.link.url]))  # a printed link shows where it leads
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
        for chrome in (UI["print_blank"].en, UI["clear_checklist"].en):
            assert chrome not in text, f"{path}: {chrome!r} printed"
        assert pages >= 1
        page.emulate_media(media="screen")
