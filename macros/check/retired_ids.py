"""Ids are forever: every id the playbook has published stays published or is retired.

Readers' links (`tools/#annual-review`) and saved checklist ticks depend on ids. So
`data/ids.lock.yaml` records every id ever published, per collection, and an id that
leaves the data must be recorded in `data/retired.yaml` with the date, the reason and,
for a checklist item, the item that replaces it (readers' saved ticks move to it). A
retired id is never used again. Deleting an entry, or a file cut short at an entry's
boundary, is caught here. `make check` adds new ids to the lock (and says so); CI fails
when the committed lock lacks one, so every published id is on record.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from ..load.yaml_source import Located, load
from ..problems import ContentError, Problem
from .schemas import schema_stamp, validate

ROOT = Path(__file__).resolve().parents[2]
LOCK = "data/ids.lock.yaml"
RETIRED = "data/retired.yaml"


@dataclass(frozen=True)
class IdCollection:
    """Where a collection's entries are: the data file, and the keys leading to its list.
    An entry inside another (a checklist's item) is named `outer/inner`, by the ids of the
    levels in `named`."""
    name: str
    noun: str
    stem: str
    path: tuple[str, ...]
    named: tuple[int, ...] = (0,)


ID_COLLECTIONS = (
    IdCollection("stages", "stage", "stages", ("stages",)),
    IdCollection("tools", "tool", "tools", ("tools",)),
    IdCollection("forms", "form", "forms", ("forms",)),
    IdCollection("data-access-paths", "data access path", "forms", ("data_access_paths",)),
    IdCollection("flowcharts", "flow chart", "flowchart", ("flowcharts",)),
    IdCollection("flowchart-steps", "flow chart step", "flowchart", ("flowcharts", "steps"), (0, 1)),
    IdCollection("timeline-events", "timeline event", "timeline", ("events",)),
    IdCollection("checklists", "checklist", "checklists", ("checklists",)),
    IdCollection("checklist-groups", "checklist group", "checklists", ("checklists", "groups"), (0, 1)),
    # Ticks are saved per checklist and item, so an item is named by its checklist, not its group.
    IdCollection("checklist-items", "checklist item", "checklists", ("checklists", "groups", "items"), (0, 2)),
    IdCollection("board-review-conditions", "Board-review condition", "board_review", ("conditions",)),
    IdCollection("initiatives", "initiative", "initiatives", ("initiatives",)),
    IdCollection("focus-areas", "focus area", "recognitions", ("focus_areas",)),
    IdCollection("recognitions", "recognition", "recognitions", ("recognitions",)),
    IdCollection("partnership-types", "partnership type", "partnership_types", ("types",)),
    IdCollection("practices", "practice", "practices", ("practices",)),
    IdCollection("contacts", "contact", "contacts", ("contacts",)),
)
BY_NAME = {collection.name: collection for collection in ID_COLLECTIONS}
REPLACEABLE = "checklist-items"


def ids_in(collection: IdCollection, value) -> dict[str, tuple]:
    """The collection's ids in a data file's value, each with the path to its entry."""
    found: dict[str, tuple] = {}

    def walk(node, level: int, at: tuple, names: tuple[str, ...]) -> None:
        entries = node.get(collection.path[level]) if isinstance(node, dict) else None
        if not isinstance(entries, list):
            return
        for index, entry in enumerate(entries):
            if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
                continue
            here = at + (collection.path[level], index)
            named = names + (entry["id"],) if level in collection.named else names
            if level == len(collection.path) - 1:
                found.setdefault("/".join(named), here)
            else:
                walk(entry, level + 1, here, named)

    walk(value, 0, (), ())
    return found


def current_ids(parsed: dict[str, Located]) -> dict[str, dict[str, tuple]]:
    """Every collection's ids in the data files that could be read."""
    return {c.name: ids_in(c, parsed[c.stem].value) for c in ID_COLLECTIONS if c.stem in parsed}


@dataclass(frozen=True)
class Retired:
    collection: str
    id: str
    date: str
    reason: str
    replaced_by: str | None
    at: tuple


def read_lock(root: Path) -> tuple[dict[str, set[str]], list[Problem]]:
    path = root / LOCK
    if not path.exists():
        return {}, [Problem(LOCK, 1, 1, "the record of published ids is missing",
                            "restore data/ids.lock.yaml from the main branch (make ids starts a new one)")]
    try:
        doc = load(path, LOCK)
    except ContentError as error:
        return {}, error.problems
    lock: dict[str, set[str]] = {}
    problems = []
    for name, ids in (doc.value.items() if isinstance(doc.value, dict) else ()):
        if name not in BY_NAME or not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
            problems.append(doc.problem((name,), f"'{name}' is not a list of ids of a known collection",
                                        f"restore data/ids.lock.yaml from the main branch; the collections are: {', '.join(BY_NAME)}", on_key=True))
            continue
        lock[name] = set(ids)
    if not isinstance(doc.value, dict):
        problems.append(Problem(LOCK, 1, 1, "the record of published ids is not a block of collections",
                                "restore data/ids.lock.yaml from the main branch"))
    return lock, problems


def read_retired(root: Path) -> tuple[Located | None, list[Retired], list[Problem]]:
    path = root / RETIRED
    if not path.exists():
        return None, [], [Problem(RETIRED, 1, 1, "the file of retired ids is missing", "restore data/retired.yaml from the main branch")]
    try:
        doc = load(path, RETIRED)
    except ContentError as error:
        return None, [], error.problems
    schema_dir = root / "data" / "schema"
    problems = validate(doc, schema_dir, "retired", schema_stamp(schema_dir))
    if problems:
        return doc, [], problems
    retired = [Retired(e["collection"], e["id"], e["date"], e["reason"], e.get("replaced_by"), ("retired", index))
               for index, e in enumerate(doc.value["retired"] or [])]
    return doc, retired, []


def id_problems(parsed: dict[str, Located], root: Path) -> tuple[list[Problem], dict[str, tuple[str, ...]]]:
    """Problems with ids past and present, and for each checklist item that replaces
    retired ones, the retired items' keys (`checklist/item`), oldest first."""
    lock, problems = read_lock(root)
    retired_doc, retired, retired_problems = read_retired(root)
    problems += retired_problems
    current = current_ids(parsed)
    retired_by_key: dict[tuple[str, str], Retired] = {}
    for entry in retired:
        where = retired_doc.where(entry.at + ("id",))[0]
        if (entry.collection, entry.id) in retired_by_key:
            problems.append(retired_doc.problem(entry.at + ("id",), f"the {BY_NAME[entry.collection].noun} id '{entry.id}' is retired twice",
                                                "keep one of the two entries"))
            continue
        retired_by_key[(entry.collection, entry.id)] = entry
        if lock and entry.id not in lock.get(entry.collection, ()):
            problems.append(retired_doc.problem(entry.at + ("id",), f"'{entry.id}' was never published as a {BY_NAME[entry.collection].noun} (it is not in {LOCK})",
                                                "check the spelling and the collection of the id"))
        collection = BY_NAME[entry.collection]
        if entry.collection in current and entry.id in current[entry.collection]:
            at = current[entry.collection][entry.id]
            data = parsed[collection.stem]
            problems.append(data.problem(at + ("id",), f"the {collection.noun} id '{entry.id}' was retired on {entry.date} ({RETIRED} line {where}), and ids are never used again",
                                         "give this entry a new id"))
        problems += _replacement_problems(entry, retired_doc, current, {e.id for e in retired if e.collection == REPLACEABLE})
    for collection in ID_COLLECTIONS:
        if collection.stem not in parsed or collection.name not in current:
            continue
        data = parsed[collection.stem]
        for missing in sorted(lock.get(collection.name, set()) - current[collection.name].keys()):
            if (collection.name, missing) in retired_by_key:
                continue
            fix = f"restore the entry, or retire the id in {RETIRED} with the date and the reason"
            if collection.name == REPLACEABLE:
                fix += " and the item that replaces it (replaced_by)"
            problems.append(data.problem((collection.path[0],), f"the {collection.noun} id '{missing}' was published and is no longer in {data.path}",
                                         fix, on_key=True))
    return problems, _moved_ticks(retired, set(current.get(REPLACEABLE, ())))


def _replacement_problems(entry: Retired, retired_doc: Located, current: dict, retired_items: set[str]) -> list[Problem]:
    """replaced_by names a current item, or a retired one that names its own replacement."""
    if entry.replaced_by is None:
        return []
    at = entry.at + ("replaced_by",)
    if entry.collection != REPLACEABLE:
        return [retired_doc.problem(at, f"only a checklist item can name the item that replaces it, not a {BY_NAME[entry.collection].noun}",
                                    "remove 'replaced_by:'")]
    items = current.get(REPLACEABLE)
    if items is not None and entry.replaced_by not in items and entry.replaced_by not in retired_items:
        return [retired_doc.problem(at, f"replaced_by '{entry.replaced_by}' is not a checklist item in data/checklists.yaml",
                                    "write the item that replaces it as checklist-id/item-id, e.g. "
                                    + (next(iter(sorted(items)), "explore-leader/meet-partner")))]
    return []


def _moved_ticks(retired: list[Retired], items: set[str]) -> dict[str, tuple[str, ...]]:
    """For each current item, the retired items whose ticks move to it, following chains
    (a replaced by b, b replaced by c: ticks of a and b move to c)."""
    replaced = {e.id: e.replaced_by for e in retired if e.collection == REPLACEABLE and e.replaced_by}
    moved: dict[str, list[str]] = {}
    for old in replaced:
        target, seen = replaced[old], {old}
        while target in replaced and target not in seen:
            seen.add(target)
            target = replaced[target]
        if target in items:
            moved.setdefault(target, []).append(old)
    return {target: tuple(sorted(olds)) for target, olds in moved.items()}


def new_ids(parsed: dict[str, Located], root: Path) -> dict[str, list[str]]:
    """Ids in the data that the lock does not list yet, per collection."""
    lock, _ = read_lock(root)
    return {name: sorted(set(ids) - lock.get(name, set())) for name, ids in current_ids(parsed).items()
            if set(ids) - lock.get(name, set())}


def record(root: Path = ROOT) -> dict[str, list[str]]:
    """Add the data's new ids to the lock (never removing one); returns what was added."""
    from ..load import COLLECTIONS
    parsed = {stem: load(root / "data" / f"{stem}.yaml", f"data/{stem}.yaml") for stem in COLLECTIONS}
    lock, _ = read_lock(root)
    added = new_ids(parsed, root)
    for name, ids in added.items():
        lock.setdefault(name, set()).update(ids)
    if added or not (root / LOCK).exists():
        header = ("# Every id the playbook has published, per collection: `make check` adds new ones.\n"
                  "# Never remove a line: retire an id in data/retired.yaml instead (see CONTRIBUTING.md).\n")
        body = yaml.safe_dump({c.name: sorted(lock.get(c.name, ())) for c in ID_COLLECTIONS}, allow_unicode=True,
                              sort_keys=False, width=200, default_flow_style=False)
        (root / LOCK).write_text(header + body, encoding="utf-8")
    return added
