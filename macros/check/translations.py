"""Translation status: which Chinese texts are missing, current, changed or new.

For every text, a record holds a short hash of the English the Chinese was translated
from, and one of that Chinese. Records live beside the content, one file per data file
or page (data/translations/<stem>.lock.yaml, data/translations/pages/<page>.lock.yaml),
so two pull requests that edit different files never touch the same record file.

- current: the English is the one the Chinese was reviewed against (if the Chinese changed
  since without review, it is also unreviewed: an error, so that a Chinese text cut short
  or rewritten in a pull request is never published unnoticed);
- changed: the English was edited after its Chinese was reviewed (a warning: an urgent
  English fix need not wait for a translator);
- new: no record of this text: its Chinese has never been reviewed;
- missing: there is no Chinese.

Entries of a list that have an `id` are recorded under it; entries without one (a tool's
questions) are recorded by their content, so inserting a question leaves the others
current. `make translations-reviewed` (macros/cli/translations.py) writes the records.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..load.collections import COLLECTIONS
from ..load.yaml_source import Located, load
from ..problems import ContentError, Problem

ROOT = Path(__file__).resolve().parents[2]
RECORDS = "data/translations"
PAGE_KEY = "page"  # a page is one text
CONFIRMED_UNCHANGED = "confirmed-unchanged"  # marked reviewed although its Chinese was not edited
LISTED = "[]"  # stands for the position of a list entry that has no id


def source_hash(text: str) -> str:
    return hashlib.sha256(text.strip().encode("utf-8")).hexdigest()[:12]


@dataclass(frozen=True)
class Record:
    english: str           # hash of the English the Chinese was reviewed against
    chinese: str           # hash of that Chinese
    confirmed_unchanged: bool = False

    def __str__(self) -> str:
        return " ".join([self.english, self.chinese] + ([CONFIRMED_UNCHANGED] if self.confirmed_unchanged else []))


@dataclass(frozen=True)
class Entry:
    group: str             # the file the Chinese is in: "data/tools.yaml", "docs/zh/about.md"
    text_key: str          # the text inside it: "tools[annual-review].title", or "page"
    english: str
    chinese: str
    where: tuple[str, int]
    chinese_where: tuple[int, int] = (1, 1)  # line and column of the Chinese, for messages

    @property
    def key(self) -> str:
        return self.group if self.text_key == PAGE_KEY else f"{self.group}: {self.text_key}"

    @property
    def listed(self) -> bool:
        """Recorded by content: the text is inside a list entry without an id."""
        return LISTED in self.text_key

    @property
    def has_chinese(self) -> bool:
        return bool(self.chinese.strip())

    @property
    def record(self) -> Record:
        return Record(source_hash(self.english), source_hash(self.chinese))


def record_file(group: str) -> str:
    """Where the records of one data file or page are kept."""
    if group.startswith("docs/zh/"):
        return f"{RECORDS}/pages/{group[len('docs/zh/'):].removesuffix('.md')}.lock.yaml"
    return f"{RECORDS}/{Path(group).stem}.lock.yaml"


def _text_key(value, at) -> str:
    """A key that survives reordering: list entries are named by their id, or '[]'."""
    parts, node = [], value
    for step in at:
        if isinstance(step, int):
            entry = node[step]
            label = entry.get("id") if isinstance(entry, dict) else None
            parts.append(f"[{label}]" if label else LISTED)
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
        label = f"data/{stem}.yaml"
        if not (root / label).exists():
            continue  # reported by the checks as a missing file
        doc = load(root / label, label)
        for at, text in bilingual_texts(doc.value):
            chinese = text.get("zh")
            chinese = chinese if isinstance(chinese, str) else ""
            found.append(Entry(label, _text_key(doc.value, at), text["en"], chinese,
                               (label, doc.where(at)[0]), doc.where(at + ("zh",)) if chinese else (1, 1)))
    for english in sorted((root / "docs/en").rglob("*.md")):
        relative = english.relative_to(root / "docs/en").as_posix()
        chinese = root / "docs/zh" / relative
        found.append(Entry(f"docs/zh/{relative}", PAGE_KEY, english.read_text(encoding="utf-8"),
                           chinese.read_text(encoding="utf-8") if chinese.exists() else "", (f"docs/zh/{relative}", 1)))
    return found


def _parse_record(doc: Located, at: tuple, value) -> tuple[Record | None, Problem | None]:
    words = value.split() if isinstance(value, str) else []
    if len(words) in (2, 3) and (len(words) == 2 or words[2] == CONFIRMED_UNCHANGED):
        return Record(words[0], words[1], len(words) == 3), None
    return None, doc.problem(at, "this translation record is not in the form `make translations-reviewed` writes",
                             "undo the hand edit, or delete the line and run make translations-reviewed")


def read_records(path: Path, label: str) -> dict[str, list[Record]]:
    """The records in one file; raises ContentError naming any line it cannot read."""
    if not path.exists():
        return {}
    doc = load(path, label)
    if not isinstance(doc.value, dict):
        raise ContentError([doc.problem((), "the translation records should be a list of 'text: hashes' lines",
                                        "restore the file from the main branch and run make translations-reviewed")])
    records: dict[str, list[Record]] = {}
    problems = []
    for key, value in doc.value.items():
        values = value if isinstance(value, list) else [value]
        for index, item in enumerate(values):
            record, problem = _parse_record(doc, (key, index) if isinstance(value, list) else (key,), item)
            if problem:
                problems.append(problem)
            else:
                records.setdefault(str(key), []).append(record)
    if problems:
        raise ContentError(problems)
    return records


def all_records(root: Path = ROOT) -> dict[str, dict[str, list[Record]]]:
    """Every record file's records, by the file's path; ContentError lists every unreadable one."""
    found, problems = {}, []
    for path in sorted((root / RECORDS).rglob("*.lock.yaml")):
        label = path.relative_to(root).as_posix()
        try:
            found[label] = read_records(path, label)
        except ContentError as error:
            problems.extend(error.problems)
    if problems:
        raise ContentError(problems)
    return found


def record_problems(root: Path = ROOT) -> list[Problem]:
    """What `make check` reports about the record files themselves (a merge conflict, a hand edit)."""
    try:
        all_records(root)
    except ContentError as error:
        return error.problems
    return []


def write_records(label: str, records: dict[str, list[Record]], root: Path = ROOT) -> None:
    header = ("# Written by `make translations-reviewed`; do not edit by hand.\n"
              "# For each text: a hash of the English its Chinese was translated from, and one of that Chinese.\n")
    body = {key: ([str(r) for r in found] if LISTED in key else str(found[0]))
            for key, found in sorted(records.items()) if found}
    path = root / label
    if not body:
        path.unlink(missing_ok=True)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(header + yaml.safe_dump(body, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")


def _matching(entry: Entry, records: list[Record], in_file: set[Record]) -> tuple[str, Record | None]:
    """The entry's state, and the record that state comes from.

    `in_file` is every record of the entry's file: the same English and Chinese recorded
    under another key is the same text moved or its entry renamed.
    """
    if not entry.has_chinese:
        return "missing", None
    english, chinese = entry.record.english, entry.record.chinese
    for record in records:
        if record.english == english:
            return "current", record
    moved = next((r for r in in_file if r.english == english and r.chinese == chinese), None)
    if moved:
        return "current", moved
    if entry.listed:  # recorded by content: the same Chinese shows which entry's English changed
        same_chinese = next((r for r in records if r.chinese == chinese), None)
        return ("changed", same_chinese) if same_chinese else ("new", None)
    return ("changed", records[0]) if records else ("new", None)


@dataclass
class Status:
    missing: list[Entry] = field(default_factory=list)
    stale: list[Entry] = field(default_factory=list)      # changed: the English moved on
    new: list[Entry] = field(default_factory=list)
    current: list[Entry] = field(default_factory=list)
    unreviewed: list[Entry] = field(default_factory=list)  # current, but the Chinese changed since its review
    records: dict[str, Record | None] = field(default_factory=dict)  # by entry key and position

    def by_group(self) -> dict[str, dict[str, int]]:
        groups: dict[str, dict[str, int]] = {}
        for name, found in (("translated", self.current), ("changed", self.stale), ("new", self.new), ("missing", self.missing)):
            for entry in found:
                groups.setdefault(entry.group, {"translated": 0, "changed": 0, "new": 0, "missing": 0})[name] += 1
        return dict(sorted(groups.items()))

    @property
    def to_review(self) -> list[Entry]:
        return self.stale + self.new


def _classify(root: Path) -> tuple[list[tuple[Entry, str, Record | None]], dict]:
    records = all_records(root)
    in_file = {label: {r for kept in found.values() for r in kept} for label, found in records.items()}
    classified = []
    for entry in entries(root):
        label = record_file(entry.group)
        state, record = _matching(entry, records.get(label, {}).get(entry.text_key, []), in_file.get(label, set()))
        classified.append((entry, state, record))
    return classified, records


def status(root: Path = ROOT) -> Status:
    result = Status()
    lists = {"missing": result.missing, "changed": result.stale, "new": result.new, "current": result.current}
    for entry, state, record in _classify(root)[0]:
        lists[state].append(entry)
        if state == "current" and chinese_edited(entry, record):
            result.unreviewed.append(entry)
    return result


def chinese_edited(entry: Entry, record: Record | None) -> bool:
    """Whether the Chinese differs from the one last reviewed (a new text's always does)."""
    return record is None or record.chinese != entry.record.chinese


@dataclass
class Review:
    marked: list[Entry] = field(default_factory=list)
    unchanged: list[Entry] = field(default_factory=list)   # named, but their Chinese was not edited
    unmatched: list[str] = field(default_factory=list)     # names that match no text


def _named(entry: Entry, name: str) -> bool:
    name = name.strip()
    return entry.key.startswith(name) or entry.text_key.startswith(name) or entry.group == name.replace("docs/en/", "docs/zh/")


def mark_reviewed(names: list[str], root: Path = ROOT, confirm_unchanged: bool = False) -> Review:
    """Record the current English of the texts to review.

    Without names: every text whose Chinese was edited. With names (a file, or a text's
    key): those texts; one whose Chinese was not edited is marked only with
    `confirm_unchanged`, and its record says so, for the pull request's summary.
    """
    classified, records = _classify(root)
    review = Review(unmatched=[n for n in names if not any(_named(entry, n) for entry, _, _ in classified)])
    if review.unmatched:
        return review
    chosen = set()
    for entry, state, record in classified:
        edited_current = state == "current" and chinese_edited(entry, record)
        if (state not in ("changed", "new") and not edited_current) or (names and not any(_named(entry, n) for n in names)):
            continue
        if chinese_edited(entry, record) or (names and confirm_unchanged):
            chosen.add(id(entry))
            review.marked.append(entry)
        elif names:
            review.unchanged.append(entry)
    touched = {record_file(entry.group) for entry in review.marked}
    rewritten: dict[str, dict[str, list[Record]]] = {label: {} for label in touched}
    for entry, _, record in classified:
        label = record_file(entry.group)
        if label not in rewritten:
            continue
        if id(entry) in chosen:
            confirmed = not chinese_edited(entry, record)
            record = Record(entry.record.english, entry.record.chinese, confirmed)
        if record is not None and record not in rewritten[label].get(entry.text_key, []):
            rewritten[label].setdefault(entry.text_key, []).append(record)
    for label, found in rewritten.items():
        write_records(label, found, root)
    return review


def confirmed_unchanged(root: Path = ROOT) -> list[tuple[str, str, Record]]:
    """Records marked reviewed although their Chinese was not edited: (file, text, record)."""
    return [(label, key, record) for label, found in all_records(root).items()
            for key, kept in found.items() for record in kept if record.confirmed_unchanged]


def report(result: Status) -> str:
    lines = ["# Translation status", "", "| file | translated | changed | new | missing |", "| --- | ---: | ---: | ---: | ---: |"]
    for group, counts in result.by_group().items():
        lines.append(f"| {group} | {counts['translated']} | {counts['changed']} | {counts['new']} | {counts['missing']} |")
    for title, found in (("Changed: the English was edited after the Chinese was reviewed", result.stale),
                         ("New: Chinese not yet reviewed", result.new), ("Missing", result.missing)):
        if found:
            lines += ["", f"## {title}", ""] + [f"- `{e.key}` ({e.where[0]}:{e.where[1]})" for e in found]
    return "\n".join(lines) + "\n"


def stale_message(entry: Entry) -> str:
    return (f"{entry.where[0]}:{entry.where[1]}:1: warning: the English of {entry.key} changed after its Chinese was written "
            f"(update the Chinese, then run: make translations-reviewed FILE={entry.group})")


def new_message(entry: Entry) -> str:
    return (f"{entry.where[0]}:{entry.where[1]}:1: warning: {entry.key} is new: its Chinese has not been reviewed yet "
            f"(check the Chinese, then run: make translations-reviewed FILE={entry.group})")


OLD_LOCK = "data/translations.lock.yaml"


def _position_key(value, at) -> str:
    """The key the single lock file used: list entries without an id by their position."""
    parts, node = [], value
    for step in at:
        if isinstance(step, int):
            entry = node[step]
            label = entry.get("id") if isinstance(entry, dict) else None
            parts.append(f"[{label or step}]")
        else:
            parts.append(f".{step}" if parts else step)
        node = node[step]
    return "".join(parts)


def migrate_single_lock(root: Path = ROOT) -> int:
    """Move the records of data/translations.lock.yaml (a branch older than the per-file
    records) into data/translations/, then delete it. A text it recorded against its
    current English becomes current; interface words and settings, which it did not
    track, are taken as reviewed. Returns how many texts were recorded."""
    old = yaml.safe_load((root / OLD_LOCK).read_text(encoding="utf-8")) or {}
    # Older locks recorded the English's hash; later ones {en: ..., zh: ...}, reviewed Chinese included.
    old = {key: value.get("en") if isinstance(value, dict) else value for key, value in old.items()}
    written: dict[str, dict[str, list[Record]]] = {}
    for stem in COLLECTIONS:
        label = f"data/{stem}.yaml"
        if not (root / label).exists():
            continue
        doc = load(root / label, label)
        for at, text in bilingual_texts(doc.value):
            chinese = text.get("zh") if isinstance(text.get("zh"), str) else ""
            entry = Entry(label, _text_key(doc.value, at), text["en"], chinese, (label, 1))
            untracked = stem in ("site", "ui")
            if entry.has_chinese and (untracked or old.get(f"{label}: {_position_key(doc.value, at)}") == entry.record.english):
                found = written.setdefault(record_file(label), {}).setdefault(entry.text_key, [])
                if entry.record not in found:
                    found.append(entry.record)
    for entry in entries(root):
        if entry.text_key == PAGE_KEY and entry.has_chinese and old.get(entry.group) == entry.record.english:
            written.setdefault(record_file(entry.group), {})[PAGE_KEY] = [entry.record]
    for label, records in written.items():
        write_records(label, records, root)
    (root / OLD_LOCK).unlink()
    return sum(len(found) for records in written.values() for found in records.values())
