"""The fixed choices of the data (audiences, kinds, actors, operators...), read from the
schemas in data/schema/, which define each of them once.

Each becomes a string enum: the model's fields are typed with them, and the components
offer them as the allowed values of their arguments.
"""
from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path

SCHEMAS = Path(__file__).resolve().parents[2] / "data" / "schema"


def _enum_at(schema_file: str, pointer: str) -> list[str]:
    node = json.loads((SCHEMAS / schema_file).read_text(encoding="utf-8"))
    for part in pointer.strip("/").split("/"):
        node = node[part]
    return list(node["enum"])


def _choices(name: str, schema_file: str, pointer: str) -> type[StrEnum]:
    return StrEnum(name, {value.replace("-", "_").upper(): value for value in _enum_at(schema_file, pointer)})


Audience = _choices("Audience", "checklists.schema.json", "properties/checklists/items/properties/audience")
FormKind = _choices("FormKind", "forms.schema.json", "properties/forms/items/properties/kind")
StepKind = _choices("StepKind", "flowchart.schema.json",
                    "properties/flowcharts/items/properties/steps/items/properties/kind")
Actor = _choices("Actor", "common.schema.json", "definitions/actors/items")
Answer = _choices("Answer", "board_review.schema.json", "properties/conditions/items/properties/input")
Operator = _choices("Operator", "board_review.schema.json", "properties/conditions/items/properties/operator")
PracticeCategory = _choices("PracticeCategory", "practices.schema.json", "properties/practices/items/properties/category")
ToolFormat = _choices("ToolFormat", "tools.schema.json", "properties/tools/items/properties/format")
