"""Every check over the whole project: the data, then the pages. Builds nothing."""
from __future__ import annotations

from pathlib import Path

from ..load import load_playbook
from ..load.model import LANGUAGES
from ..load.yaml_source import load
from ..problems import ContentError, Problem
from . import provenance, translation_quality
from .content_rules import Rules
from .navigation import check_navigation, check_section_ids
from .pages import check_pages
from .traditional import check_traditional
from .translations import record_problems


def find_problems(root: Path, warnings: list[str] | None = None, translations: bool = True) -> list[Problem]:
    """Every problem; the translation checks' warnings go into `warnings` when given.

    `translations=False` leaves out whether the two languages agree: the build refuses
    only what would make the site wrong to publish, as with stale translations."""
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
    try:
        sources = load(root / "data" / "sources.yaml", "data/sources.yaml").value
        problems.extend(provenance.check_pages(root / "docs", sources, root))
    except ContentError:
        pass  # sources.yaml's own problems are already in the list
    problems.extend(check_navigation(root))
    problems.extend(check_section_ids(root / "docs", root, LANGUAGES))
    problems.extend(record_problems(root))
    problems.extend(check_traditional(root))
    # The pairs are only worth comparing once every file reads; a Chinese text edited
    # without review is compared too, as it is the one most in need of it.
    if translations and not problems:
        found, cautions = translation_quality.check(root)
        problems.extend(found)
        if warnings is not None:
            warnings.extend(cautions)
    problems.extend(unreviewed_translations(root))
    return sorted(set(problems))


def unreviewed_translations(root: Path) -> list[Problem]:
    """Errors: a reviewed Chinese text changed without review (rewritten, or cut short)."""
    from .translations import record_file, status
    try:
        changed = status(root).unreviewed
    except ContentError:
        return []  # unreadable files are already reported as problems
    return [Problem(e.where[0], *e.chinese_where, f"the Chinese of {shortened(e.key.split(': ', 1)[-1])} changed after its translation was reviewed",
                    f"if the new Chinese is right, run: make translations-reviewed FILE={e.group} (in the browser editor: in "
                    f"{record_file(e.group)}, set {e.text_key} to '{e.record}'); if not, restore it")
            for e in changed]


def shortened(key: str, limit: int = 120) -> str:
    """A key as a message quotes it: an id can be as long as a line."""
    return key if len(key) <= limit else key[:limit - 3] + "..."
