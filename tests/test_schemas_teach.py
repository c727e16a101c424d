"""A staff member editing YAML in an editor with yaml-language-server is taught by the schemas:
every field is described with an example, a wrongly written value gets a sentence, and id
fields suggest the ids that exist."""
from __future__ import annotations

import json
import subprocess
import sys

from conftest import ROOT

from macros.check.id_suggestions import COLLECTIONS, IDS_SCHEMA, render
from macros.check.project import find_problems
from macros.check.references import REFERENCE_KEYS
from macros.load.yaml_source import load

SCHEMAS = ROOT / "data/schema"
TEXT_LANGUAGES = ("en", "zh")


def every_property(schema, where):
    """(where, name, property) for every property at any depth, definitions included."""
    if not isinstance(schema, dict):
        return
    for name, sub in schema.get("properties", {}).items():
        yield where, name, sub
        yield from every_property(sub, f"{where}.{name}")
    for key in ("items", "additionalProperties"):
        if isinstance(schema.get(key), dict):
            yield from every_property(schema[key], f"{where}[]")
    for name, definition in schema.get("definitions", {}).items():
        yield from every_property(definition, f"{where}#{name}")


def is_list_of_entries(prop) -> bool:
    items = prop.get("items")
    return isinstance(items, dict) and (items.get("type") == "object" or "properties" in items)


def schemas():
    return {path.name: json.loads(path.read_text(encoding="utf-8")) for path in sorted(SCHEMAS.glob("*.schema.json"))}


def test_every_property_has_its_own_description_and_an_example():
    undescribed, no_example = [], []
    for name, schema in schemas().items():
        for where, prop_name, prop in every_property(schema, name):
            if prop_name in TEXT_LANGUAGES and where.endswith("#text"):
                continue
            if not prop.get("description", "").strip():
                undescribed.append(f"{where}.{prop_name}")
            # A list of entries is shown by the examples of its entries' fields.
            if not prop.get("examples") and not is_list_of_entries(prop):
                no_example.append(f"{where}.{prop_name}")
    assert undescribed == [] and no_example == []


def test_every_pattern_has_a_sentence_for_editors():
    def patterns(schema, where):
        if isinstance(schema, dict):
            if "pattern" in schema:
                yield where, schema
            for key, value in schema.items():
                yield from patterns(value, f"{where}.{key}")
        elif isinstance(schema, list):
            for index, value in enumerate(schema):
                yield from patterns(value, f"{where}[{index}]")

    without = [where for name, schema in schemas().items() for where, rule in patterns(schema, name)
               if not rule.get("patternErrorMessage", "").strip()]
    assert without == []


def test_a_badly_written_id_gets_the_schemas_sentence(project):
    tools = project / "data/tools.yaml"
    tool_id = load(tools).value["tools"][0]["id"]
    text = tools.read_text(encoding="utf-8")
    tools.write_text(text.replace(f"- id: {tool_id}\n", "- id: Annual Review\n", 1), encoding="utf-8")
    sentence = json.loads((SCHEMAS / "common.schema.json").read_text(encoding="utf-8"))["definitions"]["id"]["patternErrorMessage"]
    assert any(f"has the value 'Annual Review', which is not in the right form ({sentence})" in str(p) for p in find_problems(project))


def test_the_id_suggestions_are_the_ids_in_the_data():
    assert (ROOT / IDS_SCHEMA).read_text(encoding="utf-8") == render(ROOT), "run make check and commit data/schema/ids.schema.json"
    definitions = json.loads((ROOT / IDS_SCHEMA).read_text(encoding="utf-8"))["definitions"]
    for name, (stem, key, _) in COLLECTIONS.items():
        ids = [entry["id"] for entry in load(ROOT / f"data/{stem}.yaml").value[key]]
        assert definitions[f"{name}_one"]["examples"] == ids
        assert definitions[name]["items"]["examples"] == ids


def test_every_field_that_names_other_entries_suggests_their_ids():
    not_suggesting = []
    for name, schema in schemas().items():
        for where, prop_name, prop in every_property(schema, name):
            if prop_name not in REFERENCE_KEYS or where == name:
                continue  # a collection's own list, not a reference to it
            ref = prop.get("$ref", "") or prop.get("items", {}).get("$ref", "")
            if not ref.startswith("ids.schema.json#/definitions/"):
                not_suggesting.append(f"{where}.{prop_name}")
    assert not_suggesting == []


def test_make_check_adds_a_new_id_to_the_suggestions(project):
    forms = project / "data/forms.yaml"
    text = forms.read_text(encoding="utf-8")
    first = load(forms).value["forms"][0]["id"]
    start = text.index(f"  - id: {first}\n")
    end = text.index("\n  - id: ", start + 1) + 1
    forms.write_text(text[:end] + text[start:end].replace(f"id: {first}", "id: a-new-form") + text[end:], encoding="utf-8")
    subprocess.run([sys.executable, "-c", "import sys; from pathlib import Path; from macros.check.id_suggestions import "
                    "write_if_changed; write_if_changed(Path(sys.argv[1]))", str(project)], check=True)
    suggestions = json.loads((project / IDS_SCHEMA).read_text(encoding="utf-8"))["definitions"]["forms_one"]["examples"]
    assert "a-new-form" in suggestions
    assert "$(PYTHON) -m macros.cli.ids" in (ROOT / "Makefile").read_text(encoding="utf-8").split("\ncheck:")[1].split("\n\n")[0]
