"""`python -m macros.cli.review --base origin/main`: a pull request with everything in view.

- every problem `make check` finds becomes an annotation on its file and line
  (`::error file=…,line=…,col=…::…`, which GitHub shows on the pull request);
- a summary in Markdown (into $GITHUB_STEP_SUMMARY when set, else printed) lists the
  problems, what the change does to the content compared with the base branch (entries
  removed, renamed, added and changed, per data file and language; pages per language),
  and the translation status, including texts marked reviewed with their Chinese unchanged.

Exits 1 when there are problems, so the check fails only for a content mistake.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from ..check.content_diff import compare, settings_changed
from ..check.project import find_problems
from ..check.translations import RECORDS, confirmed_unchanged, new_message, stale_message, status
from ..load.collections import COLLECTIONS
from ..load.yaml_source import load
from ..problems import ContentError, Problem, count
from . import ROOT

LANGUAGE_FOLDERS = {"docs/en/": "English", "docs/zh/": "Chinese"}
GIT_STATUS = {"A": "added", "D": "removed", "M": "changed", "R": "renamed"}


def _git(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True)


def _escape(text: str, property_value: bool = False) -> str:
    """GitHub's escaping for workflow commands."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if property_value else text


def annotation(problem: Problem, level: str = "error") -> str:
    message = f"{problem.message} ({problem.fix})" if problem.fix else problem.message
    return (f"::{level} file={_escape(problem.file, True)},line={problem.line},col={problem.column}::"
            f"{_escape(message)}")


def _base_document(root: Path, base: str, label: str):
    """The data file as it is at the base commit, or None when it did not exist or did not load."""
    shown = _git(root, "show", f"{base}:{label}")
    if shown.returncode != 0:
        return None
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / Path(label).name
        path.write_text(shown.stdout, encoding="utf-8")
        try:
            return load(path, label).value
        except ContentError:
            return None


def content_changes(root: Path, base: str) -> list[str]:
    """The content diff as Markdown lines: data files entry by entry, then pages by language."""
    lines = []
    for stem in COLLECTIONS:
        label = f"data/{stem}.yaml"
        try:
            after = load(root / label, label).value if (root / label).exists() else None
        except ContentError:
            continue  # its problems are listed above
        before = _base_document(root, base, label)
        if before == after:
            continue
        found = compare(before or {}, after or {})
        settings = settings_changed(before or {}, after or {})
        if not found and not settings:
            continue
        lines += ["", f"**{label}**", ""]
        for changes in found:
            lines += [f"- removed from {changes.where}: `{entry}`" for entry in changes.removed]
        for changes in found:
            lines += [f"- renamed in {changes.where}: `{old}` → `{new}`" for old, new in changes.renamed]
            lines += [f"- added to {changes.where}: `{entry}`" for entry in changes.added]
            lines += [f"- changed in {changes.where}: `{entry}` ({', '.join(what)})" for entry, what in changes.changed.items()]
        lines += [f"- changed setting: `{key}`" for key in settings]
    diff = _git(root, "diff", "--name-status", "-M", base, "--", "docs")
    pages: dict[str, list[str]] = {}
    for row in diff.stdout.splitlines():
        state, *paths = row.split("\t")
        language = next((name for folder, name in LANGUAGE_FOLDERS.items() if paths[-1].startswith(folder)), None)
        if language:
            shown = " → ".join(f"`{p}`" for p in paths)
            pages.setdefault(language, []).append((state[0] != "D", f"- {GIT_STATUS.get(state[0], 'changed')}: {shown}"))
    for language, rows in pages.items():
        lines += ["", f"**Pages in {language}**", ""] + [text for _, text in sorted(rows, key=lambda row: row[0])]
    return lines


def newly_confirmed(root: Path, base: str) -> list[str]:
    """Texts this change marked reviewed with their Chinese unchanged (not so marked at the base)."""
    found = []
    for label, key, record in confirmed_unchanged(root):
        before = _git(root, "show", f"{base}:{label}")
        if before.returncode != 0 or str(record) not in before.stdout:
            found.append(f"- `{key}` in {label}")
    return found


def summary(root: Path, base: str, problems: list[Problem]) -> str:
    lines = ["# Content review", "", f"Compared with `{base}`.", "", f"## Problems: {len(problems)}", ""]
    lines += [f"- `{p.file}:{p.line}:{p.column}`: {p.message}" + (f" ({p.fix})" if p.fix else "") for p in problems] or \
        ["None: every data file and page is valid."]
    lines += ["", "## Content changes"]
    changes = content_changes(root, base)
    lines += changes or ["", "No entries or pages changed."]
    lines += ["", "## Translations", ""]
    try:
        result = status(root)
        lines.append(f"{len(result.current)} reviewed, {len(result.stale)} changed since their Chinese was reviewed, "
                     f"{len(result.new)} new, {len(result.missing)} missing.")
        to_review = [f"- {stale_message(e)}" for e in result.stale] + [f"- {new_message(e)}" for e in result.new]
        if to_review:
            lines += ["", "To review:", ""] + to_review
        confirmed = newly_confirmed(root, base)
        if confirmed:
            lines += ["", "Marked reviewed with the Chinese unchanged (CONFIRM_UNCHANGED=1):", ""] + confirmed
    except ContentError:
        lines.append(f"Not known until the problems in the data or in {RECORDS}/ are fixed.")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m macros.cli.review", description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", default="origin/main", help="the branch or commit the change is compared with")
    parser.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    root = args.root.resolve()
    if _git(root, "rev-parse", "--verify", "--quiet", f"{args.base}^{{commit}}").returncode != 0:
        print(f"'{args.base}' is not a branch or commit here (fetch it first, e.g. git fetch origin main)", file=sys.stderr)
        return 2
    problems = find_problems(root)
    for problem in problems:
        print(annotation(problem))
    try:
        result = status(root)
        warnings = [(e, stale_message(e)) for e in result.stale] + [(e, new_message(e)) for e in result.new]
    except ContentError:
        warnings = []  # the unreadable files are among the problems
    for entry, message in warnings:
        print(annotation(Problem(entry.where[0], entry.where[1], 1, message.split(": warning: ", 1)[1]), "warning"))
    text = summary(root, args.base, problems)
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if target:
        with open(target, "a", encoding="utf-8") as out:
            out.write(text)
    else:
        print(text)
    print(f"{count(len(problems), 'problem')} found.", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
