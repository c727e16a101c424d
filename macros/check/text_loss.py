"""Loss is never silent: text that says nothing, Chinese that is only the English again,
and a data file cut off part-way are errors, each at its file, line and column.

Deleted entries are caught by the record of published ids (retired_ids), and a Chinese
text changed without review by the translation lock (translations).
"""
from __future__ import annotations

from ..load.model import LANGUAGES
from ..load.yaml_source import Located
from ..problems import Problem

LANGUAGE_NAMES = {"en": "English", "zh": "Chinese"}


def _words(at: tuple) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else (f".{p}" if i else str(p)) for i, p in enumerate(at))


def _strings(value, at=()):
    """Every text value with its path, without recursion (nesting is bounded anyway)."""
    stack = [(at, value)]
    while stack:
        at, value = stack.pop()
        if isinstance(value, str):
            yield at, value
        elif isinstance(value, dict):
            stack.extend((at + (key,), child) for key, child in value.items())
        elif isinstance(value, list):
            stack.extend((at + (index,), child) for index, child in enumerate(value))


def lost_text(doc: Located) -> list[Problem]:
    """Blank texts, a Chinese text equal to its English, and a file that does not end
    with a line break (cut off mid-sentence)."""
    problems = []
    for at, text in _strings(doc.value):
        if text and not text.strip():
            problems.append(doc.problem(at, f"{_words(at)} holds only spaces", "write the text, or remove the entry"))
        elif at and at[-1] == "zh":
            english = _english_of(doc.value, at)
            if isinstance(english, str) and english.strip() and english.strip() == text.strip():
                problems.append(doc.problem(at, f"{_words(at)} is the English text again, not a translation",
                                            "write the Chinese text here"))
    if doc.text and not doc.text.endswith("\n"):
        line = doc.text.count("\n") + 1
        problems.append(Problem(doc.path, line, 1, "the file does not end with a line break, so it may have been cut off",
                                "check that the last entry is complete, then end the file with a line break"))
    return problems


def _english_of(value, at: tuple):
    node = value
    for step in at[:-1]:
        node = node[step]
    return node.get("en") if set(node) <= set(LANGUAGES) else None
