"""Advertising from the lexicon in rules/publishing.yaml, found in any disguise.

Each entry becomes one linear-time pattern over the spam form of the text (see
normalise.py), with any run of spacing or Markdown emphasis allowed between its letters:
"买 足\u3000球", "*买*足球" and "c a s i n o" are the entries they spell. Latin entries
match whole words, with an optional plural ending.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import re2

from .normalise import spam_form

# What may sit between the letters of a disguised phrase: spacing, emphasis marks, dots
# and dashes. Not the boundary between two blocks of text.
SEPARATORS = " \t\n\r*_~`\\-.·•・|"
_SEPARATOR_CLASS = "[" + re.escape(SEPARATORS).replace("\\ ", " ") + "]"
_SEPARATOR_RUN = re.compile(_SEPARATOR_CLASS + "+")


@dataclass(frozen=True)
class SpamEntry:
    phrase: str    # as written in the rules file
    category: str
    language: str  # zh_hans, zh_hant, en or pinyin

    @property
    def key(self) -> str:
        """The entry's letters in spam form, without spacing: what it is recognised by."""
        return _SEPARATOR_RUN.sub("", spam_form(self.phrase))


@dataclass(frozen=True)
class SpamMatch:
    start: int  # in the text searched
    end: int
    entry: SpamEntry


def _is_latin(char: str) -> bool:
    return char.isascii() and char.isalnum()


def _entry_pattern(key: str) -> str:
    pattern = (_SEPARATOR_CLASS + "*").join(re2.escape(char) for char in key)
    if _is_latin(key[0]):
        pattern = r"\b" + pattern
    if _is_latin(key[-1]):
        pattern += r"(?:e?s)?\b"
    return pattern


class SpamLexicon:
    def __init__(self, entries: tuple[SpamEntry, ...]):
        self.entries: dict[str, SpamEntry] = {}
        for entry in entries:  # a Traditional entry folds onto its Simplified one
            self.entries.setdefault(entry.key, entry)
        # Longest first: at any position the longest entry wins ("online casino", not "casino").
        keys = sorted(self.entries, key=len, reverse=True)
        options = re2.Options()
        options.max_mem = 64 << 20
        self._pattern = re2.compile("|".join(_entry_pattern(key) for key in keys), options)

    def find(self, text: str) -> list[SpamMatch]:
        """Every entry in `text`, which must already be in spam form."""
        found = []
        for match in self._pattern.finditer(text):
            key = _SEPARATOR_RUN.sub("", match.group(0))
            entry = self.entries.get(key) or self.entries.get(key[:-1]) or self.entries.get(key[:-2])
            found.append(SpamMatch(match.start(), match.end(), entry))
        return found

    def message(self, match: SpamMatch, written: str) -> str:
        category = CATEGORY_WORDS.get(match.entry.category, match.entry.category.replace("_", " "))
        message = f"contains the forbidden phrase '{match.entry.phrase}' ({category})"
        if written.strip() != match.entry.phrase:
            message += f", written as '{written.strip()}'"
        return message


CATEGORY_WORDS = {
    "gambling": "gambling advertising",
    "betting": "betting advertising",
    "lottery": "lottery advertising",
    "casino": "casino advertising",
    "adult": "adult advertising",
    "loans": "loan advertising",
    "crypto_scam": "investment-scam advertising",
    "injected": "text injected into the source documents",
}
