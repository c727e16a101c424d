"""Loads every data file once, checks it whole, and returns the typed Playbook.

All problems in all files are collected before anything is reported, so an editor
fixes a pull request in one pass instead of one error per build.
"""
from __future__ import annotations

import gc
from collections import Counter
from pathlib import Path

from . import model, provenance
from .content_rules import Rules, line_and_column
from .problems import ContentError, Problem
from .schema_check import schema_stamp, validate
from .yaml_source import Located, load

# Each collection's file stem; the schema is data/schema/<stem>.schema.json.
COLLECTIONS = ("site", "ui", "stages", "tools", "forms", "flowchart", "timeline", "checklists",
               "board_review", "initiatives", "recognitions", "partnership_types", "practices", "contacts",
               "sources", "glossary")

# Keys that name entries of another collection, and which collection.
REFERENCE_KEYS = {"tools": "tools", "forms": "forms", "stages": "stages", "stage": "stages", "focus_areas": "focus_areas"}

LANGUAGE_KEYS = frozenset(model.LANGUAGES)

_cache: dict = {}


def data_files(data_dir: Path) -> list[Path]:
    return [data_dir / f"{stem}.yaml" for stem in COLLECTIONS]


def load_playbook(data_dir: Path, root: Path | None = None) -> model.Playbook:
    """The checked playbook; raises ContentError listing every problem. Cached until a data or schema file changes."""
    data_dir = Path(data_dir)
    root = Path(root) if root else data_dir.parent
    watched = data_files(data_dir) + sorted((data_dir / "schema").glob("*.schema.json"))
    stamp = tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) if p.exists() else (p.name, None, None)
                  for p in watched)
    key = (str(data_dir.resolve()), stamp)
    if key not in _cache:
        _cache.clear()
        _cache[key] = _load(data_dir, root)
    return _cache[key]


def _label(path: Path, root: Path) -> str:
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)


def _load(data_dir: Path, root: Path) -> model.Playbook:
    # Loading makes a large tree of new objects and no cycles; collecting garbage in the
    # middle of it only costs time (about a quarter of the load at 50 times the content).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _load_all(data_dir, root)
    finally:
        if collecting:
            gc.enable()


def _load_all(data_dir: Path, root: Path) -> model.Playbook:
    problems: list[Problem] = []
    docs: dict[str, Located] = {}  # files that passed their schema
    parsed: dict[str, Located] = {}  # every file that could be read, valid or not
    schema_dir = data_dir / "schema"
    stamp = schema_stamp(schema_dir)
    for stem in COLLECTIONS:
        path = data_dir / f"{stem}.yaml"
        label = _label(path, root)
        if not path.exists():
            problems.append(Problem(label, 1, 1, "the data file is missing", f"restore {path.name} from the main branch"))
            continue
        try:
            doc = load(path, label)
        except ContentError as error:
            problems.extend(error.problems)
            continue
        parsed[stem] = doc
        problems.extend(_schema_comment(path, label, stem))
        found = validate(doc, schema_dir, stem, stamp)
        problems.extend(found)
        if not found:
            docs[stem] = doc
    if "site" in docs:
        problems.extend(_cross_checks(docs, parsed))
    if problems:
        raise ContentError(problems)
    return _build(docs)


def _schema_comment(path: Path, label: str, stem: str) -> list[Problem]:
    expected = f"# yaml-language-server: $schema=schema/{stem}.schema.json"
    first = path.read_text(encoding="utf-8").split("\n", 1)[0].strip()
    if first != expected:
        return [Problem(label, 1, 1, "the first line does not point editors at the file's schema",
                        f"make the first line: {expected}")]
    return []


def rules_from(site: dict) -> Rules:
    return Rules(tuple(site["allowed_domains"]), tuple(site["forbidden_phrases"]), tuple(site["placeholder_patterns"]))


def _containers(value):
    """Every (path, dict or list) below and including `value`, with the texts directly in
    each: the walk the cross-checks make, without a path for every single text."""
    stack = [((), value)]
    while stack:
        at, value = stack.pop()
        yield at, value
        children = value.items() if type(value) is dict else enumerate(value)
        for key, child in children:
            if type(child) is dict or type(child) is list:
                stack.append((at + (key,), child))


def _ids(parsed: dict[str, Located], stem: str, key: str) -> set[str] | None:
    value = parsed[stem].value if stem in parsed else None
    entries = value.get(key) if isinstance(value, dict) else None
    if not isinstance(entries, list):
        return None
    return {e["id"] for e in entries if isinstance(e, dict) and isinstance(e.get("id"), str)}


