"""`python -m macros.cli.check`: every problem in data/ and docs/, without building.

Exits 0 when everything is right, 1 when anything needs fixing. Never writes a file.
"""
from __future__ import annotations

import sys
from pathlib import Path

from ..check.project import find_problems
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
    problems = find_problems(root)
    warnings = stale_translations(root)
    if warnings:
        print("\n".join(warnings), file=sys.stderr)
        print(f"{count(len(warnings), 'translation')} to review.", file=sys.stderr)
    if problems:
        print("\n".join(map(str, problems)), file=sys.stderr)
        print(f"{count(len(problems), 'problem')} found. Nothing was built or changed.", file=sys.stderr)
        return 1
    print("All data files and pages are valid.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
