"""Limits on a page's Markdown, so that no page can make a check or a build run for minutes.

Python-Markdown's inline patterns take time that grows faster than the line: 40,000 '['
on one line takes minutes to render, and nested lists and quotes recurse once per level.
A real page has short lines and shallow nesting, so the limits sit far above them and
far below what hurts. `make check` applies them to every page, and the MkDocs hook
applies them again before MkDocs reads a page, so `mkdocs serve` is protected too.
"""
from __future__ import annotations

import re2

from ..problems import Problem

MAX_PAGE_CHARACTERS = 200_000  # the longest real page is under 10,000
MAX_LINE_CHARACTERS = 5_000  # the longest real line is under 1,000
MAX_BRACKETS_PER_LINE = 200  # '[' opens a link each; a real line has a handful
MAX_NESTING = 12  # lists and quotes inside each other; real pages use 2

# The run of quote marks, list markers and indentation that starts a line: each marker
# opens one level. Linear (RE2) like every pattern applied to a page.
LINE_START = re2.compile(r"(?m)^(?:[ \t]*(?:>|[-*+][ \t]|[0-9]{1,9}[.)][ \t]))+")
MARKER = re2.compile(r">|[-*+][ \t]|[0-9]{1,9}[.)][ \t]")
INDENT_PER_LEVEL = 4


def page_limits(text: str, label: str) -> list[Problem]:
    """What makes the page too big or too deep to read safely (empty when it is fine).

    Stops at the first kind of problem found, which is enough to refuse the page.
    """
    if len(text) > MAX_PAGE_CHARACTERS:
        return [Problem(label, 1, 1, f"the page has {len(text):,} characters, over the limit of {MAX_PAGE_CHARACTERS:,}",
                        "split it into several pages")]
    problems = []
    for number, line in enumerate(text.split("\n"), 1):
        if len(line) > MAX_LINE_CHARACTERS:
            problems.append(Problem(label, number, MAX_LINE_CHARACTERS + 1,
                                    f"this line has {len(line):,} characters, over the limit of {MAX_LINE_CHARACTERS:,}",
                                    "break the paragraph into shorter lines"))
        elif line.count("[") > MAX_BRACKETS_PER_LINE:
            problems.append(Problem(label, number, line.index("[") + 1,
                                    f"this line has {line.count('['):,} '[' characters, over the limit of {MAX_BRACKETS_PER_LINE}",
                                    "write fewer links on one line, or remove the stray brackets"))
        if len(problems) >= 10:
            return problems  # enough to show what is wrong without a flood
    if problems:
        return problems
    for match in LINE_START.finditer(text):
        prefix = match.group(0)
        levels = len(MARKER.findall(prefix)) + len(MARKER.sub("", prefix).expandtabs(INDENT_PER_LEVEL)) // INDENT_PER_LEVEL
        if levels > MAX_NESTING:
            line = text.count("\n", 0, match.start()) + 1
            problems.append(Problem(label, line, 1, f"this line nests lists or quotes {levels} levels deep, over the limit of {MAX_NESTING}",
                                    "use fewer levels: a list inside a list is usually enough"))
            break
    return problems
