"""`python -m macros.check`: every problem in data/ and docs/, without building.

Exits 0 when everything is right, 1 when anything needs fixing. Never writes a file.
"""
from __future__ import annotations

import sys
from pathlib import Path

from .pages import check_pages
from .content_rules import Rules
from .playbook import load_playbook
from .problems import ContentError, Problem

ROOT = Path(__file__).resolve().parent.parent


def find_problems(root: Path = ROOT) -> list[Problem]:
    problems: list[Problem] = []
    try:
        load_playbook(root / "data", root)
    except ContentError as error:
        problems.extend(error.problems)
    try:
        problems.extend(check_pages(root / "docs", Rules.for_project(root), root))
    except ContentError:
        pass  # the rules file's own problems are already in the list
    return sorted(set(problems))


def stale_translations(root: Path = ROOT) -> list[str]:
    """Warnings, not errors: the English changed after the Chinese was written."""
    from .translations import status
    try:
        return [f"{e.where[0]}:{e.where[1]}:1: warning: the English of {e.key} changed after its Chinese was written "
                f"(update the Chinese, then run: make translations-reviewed FILE={e.group})" for e in status(root).stale]
    except ContentError:
        return []  # unreadable files are already reported as problems


def main(argv: list[str] | None = None) -> int:
    root = Path(argv[0]).resolve() if argv else ROOT
    problems = find_problems(root)
    warnings = stale_translations(root)
    if warnings:
        print("\n".join(warnings), file=sys.stderr)
        print(f"{len(warnings)} stale translation(s).", file=sys.stderr)
    if problems:
        print("\n".join(map(str, problems)), file=sys.stderr)
        print(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} found. Nothing was built or changed.", file=sys.stderr)
        return 1
    print("All data files and pages are valid.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
