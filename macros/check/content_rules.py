"""Rules every published text obeys, whatever file it comes from.

The source captures this playbook was written from carried injected advertising, a
hijacked e-mail domain, template placeholders and machine-translation debris. These
rules keep such text out of data files, pages and the built site alike.
"""
from __future__ import annotations

import bisect
import functools
import itertools
import re
from dataclasses import dataclass

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f\uff01-\uff5e]")
# Three or more Latin words in a row, two of them ordinary lowercase words: a stray
# English phrase in Chinese text. Names ("Odessa Brown Children's Clinic") and
# acronyms (SPS, MOU) pass.
LATIN_RUN = re.compile(r"[A-Za-z][A-Za-z'’-]*(?:[ ,]+[A-Za-z][A-Za-z'’-]*){2,}")
LOWER_WORD = re.compile(r"^[a-z][a-z'’-]+$")
URL = re.compile(r"\b(?:https?|ftp|javascript|data|file|vbscript):[^\s<>\"')\]]*|(?<![\w/])//[\w.-]+\.[a-z]{2,}[^\s<>\"')\]]*", re.I)
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)")
INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u00ad"
                       "\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x85\u2028\u2029]")

# Where a link, an address or a hidden character could start (the inside of a character class).
LINK_OR_HIDDEN = ":@/" + INVISIBLE.pattern[1:-1]


@dataclass(frozen=True)
class Finding:
    offset: int
    message: str
    fix: str


