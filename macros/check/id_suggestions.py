"""data/schema/ids.schema.json: the ids that exist, offered as suggestions in an editor.

A field that names entries of another collection (a timeline event's `tools`, a tool's
`stages`) refers to this file's definition for that collection, whose `examples` are the
real ids of the data, so an editor with yaml-language-server suggests them while typing.
The file is written from the data by `make check` (python -m macros.cli.ids) whenever the
ids change; the cross-checks (references.py) still refuse an id that does not exist.
"""
from __future__ import annotations

import json
from pathlib import Path

from ..load.yaml_source import load
from ..problems import ContentError

IDS_SCHEMA = "data/schema/ids.schema.json"
# definition name: (data file stem, its list of entries, what the entries are called)
COLLECTIONS = {
    "stages": ("stages", "stages", "stages of a partnership"),
    "tools": ("tools", "tools", "tools"),
    "forms": ("forms", "forms", "forms and agreements"),
    "focus_areas": ("recognitions", "focus_areas", "focus areas of the recognitions"),
}


def _ids(root: Path, stem: str, key: str) -> list[str]:
    try:
        value = load(root / "data" / f"{stem}.yaml", f"data/{stem}.yaml").value
    except (ContentError, OSError):
        return []  # the file's problems are reported by the checks
    entries = value.get(key) if isinstance(value, dict) else None
    return [e["id"] for e in entries or [] if isinstance(e, dict) and isinstance(e.get("id"), str)]


def ids_schema(root: Path) -> dict:
    common = json.loads((root / "data/schema/common.schema.json").read_text(encoding="utf-8"))
    id_rule = {k: v for k, v in common["definitions"]["id"].items() if k in ("type", "pattern", "patternErrorMessage")}
    definitions = {}
    for name, (stem, key, entry) in COLLECTIONS.items():
        one = {**id_rule, "description": f"The id of one of the {entry} in data/{stem}.yaml, written exactly as there.",
               "examples": _ids(root, stem, key)}
        definitions[name] = {"description": f"A list of ids of {entry} from data/{stem}.yaml, "
                                            f"e.g. [{', '.join(one['examples'][:2])}].",
                             "type": "array", "items": one, "uniqueItems": True, "examples": [one["examples"][:2]]}
        definitions[f"{name}_one"] = one
    return {"$schema": "http://json-schema.org/draft-07/schema#", "$id": "ids.schema.json",
            "title": "The ids in the data, offered as suggestions (written by make check; do not edit)",
            "definitions": definitions}


def render(root: Path) -> str:
    return json.dumps(ids_schema(root), indent=2, ensure_ascii=False) + "\n"


def write_if_changed(root: Path) -> bool:
    """Write the file when the ids changed; whether it was written."""
    path = root / IDS_SCHEMA
    text = render(root)
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    path.write_text(text, encoding="utf-8")
    return True
