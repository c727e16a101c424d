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
from ..site.build_log import findings
from . import ROOT


def build(root: Path = ROOT, site_dir: Path | None = None, extra_env: dict | None = None) -> int:
    site_dir = Path(site_dir or root / "site")
    problems = find_problems(root)
    if problems:
        print("\n".join(map(str, problems)), file=sys.stderr)
        print(f"{len(problems)} problem(s) found; {site_dir.name}/ was left as it was.", file=sys.stderr)
        return 1
    staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-", dir=site_dir.parent))
    started = time.perf_counter()
    env = {**os.environ, **(extra_env or {})}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict",
                             "--config-file", str(root / "mkdocs.yml"), "--site-dir", str(staging)],
                            cwd=root, env=env, capture_output=True, text=True)
    log = result.stderr + result.stdout
    found = findings(log, root)
    if found:
        print("\n".join(found), file=sys.stderr)
    if result.returncode != 0:
        shutil.rmtree(staging, ignore_errors=True)
        if not found:  # no warning or error logged: what MkDocs printed last says why
            print("\n".join(log.strip().splitlines()[-20:]), file=sys.stderr)
        print(f"The build failed; {site_dir.name}/ was left as it was.", file=sys.stderr)
        return result.returncode
    previous = site_dir.with_name(f".{site_dir.name}-previous")
    shutil.rmtree(previous, ignore_errors=True)
    if site_dir.exists():
        site_dir.rename(previous)
    staging.rename(site_dir)
    shutil.rmtree(previous, ignore_errors=True)
    print(f"Built {site_dir.relative_to(root) if site_dir.is_relative_to(root) else site_dir} in {time.perf_counter() - started:.1f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(build())
