"""`python -m macros.cli.translations`: the translation status, and marking translations reviewed.

    python -m macros.cli.translations status [--report FILE]
    python -m macros.cli.translations reviewed [PREFIX ...]   # e.g. data/tools.yaml or docs/zh/about.md
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..check.translations import LOCK, mark_reviewed, report, stale_message, status


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m macros.cli.translations", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    show = commands.add_parser("status", help="list stale and missing translations")
    show.add_argument("--report", type=Path, help="also write a Markdown report to this file")
    reviewed = commands.add_parser("reviewed", help="mark translations as reviewed against the current English")
    reviewed.add_argument("prefixes", nargs="*", help="only entries whose key starts with one of these, e.g. data/tools.yaml")
    args = parser.parse_args(argv)
    if args.command == "reviewed":
        count = mark_reviewed(args.prefixes)
        print(f"Marked {count} translation(s) as reviewed in {LOCK}.")
        return 0
    result = status()
    if args.report:
        args.report.write_text(report(result), encoding="utf-8")
    for entry in result.stale:
        print(stale_message(entry))
    print(f"{len(result.current)} translated, {len(result.stale)} stale, {len(result.missing)} missing.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