def _cross_checks(docs: dict[str, Located], parsed: dict[str, Located]) -> list[Problem]:
    problems: list[Problem] = []
    rules = rules_from(docs["site"].value)
    # Ids come from every readable file, so that a mistake in one file does not hide
    # broken references in another.
    known = {
        "stages": _ids(parsed, "stages", "stages"),
        "tools": _ids(parsed, "tools", "tools"),
        "forms": _ids(parsed, "forms", "forms"),
        "focus_areas": _ids(parsed, "recognitions", "focus_areas"),
    }
    # language: [(doc, path of the container, key, text)]
    texts: dict[str | None, list] = {None: [], "en": [], "zh": []}
    for stem, doc in docs.items():
        for at, value in _containers(doc.value):
            if type(value) is list:
                if value and all(isinstance(v, dict) and "id" in v for v in value):
                    problems.extend(_duplicate_ids(doc, at, value))
                pairs = enumerate(value)
            else:
                if len(at) >= 2 and not REFERENCE_KEYS.keys().isdisjoint(value):
                    problems.extend(_references(doc, at, value, known))
                pairs = value.items()
            if stem == "site":
                continue
            for key, text in pairs:
                if type(text) is not str:
                    continue
                texts[key if key in LANGUAGE_KEYS else None].append((doc, at, key, text))
                if key == "url" or key == "email":
                    target = text if key == "url" else f"mailto:{text}"
                    reason = rules.check_url(target)
                    if reason:
                        where = at + (key,)
                        problems.append(doc.problem(where, f"{_path_words(where)} '{text}' {reason}",
                                                    f"use https:// on one of: {', '.join(rules.allowed_domains)}"))
    for lang, found in texts.items():
        for index in sorted(rules.suspects([text for *_, text in found], lang)):
            doc, parent, key, value = found[index]
            at = parent + (key,)
            for finding in rules.findings(value, lang):
                line, column = doc.where(at)
                problems.append(Problem(doc.path, line, column, f"{_path_words(at)} {finding.message}", finding.fix))
    problems.extend(provenance.check_sources(docs))
    if "flowchart" in docs:
        problems.extend(_flowchart_checks(docs["flowchart"]))
    if "checklists" in docs:
        for index, checklist in enumerate(docs["checklists"].value["checklists"]):
            if checklist["audience"] == "school-leader" and "stage" not in checklist:
                problems.append(docs["checklists"].problem(("checklists", index), f"checklist '{checklist['id']}' is for school leaders but names no stage",
                                                           "add 'stage:' with a stage id from data/stages.yaml"))
            item_ids = Counter(item["id"] for group in checklist["groups"] for item in group["items"])
            for group_index, group in enumerate(checklist["groups"]):
                for item_index, item in enumerate(group["items"]):
                    if item_ids[item["id"]] > 1:
                        problems.append(docs["checklists"].problem(("checklists", index, "groups", group_index, "items", item_index, "id"),
                                                                   f"the item id '{item['id']}' is used more than once in checklist '{checklist['id']}'",
                                                                   "give each item its own id"))
    if "board_review" in docs:
        for index, condition in enumerate(docs["board_review"].value["conditions"]):
            has_threshold = "threshold" in condition
            if (condition["operator"] == "is_true") == has_threshold:
                fix = "remove 'threshold:'" if has_threshold else "add 'threshold:' with the number to compare with"
                problems.append(docs["board_review"].problem(("conditions", index), f"condition '{condition['id']}' uses '{condition['operator']}'", fix))
    return problems


def _path_words(at: tuple) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else (f".{p}" if i else str(p)) for i, p in enumerate(at))


def _duplicate_ids(doc: Located, at: tuple, entries: list) -> list[Problem]:
    seen: dict[str, int] = {}
    problems = []
    for index, entry in enumerate(entries):
        entry_id = entry["id"]
        if entry_id in seen:
            first_line = doc.where(at + (seen[entry_id], "id"))[0]
            problems.append(doc.problem(at + (index, "id"), f"the id '{entry_id}' is used twice in {_path_words(at)} (first on line {first_line})",
                                        "give this entry its own id"))
        else:
            seen[entry_id] = index
    return problems


def _references(doc: Located, at: tuple, entry: dict, known: dict) -> list[Problem]:
    problems = []
    for key, collection in REFERENCE_KEYS.items():
        if key not in entry or known.get(collection) is None:
            continue
        targets = entry[key] if isinstance(entry[key], list) else [entry[key]]
        for index, target in enumerate(targets):
            if target not in known[collection]:
                where = at + (key, index) if isinstance(entry[key], list) else at + (key,)
                choices = ", ".join(sorted(known[collection]))
                problems.append(doc.problem(where, f"'{target}' is not a known id in {collection}", f"use one of: {choices}"))
    return problems