@dataclass(frozen=True)
class Rules:  # frozen, yet cached_property works: it writes to __dict__ directly
    allowed_domains: tuple[str, ...]
    forbidden_phrases: tuple[str, ...]
    placeholder_patterns: tuple[str, ...]

    @functools.cached_property
    def _placeholders(self) -> tuple[re.Pattern, ...]:
        return tuple(re.compile(p) for p in self.placeholder_patterns)

    @functools.cached_property
    def _phrases(self) -> tuple[tuple[str, str], ...]:
        return tuple((p, p.lower()) for p in self.forbidden_phrases)

    def domain_allowed(self, host: str) -> bool:
        host = host.lower().rstrip(".")
        return any(host == d or host.endswith("." + d) for d in self.allowed_domains)

    def check_url(self, url: str) -> str | None:
        """Why `url` may not be published, or None if it may."""
        lowered = url.strip().lower()
        if lowered.startswith("mailto:"):
            match = EMAIL.fullmatch(url.strip()[7:].split("?")[0])
            if not match:
                return "is not a valid mailto: address"
            return None if self.domain_allowed(match.group(1)) else f"points to '{match.group(1)}', which is not an allowed domain"
        if lowered.startswith("//"):
            return "is a protocol-relative link"
        scheme = lowered.split(":", 1)[0] if ":" in lowered.split("/", 1)[0] else ""
        if not scheme:
            return None  # a link within the site
        if scheme != "https":
            return f"uses '{scheme}:', which is not allowed"
        host = re.sub(r"^https://", "", url.strip(), flags=re.I).split("/")[0].split("?")[0].split("#")[0]
        host = host.rsplit("@", 1)[-1].split(":")[0]
        if not host:
            return "has no host"
        return None if self.domain_allowed(host) else f"points to '{host}', which is not an allowed domain"

    @functools.cached_property
    def _screen(self) -> re.Pattern:
        """Matches wherever a link, address or hidden character could start: text without
        any of these needs only the phrase, placeholder and language checks."""
        return re.compile(f"[{LINK_OR_HIDDEN}]")

    @functools.cached_property
    def _screens(self) -> dict:
        """Per language: the patterns a batch of texts is searched with at once, and the
        placeholder patterns that must still be tried text by text (those anchored to
        where a text starts or ends, or looking around a match)."""
        joinable, alone = [], []
        for pattern in self.placeholder_patterns:
            (joinable if _joinable(pattern) else alone).append(re.compile(pattern))
        alone = tuple(alone)
        screens = {}
        for lang in (None, "en", "zh"):
            patterns = [re.compile(f"[{LINK_OR_HIDDEN}{HAN.pattern[1:-1] if lang == 'en' else ''}]"), *joinable]
            if lang == "zh":
                patterns.append(LATIN_RUN)
            screens[lang] = (tuple(patterns), alone)
        return screens

    def suspects(self, texts: list[str], lang: str | None) -> set[int]:
        """Indices of the `texts` that may break a rule; every other text breaks none.

        Most texts break no rule. Searching all of a language's texts joined together
        costs one regular-expression pass a rule, instead of one a rule for each text:
        a twentieth of the time for the real content and the same share as it grows.
        """
        if lang not in self._screens:
            return set(range(len(texts)))
        patterns, alone = self._screens[lang]
        joined = "\n".join(texts)
        ends = list(itertools.accumulate(len(text) + 1 for text in texts))  # one past each text's separator
        found: set[int] = set()

        def mark(start: int, end: int) -> None:
            first = bisect.bisect_right(ends, start)
            last = bisect.bisect_right(ends, max(start, end - 1))
            found.update(range(first, last + 1))

        for pattern in patterns:
            for match in pattern.finditer(joined):
                mark(match.start(), match.end())
        lowered = joined.lower()
        if len(lowered) == len(joined):
            for _, phrase in self._phrases:
                start = lowered.find(phrase)
                while start >= 0:
                    mark(start, start + len(phrase))
                    start = lowered.find(phrase, start + 1)
        else:  # lowering changed some lengths (as it does for 'İ'): offsets no longer line up
            found.update(index for index, text in enumerate(texts)
                         if any(phrase in text.lower() for _, phrase in self._phrases))
        for pattern in alone:
            found.update(index for index, text in enumerate(texts) if pattern.search(text))
        return found

    def findings(self, text: str, lang: str | None) -> list[Finding]:
        """Every rule `text` breaks. `lang` is 'en', 'zh', or None for text in no language."""
        found: list[Finding] = []
        lowered = text.lower()
        screened = self._screen.search(text) is not None
        for phrase, lowered_phrase in self._phrases:
            start = lowered.find(lowered_phrase)
            if start >= 0:
                found.append(Finding(start, f"contains the forbidden phrase '{phrase}'",
                                     "delete it; in the source captures it replaced the district's name, Seattle Public Schools"))
        for pattern in self._placeholders:
            for match in pattern.finditer(text):
                found.append(Finding(match.start(), f"contains the placeholder '{match.group(0)}'",
                                     "replace it with the real text, or reword the sentence without it"))
        for match in INVISIBLE.finditer(text) if screened else ():
            found.append(Finding(match.start(), f"contains the invisible character U+{ord(match.group(0)):04X}",
                                 "delete it; retype the text around it if it was pasted"))
        for match in URL.finditer(text) if screened else ():
            reason = self.check_url(match.group(0))
            if reason:
                found.append(Finding(match.start(), f"the link '{match.group(0)}' {reason}",
                                     f"use https:// on one of: {', '.join(self.allowed_domains)}"))
        for match in EMAIL.finditer(text) if screened else ():
            if not self.domain_allowed(match.group(1)):
                found.append(Finding(match.start(), f"the e-mail address '{match.group(0)}' is not on an allowed domain",
                                     f"use an address on one of: {', '.join(self.allowed_domains)}"))
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


def _joinable(pattern: str) -> bool:
    """Whether `pattern` finds the same things in texts joined by newlines as in each
    text alone: true unless it anchors to the start or end (^, $, \\A, \\Z), looks around
    (lookahead, lookbehind) or refers back to a group. \\b is fine: a newline is not a
    word character, like the edge of a text."""
    outside_classes = re.sub(r"\[(?:\\.|[^\]\\])*\]", "", pattern)
    return not re.search(r"[\^$]|\\[AZz1-9]|\(\?(?:<?[=!]|P=)", outside_classes)


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


def rules_from(site: dict) -> Rules:
    return Rules(tuple(site["allowed_domains"]), tuple(site["forbidden_phrases"]), tuple(site["placeholder_patterns"]))
