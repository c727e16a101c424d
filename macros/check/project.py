"""Every check over the whole project: the data, then the pages. Builds nothing."""
from __future__ import annotations

from pathlib import Path

from ..load import load_playbook
from ..load.model import LANGUAGES
from ..load.yaml_source import load
from ..problems import ContentError, Problem
from .content_rules import rules_from
from .navigation import check_navigation, check_section_ids
from .pages import check_pages
from .translations import record_problems


def find_problems(root: Path) -> list[Problem]:
    problems: list[Problem] = []
    playbook = None
    try:
        playbook = load_playbook(root / "data", root)
    except ContentError as error:
        problems.extend(error.problems)
    try:
        site = load(root / "data" / "site.yaml", "data/site.yaml").value
        rules = rules_from(site)
    except (ContentError, KeyError, TypeError):
        rules = None  # site.yaml's own problems are already in the list
    problems.extend(check_pages(root / "docs", rules, root, playbook))
    problems.extend(check_navigation(root))
    problems.extend(check_section_ids(root / "docs", root, LANGUAGES))
    problems.extend(record_problems(root))
    return sorted(set(problems))
