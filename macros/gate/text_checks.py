"""The checks every published text gets, in the data, the pages and the built site alike:
advertising from the lexicon and placeholders, each found after normalising the text."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .normalise import BOUNDARY, mapped_plain_form, mapped_spam_form, plain_form, shown, spam_form
from .placeholders import find_placeholders, placeholder_message
from .rules import PublishingRules


@dataclass(frozen=True)
class TextFinding:
    start: int  # offsets in the text as written
    end: int
    category: str  # 'spam' or 'placeholder'
    message: str


def _origin(origins: list[int], index: int, length: int) -> int:
    if not origins:
        return 0
    return origins[min(index, len(origins) - 1)] if index < len(origins) else length


class TextChecks:
    def __init__(self, rules: PublishingRules):
        self.rules = rules
        self.lexicon = rules.lexicon

    def findings(self, text: str) -> list[TextFinding]:
        return self.spam(text) + self.placeholders(text)

    def spam(self, text: str) -> list[TextFinding]:
        if not self.lexicon.find(spam_form(text)):
            return []
        mapped, origins = mapped_spam_form(text)
        found = []
        for match in self.lexicon.find(mapped):
            start = _origin(origins, match.start, len(text))
            end = _origin(origins, match.end - 1, len(text)) + 1
            found.append(TextFinding(start, end, "spam", self.lexicon.message(match, shown(text[start:end]))))
        return found

    def placeholders(self, text: str) -> list[TextFinding]:
        if not find_placeholders(plain_form(text), self.rules.placeholders):
            return []
        mapped, origins = mapped_plain_form(text)
        found = []
        for match in find_placeholders(mapped, self.rules.placeholders):
            start = _origin(origins, match.start, len(text))
            end = _origin(origins, match.end - 1, len(text)) + 1
            found.append(TextFinding(start, end, "placeholder", placeholder_message(match, shown(text[start:end]))))
        return found

    def flagged(self, texts: list[str]) -> set[int]:
        """Indices of the `texts` that may have a finding (every text that has one is
        among them), all searched at once: one pass a rule instead of one a text."""
        joined = BOUNDARY.join(texts)
        spam = spam_form(joined)
        plain = plain_form(joined)
        joinable = tuple(rule for rule in self.rules.placeholders if _joinable(rule.pattern))
        alone = tuple(rule for rule in self.rules.placeholders if rule not in joinable)
        spans = [(spam, m.start, m.end) for m in self.lexicon.find(spam)]
        spans += [(plain, m.start, m.end) for m in find_placeholders(plain, joinable)]
        found = texts_at(spans)
        if alone:
            found.update(index for index, text in enumerate(texts) if find_placeholders(plain_form(text), alone))
        return found


def _joinable(pattern: str) -> bool:
    """Whether `pattern` finds the same things in texts joined by BOUNDARY as in each
    text alone: true unless it anchors to where a text starts or ends (^, $, \\A, \\z)
    outside an alternative that a BOUNDARY also satisfies, like (?:^|[^A-Za-z0-9])."""
    outside = re.sub(r"\(\?:\^\|\[\^[^\]]*\]\)|\(\?:\[\^[^\]]*\]\|\$\)", "", pattern)
    outside = re.sub(r"\[(?:\\.|[^\]\\])*\]", "", outside)
    outside = re.sub(r"\\[^Az]", "", outside)  # escaped characters, \\b: not anchors
    return not re.search(r"[\^$]|\\[Az]", outside)


def texts_at(spans) -> set[int]:
    """Indices of the texts joined by BOUNDARY that the (joined text, start, end) spans touch."""
    found = set()
    for joined, start, end in spans:
        first = joined.count(BOUNDARY, 0, start)
        found.update(range(first, first + joined.count(BOUNDARY, start, end) + 1))
    return found
