"""`python -m macros.check`: every problem in data/ and docs/, without building.

Exits 0 when everything is right, 1 when anything needs fixing. When everything is right
and the data has ids not yet on record, adds them to data/ids.lock.yaml and says so;
it writes nothing else, and nothing at all when something needs fixing.
"""
from __future__ import annotations

import sys
from pathlib import Path

from .pages import check_pages
from .playbook import load_playbook, rules_from
from .problems import ContentError, Problem
from .retired_ids import LOCK, record
from .yaml_source import load

ROOT = Path(__file__).resolve().parent.parent


def find_problems(root: Path = ROOT) -> list[Problem]:
    problems: list[Problem] = []
    try:
        load_playbook(root / "data", root)
    except ContentError as error:
        problems.extend(error.problems)
    try:
        site = load(root / "data" / "site.yaml", "data/site.yaml").value
        problems.extend(check_pages(root / "docs", rules_from(site), root))
    except (ContentError, KeyError, TypeError):
        pass  # site.yaml's own problems are already in the list
    problems.extend(unreviewed_translations(root))
    return sorted(set(problems))


def unreviewed_translations(root: Path = ROOT) -> list[Problem]:
    """Errors: a reviewed Chinese text changed without review (rewritten, or cut short)."""
    from .translations import reviewed_hashes, status
    try:
        changed = status(root).unreviewed
    except ContentError:
        return []  # unreadable files are already reported as problems
    return [Problem(e.where[0], *e.chinese_where, f"the Chinese of {_shortened(e.key.split(': ', 1)[-1])} changed after its translation was reviewed",
                    f"if the new Chinese is right, run: make translations-reviewed FILE={e.group} "
                    f"(or set its zh: in data/translations.lock.yaml to {reviewed_hashes(e)['zh']}); if not, restore it")
            for e in changed]


def _shortened(key: str, limit: int = 120) -> str:
    """A key as a message quotes it: an id can be as long as a line."""
    return key if len(key) <= limit else key[:limit - 3] + "..."


def stale_translations(root: Path = ROOT) -> list[str]:
    """Warnings, not errors: the English changed after the Chinese was written."""
    from .translations import status
    try:
        return [f"{e.where[0]}:{e.where[1]}:1: warning: the English of {_shortened(e.key)} changed after its Chinese was written "
                f"(update the Chinese, then run: make translations-reviewed FILE={e.group})" for e in status(root).stale]
    except ContentError:
        return []  # unreadable files are already reported as problems


def main(argv: list[str] | None = None) -> int:
    root = Path(argv[0]).resolve() if argv else ROOT
    problems = find_problems(root)
    warnings = [] if problems else stale_translations(root)  # errors first: warnings would bury them
    if warnings:
        print("\n".join(warnings), file=sys.stderr)
        print(f"{len(warnings)} stale translation(s).", file=sys.stderr)
    if problems:
        print("\n".join(map(str, problems)), file=sys.stderr)
        print(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} found. Nothing was built or changed.", file=sys.stderr)
        return 1
    print("All data files and pages are valid.")
    added = record(root)
    if added:
        listed = "; ".join(f"{name}: {', '.join(ids)}" for name, ids in added.items())
        print(f"Note: recorded new ids in {LOCK} ({listed}). Commit the file with your change: "
              "once published, an id stays or is retired in data/retired.yaml.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
