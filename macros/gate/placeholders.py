"""Template placeholders in any form, with the patterns of rules/publishing.yaml."""
from __future__ import annotations

from dataclasses import dataclass

import re2


@dataclass(frozen=True)
class PlaceholderRule:
    name: str
    pattern: str
    examples: tuple[str, ...]

    @property
    def compiled(self):
        return _compile(self.pattern)


@dataclass(frozen=True)
class PlaceholderMatch:
    start: int
    end: int
    text: str
    rule: PlaceholderRule


_compiled: dict[str, object] = {}


def _compile(pattern: str):
    if pattern not in _compiled:
        _compiled[pattern] = re2.compile(pattern)
    return _compiled[pattern]


def find_placeholders(text: str, rules: tuple[PlaceholderRule, ...]) -> list[PlaceholderMatch]:
    """Every placeholder in `text`, which must already be in plain form. A pattern's
    first group, when it has one, is the placeholder; the rest is context."""
    found = []
    for rule in rules:
        pattern = rule.compiled
        group = 1 if pattern.groups else 0
        for match in pattern.finditer(text):
            if match.start(group) >= 0:
                found.append(PlaceholderMatch(match.start(group), match.end(group), match.group(group), rule))
    return found


def placeholder_message(match: PlaceholderMatch, written: str | None = None) -> str:
    """The message for `match`, naming the placeholder as it was `written` when given."""
    return f"contains the placeholder '{written or match.text}' ({match.rule.name})"
