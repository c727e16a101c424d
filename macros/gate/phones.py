"""The phone numbers a tel: link may call: those in data/contacts.yaml."""
from __future__ import annotations

from pathlib import Path

from ..load.yaml_source import load
from .links import phone_digits


def contact_phone_numbers(root: Path) -> frozenset[str]:
    """Every `phone:` value in data/contacts.yaml, as its ten digits."""
    found = set()
    stack = [load(Path(root) / "data" / "contacts.yaml", "data/contacts.yaml").value]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            found.update(phone_digits(v) for k, v in value.items() if k == "phone" and isinstance(v, str))
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    return frozenset(found)
