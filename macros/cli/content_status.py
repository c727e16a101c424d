"""`python -m macros.cli.content_status`: what the playbook can stand behind, and what it cannot yet.

Writes content-status.md and prints its summary:

- per collection and per page, how many entries and sections are sourced and how many are
  the playbook's own guidance, awaiting the department's confirmation;
- each guidance item, where it is, so the department can confirm or correct it;
- the documents and pages the sources name that the site cannot link to yet;
- the translation status: current, stale and missing Chinese, and the translation checks.
"""
from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

from ..check import translation_quality, translations
from ..check.provenance import GUIDANCE, SITE_HELP, is_guidance, page_sections
from ..load import load_playbook
from ..load.yaml_source import load

ROOT = Path(__file__).resolve().parents[2]
REPORT = "content-status.md"


@dataclass(frozen=True)
class Item:
    where: str       # file:line
    what: str        # e.g. "forms: mou" or "## Safety"
    title: str       # what a reader sees, in English ("" for a page section: its heading says it)
    source: object   # "guidance" or {document, section}


def _title(entry: dict) -> str:
    for key in ("title", "term", "name", "text", "partner"):
        value = entry.get(key)
        if isinstance(value, dict) and isinstance(value.get("en"), str):
            return " ".join(value["en"].split())
    return entry.get("id", "")


def _entries(value, at=()):
    """Every dict below `value` that carries a `source:`, with its path."""
    if isinstance(value, dict):
        if "source" in value:
            yield at, value
        for key, child in value.items():
            yield from _entries(child, at + (key,))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _entries(child, at + (index,))


def data_items(root: Path) -> dict[str, list[Item]]:
    """The entries of each data file that say where they come from, by file."""
    found: dict[str, list[Item]] = {}
    for path in sorted((root / "data").glob("*.yaml")):
        label = f"data/{path.name}"
        doc = load(path, label)
        for at, entry in _entries(doc.value):
            line, _ = doc.where(at + ("source",))
            collection = next((str(step) for step in at if isinstance(step, str)), path.stem)
            found.setdefault(label, []).append(
                Item(f"{label}:{line}", f"{collection}: {entry.get('id', at[-1])}", _title(entry), entry["source"]))
    return found


def page_items(root: Path) -> dict[str, list[Item]]:
    """The `##` sections of each English page that carry facts or guidance (not site help)."""
    found: dict[str, list[Item]] = {}
    for path in sorted((root / "docs/en").rglob("*.md")):
        label = path.relative_to(root).as_posix()
        text = path.read_text(encoding="utf-8")
        items = found.setdefault(label, [])
        for offset, title, kind in page_sections(text):
            if kind == SITE_HELP:
                continue
            line = text.count("\n", 0, offset) + 1
            items.append(Item(f"{label}:{line}", f"## {title}", "", kind if kind is not None else GUIDANCE))
    return found


def _cite(source) -> str:
    return f"{source['document']} § {source['section']}" if isinstance(source, dict) else "guidance"


def _count_table(heading: str, groups: dict[str, list[Item]]) -> list[str]:
    lines = [f"## {heading}", "", "| | sourced | guidance |", "| --- | ---: | ---: |"]
    for name, items in groups.items():
        guidance = sum(is_guidance(i.source) for i in items)
        lines.append(f"| {name} | {len(items) - guidance} | {guidance} |")
    return lines + [""]


@dataclass(frozen=True)
class Status:
    sourced: int
    guidance: int
    open_items: int
    translation_errors: int
    translation_warnings: int
    markdown: str

    def summary(self) -> str:
        return (f"{self.sourced} sourced, {self.guidance} guidance awaiting the department's confirmation, "
                f"{self.open_items} named in the sources but not yet linkable; translation checks: "
                f"{self.translation_errors} error(s), {self.translation_warnings} warning(s).")


def content_status(root: Path = ROOT) -> Status:
    playbook = load_playbook(root / "data", root)
    data, pages = data_items(root), page_items(root)
    everything = [item for group in (*data.values(), *pages.values()) for item in group]
    guidance = [item for item in everything if is_guidance(item.source)]
    problems, cautions = translation_quality.check(root)
    result = translations.status(root)
    lines = ["# Content status", "",
             f"- **Sourced:** {len(everything) - len(guidance)} entries and page sections cite a source document.",
             f"- **Guidance awaiting the department's confirmation:** {len(guidance)}, shown on the site as "
             f"\"{playbook.ui['guidance_label']['en']}\".",
             f"- **Named in the sources, not yet linkable:** {len(playbook.named_not_linkable)}.",
             f"- **Translations:** {len(result.current)} current, {len(result.stale)} stale, {len(result.missing)} missing; "
             f"translation checks: {len(problems)} error(s), {len(cautions)} warning(s).", ""]
    lines += _count_table("By collection", dict(data))
    lines += _count_table("By page", {name: items for name, items in pages.items() if items})
    lines += ["## Sources", ""]
    lines += [f"- `{d.id}`: {d.title.en} ({d.owner.en}; {d.date.en})" for d in playbook.sources]
    lines += ["", "## Guidance awaiting the department's confirmation", ""]
    lines += [f"- {item.where}: {item.what}" + (f" — {item.title}" if item.title else "") for item in guidance]
    lines += ["", "## Named in the sources, not yet linkable", ""]
    lines += [f"- {d.title.en} (named in {_cite(d.named_in)})" for d in playbook.named_not_linkable]
    lines += ["", translations.report(result).replace("# Translation status", "## Translation status", 1).rstrip(), ""]
    if problems or cautions:
        lines += ["## Translation checks", ""]
        lines += [f"- {problem}" for problem in problems] + [f"- {caution}" for caution in cautions]
    markdown = "\n".join(lines).rstrip() + "\n"
    return Status(len(everything) - len(guidance), len(guidance), len(playbook.named_not_linkable),
                  len(problems), len(cautions), markdown)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m macros.cli.content_status", description=__doc__.split("\n\n")[0])
    parser.add_argument("--report", type=Path, default=ROOT / REPORT, help=f"where to write the report (default {REPORT})")
    args = parser.parse_args(argv)
    status = content_status()
    args.report.write_text(status.markdown, encoding="utf-8")
    print(status.summary())
    print(f"Written to {args.report}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
