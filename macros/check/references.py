"""Checks across entries and files: duplicate ids, references to other collections, links
and texts against the content rules, and the shape of each flow chart."""
from __future__ import annotations

from collections import Counter

from ..load.model import LANGUAGES, successors
from ..load.yaml_source import Located
from ..problems import Problem, path_words
from . import provenance
from .content_rules import Rules

# Keys that name entries of another collection, and which collection.
REFERENCE_KEYS = {"tools": "tools", "forms": "forms", "stages": "stages", "stage": "stages", "focus_areas": "focus_areas"}

LANGUAGE_KEYS = frozenset(LANGUAGES)


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


def cross_checks(docs: dict[str, Located], parsed: dict[str, Located], rules: Rules) -> list[Problem]:
    problems: list[Problem] = []
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
                        problems.append(doc.problem(where, f"{path_words(where, doc.value)} '{text}' {reason}",
                                                    f"use https:// on one of: {', '.join(rules.allowed_domains)}"))
    for lang, found in texts.items():
        for index in sorted(rules.suspects([text for *_, text in found], lang)):
            doc, parent, key, value = found[index]
            at = parent + (key,)
            for finding in rules.findings(value, lang):
                line, column = doc.where(at)
                problems.append(Problem(doc.path, line, column, f"{path_words(at, doc.value)} {finding.message}", finding.fix))
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


def _duplicate_ids(doc: Located, at: tuple, entries: list) -> list[Problem]:
    seen: dict[str, int] = {}
    problems = []
    for index, entry in enumerate(entries):
        entry_id = entry["id"]
        if entry_id in seen:
            first_line = doc.where(at + (seen[entry_id], "id"))[0]
            problems.append(doc.problem(at + (index, "id"), f"the id '{entry_id}' is used twice in {path_words(at, doc.value)} (first on line {first_line})",
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
                choices = ", ".join(sorted(c if len(c) <= 80 else c[:77] + "..." for c in known[collection]))
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