def _flowchart_checks(doc: Located) -> list[Problem]:
    problems = []
    for chart_index, chart in enumerate(doc.value["flowcharts"]):
        steps = chart["steps"]
        ids = {s["id"] for s in steps}
        at_chart = ("flowcharts", chart_index, "steps")
        for index, step in enumerate(steps):
            at = at_chart + (index,)
            is_decision = step["kind"] == "decision"
            if is_decision and not step.get("branches"):
                problems.append(doc.problem(at, f"decision '{step['id']}' has no branches", "add 'branches:' with a label and goto for each answer"))
            if not is_decision and step.get("branches"):
                problems.append(doc.problem(at + ("branches",), f"step '{step['id']}' has branches but is not a decision", "set 'kind: decision' or remove the branches"))
            if step.get("next") and (is_decision or step["kind"] == "end"):
                problems.append(doc.problem(at + ("next",), f"'{step['id']}' is a {step['kind']}, which cannot have 'next'", "remove 'next:'"))
            if step.get("next") and step["next"] not in ids:
                problems.append(doc.problem(at + ("next",), f"'next: {step['next']}' names no step in this flow chart", f"use one of: {', '.join(sorted(ids))}"))
            for branch_index, branch in enumerate(step.get("branches", [])):
                if branch["goto"] not in ids:
                    problems.append(doc.problem(at + ("branches", branch_index, "goto"), f"'goto: {branch['goto']}' names no step in this flow chart",
                                                f"use one of: {', '.join(sorted(ids))}"))
        if not problems:
            reachable = _reachable(steps)
            for index, step in enumerate(steps):
                if step["id"] not in reachable:
                    problems.append(doc.problem(at_chart + (index,), f"step '{step['id']}' cannot be reached from the first step",
                                                "point a 'next' or a branch 'goto' at it, or remove it"))
    return problems


def successors(steps: list, index: int) -> list[str]:
    """Ids of the steps that can follow step `index` (works on dicts and FlowSteps)."""
    step = steps[index]
    get = step.get if isinstance(step, dict) else lambda k, d=None: getattr(step, k, d)
    if get("kind") == "decision":
        return [b["goto"] if isinstance(b, dict) else b.goto for b in get("branches", ())]
    if get("kind") == "end":
        return []
    if get("next"):
        return [get("next")]
    following = steps[index + 1] if index + 1 < len(steps) else None
    if following is None:
        return []
    return [following["id"] if isinstance(following, dict) else following.id]


def _reachable(steps: list) -> set[str]:
    position = {(s["id"]): i for i, s in enumerate(steps)}
    seen, todo = set(), [steps[0]["id"]]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        todo.extend(successors(steps, position[current]))
    return seen


def _build(docs: dict[str, Located]) -> model.Playbook:
    v = {stem: doc.value for stem, doc in docs.items()}
    build = model.build
    return model.Playbook(
        site=build(model.SiteSettings, v["site"]),
        ui={key: build(model.Text, text) for key, text in v["ui"]["strings"].items()},
        stages=tuple(sorted((build(model.Stage, s) for s in v["stages"]["stages"]), key=lambda s: s.number)),
        tools=tuple(build(model.Tool, t) for t in v["tools"]["tools"]),
        forms=tuple(build(model.Form, f) for f in v["forms"]["forms"]),
        data_access_paths=tuple(build(model.DataAccessPath, p) for p in v["forms"]["data_access_paths"]),
        flowcharts=tuple(build(model.Flowchart, f) for f in v["flowchart"]["flowcharts"]),
        timeline=tuple(build(model.TimelineEvent, e) for e in v["timeline"]["events"]),
        checklists=tuple(build(model.Checklist, c) for c in v["checklists"]["checklists"]),
        board_review=build(model.BoardReview, v["board_review"]),
        initiatives=tuple(build(model.Initiative, i) for i in v["initiatives"]["initiatives"]),
        focus_areas=tuple(build(model.FocusArea, f) for f in v["recognitions"]["focus_areas"]),
        recognitions=tuple(build(model.Recognition, r) for r in v["recognitions"]["recognitions"]),
        partnership_types=tuple(build(model.PartnershipType, t) for t in v["partnership_types"]["types"]),
        practices=tuple(build(model.Practice, p) for p in v["practices"]["practices"]),
        contacts=tuple(build(model.Contact, c) for c in v["contacts"]["contacts"]),
        sources=tuple(build(model.SourceDocument, d) for d in v["sources"]["documents"]),
        named_not_linkable=tuple(build(model.NamedDocument, d) for d in v["sources"]["named_not_linkable"]),
        glossary=tuple(build(model.GlossaryTerm, t) for t in v["glossary"]["terms"]),
    )
