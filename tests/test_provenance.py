"""Everything the playbook states is sourced or shown as guidance, and an editor who cites a
source wrongly is told where and how to fix it."""
from __future__ import annotations

import re
from html import unescape

from conftest import ROOT, html_pages, page_language, reading_text
from markupsafe import escape

from macros.check import provenance
from macros.check.project import find_problems
from macros.cli.content_status import content_status
from macros.load import load_playbook
from macros.load.yaml_source import load
from macros.render.components import BY_NAME
from macros.render.links import PageContext
from macros.render.page_calls import PageMap
from macros.render.renderer import Renderer

PLAYBOOK = load_playbook(ROOT / "data", ROOT)
# A citation in the data (not in a comment): the whole of it, the document, the section.
CITATION = re.compile(r"(?m)^[ -]+(source: \{document: ([a-z0-9-]+), section: ([a-z0-9-]+)\})")


def first_citation(path):
    text = path.read_text(encoding="utf-8")
    match = CITATION.search(text)
    assert match, f"{path.name} should cite a source"
    line = text.count("\n", 0, match.start(1)) + 1
    return text, match, line


def test_every_citation_in_the_data_names_a_known_document_and_section():
    known = provenance.known_sections(load(ROOT / "data/sources.yaml").value)
    for path in sorted((ROOT / "data").glob("*.yaml")):
        for _, document, section in CITATION.findall(path.read_text(encoding="utf-8")):
            assert section in known.get(document, ()), f"{path.name}: {document} § {section}"


def test_an_unknown_source_document_is_refused_at_its_line(project):
    path = project / "data/forms.yaml"
    text, match, line = first_citation(path)
    path.write_text(text.replace(match.group(1), "source: {document: minutes-of-a-meeting, section: x}", 1), encoding="utf-8")
    found = [p for p in find_problems(project) if p.file == "data/forms.yaml" and "minutes-of-a-meeting" in p.message]
    assert found and found[0].line == line and found[0].column > 1
    assert "data/sources.yaml" in found[0].message and "guidance" in found[0].fix


def test_an_unknown_section_is_refused_with_the_documents_sections(project):
    path = project / "data/board_review.yaml"
    text, match, line = first_citation(path)
    document = match.group(2)
    path.write_text(text.replace(match.group(1), f"source: {{document: {document}, section: no-such-part}}", 1), encoding="utf-8")
    found = [p for p in find_problems(project) if p.file == "data/board_review.yaml" and "no-such-part" in p.message]
    sections = next(d["sections"] for d in load(ROOT / "data/sources.yaml").value["documents"] if d["id"] == document)
    assert found and found[0].line == line
    assert all(s["id"] in found[0].fix for s in sections)


def test_an_entry_that_says_nothing_about_its_source_is_refused(project):
    path = project / "data/timeline.yaml"
    text = path.read_text(encoding="utf-8")
    first = re.search(r"\n    source: [^\n]*", text)
    path.write_text(text[:first.start()] + text[first.end():], encoding="utf-8")
    assert any(p.file == "data/timeline.yaml" and "source" in p.message for p in find_problems(project))


def test_a_page_section_that_says_nothing_about_its_source_is_refused(project):
    path = project / "docs/en/lead-partners.md"
    text = path.read_text(encoding="utf-8")
    heading = re.search(r"^## ([^{\n]*?) \{#([a-z0-9-]+) [^}]*\}$", text, re.M)
    path.write_text(text.replace(heading.group(0), f"## {heading.group(1)} {{#{heading.group(2)}}}", 1), encoding="utf-8")
    line = text.count("\n", 0, heading.start()) + 1
    found = [p for p in find_problems(project) if p.file == "docs/en/lead-partners.md" and "where its content comes from" in p.message]
    assert found and found[0].line == line and ".guidance" in found[0].fix


