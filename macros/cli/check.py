"""`python -m macros.cli.check`: every problem in data/ and docs/, without building.

Exits 0 when everything is right, 1 when anything needs fixing. When everything is right
and the data has ids not yet on record, adds them to data/ids.lock.yaml and says so;
it writes nothing else, and nothing at all when something needs fixing.
"""
from __future__ import annotations

import sys
from pathlib import Path

from ..check.project import find_problems
from ..check.retired_ids import LOCK, record
from ..check.translations import new_message, stale_message, status
from ..problems import ContentError, count
from . import ROOT


def stale_translations(root: Path = ROOT) -> list[str]:
    """Warnings, not errors: the English changed after the Chinese was written, or new Chinese awaits review."""
    try:
        result = status(root)
        return [stale_message(entry) for entry in result.stale] + [new_message(entry) for entry in result.new]
    except ContentError:
        return []  # unreadable files are already reported as problems


def main(argv: list[str] | None = None) -> int:
    root = Path(argv[0]).resolve() if argv else ROOT
    cautions: list[str] = []
    problems = find_problems(root, cautions)
    warnings = [] if problems else stale_translations(root)  # errors first: warnings would bury them
    if warnings:
        print("\n".join(warnings), file=sys.stderr)
        print(f"{count(len(warnings), 'translation')} to review.", file=sys.stderr)
    if cautions:
        print("\n".join(cautions), file=sys.stderr)
        print(f"{count(len(cautions), 'translation warning')}: worth a look, not errors.", file=sys.stderr)
    if problems:
        print("\n".join(map(str, problems)), file=sys.stderr)
        print(f"{count(len(problems), 'problem')} found. Nothing was built or changed.", file=sys.stderr)
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
