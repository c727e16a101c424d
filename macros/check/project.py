"""Every check over the whole project: the data, then the pages. Builds nothing."""
from __future__ import annotations

from pathlib import Path

from ..load import load_playbook
from ..problems import ContentError, Problem
from .content_rules import Rules
from .pages import check_pages


def find_problems(root: Path) -> list[Problem]:
    problems: list[Problem] = []
    playbook = None
    try:
        playbook = load_playbook(root / "data", root)
    except ContentError as error:
        problems.extend(error.problems)
    try:
        rules = Rules.for_project(root)
    except ContentError:
        rules = None  # the rules file's own problems are already in the list
    problems.extend(check_pages(root / "docs", rules, root, playbook))
    return sorted(set(problems))
