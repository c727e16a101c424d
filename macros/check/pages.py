"""Checks the Markdown pages in docs/: both languages present, safe to read (size, lines,
front matter), a title each, content rules, raw HTML through an allowlist, only listed files
in docs/, and nothing but component calls between {{ }}."""
from __future__ import annotations

from pathlib import Path

from ..load.model import LANGUAGES, Playbook
from ..load.yaml_source import parse, read_text
from ..problems import ContentError, Problem
from ..render.page_calls import PageMap, parse_page
from .content_rules import Rules, line_and_column
from .docs_files import docs_problems
from .page_html import html_problems
from .page_limits import page_limits

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
    return problems + docs_problems(docs_dir, root)


# Entries that other entries link to: each must be shown on a page, where the link leads.
LINKED = {"tools": "data/tools.yaml", "forms": "data/forms.yaml", "checklists": "data/checklists.yaml"}


def _unshown(pages: PageMap, playbook: Playbook, folder: str) -> list[Problem]:
    wanted = [(collection, entry.id) for collection in LINKED for entry in getattr(playbook, collection)]
    return [Problem(LINKED[collection], 1, 1, f"no page in {folder}/ shows {collection} '{entry_id}', so links to it lead nowhere",
                    "place the component that shows it on a page")
            for collection, entry_id in pages.unshown(wanted)]
