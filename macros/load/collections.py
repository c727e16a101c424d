"""Reads every collection file once, has the check layer look at it whole, and returns the
typed Playbook.

All problems in all files are collected before anything is reported, so an editor
fixes a pull request in one pass instead of one error per build.
"""
from __future__ import annotations

import gc
from pathlib import Path

from ..check.references import cross_checks
from ..check.schemas import schema_stamp, validate
from ..problems import ContentError, Problem
from . import model
from .yaml_source import Located, load

# Each collection's file stem; the schema is data/schema/<stem>.schema.json.
COLLECTIONS = ("site", "ui", "stages", "tools", "forms", "flowchart", "timeline", "checklists",
               "board_review", "initiatives", "recognitions", "partnership_types", "practices", "contacts",
               "search_synonyms")

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
        problems.extend(cross_checks(docs, parsed))
    if problems:
        raise ContentError(problems)
    return model.playbook_from({stem: doc.value for stem, doc in docs.items()})


def _schema_comment(path: Path, label: str, stem: str) -> list[Problem]:
    expected = f"# yaml-language-server: $schema=schema/{stem}.schema.json"
    first = path.read_text(encoding="utf-8").split("\n", 1)[0].strip()
    if first != expected:
        return [Problem(label, 1, 1, "the first line does not point editors at the file's schema",
                        f"make the first line: {expected}")]
    return []
