"""Simplified Chinese text as the 繁體中文 reading: OpenCC, then the reviewed overrides.

OpenCC's `s2tw` configuration converts characters to Taiwan's standard forms and leaves
the wording as written (README, "The Traditional Chinese reading", says why). Terms it
gets wrong for this playbook's readers are listed in data/hant_overrides.yaml, each with
its reason and an example sentence. Nothing here knows about MkDocs.
"""
from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass
from pathlib import Path

import opencc

from ..load.yaml_source import load
from ..problems import ContentError, Problem

OPENCC_CONFIG = "s2tw"
OVERRIDES_FILE = "hant_overrides.yaml"


@dataclass(frozen=True)
class Override:
    simplified: str
    traditional: str
    reason: str
    example: str
    line: int  # where the entry starts in the file, for messages


@functools.cache
def opencc_converter() -> opencc.OpenCC:
    return opencc.OpenCC(OPENCC_CONFIG)


@functools.cache
def _to_simplified() -> opencc.OpenCC:
    return opencc.OpenCC("tw2s")


def load_overrides(data_dir: Path, label: str = f"data/{OVERRIDES_FILE}") -> tuple[Override, ...]:
    """The reviewed overrides; raises ContentError naming every problem in the file."""
    path = Path(data_dir) / OVERRIDES_FILE
    stat = path.stat()
    return _load_overrides(str(path), label, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=4)
def _load_overrides(path: str, label: str, _mtime: int, _size: int) -> tuple[Override, ...]:
    from ..check.schemas import validate  # not at the top: check.schemas imports load, which may be loading

    doc = load(Path(path), label)
    problems = validate(doc, Path(path).parent / "schema", "hant_overrides")
    if problems:
        raise ContentError(problems)
    return tuple(Override(line=doc.where(("overrides", index))[0], **entry)
                 for index, entry in enumerate(doc.value["overrides"]))


class Converter:
    """Converts Simplified Chinese text to the Traditional reading. Text around the
    overrides' terms goes through OpenCC; each term is replaced by its override.
    Characters other than Chinese ones (markup, English, digits) are left as they are."""

    def __init__(self, overrides: tuple[Override, ...]):
        self.overrides = overrides
        self._target = {o.simplified: o.traditional for o in overrides}
        # Longest terms first, so that a longer term wins over one inside it.
        terms = sorted(self._target, key=len, reverse=True)
        self._terms = re.compile("|".join(map(re.escape, terms))) if terms else None

    def __call__(self, text: str) -> str:
        convert = opencc_converter().convert
        if self._terms is None:
            return convert(text)
        out, start = [], 0
        for match in self._terms.finditer(text):
            out.append(convert(text[start:match.start()]))
            out.append(self._target[match.group(0)])
            start = match.end()
        out.append(convert(text[start:]))
        return "".join(out)


@functools.lru_cache(maxsize=4)
def converter(overrides: tuple[Override, ...]) -> Converter:
    return Converter(overrides)


def converter_for(data_dir: Path) -> Converter:
    return converter(load_overrides(data_dir))


def unconverted(text: str, convert: Converter) -> list[tuple[int, str]]:
    """(offset, character) of each Simplified character left in Traditional `text`.

    OpenCC's own dictionaries decide: the text is taken back to Simplified and converted
    again, and a character that comes back different was not a Traditional one (a
    Simplified character stays itself on the way back, then converts). Converting
    Traditional text directly would not do: OpenCC reads phrases in their Simplified form,
    so 鄰里 would come out as 鄰裡."""
    again = convert(_to_simplified().convert(text))
    if again == text:
        return []
    if len(again) == len(text):  # the usual case, and difflib is slow on long texts that differ a lot
        return [(offset, a) for offset, (a, b) in enumerate(zip(text, again, strict=True)) if a != b]
    matcher = difflib.SequenceMatcher(None, text, again, autojunk=False)
    return [(offset, text[offset]) for tag, i1, i2, _, _ in matcher.get_opcodes() if tag != "equal"
            for offset in range(i1, i2)]


def override_problems(overrides: tuple[Override, ...], label: str) -> list[Problem]:
    """An override must be needed (OpenCC alone gets its example wrong), used by its example,
    and itself free of Simplified characters."""
    problems = []
    convert = opencc_converter().convert
    for override in overrides:
        where = (label, override.line, 5)
        if override.simplified not in override.example:
            problems.append(Problem(*where, f"the example does not contain '{override.simplified}'",
                                    f"write an example sentence that uses '{override.simplified}'"))
        elif override.traditional in convert(override.example):
            problems.append(Problem(*where, f"OpenCC already writes '{override.traditional}' for '{override.simplified}' in the example; the override is not needed",
                                    "remove this override, or give an example OpenCC gets wrong"))
        left = unconverted(override.traditional, converter(overrides))
        if left:
            problems.append(Problem(*where, f"the Traditional term '{override.traditional}' still has Simplified characters: {''.join(c for _, c in left)}",
                                    "write the term in Traditional characters"))
    return problems


def conversion_problems(convert: Converter, text: str, label: str, line_of) -> list[Problem]:
    """What is wrong with `text` (Simplified) once converted: an override's term left in
    the Simplified form, or Simplified characters OpenCC did not convert. `line_of(offset)`
    gives (line, column) of an offset in `text`."""
    converted = convert(text)
    problems = []
    for override in convert.overrides:
        if override.simplified in text and override.traditional not in converted:
            line, column = line_of(text.index(override.simplified))
            problems.append(Problem(label, line, column, f"'{override.simplified}' was not converted to '{override.traditional}' in the Traditional reading",
                                    f"check the override for '{override.simplified}' in data/{OVERRIDES_FILE}"))
    left = unconverted(converted, converter(convert.overrides))
    if left and len(converted) == len(text):
        for offset, character in left:
            line, column = line_of(offset)
            problems.append(Problem(label, line, column, f"'{text[offset]}' stays Simplified ('{character}') in the Traditional reading",
                                    f"add an override for the word around it to data/{OVERRIDES_FILE}"))
    elif left:
        problems.append(Problem(label, 1, 1, f"Simplified characters stay in the Traditional reading: {''.join(sorted({c for _, c in left}))}",
                                f"add an override for the words that hold them to data/{OVERRIDES_FILE}"))
    return problems
