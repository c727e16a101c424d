"""Problems found in the playbook's content, written for the person who edits it."""
from __future__ import annotations

import re
from dataclasses import dataclass

# An id as the schemas allow it; a malformed one (spaces, hidden characters) names nothing.
WELL_FORMED_ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
ID_NAMING_LIMIT = 80  # an id longer than an id may be names its entry by number instead


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    column: int
    message: str
    fix: str = ""

    def __str__(self) -> str:
        text = f"{self.file}:{self.line}:{self.column}: {self.message}"
        return f"{text} ({self.fix})" if self.fix else text


class ContentError(Exception):
    """Raised with every problem found, so an editor sees them all at once."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(p) for p in self.problems))

    def report(self) -> str:
        return "\n".join([*map(str, self.problems), f"{count(len(self.problems), 'problem')} found."])


def count(number: int, noun: str) -> str:
    """'1 problem', '3 problems'."""
    return f"{number} {noun}{'' if number == 1 else 's'}"


def path_words(at: tuple, document: object = None) -> str:
    """A place in a data file in an editor's words: 'tools[annual-review].title.en'.

    Given the document's value, list entries are named by their id, the word an editor
    searches for; an entry without a well-formed one is named by its number counted from 1.
    """
    words, node = [], document
    for i, step in enumerate(at):
        if isinstance(step, int):
            node = node[step] if isinstance(node, list) and 0 <= step < len(node) else None
            label = node.get("id") if isinstance(node, dict) else None
            words.append(f"[{label}]" if isinstance(label, str) and len(label) <= ID_NAMING_LIMIT and WELL_FORMED_ID.fullmatch(label) else f"[entry {step + 1}]")
        else:
            node = node.get(step) if isinstance(node, dict) else None
            words.append(f".{step}" if i else str(step))
    return "".join(words) or "the file"
