"""`python -m macros.cli.translations`: the translation status, and marking translations reviewed.

    python -m macros.cli.translations status [--report FILE]
    python -m macros.cli.translations reviewed [NAME ...] [--confirm-unchanged]

NAME is a file (data/tools.yaml, docs/zh/about.md) or a text's key
(tools[annual-review].title). Without a name, every text whose Chinese was edited is
marked; a named text whose Chinese was not edited is marked only with --confirm-unchanged.
"""
from __future__ import annotations

import argparse
import difflib
import sys
from pathlib import Path

from ..check.translations import OLD_LOCK, RECORDS, entries, mark_reviewed, migrate_single_lock, new_message, report, stale_message, status
from ..problems import ContentError, count
from . import ROOT


def reviewed(names: list[str], confirm_unchanged: bool, root: Path = ROOT) -> int:
    review = mark_reviewed(names, root, confirm_unchanged)
    if review.unmatched:
        known = sorted({e.group for e in entries(root)})
        for name in review.unmatched:
            close = difflib.get_close_matches(name, known, n=1)
            hint = f"did you mean {close[0]}?" if close else "name a data file, a page in docs/zh/, or a text's key"
            print(f"'{name}' matches no translated text ({hint}). Nothing was marked.", file=sys.stderr)
        return 2
    for entry in review.marked:
        print(f"reviewed: {entry.key}")
    print(f"Marked {count(len(review.marked), 'text')} as reviewed in {RECORDS}/.")
    if review.unchanged:
        for entry in review.unchanged:
            print(f"{entry.where[0]}:{entry.where[1]}:1: not marked: the Chinese of {entry.key} was not edited since "
                  f"its English changed", file=sys.stderr)
        print(f"{count(len(review.unchanged), 'text')} not marked: update the Chinese first, or if it is still right, "
              "run again with CONFIRM_UNCHANGED=1 (the pull request's summary will list them).", file=sys.stderr)
        return 1
    return 0


def main(argv: list[str] | None = None, root: Path = ROOT) -> int:
    parser = argparse.ArgumentParser(prog="python -m macros.cli.translations", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    show = commands.add_parser("status", help="list changed, new and missing translations")
    show.add_argument("--report", type=Path, help="also write a Markdown report to this file")
    review = commands.add_parser("reviewed", help="mark translations as reviewed against the current English")
    review.add_argument("names", nargs="*", help="files or text keys, e.g. data/tools.yaml or tools[annual-review].title")
    review.add_argument("--confirm-unchanged", action="store_true",
                        help="also mark named texts whose Chinese was not edited (the English change needs no new Chinese)")
    commands.add_parser("migrate", help=f"move the records of {OLD_LOCK} into {RECORDS}/ (after merging an older branch)")
    args = parser.parse_args(argv)
    if args.command == "migrate":
        print(f"Recorded {count(migrate_single_lock(root), 'text')} from {OLD_LOCK} in {RECORDS}/; {OLD_LOCK} was deleted.")
        return 0
    try:
        if args.command == "reviewed":
            return reviewed([n for n in args.names if n.strip()], args.confirm_unchanged, root)
        result = status(root)
    except ContentError as error:
        print(error.report(), file=sys.stderr)
        return 1
    if args.report:
        args.report.write_text(report(result), encoding="utf-8")
    for entry in result.stale:
        print(stale_message(entry))
    for entry in result.new:
        print(new_message(entry))
    print(f"{len(result.current)} translated, {len(result.stale)} changed, {len(result.new)} new, {len(result.missing)} missing.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
