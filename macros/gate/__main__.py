"""`python -m macros.gate SITE_DIR`: every finding in a built site, one per line.

Exits 1 when there is any (nothing in the folder may be published), 0 when there is none.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from ..problems import ContentError
from .own_scripts import template_scripts
from .scan import GateContext, scan_site

ROOT = Path(__file__).resolve().parent.parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m macros.gate", description=__doc__.split("\n")[0])
    parser.add_argument("site_dir", help="the built site, for example site")
    parser.add_argument("--root", default=str(ROOT), help="the project the site was built from")
    parser.add_argument("--site-url", default=os.environ.get("SITE_URL") or None,
                        help="the address the site is published at (default: $SITE_URL)")
    args = parser.parse_args(argv)
    root = Path(args.root)
    try:
        context = GateContext.for_project(root, inline_script_allowed=template_scripts(root), site_url=args.site_url)
    except ContentError as error:
        print(error.report(), file=sys.stderr)
        return 1
    findings = scan_site(Path(args.site_dir), context)
    for finding in findings:
        print(finding.describe(args.site_dir))
    if findings:
        print(f"{len(findings)} finding{'s' if len(findings) != 1 else ''}: nothing may be published.", file=sys.stderr)
        return 1
    print(f"Nothing in {args.site_dir} breaks the publishing rules.", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
