"""Checks the Markdown pages in docs/: both languages present, a title each, content
rules, no raw HTML that could run code, and nothing but component calls between {{ }}."""
from __future__ import annotations

import re
from pathlib import Path

import yaml

from ..load.model import LANGUAGES, Playbook
from ..load.yaml_source import read_text
from ..problems import ContentError, Problem
from ..render.page_calls import PageMap, parse_page
from .content_rules import Rules, line_and_column

# Pages are Markdown, which lets raw HTML through; these parts of it can run code or
# pull in other sites, so they are refused outright.
DANGEROUS_HTML = re.compile(r"<(?:script|iframe|object|embed|style|link|meta|form|base)\b|\bon[a-z]+\s*=|\bsrcdoc\s*=", re.I)
FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.S)


def page_sources(docs_dir: Path, lang: str) -> set[str]:
    folder = docs_dir / lang
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*.md")}


def check_pages(docs_dir: Path, rules: Rules | None, root: Path, playbook: Playbook | None) -> list[Problem]:
    problems: list[Problem] = []
    sources = {lang: page_sources(docs_dir, lang) for lang in LANGUAGES}
    for lang in LANGUAGES:
        for other in LANGUAGES:
            for missing in sorted(sources[lang] - sources[other]):
                label = (docs_dir / lang / missing).relative_to(root).as_posix()
                problems.append(Problem(label, 1, 1, f"this page has no {'Chinese' if other == 'zh' else 'English'} version",
                                        f"add docs/{other}/{missing}"))
    for lang in LANGUAGES:
        calls: dict[str, list] = {}
        for src in sorted(sources[lang]):
            path = docs_dir / lang / src
            label = path.relative_to(root).as_posix()
            try:
                text = read_text(path, label)
            except ContentError as error:
                problems.extend(error.problems)
                continue
            match = FRONT_MATTER.match(text)
            meta = {}
            if match:
                try:
                    meta = yaml.safe_load(match.group(1)) or {}
                except yaml.YAMLError:
                    problems.append(Problem(label, 2, 1, "the front matter is not valid YAML", "write it as 'title: Page title'"))
            if not isinstance(meta, dict) or not meta.get("title"):
                problems.append(Problem(label, 1, 1, "the page has no title in its front matter",
                                        "start the page with ---, title: ..., --- lines"))
            for match in DANGEROUS_HTML.finditer(text):
                line, column = line_and_column(text, match.start())
                problems.append(Problem(label, line, column, f"raw HTML '{match.group(0).strip()}' is not allowed in pages",
                                        "write the content in Markdown; ask a developer for anything interactive"))
            parsed = parse_page(text, playbook)
            calls[src] = parsed.calls
            for refusal in parsed.refusals:
                line, column = line_and_column(text, refusal.offset)
                problems.append(Problem(label, line, column, refusal.message, refusal.fix))
            for finding in rules.findings(text, lang, page=True) if rules else ():
                line, column = line_and_column(text, finding.offset)
                problems.append(Problem(label, line, column, finding.message, finding.fix))
        if playbook is not None:
            problems.extend(_unshown(PageMap(calls, playbook), playbook, (docs_dir / lang).relative_to(root).as_posix()))
    return problems


# Entries that other entries link to: each must be shown on a page, where the link leads.
LINKED = {"tools": "data/tools.yaml", "forms": "data/forms.yaml", "checklists": "data/checklists.yaml"}


def _unshown(pages: PageMap, playbook: Playbook, folder: str) -> list[Problem]:
    wanted = [(collection, entry.id) for collection in LINKED for entry in getattr(playbook, collection)]
    return [Problem(LINKED[collection], 1, 1, f"no page in {folder}/ shows {collection} '{entry_id}', so links to it lead nowhere",
                    "place the component that shows it on a page")
            for collection, entry_id in pages.unshown(wanted)]
