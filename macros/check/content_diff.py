"""What a change does to the content, in entries: added, removed, renamed and changed.

Two versions of a data file are compared list by list: every list whose entries have an
`id` (tools, the items of a checklist's group, …) is matched by id. An id that disappears
while an entry with the same content (or the same title) appears under a new id is a
rename. A changed entry says which language's text changed, and whether anything that is
not text (a month, a link, a list of stages) did.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..load.model import LANGUAGES


@dataclass
class ListChanges:
    where: str                       # "tools", "checklists[design-leader].groups"
    removed: list[str] = field(default_factory=list)
    renamed: list[tuple[str, str]] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    changed: dict[str, list[str]] = field(default_factory=dict)  # id -> what changed: "English", "Chinese", "other fields"

    def __bool__(self) -> bool:
        return bool(self.removed or self.renamed or self.added or self.changed)


def _is_entry_list(value) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) and isinstance(v.get("id"), str) for v in value)


def _own_fields(entry: dict) -> dict:
    """The entry without its id and without its own lists of entries, which are compared apart."""
    return {k: v for k, v in entry.items() if k != "id" and not _is_entry_list(v)}


def _texts(value, language: str):
    """Every text of one language inside a value, in order."""
    if isinstance(value, dict):
        if "en" in value and set(value) <= set(LANGUAGES):
            yield value.get(language)
            return
        for child in value.values():
            yield from _texts(child, language)
    elif isinstance(value, list):
        for child in value:
            yield from _texts(child, language)


def _not_text(value):
    """The value with every text left out: what remains are settings such as months and links."""
    if isinstance(value, dict):
        if "en" in value and set(value) <= set(LANGUAGES):
            return None
        return {k: _not_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_not_text(v) for v in value]
    return value


def _what_changed(before: dict, after: dict) -> list[str]:
    before, after = _own_fields(before), _own_fields(after)
    what = [("English" if lang == "en" else "Chinese") for lang in LANGUAGES
            if list(_texts(before, lang)) != list(_texts(after, lang))]
    if _not_text(before) != _not_text(after):
        what.append("other fields")
    return what


def _title(entry: dict):
    for key in ("title", "name", "text", "heading"):
        if isinstance(entry.get(key), dict):
            return tuple(sorted(entry[key].items()))
    return None


def compare_lists(where: str, before: list, after: list) -> list[ListChanges]:
    old = {e["id"]: e for e in before}
    new = {e["id"]: e for e in after}
    changes = ListChanges(where)
    gone = [i for i in old if i not in new]
    came = [i for i in new if i not in old]
    for old_id in list(gone):
        same = next((i for i in came if _own_fields(new[i]) == _own_fields(old[old_id])), None) \
            or next((i for i in came if _title(new[i]) is not None and _title(new[i]) == _title(old[old_id])), None)
        if same:
            changes.renamed.append((old_id, same))
            gone.remove(old_id)
            came.remove(same)
    changes.removed, changes.added = gone, came
    found = [changes]
    for entry_id in [i for i in new if i in old] + [new_id for _, new_id in changes.renamed]:
        old_id = next((o for o, n in changes.renamed if n == entry_id), entry_id)
        what = _what_changed(old[old_id], new[entry_id])
        if what and entry_id in old:
            changes.changed[entry_id] = what
        found.extend(compare(old[old_id], new[entry_id], f"{where}[{entry_id}]"))
    return [c for c in found if c]


def compare(before, after, where: str = "") -> list[ListChanges]:
    """Every list of entries that differs between two versions of a document."""
    if isinstance(before, dict) and isinstance(after, dict):
        found = []
        for key in after:
            inner = f"{where}.{key}" if where else key
            if _is_entry_list(after[key]) or _is_entry_list(before.get(key)):
                found.extend(compare_lists(inner, before.get(key) or [], after[key] or []))
            elif key in before:
                found.extend(compare(before[key], after[key], inner))
        for key in before:
            if key not in after and _is_entry_list(before[key]):
                found.extend(compare_lists(f"{where}.{key}" if where else key, before[key], []))
        return found
    return []


def settings_changed(before, after) -> list[str]:
    """Top-level keys of a document (not lists of entries) whose value changed, e.g. school_year."""
    if not isinstance(before, dict) or not isinstance(after, dict):
        return [] if before == after else ["the file"]
    return [key for key in sorted(set(before) | set(after))
            if not (_is_entry_list(before.get(key)) or _is_entry_list(after.get(key))) and before.get(key) != after.get(key)
            and not (isinstance(before.get(key), dict) and isinstance(after.get(key), dict)
                     and any(_is_entry_list(v) for v in after[key].values()))]
