"""Checks that each English text and its Chinese say the same thing in the same words.

Every en/zh pair of the data (including the interface words) and every page with its
Chinese page is checked for:

- numbers, amounts and dates: the same values on both sides (25万 is 250,000; May is 5月);
- e-mail addresses and web addresses: the same on both sides (Translate Toolkit's checks);
- acronyms: an acronym of the English stands in the Chinese, or the glossary's Chinese for it;
- the glossary: an English text using a term of data/glossary.yaml carries that term's
  Chinese, which also catches anything standing where the district's name belongs;
- language: each side is recognised as its own language (lingua, English and Chinese only).

These are errors. A Chinese text much shorter or longer than usual for its English is a
warning: it may have lost or gained a sentence.

    python -m macros.check.translation_quality        # prints findings, exits 1 on errors
"""
from __future__ import annotations

import functools
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from ..load.yaml_source import load
from ..problems import Problem
from .translations import bilingual_texts

ROOT = Path(__file__).resolve().parents[2]
DATA_FILES = ("ui", "stages", "tools", "forms", "flowchart", "timeline", "checklists", "board_review", "initiatives",
              "recognitions", "partnership_types", "practices", "contacts", "sources", "glossary")

MONTHS = {name: number for number, name in enumerate(
    ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"), start=1)}
ENGLISH_NUMBER = re.compile(r"(?<![\w.])\d[\d,]*(?:\.\d+)?(?![\d])")
ONE_ON_ONE = re.compile(r"\bone-on-one\b", re.I)
ENGLISH_MONTH = re.compile(r"\b(" + "|".join(m.capitalize() for m in MONTHS) + r")\b")
CHINESE_NUMBER = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?\s*(万|亿)?")  # 75,000 is one number, as in English
# Chinese numerals where they stand for a figure of the English: 第一步 (Step 1), 五月 and
# 五、六月 (May, June), 一对一 (1-on-1). Elsewhere 一 is part of ordinary words (一起, 一致).
CHINESE_DIGITS = "一二三四五六七八九十"
CHINESE_COUNTED = re.compile(r"(?:(?<=第)(?=[一二三四五六七八九十]步)|(?<=对))([一二三四五六七八九十])|([一二三四五六七八九十])(?=(?:、[一二三四五六七八九十])*月|对[一二三四五六七八九十])")
SENTENCE_END = re.compile(r"(?<=[A-Za-z0-9/])\.(?=\s|$)")
ASCII_THEN_OTHER = re.compile(r"(?<=[\x21-\x7e])(?=[^\x00-\x7f])")
MARKDOWN_LINK = re.compile(r"\[([^\]]*)\]\((https?://[^)\s]+)\)")
ACRONYM = re.compile(r"\b[A-Z][A-Z0-9]{1,7}\b")
# Page text that is markup, not prose: attribute lists, macro calls, links to other pages,
# HTML tags. Web and e-mail addresses stay, to be compared.
PAGE_MARKUP = re.compile(r"\{\{.*?\}\}|\{#[^}]*\}|\]\((?!https?:)[^)]*\)|<(?!https?:|[^>\s]+@)[^>]+>|^---\n.*?\n---\n",
                         re.S | re.M)
# Length of the Chinese per character of English outside which a pair is worth a look.
USUAL_RATIO = (0.2, 0.7)
RATIO_MIN_ENGLISH = 60


@dataclass(frozen=True)
class Pair:
    key: str                    # e.g. "data/tools.yaml: tools[2].summary" or "docs/zh/about.md"
    en: str
    zh: str
    where: tuple[str, int, int]  # file, line, column of the Chinese (for pages: the Chinese page)


@dataclass(frozen=True)
class Term:
    en_forms: tuple[str, ...]
    zh_forms: tuple[str, ...]


def _numbers_en(text: str) -> set[float]:
    values = {float(m.group(0).replace(",", "")) for m in ENGLISH_NUMBER.finditer(text) if m.group(0).replace(",", "").replace(".", "").isdigit()}
    values |= {1.0 for _ in ONE_ON_ONE.finditer(text)}
    values |= {float(MONTHS[m.group(1).lower()]) for m in ENGLISH_MONTH.finditer(text)
               if not (m.group(1) == "May" and _is_verb_may(text, m.start()))}
    return values


def _is_verb_may(text: str, start: int) -> bool:
    """'May' opening a sentence before a lower-case word is the verb ('May this...'), not the month."""
    before = text[:start].rstrip()
    return (not before or before[-1] in ".:!?\n") and bool(re.match(r"May\s+(?!or\b|and\b|to\b)[a-z]", text[start:]))


def _numbers_zh(text: str) -> set[float]:
    scale = {"万": 10_000, "亿": 100_000_000, None: 1}
    values = {float(m.group(0).rstrip("万亿 ").replace(",", "")) * scale[m.group(1)] for m in CHINESE_NUMBER.finditer(text)}
    return values | {float(CHINESE_DIGITS.index(m.group(1) or m.group(2)) + 1) for m in CHINESE_COUNTED.finditer(text)}


def _show(values: set[float]) -> str:
    return ", ".join(f"{v:,.0f}" if v == int(v) else str(v) for v in sorted(values))


def _spaced(text: str) -> str:
    """The toolkit reads an address up to the next space, and so takes in the full stop
    that ends an English sentence, or the Chinese that follows with no space at all."""
    return SENTENCE_END.sub(" .", ASCII_THEN_OTHER.sub(" ", text))


@functools.lru_cache(maxsize=1)
def _standard_checker():
    from translate.filters import checks
    return checks.StandardChecker()


def _toolkit_fails(check: str, english: str, chinese: str) -> str | None:
    """Translate Toolkit's check of that name: its message when the pair fails."""
    from translate.filters.checks import FilterFailure
    try:
        getattr(_standard_checker(), check)(_spaced(english), _spaced(chinese))
    except FilterFailure as failure:
        return str(failure) or check
    return None


@functools.lru_cache(maxsize=1)
def _detector():
    from lingua import Language, LanguageDetectorBuilder
    return LanguageDetectorBuilder.from_languages(Language.ENGLISH, Language.CHINESE).build()


# Left out when identifying the language: {placeholders}, and names in the other language
# glossed in brackets, such as 邻里之家（Neighborhood House）.
NOT_PROSE = re.compile(r"\{[a-z_]+\}|（[^）\u3400-\u9fff]*）")
LETTER = re.compile(r"[A-Za-z]|[\u3400-\u9fff]")


def _language_of(text: str) -> str | None:
    """The language lingua recognises, or None for a text too short to tell."""
    from lingua import Language
    text = NOT_PROSE.sub(" ", text)
    if len(LETTER.findall(text)) < 2:
        return None
    found = _detector().detect_language_of(text)
    return {Language.ENGLISH: "en", Language.CHINESE: "zh"}.get(found)


def _has_form(text: str, form: str) -> bool:
    if re.search(r"[\u3400-\u9fff]", form):
        return form in text
    return re.search(r"(?<![\w-])" + re.escape(form) + r"(?![\w-])", text) is not None


def pair_findings(pair: Pair, terms: tuple[Term, ...], chinese_acronyms: frozenset[str]) -> tuple[list[tuple[str, str]], list[str]]:
    """(errors as (what is wrong, the fix), warnings as sentences) for one pair."""
    errors, warnings = [], []
    en, zh = pair.en, pair.zh
    missing = _numbers_en(en) - _numbers_zh(zh)
    extra = _numbers_zh(zh) - _numbers_en(en)
    if missing or extra:
        said = "; ".join(filter(None, (f"the Chinese lacks {_show(missing)}" if missing else "",
                                       f"the Chinese adds {_show(extra)}" if extra else "")))
        errors.append((f"numbers or dates differ between English and Chinese: {said}",
                       "write the same amounts, dates and counts in both; 25万 stands for 250,000, 5月 for May"))
    for check, what in (("emails", "e-mail addresses"), ("urls", "web addresses")):
        if _toolkit_fails(check, en, zh):
            errors.append((f"the {what} differ between English and Chinese", f"use the same {what} in both"))
    glossary_acronyms = {form for term in terms for form in term.en_forms if ACRONYM.fullmatch(form)}
    for acronym in sorted({m.group(0) for m in ACRONYM.finditer(en)}):
        if acronym in zh or not (acronym in chinese_acronyms or acronym in glossary_acronyms):
            continue
        term = next((t for t in terms if acronym in t.en_forms), None)
        if term and any(_has_form(zh, form) for form in term.zh_forms):
            continue
        errors.append((f"the acronym {acronym} of the English is not in the Chinese",
                       f"keep {acronym} in the Chinese{', or write ' + term.zh_forms[0] if term else ''}"))
    for term in terms:
        used = next((form for form in term.en_forms if _has_form(en, form)), None)
        if used and not ACRONYM.fullmatch(used) and not any(_has_form(zh, form) for form in term.zh_forms):
            errors.append((f"the English says '{used}' but the Chinese does not use the glossary's term",
                           f"write {' or '.join(term.zh_forms)}, as data/glossary.yaml sets"))
    for lang, text in (("en", en), ("zh", zh)):
        detected = _language_of(text)
        if detected and detected != lang:
            name = "English" if lang == "en" else "Chinese"
            errors.append((f"the {name} text is not recognised as {name}",
                           f"write it in {name}; names in the other language are fine inside a {name} sentence"))
    if len(en) >= RATIO_MIN_ENGLISH:
        ratio = len(zh) / len(en)
        if not USUAL_RATIO[0] <= ratio <= USUAL_RATIO[1]:
            warnings.append(f"the Chinese is {ratio:.2f} times the length of the English, outside the usual "
                            f"{USUAL_RATIO[0]}-{USUAL_RATIO[1]} (check that no sentence was lost or added)")
    return errors, warnings


def _data_pairs(root: Path):
    for stem in DATA_FILES:
        label = f"data/{stem}.yaml"
        path = root / label
        if not path.exists():
            continue
        doc = load(path, label)
        for at, text in bilingual_texts(doc.value):
            if not isinstance(text.get("zh"), str):
                continue  # a missing translation is the schema's to report
            line, column = doc.where(at + ("zh",))
            yield Pair(f"{label}: {'.'.join(map(str, at))}", text["en"], text["zh"], (label, line, column))


def page_prose(text: str) -> str:
    """A page's words, without its markup; the title in the front matter is kept."""
    title = re.search(r"^title:\s*(.+)$", text, re.M)
    text = MARKDOWN_LINK.sub(r"\1 \2 ", text)
    return (title.group(1) + "\n" if title else "") + PAGE_MARKUP.sub(" ", text)


def _page_pairs(root: Path):
    for english in sorted((root / "docs/en").rglob("*.md")):
        relative = english.relative_to(root / "docs/en").as_posix()
        chinese = root / "docs/zh" / relative
        if chinese.exists():
            yield Pair(f"docs/zh/{relative}", page_prose(english.read_text(encoding="utf-8")),
                       page_prose(chinese.read_text(encoding="utf-8")), (f"docs/zh/{relative}", 1, 1))


def glossary_terms(root: Path) -> tuple[Term, ...]:
    value = load(root / "data/glossary.yaml", "data/glossary.yaml").value
    return tuple(Term(tuple(t["en_forms"]), tuple(t["zh_forms"])) for t in value["terms"])


def all_pairs(root: Path = ROOT) -> list[Pair]:
    return [*_data_pairs(root), *_page_pairs(root)]


def check(root: Path = ROOT, pairs: list[Pair] | None = None) -> tuple[list[Problem], list[str]]:
    """(errors as Problems, warnings as lines) over every pair."""
    pairs = all_pairs(root) if pairs is None else pairs
    terms = glossary_terms(root)
    # An all-capitals word is taken as an acronym once some Chinese text keeps it as such;
    # a word in capitals for emphasis ('She LOVES learning') never is.
    chinese_acronyms = frozenset(m.group(0) for pair in pairs for m in ACRONYM.finditer(pair.zh))
    problems, warnings = [], []
    for pair in pairs:
        errors, cautions = pair_findings(pair, terms, chinese_acronyms)
        file, line, column = pair.where
        problems.extend(Problem(file, line, column, f"{pair.key}: {message}", fix) for message, fix in errors)
        warnings.extend(f"{file}:{line}:{column}: warning: {pair.key}: {message}" for message in cautions)
    return problems, warnings


def main(argv: list[str] | None = None) -> int:
    root = Path(argv[0]).resolve() if argv else ROOT
    problems, warnings = check(root)
    for line in warnings:
        print(line, file=sys.stderr)
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"{len(all_pairs(root))} English/Chinese pairs checked: {len(problems)} error(s), {len(warnings)} warning(s).")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
