"""Checks the Markdown pages in docs/: both languages present, and the content rules."""
from __future__ import annotations

import re
from pathlib import Path

import yaml

from .content_rules import Rules, line_and_column
from .model import LANGUAGES
from .problems import Problem
from .yaml_source import read_text
from .problems import ContentError

# Pages are Markdown, which lets raw HTML through; these parts of it can run code or
# pull in other sites, so they are refused outright.
DANGEROUS_HTML = re.compile(r"<(?:script|iframe|object|embed|style|link|meta|form|base)\b|\bon[a-z]+\s*=|\bsrcdoc\s*=", re.I)
FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.S)


def page_sources(docs_dir: Path, lang: str) -> set[str]:
    folder = docs_dir / lang
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*.md")}


def check_pages(docs_dir: Path, rules: Rules, root: Path) -> list[Problem]:
    problems: list[Problem] = []
    sources = {lang: page_sources(docs_dir, lang) for lang in LANGUAGES}
    for lang in LANGUAGES:
        for other in LANGUAGES:
            for missing in sorted(sources[lang] - sources[other]):
                label = (docs_dir / lang / missing).relative_to(root).as_posix()
                problems.append(Problem(label, 1, 1, f"this page has no {'Chinese' if other == 'zh' else 'English'} version",
                                        f"add docs/{other}/{missing}"))
    for lang in LANGUAGES:
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
            for finding in rules.findings(text, lang, page=True):
                line, column = line_and_column(text, finding.offset)
                problems.append(Problem(label, line, column, finding.message, finding.fix))
    return problems
