"""Checks the Markdown pages in docs/: both languages present, safe to read, and the content rules."""
from __future__ import annotations

from pathlib import Path

from .content_rules import Rules, line_and_column
from .docs_files import docs_problems
from .model import LANGUAGES
from .page_html import html_problems
from .page_limits import page_limits
from .problems import ContentError, Problem
from .yaml_source import parse, read_text

FRONT_MATTER_FENCES = ("---", "...")


def front_matter(text: str) -> tuple[str, int] | None:
    """The page's front matter and the line it starts on, found as MkDocs finds it: a first
    line '---', then at least one line, then a line '---' or '...'."""
    if text.split("\n", 1)[0].rstrip(" \t") != "---":
        return None
    lines = text.split("\n")
    for index in range(2, len(lines) - 1):
        if lines[index].rstrip(" \t") in FRONT_MATTER_FENCES:
            return "\n".join(lines[1:index]) + "\n", 2
    return None


def page_source_problems(text: str, label: str) -> tuple[list[Problem], dict]:
    """What makes a page unsafe to hand to MkDocs (its size, its lines, its front matter),
    and the front matter's values. MkDocs reads front matter with aliases expanded and
    without limits, so this runs before it does: in `make check` and in the page hook."""
    problems = page_limits(text, label)
    if problems:
        return problems, {}
    found = front_matter(text)
    if not found:
        return [], {}
    try:
        meta = parse(found[0], label, first_line=found[1]).value
    except ContentError as error:
        return error.problems, {}
    return [], meta if isinstance(meta, dict) else {}


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
            unsafe, meta = page_source_problems(text, label)
            if unsafe:
                problems.extend(unsafe)
                continue
            if not str(meta.get("title") or "").strip():
                problems.append(Problem(label, 1, 1, "the page has no title in its front matter",
                                        "start the page with ---, title: ..., --- lines"))
            if not text.endswith("\n"):
                problems.append(Problem(label, text.count("\n") + 1, 1, "the page does not end with a line break, so it may have been cut off",
                                        "check that the end of the page is complete, then end it with a line break"))
            problems.extend(html_problems(text, label))
            for finding in rules.findings(text, lang):
                line, column = line_and_column(text, finding.offset)
                problems.append(Problem(label, line, column, finding.message, finding.fix))
    return problems + docs_problems(docs_dir, root)
