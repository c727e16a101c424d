"""Where each statement comes from: a source document and section, or the playbook's own guidance.

Data entries carry `source: guidance` or `source: {document: ..., section: ...}` naming an
entry of data/sources.yaml. Page sections say the same on their `##` heading:

    ## Selection {#selection data-source="policy-4270#selection-and-board"}
    ## Before anything happens {#prepare .guidance}
    ## Related {#related .site-help}

`.site-help` is for a section that only places components (which mark their own entries),
links to other pages, or explains how to use the site. Guidance is shown to the reader as a
suggestion to confirm with the department; a cited section names its source.
"""
from __future__ import annotations

import html as html_escape
import re
from pathlib import Path

from ..load.yaml_source import Located
from ..problems import Problem
from .content_rules import line_and_column

GUIDANCE = "guidance"
SITE_HELP = "site-help"

# An ATX heading of level 2 with an attribute list: '## Title {#id ...}'.
PAGE_SECTION = re.compile(r"^## (?P<title>.*?)(?:\s*\{(?P<attrs>[^}]*)\})?\s*$", re.M)
DATA_SOURCE = re.compile(r'data-source="(?P<document>[a-z0-9-]+)#(?P<section>[a-z0-9-]+)"')
FENCE = re.compile(r"^(```|~~~).*?^\1", re.M | re.S)


def is_guidance(source) -> bool:
    """Anything without a named source is the playbook's own guidance."""
    return not isinstance(source, dict)


def known_sections(sources: dict) -> dict[str, set[str]]:
    return {d["id"]: {s["id"] for s in d.get("sections", []) if isinstance(s, dict)}
            for d in sources.get("documents", []) if isinstance(d, dict) and "id" in d}


def _unknown(document: str, section: str, known: dict[str, set[str]]) -> tuple[str, str] | None:
    """(what is wrong, what would be right), or None when the source exists."""
    if document not in known:
        return (f"the source document '{document}' is not in data/sources.yaml",
                f"use one of: {', '.join(sorted(known))}, or write source: guidance")
    if section not in known[document]:
        return (f"the source '{document}' has no section '{section}'",
                f"use one of: {', '.join(sorted(known[document]))}")
    return None


def _citations(value, at=()):
    """Every (path, {document, section}) below `value`: the `source:` and `named_in:` values."""
    if isinstance(value, dict):
        for key, child in value.items():
            if key in ("source", "named_in") and isinstance(child, dict):
                yield at + (key,), child
            else:
                yield from _citations(child, at + (key,))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _citations(child, at + (index,))


def check_sources(docs: dict[str, Located]) -> list[Problem]:
    """Every citation in the data names a document and section of data/sources.yaml."""
    if "sources" not in docs:
        return []  # sources.yaml's own problems are reported by its schema
    known = known_sections(docs["sources"].value)
    problems = []
    for doc in docs.values():
        for at, citation in _citations(doc.value):
            wrong = _unknown(citation["document"], citation["section"], known)
            if wrong:
                problems.append(doc.problem(at + ("document",) if citation["document"] not in known else at + ("section",), *wrong))
    return problems


def page_sections(text: str):
    """Each `##` section of a page as (offset, title, provenance): provenance is
    {document, section}, 'guidance', 'site-help', or None when the heading says nothing."""
    fenced = [(m.start(), m.end()) for m in FENCE.finditer(text)]
    for match in PAGE_SECTION.finditer(text):
        if any(start <= match.start() < end for start, end in fenced):
            continue
        attrs = match.group("attrs") or ""
        cited = DATA_SOURCE.search(attrs)
        classes = set(re.findall(r"(?:^|\s)\.([\w-]+)", attrs))
        if cited:
            kind = {"document": cited.group("document"), "section": cited.group("section")}
        elif GUIDANCE in classes:
            kind = GUIDANCE
        elif SITE_HELP in classes:
            kind = SITE_HELP
        else:
            kind = None
        yield match.start(), match.group("title"), kind


def check_page_sections(text: str, label: str, known: dict[str, set[str]]) -> list[Problem]:
    problems = []
    for offset, title, kind in page_sections(text):
        line, column = line_and_column(text, offset)
        if kind is None:
            problems.append(Problem(label, line, column, f"the section '{title}' does not say where its content comes from",
                                    'add to its {…}: data-source="document#section" (ids from data/sources.yaml), '
                                    ".guidance for the playbook's own advice, or .site-help for links and components only"))
        elif isinstance(kind, dict):
            wrong = _unknown(kind["document"], kind["section"], known)
            if wrong:
                problems.append(Problem(label, line, column, f"the section '{title}': {wrong[0]}", wrong[1]))
    return problems


def check_pages(docs_dir: Path, sources: dict, root: Path) -> list[Problem]:
    known = known_sections(sources)
    problems = []
    for path in sorted(docs_dir.rglob("*.md")):
        label = path.relative_to(root).as_posix()
        problems.extend(check_page_sections(path.read_text(encoding="utf-8"), label, known))
    return problems


# Rendering: built HTML of a page, after Markdown. attr_list writes the classes and the
# data-source attribute onto the <h2>.
_H2 = re.compile(r"<h2\b(?P<attrs>[^>]*)>.*?</h2>", re.S)


def _page_level(attrs: str) -> bool:
    """Headings written in the page carry a provenance mark; components' own headings do not."""
    classes = re.search(r'class="([^"]*)"', attrs)
    names = set(classes.group(1).split()) if classes else set()
    return bool(DATA_SOURCE.search(attrs)) or bool(names & {GUIDANCE, SITE_HELP})


def citation_text(playbook, source: dict, lang: str) -> str | None:
    document = next((d for d in playbook.sources if d.id == source["document"]), None)
    if document is None:
        return None
    section = next((s for s in document.sections if s.id == source["section"]), None)
    return f"{document.title[lang]}: {section.title[lang]}" if section else document.title[lang]


def mark_sections(html: str, playbook, lang: str) -> str:
    """Wraps each guidance section of a built page in an element that says so, with the
    label in the reader's language, and names the source under each cited heading. A
    section runs to the next heading written in the page, so components stay whole."""
    headings = [h for h in _H2.finditer(html) if _page_level(h.group("attrs"))]
    out, position = [], 0
    for index, heading in enumerate(headings):
        attrs = heading.group("attrs")
        end = headings[index + 1].start() if index + 1 < len(headings) else len(html)
        cited = DATA_SOURCE.search(attrs)
        classes = re.search(r'class="([^"]*)"', attrs)
        out.append(html[position:heading.start()])
        body = html[heading.end():end]
        if classes and GUIDANCE in classes.group(1).split():
            label = html_escape.escape(playbook.ui["guidance_label"][lang])
            out.append(f'<section class="pb-guidance" data-provenance="guidance">{heading.group(0)}'
                       f'<p class="pb-provenance-label">{label}</p>{body}</section>')
        elif cited:
            text = citation_text(playbook, {"document": cited.group("document"), "section": cited.group("section")}, lang)
            note = (f'<p class="pb-source">{html_escape.escape(playbook.ui["source_label"][lang])} '
                    f'{html_escape.escape(text)}</p>') if text else ""
            out.append(f'<section data-provenance="sourced">{heading.group(0)}{note}{body}</section>')
        else:
            out.append(heading.group(0) + body)
        position = end
    out.append(html[position:])
    return "".join(out)
