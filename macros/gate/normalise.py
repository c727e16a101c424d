"""Text in one canonical form, so that disguised text is compared as what it says.

Spam and look-alike addresses hide behind invisible characters, unusual spaces,
compatibility forms (full-width letters, Kangxi radicals), Traditional characters and
letters from other scripts that look Latin. Each form below undoes some of that:

- `plain_form`: invisible characters removed and Unicode NFKC applied, case kept;
  what placeholders and addresses are looked for in.
- `spam_form`: the plain form, Traditional folded to Simplified (OpenCC), case folded,
  and every letter that imitates a Latin letter replaced by that letter.

`mapped_spam_form` gives the spam form with, for each of its characters, the offset of
the character of the original text it came from; it is slower and only used to say
where something was found.
"""
from __future__ import annotations

import functools
import itertools
import re
import unicodedata

import opencc
from confusable_homoglyphs import confusables

# Characters that draw nothing but can sit inside a word: every format character
# (category Cf: zero-width spaces and joiners, bidi marks, soft hyphen, U+180E...) and
# the few others that render blank.
_ALSO_INVISIBLE = (0x034F, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x2800, 0x3164, 0xFFA0)
_CONTROL_KEPT = frozenset("\t\n\r")

# Between a block of text and the next (two paragraphs, two table cells, two strings of
# a search index): a character that survives every form and that no rule matches across.
BOUNDARY = "\ue000"


@functools.cache
def _invisible_table() -> dict[int, None]:
    table = dict.fromkeys(_ALSO_INVISIBLE)
    # Ideographs, syllables, surrogates, the supplementary ideographs and the private-use
    # planes hold no format character: skipping them keeps this quick.
    codes = itertools.chain(range(0x3400), range(0xA000, 0xAC00), range(0xE000, 0x20000), range(0xE0000, 0xE1000))
    for code in codes:
        category = unicodedata.category(chr(code))
        if category == "Cf" or (category == "Cc" and chr(code) not in _CONTROL_KEPT):
            table[code] = None
    for code in range(0xFE00, 0xFE10):  # variation selectors
        table[code] = None
    for code in range(0xE0100, 0xE01F0):
        table[code] = None
    table.pop(ord(BOUNDARY), None)
    return table


def is_invisible(char: str) -> bool:
    return ord(char) in _invisible_table()


def _is_cjk(code: int) -> bool:
    return 0x2E80 <= code <= 0xA4CF or 0xAC00 <= code <= 0xD7FF or 0xF900 <= code <= 0xFAFF or code >= 0x20000


@functools.cache
def skeleton_table() -> dict[int, str]:
    """Each letter or digit that Unicode's confusables data says can pass for a Latin
    letter or digit, mapped to that letter or digit (lowercase)."""
    table: dict[int, str] = {}
    for target in "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ":
        for glyph in confusables.confusables_data.get(target, ()):
            source = glyph["c"]
            if len(source) != 1 or source.isascii() or _is_cjk(ord(source)):
                continue
            if not unicodedata.category(source).startswith(("L", "N")):
                continue
            table.setdefault(ord(source), target.lower())
    return table


@functools.cache
def _to_simplified() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


@functools.cache
def _invisible_pattern() -> re.Pattern:
    """Finds any invisible character: most texts have none, and searching is faster
    than translating."""
    codes = sorted(_invisible_table())
    ranges, start, end = [], codes[0], codes[0]
    for code in codes[1:]:
        if code == end + 1:
            end = code
            continue
        ranges.append((start, end))
        start = end = code
    ranges.append((start, end))
    return re.compile("[" + "".join(re.escape(chr(a)) + ("-" + re.escape(chr(b)) if b > a else "") for a, b in ranges) + "]")


def plain_form(text: str) -> str:
    if _invisible_pattern().search(text):
        text = text.translate(_invisible_table())
    return text if text.isascii() else unicodedata.normalize("NFKC", text)


def spam_form(text: str) -> str:
    plain = plain_form(text)
    if plain.isascii():
        return plain.lower()
    folded = _to_simplified().convert(plain).casefold()
    return folded.translate(skeleton_table())


@functools.lru_cache(maxsize=65536)
def _char_spam_form(char: str) -> str:
    return spam_form(char)


def mapped_spam_form(text: str) -> tuple[str, list[int]]:
    """The spam form of `text`, character by character, with the offset in `text` each
    character of the result comes from."""
    pieces: list[str] = []
    origins: list[int] = []
    for offset, char in enumerate(text):
        piece = _char_spam_form(char)
        pieces.append(piece)
        origins.extend([offset] * len(piece))
    return "".join(pieces), origins


def mapped_plain_form(text: str) -> tuple[str, list[int]]:
    pieces: list[str] = []
    origins: list[int] = []
    for offset, char in enumerate(text):
        piece = plain_form(char)
        pieces.append(piece)
        origins.extend([offset] * len(piece))
    return "".join(pieces), origins


def shown(text: str) -> str:
    """`text` as a message can show it: each invisible or unusual space as its code point."""
    return "".join(f"<U+{ord(c):04X}>" if is_invisible(c) or (c.isspace() and c not in " \n") else c
                   for c in text).replace("\n", " ")
