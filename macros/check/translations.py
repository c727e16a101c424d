"""Translation status: which Chinese texts are missing, current, or stale.

For every text the lock file data/translations.lock.yaml records a short hash of the
English it was translated from, and of the Chinese as reviewed. When the English changes,
the Chinese is reported as stale (a warning: an urgent English fix need not wait for a
translator) until someone updates it and marks it reviewed. When the Chinese changes
without review, that is an error: a Chinese text cut short or rewritten in a pull request
is never published unnoticed. `make translations-reviewed` (macros/cli/translations.py)
records a review.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..load import COLLECTIONS
from ..load.yaml_source import load

ROOT = Path(__file__).resolve().parents[2]
LOCK = "data/translations.lock.yaml"
NOT_TRANSLATED = ("site", "ui")  # settings, and interface words reviewed with the code


def source_hash(english: str) -> str:
    return hashlib.sha256(english.strip().encode("utf-8")).hexdigest()[:12]


@dataclass(frozen=True)
class Entry:
    key: str           # e.g. "data/tools.yaml: tools[annual-review].title"
    english: str
    chinese: str
    where: tuple[str, int]
    chinese_where: tuple[int, int] = (1, 1)

    @property
    def has_chinese(self) -> bool:
        return bool(self.chinese.strip())

    @property
    def group(self) -> str:
        return self.key.split(":", 1)[0]


def _key_path(value, at) -> str:
    """A readable key that survives reordering: list entries are named by their id."""
    parts, node = [], value
    for step in at:
        if isinstance(step, int):
            entry = node[step]
            label = entry["id"] if isinstance(entry, dict) and "id" in entry else step
            parts.append(f"[{label}]")
        else:
            parts.append(f".{step}" if parts else step)
        node = node[step]
    return "".join(parts)


def bilingual_texts(value, at=()):
    """(path, {en, zh}) for every text written in both languages below `value`."""
    if isinstance(value, dict):
        if set(value) >= {"en"} and set(value) <= {"en", "zh"} and isinstance(value.get("en"), str):
            yield at, value
            return
        for key, child in value.items():
            yield from bilingual_texts(child, at + (key,))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from bilingual_texts(child, at + (index,))


def entries(root: Path = ROOT) -> list[Entry]:
    found = []
    for stem in COLLECTIONS:
        if stem in NOT_TRANSLATED:
            continue
        label = f"data/{stem}.yaml"
        if not (root / label).exists():
            continue  # reported by the checks as a missing file
        doc = load(root / label, label)
        for at, text in bilingual_texts(doc.value):
            chinese = text.get("zh") if isinstance(text.get("zh"), str) else ""
            found.append(Entry(f"{label}: {_key_path(doc.value, at)}", text["en"], chinese,
                               (label, doc.where(at)[0]), doc.where(at + ("zh",)) if chinese else (1, 1)))
    for english in sorted((root / "docs/en").rglob("*.md")):
        relative = english.relative_to(root / "docs/en").as_posix()
        chinese = root / "docs/zh" / relative
        found.append(Entry(f"docs/zh/{relative}", english.read_text(encoding="utf-8"),
                           chinese.read_text(encoding="utf-8") if chinese.exists() else "", (f"docs/zh/{relative}", 1)))
    return found


def read_lock(root: Path = ROOT) -> dict[str, dict[str, str]]:
    """For each key, the hashes of its English ('en') and reviewed Chinese ('zh')."""
    path = root / LOCK
    if not path.exists():
        return {}
    lock = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {key: value if isinstance(value, dict) else {"en": value} for key, value in lock.items()}


def write_lock(lock: dict[str, dict[str, str]], root: Path = ROOT) -> None:
    header = ("# Written by `make translations-reviewed`.\n"
              "# For each Chinese text: a hash of the English it was translated from (en), and of the Chinese as reviewed (zh).\n")
    body = yaml.safe_dump(dict(sorted(lock.items())), allow_unicode=True, sort_keys=False, width=200)
    (root / LOCK).write_text(header + body, encoding="utf-8")


@dataclass
class Status:
    missing: list[Entry]
    stale: list[Entry]
    current: list[Entry]
    unreviewed: list[Entry]  # the Chinese changed after it was reviewed (also in stale or current)

    def by_group(self) -> dict[str, dict[str, int]]:
        groups: dict[str, dict[str, int]] = {}
        for name, found in (("translated", self.current), ("stale", self.stale), ("missing", self.missing)):
            for entry in found:
                groups.setdefault(entry.group, {"translated": 0, "stale": 0, "missing": 0})[name] += 1
        return dict(sorted(groups.items()))


def status(root: Path = ROOT) -> Status:
    lock = read_lock(root)
    result = Status([], [], [], [])
    for entry in entries(root):
        recorded = lock.get(entry.key, {})
        if not entry.has_chinese:
            result.missing.append(entry)
            continue
        if recorded.get("en") != source_hash(entry.english):
            result.stale.append(entry)
        else:
            result.current.append(entry)
        if recorded.get("zh") not in (None, source_hash(entry.chinese)):
            result.unreviewed.append(entry)
    return result


def reviewed_hashes(entry: Entry) -> dict[str, str]:
    return {"en": source_hash(entry.english), "zh": source_hash(entry.chinese)}


def mark_reviewed(prefixes: list[str], root: Path = ROOT) -> int:
    """Record the current English of every translated entry whose key starts with a prefix."""
    lock = read_lock(root)
    marked = 0
    for entry in entries(root):
        if entry.has_chinese and (not prefixes or any(entry.key.startswith(p) for p in prefixes)):
            if lock.get(entry.key) != reviewed_hashes(entry):
                marked += 1
            lock[entry.key] = reviewed_hashes(entry)
    live = {entry.key for entry in entries(root)}
    write_lock({k: v for k, v in lock.items() if k in live}, root)
    return marked


def report(result: Status) -> str:
    lines = ["# Translation status", "", "| file | translated | stale | missing |", "| --- | ---: | ---: | ---: |"]
    for group, counts in result.by_group().items():
        lines.append(f"| {group} | {counts['translated']} | {counts['stale']} | {counts['missing']} |")
    for title, found in (("Stale: the English changed after the Chinese was written", result.stale),
                         ("Missing", result.missing)):
        if found:
            lines += ["", f"## {title}", ""] + [f"- `{e.key}` ({e.where[0]}:{e.where[1]})" for e in found]
    return "\n".join(lines) + "\n"


def stale_message(entry: Entry) -> str:
    return (f"{entry.where[0]}:{entry.where[1]}:1: warning: the English of {entry.key} changed after its Chinese was written "
            f"(update the Chinese, then run: make translations-reviewed FILE={entry.group})")
