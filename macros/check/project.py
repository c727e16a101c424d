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
    problems.extend(unreviewed_translations(root))
    return sorted(set(problems))


def unreviewed_translations(root: Path) -> list[Problem]:
    """Errors: a reviewed Chinese text changed without review (rewritten, or cut short)."""
    from .translations import reviewed_hashes, status
    try:
        changed = status(root).unreviewed
    except ContentError:
        return []  # unreadable files are already reported as problems
    return [Problem(e.where[0], *e.chinese_where, f"the Chinese of {shortened(e.key.split(': ', 1)[-1])} changed after its translation was reviewed",
                    f"if the new Chinese is right, run: make translations-reviewed FILE={e.group} "
                    f"(or set its zh: in data/translations.lock.yaml to {reviewed_hashes(e)['zh']}); if not, restore it")
            for e in changed]


def shortened(key: str, limit: int = 120) -> str:
    """A key as a message quotes it: an id can be as long as a line."""
    return key if len(key) <= limit else key[:limit - 3] + "..."
