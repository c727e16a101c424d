"""MkDocs' log, reduced to what an editor must fix, each with the file and line to open.

MkDocs logs a broken link as "Doc file 'en/support.md' contains a link 'missing.md', …";
an editor needs `docs/en/support.md:31:7:` in front of it. Its INFO lines (plugins
announcing themselves) and banners are dropped; every WARNING and ERROR is kept, with
the lines that continue it.
"""
from __future__ import annotations

import re
from pathlib import Path

from ..check.content_rules import line_and_column

LEVEL = re.compile(r"^(?P<level>DEBUG|INFO|WARNING|ERROR|CRITICAL)\s+-\s+(?P<text>.*)$")
ANSI = re.compile(r"\x1b\[[0-9;]*m")
# "Doc file 'en/a.md' contains a link 'b.md#c', but …" and its variants for anchors,
# absolute and unrecognized links.
LINK = re.compile(r"^Doc file '(?P<src>[^']+)' contains (?:a|an) [\w ]*link '(?P<link>[^']+)'")
NAV = re.compile(r"^A reference to '(?P<link>[^']+)' is included in the 'nav' configuration")
SUMMARY = re.compile(r"^Aborted with ")


def _place(text: str, needle: str) -> tuple[int, int]:
    """Where a link is written: as a Markdown target `](needle`, else anywhere."""
    for pattern in (f"]({needle}", f"]: {needle}", f'"{needle}"', needle):
        at = text.find(pattern)
        if at >= 0:
            return line_and_column(text, at + len(pattern) - len(needle))
    return (1, 1)


def _located(text: str, root: Path, docs_dir: str, config_file: str) -> str:
    """The message with the file, line and column it is about, when it names one."""
    link = LINK.match(text)
    if link:
        label = f"{docs_dir}/{link.group('src')}"
        try:
            source = (root / label).read_text(encoding="utf-8")
        except OSError:
            return text
        line, column = _place(source, link.group("link"))
        return f"{label}:{line}:{column}: {text}"
    nav = NAV.match(text)
    if nav:
        try:
            source = (root / config_file).read_text(encoding="utf-8")
        except OSError:
            return text
        line, column = _place(source, nav.group("link"))
        return f"{config_file}:{line}:{column}: {text}"
    return text


def findings(log: str, root: Path, docs_dir: str = "docs", config_file: str = "mkdocs.yml") -> list[str]:
    """Every WARNING and ERROR in MkDocs' log, located where possible; nothing else."""
    kept: list[str] = []
    keeping = False
    for raw in ANSI.sub("", log).splitlines():
        level = LEVEL.match(raw)
        if level:
            keeping = level.group("level") in ("WARNING", "ERROR", "CRITICAL")
            if keeping:
                kept.append(f"{level.group('level')}: {_located(level.group('text'), root, docs_dir, config_file)}")
        elif SUMMARY.match(raw):
            kept.append(raw)
            keeping = False
        elif keeping and raw.strip():
            kept.append(raw)
    return kept
