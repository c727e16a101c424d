"""`python -m macros.check`: every problem in data/ and docs/, without building.

Exits 0 when everything is right, 1 when anything needs fixing. Never writes a file.
"""
from __future__ import annotations

import sys
from pathlib import Path

from . import provenance, translation_quality
from .pages import check_pages
from .playbook import load_playbook, rules_from
from .problems import ContentError, Problem
from .yaml_source import load

ROOT = Path(__file__).resolve().parent.parent


def find_problems(root: Path = ROOT, warnings: list[str] | None = None, translations: bool = True) -> list[Problem]:
    """Every problem; the translation checks' warnings go into `warnings` when given.

    `translations=False` leaves out whether the two languages agree: the build refuses
    only what would make the site wrong to publish, as with stale translations."""
    problems: list[Problem] = []
    try:
        load_playbook(root / "data", root)
    except ContentError as error:
        problems.extend(error.problems)
    try:
        site = load(root / "data" / "site.yaml", "data/site.yaml").value
        problems.extend(check_pages(root / "docs", rules_from(site), root))
        sources = load(root / "data" / "sources.yaml", "data/sources.yaml").value
        problems.extend(provenance.check_pages(root / "docs", sources, root))
        if translations and not problems:  # the pairs are only worth comparing once every file reads
            found, cautions = translation_quality.check(root)
            problems.extend(found)
            if warnings is not None:
                warnings.extend(cautions)
    except (ContentError, KeyError, TypeError):
        pass  # site.yaml's own problems are already in the list
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
    cautions: list[str] = []
    problems = find_problems(root, cautions)
    stale = stale_translations(root)
    if stale:
        print("\n".join(stale), file=sys.stderr)
        print(f"{len(stale)} stale translation(s).", file=sys.stderr)
    if cautions:
        print("\n".join(cautions), file=sys.stderr)
        print(f"{len(cautions)} translation warning(s): worth a look, not errors.", file=sys.stderr)
    if problems:
        print("\n".join(map(str, problems)), file=sys.stderr)
        print(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} found. Nothing was built or changed.", file=sys.stderr)
        return 1
    print("All data files and pages are valid.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
