"""Rules every published text obeys, whatever file it comes from.

The source captures this playbook was written from carried injected advertising, a
hijacked e-mail domain, template placeholders and machine-translation debris. These
rules keep such text out of data files and pages; the publishing gate (macros/gate)
applies the same rules file, rules/publishing.yaml, to the built site.
"""
from __future__ import annotations

import bisect
import functools
import itertools
import re
from dataclasses import dataclass
from pathlib import Path

from ..gate.links import UNKNOWN_SITE, LinkPolicy
from ..gate.phones import contact_phone_numbers
from ..gate.rules import PublishingRules, load_rules
from ..gate.text_checks import TextChecks
from ..problems import ContentError

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f\uff01-\uff5e]")
# Three or more Latin words in a row, two of them ordinary lowercase words: a stray
# English phrase in Chinese text. Names ("Odessa Brown Children's Clinic") and
# acronyms (SPS, MOU) pass.
LATIN_RUN = re.compile(r"[A-Za-z][A-Za-z'’-]*(?:[ ,]+[A-Za-z][A-Za-z'’-]*){2,}")
LOWER_WORD = re.compile(r"^[a-z][a-z'’-]+$")
INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u00ad"
                       "\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x85\u2028\u2029]")
# A page's own component calls, {{ tools() }}: Jinja that the page renderer checks, not a placeholder.
PAGE_EXPRESSION = re.compile(r"\{\{[^{}\n]*\}\}")

# Where a link, an address or a hidden character could start (the inside of a character class).
LINK_OR_HIDDEN = ":@./" + INVISIBLE.pattern[1:-1]

SPAM_FIX = "delete it: advertising must never be published (in the source captures it replaced the district's name, Seattle Public Schools)"
PLACEHOLDER_FIX = "replace it with the real text, or reword the sentence without it"


@dataclass(frozen=True)
class Finding:
    offset: int
    message: str
    fix: str


@dataclass(frozen=True)
class Rules:  # frozen, yet cached_property works: it writes to __dict__ directly
    publishing: PublishingRules
    phone_numbers: frozenset[str] = frozenset()  # what tel: links may call

    @classmethod
    def for_project(cls, root: Path) -> Rules:
        """The rules of rules/publishing.yaml; raises ContentError when that file is wrong."""
        try:
            phones = contact_phone_numbers(Path(root))
        except ContentError:
            phones = frozenset()  # the contacts file's own problems are reported where it is checked
        return cls(load_rules(Path(root)), phones)

    @property
    def allowed_domains(self) -> tuple[str, ...]:
        return self.publishing.allowed_domains

    @functools.cached_property
    def _checks(self) -> TextChecks:
        return TextChecks(self.publishing)

    @functools.cached_property
    def _links(self) -> LinkPolicy:
        return LinkPolicy(self.publishing.allowed_domains, self.phone_numbers)

    def domain_allowed(self, host: str) -> bool:
        return self._links.host_problem(host) is None

    def check_url(self, url: str) -> str | None:
        """Why `url` may not be published, or None if it may (read as a browser reads it)."""
        if url.strip().startswith("//"):
            return "is a protocol-relative link"
        return self._links.link_problem(url, UNKNOWN_SITE)

    @functools.cached_property
    def _screens(self) -> dict:
        """Per language: the patterns a batch of texts is searched with at once, besides
        the advertising and placeholder rules."""
        hidden = f"[{LINK_OR_HIDDEN}]"
        return {None: (re.compile(hidden),), "en": (re.compile(f"[{LINK_OR_HIDDEN}{HAN.pattern[1:-1]}]"),),
                "zh": (re.compile(hidden), LATIN_RUN)}

    def suspects(self, texts: list[str], lang: str | None) -> set[int]:
        """Indices of the `texts` that may break a rule; every other text breaks none.

        Most texts break no rule. Searching all of a language's texts joined together
        costs one regular-expression pass a rule, instead of one a rule for each text.
        """
        if lang not in self._screens:
            return set(range(len(texts)))
        found = self._checks.flagged(texts)
        joined = "\n".join(texts)
        ends = list(itertools.accumulate(len(text) + 1 for text in texts))  # one past each text's separator
        for pattern in self._screens[lang]:
            for match in pattern.finditer(joined):
                first = bisect.bisect_right(ends, match.start())
                last = bisect.bisect_right(ends, max(match.start(), match.end() - 1))
                found.update(range(first, last + 1))
        return found

    def findings(self, text: str, lang: str | None, page: bool = False) -> list[Finding]:
        """Every rule `text` breaks. `lang` is 'en', 'zh', or None for text in no language;
        `page` for a Markdown page, whose {{ … }} component calls are not placeholders."""
        if page:
            text = PAGE_EXPRESSION.sub(lambda m: " " * len(m.group(0)), text)
        found: list[Finding] = []
        for finding in self._checks.findings(text):
            found.append(Finding(finding.start, finding.message, SPAM_FIX if finding.category == "spam" else PLACEHOLDER_FIX))
        for match in INVISIBLE.finditer(text):
            found.append(Finding(match.start(), f"contains the invisible character U+{ord(match.group(0)):04X}",
                                 "delete it; retype the text around it if it was pasted"))
        if any(mark in text for mark in ":@."):
            for start, _, message in self._links.address_problems(text, UNKNOWN_SITE):
                found.append(Finding(start, message, f"use https:// on one of: {', '.join(self.allowed_domains)}"))
        if lang == "en":
            match = HAN.search(text)
            if match:
                found.append(Finding(match.start(), "English text contains Chinese characters",
                                     "translate the passage into English; Chinese text belongs in the zh version"))
        elif lang == "zh":
            for match in LATIN_RUN.finditer(_without_addresses(text)):
                words = re.split(r"[ ,]+", match.group(0))
                if sum(1 for w in words if LOWER_WORD.match(w)) >= 2:
                    found.append(Finding(match.start(), f"Chinese text contains the English phrase '{match.group(0)}'",
                                         "write it in Chinese; keep only names and acronyms in English"))
        return found


URL = re.compile(r"\b(?:https?|ftp|javascript|data|file|vbscript):[^\s<>\"')\]]*|(?<![\w/])//[\w.-]+\.[a-z]{2,}[^\s<>\"')\]]*", re.I)
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)")


def _without_addresses(text: str) -> str:
    """`text` with links and e-mail addresses blanked out, keeping offsets."""
    def blank(match):
        return " " * len(match.group(0))
    return EMAIL.sub(blank, URL.sub(blank, text))


def line_and_column(text: str, offset: int, first_line: int = 1, first_column: int = 1) -> tuple[int, int]:
    before = text[:offset]
    line = before.count("\n")
    column = offset - (before.rfind("\n") + 1) if line else offset + first_column - 1
    return first_line + line, column + 1
