"""`python -m macros.cli.build`: a strict build that replaces site/ only when it succeeds.

The site is built into a fresh folder beside site/; a failed build leaves the
previous site/ exactly as it was. MkDocs runs in strict mode, so any warning fails the
build, and every warning and error it logs is printed with the file and line it is about.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ..check.project import find_problems
from ..load import load_playbook
from ..problems import ContentError, count
from ..render.calendar import LOCK, record_sequences
from ..site.build_log import findings as logged
from . import ROOT


def gate(root: Path, built: Path, site_url: str | None, shown_as: str) -> list[str]:
    """What the publishing gate finds in every file the build wrote, before any of it is
    published, one line each (the offline copy's zip file by file)."""
    from ..gate import GateContext, scan_site
    from ..gate.own_scripts import template_scripts

    try:
        context = GateContext.for_project(root, inline_script_allowed=template_scripts(root), site_url=site_url)
    except ContentError as error:
        return [str(problem) for problem in error.problems]
    return [finding.describe(shown_as) for finding in scan_site(built, context)]


def build(root: Path = ROOT, site_dir: Path | None = None, extra_env: dict | None = None,
          offline_copy: bool = False) -> int:
    """Build the site into `site_dir`; with `offline_copy`, the offline copy's zip first, which
    the site then offers on every page with its size and publishes at its top.

    The copy comes first because the published pages state its size: its own pages cannot
    (they say instead that the reader is reading it), so its size does not depend on them."""
    site_dir = Path(site_dir or root / "site")
    problems = find_problems(root, translations=False)
    if problems:
        print("\n".join(map(str, problems)), file=sys.stderr)
        print(f"{count(len(problems), 'problem')} found; {site_dir.name}/ was left as it was.", file=sys.stderr)
        return 1
    staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-", dir=site_dir.parent))
    started = time.perf_counter()
    env = {**os.environ, **(extra_env or {})}
    copy = None
    if offline_copy:
        from .offline import make_bundle
        copy = make_bundle(root, dist=staging.with_name(staging.name + "-offline"), env=extra_env)
        if copy is None:
            shutil.rmtree(staging, ignore_errors=True)
            print(f"The offline copy could not be built; {site_dir.name}/ was left as it was.", file=sys.stderr)
            return 1
        env["OFFLINE_COPY"] = str(copy)
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict",
                             "--config-file", str(root / "mkdocs.yml"), "--site-dir", str(staging)],
                            cwd=root, env=env, capture_output=True, text=True)
    log = result.stderr + result.stdout
    found = logged(log, root)
    if found:
        print("\n".join(found), file=sys.stderr)
    if copy is not None:
        copy.replace(staging / copy.name)
        shutil.rmtree(copy.parent, ignore_errors=True)
    if result.returncode != 0:
        shutil.rmtree(staging, ignore_errors=True)
        if not found:  # no warning or error logged: what MkDocs printed last says why
            print("\n".join(log.strip().splitlines()[-20:]), file=sys.stderr)
        print(f"The build failed; {site_dir.name}/ was left as it was.", file=sys.stderr)
        return result.returncode
    findings = gate(root, staging, env.get("SITE_URL") or None, site_dir.name)
    if findings:
        shutil.rmtree(staging, ignore_errors=True)
        print("\n".join(findings), file=sys.stderr)
        print(f"{count(len(findings), 'finding')} in the built site: nothing was published; {site_dir.name}/ was left as it was.",
              file=sys.stderr)
        return 1
    previous = site_dir.with_name(f".{site_dir.name}-previous")
    shutil.rmtree(previous, ignore_errors=True)
    if site_dir.exists():
        site_dir.rename(previous)
    staging.rename(site_dir)
    shutil.rmtree(previous, ignore_errors=True)
    print(f"Built {site_dir.relative_to(root) if site_dir.is_relative_to(root) else site_dir} in {time.perf_counter() - started:.1f} s.")
    return 0


def main() -> int:
    """`make build`: build the offline copy and the site that offers it, then record the
    calendar sequences the site now publishes."""
    status = build(offline_copy=True)
    if status == 0 and record_sequences(load_playbook(ROOT / "data", ROOT), ROOT):
        print(f"Calendar events changed: {LOCK} records their new SEQUENCE; commit it with the data.")
    return status


if __name__ == "__main__":
    sys.exit(main())