def test_guidance_entries_carry_the_label_in_the_readers_language():
    renderer = Renderer(PLAYBOOK, PageMap.from_folder(ROOT / "docs" / "en", PLAYBOOK))
    guidance = [f for f in PLAYBOOK.forms if provenance.is_guidance(f.source)]
    sourced = [f for f in PLAYBOOK.forms if not provenance.is_guidance(f.source)]
    assert guidance and sourced
    for lang in ("en", "zh"):
        html = str(renderer.render(BY_NAME["forms"], PageContext(lang, "establish/forms.md"), {}))
        for form in guidance:
            card = re.search(rf'<section class="pb-card" id="{form.id}"[^>]*>.*?</section>', html, re.S).group(0)
            assert 'data-provenance="guidance"' in card and PLAYBOOK.ui["guidance_label"][lang] in card
        for form in sourced:
            card = re.search(rf'<section class="pb-card" id="{form.id}"[^>]*>.*?</section>', html, re.S).group(0)
            document = next(d for d in PLAYBOOK.sources if d.id == form.source["document"])
            assert 'data-provenance="sourced"' in card and str(escape(document.title[lang])) in card
            assert PLAYBOOK.ui["guidance_label"][lang] not in card


def test_built_pages_label_every_guidance_section_and_flow_step(built_site):
    for page in html_pages(built_site):
        lang = page_language(built_site, page)
        html = page.read_text(encoding="utf-8")
        label = reading_text(lang, PLAYBOOK.ui["guidance_label"])
        for match in re.finditer(r'data-provenance="guidance"', html):
            following = html[match.end():match.end() + 4000]
            assert label in following, f"{page.relative_to(built_site)}: guidance without its label"
        # Headings the page marks as guidance are inside their guidance section.
        for heading in re.finditer(r'<h2 class="guidance"', html):
            before = html[:heading.start()]
            assert before.rstrip().endswith('data-provenance="guidance">'), page.relative_to(built_site)
    chart = (built_site / "establish/index.html").read_text(encoding="utf-8")
    for step in PLAYBOOK.flowcharts[0].steps:
        kind = "guidance" if provenance.is_guidance(step.source) else "sourced"
        assert re.search(rf'id="step-{step.id}" data-provenance="{kind}"', chart), step.id


def test_the_board_branch_of_the_flow_chart_goes_on_to_signing():
    steps = {s.id: s for s in PLAYBOOK.flowcharts[0].steps}
    # The Board's step is the step that cites Policy 4270; its decision is the one leading to it.
    board = next(s for s in steps.values() if s.kind == "step" and not provenance.is_guidance(s.source)
                 and s.source["document"] == "policy-4270")
    decision = next(s for s in steps.values() if s.kind == "decision" and board.id in {b.goto for b in s.branches})
    other = steps[next(b.goto for b in decision.branches if b.goto != board.id)]
    assert board.next == other.id, "after the Board's review the agreement is still to be signed"


def test_each_glossary_term_is_on_the_glossary_page_in_both_languages(built_site):
    for folder in ("", "zh/"):
        html = (built_site / folder / "glossary/index.html").read_text(encoding="utf-8")
        for term in PLAYBOOK.glossary:
            entry = re.search(rf'id="term-{term.id}".*?</div>', html, re.S)
            assert entry, term.id
            words = unescape(re.sub(r"<[^>]+>", "", entry.group(0)))
            assert term.term.en in words and term.term.zh in words
            assert term.definition["zh" if folder else "en"] in words


def test_content_status_counts_what_the_data_and_pages_say(project):
    before = content_status(project)
    data = [p.read_text(encoding="utf-8") for p in (project / "data").glob("*.yaml")]
    pages = [p.read_text(encoding="utf-8") for p in (project / "docs/en").rglob("*.md")]
    assert before.sourced == sum(len(CITATION.findall(t)) for t in data) + sum(t.count(' data-source="') for t in pages)
    assert before.guidance == (sum(len(re.findall(r"(?m)^[ -]+source: guidance$", t)) for t in data)
                               + sum(len(re.findall(r"^## .*\.guidance\b.*\}$", t, re.M)) for t in pages))
    assert before.open_items == len(load(project / "data/sources.yaml").value["named_not_linkable"])
    path = project / "data/timeline.yaml"
    text = path.read_text(encoding="utf-8")
    citation = "source: {document: playbook-page, section: coordination-practices}"
    path.write_text(text.replace("source: guidance", citation, 1), encoding="utf-8")
    after = content_status(project)
    assert (after.sourced, after.guidance) == (before.sourced + 1, before.guidance - 1)
    assert "## Guidance awaiting the department's confirmation" in after.markdown
    assert all(d["title"]["en"] in after.markdown for d in load(project / "data/sources.yaml").value["named_not_linkable"])
