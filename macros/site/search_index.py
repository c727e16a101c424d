"""One search index per language, with Chinese segmented for search.

MkDocs' i18n build writes a single index that mixes every language. Readers should
only see results in the language they are reading, so the index is split: English
stays at search/search_index.json, Chinese goes to zh/search/search_index.json, and
each Chinese page tells the search script that its base is zh/.

A converted reading (繁體中文, zh-hant/) is indexed as its source language's pages are
(segmented, with the same extra terms), then converted. Each of its entries also keeps
the Simplified text, hidden, so that a query typed in either script finds the same
pages the Simplified search finds.
"""
from __future__ import annotations

import functools
import json
import logging
from pathlib import Path

import jieba
import re

import re2

from .theme import rewrite_config

jieba.setLogLevel(logging.WARNING)

# RE2: linear in the page, whatever the page holds.
HAN_RUN = re2.compile("[\u4e00-\u9fff]{3,}")
TAG = re2.compile(r"<[^>]+>")


@functools.lru_cache(maxsize=None)  # the Traditional reading's index repeats the Simplified texts
def extra_search_terms(text: str) -> list[str]:
    """The shorter words inside long Chinese words, e.g. 伙伴 inside 合作伙伴.

    The theme's search splits Chinese with jieba's precise mode, which keeps 合作伙伴
    as one word, so a search for 伙伴 would miss it. Search mode finds the words inside.
    """
    plain = TAG.sub(" ", text).replace("\u200b", "")
    terms: list[str] = []
    seen: set[str] = set()
    for run in HAN_RUN.findall(plain):
        whole = set(jieba.cut(run))
        for word in jieba.cut_for_search(run):
            if len(word) >= 2 and word not in whole and word not in seen:
                seen.add(word)
                terms.append(word)
    return terms


def with_hidden_terms(text: str) -> str:
    """`text` followed by its extra search terms in a hidden element: indexed, never shown."""
    terms = extra_search_terms(text)
    if not terms:
        return text
    return f'{text} <span hidden>\u200b{chr(0x200b).join(terms)}\u200b</span>'


def with_both_scripts(text: str, convert, title: str = "") -> str:
    """Simplified `text` converted, followed by the Simplified words hidden: indexed, never
    shown. The Simplified `title` goes with them (the shown title is converted), so that a
    section found by its title in Simplified is found by it here too."""
    converted = convert(text)
    hidden = [TAG.sub(" ", text)] if converted != text else []
    hidden += [TAG.sub(" ", title)] if convert(title) != title else []
    if not hidden:
        return text
    hidden = " ".join(hidden)
    return f'{converted} <span hidden>\u200b{hidden}\u200b</span>'


def split_index(site_dir: Path, languages: dict[str, str], default: str, inline_script: bool,
                converters: dict | None = None) -> dict[str, Path]:
    """Write one index per language; `languages` maps a language to its search pipeline lang,
    and `converters` a converted reading to the function that converts its text."""
    converters = converters or {}
    combined_path = site_dir / "search" / "search_index.json"
    combined = json.loads(combined_path.read_text(encoding="utf-8"))
    written = {}
    for lang, search_lang in languages.items():
        prefix = "" if lang == default else f"{lang}/"
        others = tuple(f"{other}/" for other in languages if other != default and other != lang)
        docs = []
        for doc in combined["docs"]:
            location = doc["location"]
            if prefix and not location.startswith(prefix):
                continue
            if not prefix and location.startswith(others):
                continue
            doc = dict(doc, location=location[len(prefix):])
            if search_lang == "zh":
                doc["text"] = with_hidden_terms(doc["text"])
            if lang in converters:
                doc["text"] = with_both_scripts(doc["text"], converters[lang], doc["title"])
                doc["title"] = converters[lang](doc["title"])
            docs.append(doc)
        config = dict(combined["config"], lang=[search_lang])
        index = {"config": config, "docs": docs}
        target = site_dir / prefix / "search" / "search_index.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        payload = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
        target.write_text(payload, encoding="utf-8")
        if inline_script:
            (target.parent / "search_index.js").write_text(f"var __index = {payload}", encoding="utf-8")
        written[lang] = target
    return written


PLAYBOOK_WORKER = "search-playbook.js"  # in overrides/assets/javascripts/workers/, beside the theme's
QUERY_WORDS = "search/query_words.js"  # in each language's folder


def search_config(html: str, lang: str, default: str) -> str:
    """Point the page's search (and the theme's other scripts) at its own language's folder,
    and at the playbook's worker, which runs the theme's with the language's query words."""
    rebase = lang != default

    def change(config):
        if rebase:
            config["base"] = f"{config['base'].rstrip('/')}/{lang}/"
        if config.get("search"):
            folder, _, theme_worker = config["search"].rpartition("/")
            words = "../../../" + ("" if lang == default else f"{lang}/") + QUERY_WORDS
            config["search"] = f"{folder}/{PLAYBOOK_WORKER}?theme={theme_worker}&lang={lang}&words={words}"
        return config

    return rewrite_config(html, change)


HAN = re.compile(r"[\u3400-\u9fff]")


def traditional_folding(texts: list[str]) -> dict[str, str]:
    """Traditional character -> the Simplified one the index uses, for every character of
    `texts` (the index) that has a different Traditional form (OpenCC's tables)."""
    import opencc

    to_traditional = opencc.OpenCC("s2t")
    fold = {}
    for character in sorted(set(HAN.findall("".join(texts)))):
        for traditional in to_traditional.convert(character):
            if traditional != character:
                fold[traditional] = character
    return fold


def write_query_words(site_dir: Path, lang: str, default: str, synonyms, index_texts: list[str],
                      written: str | None = None) -> Path:
    """The words the search worker rewrites a query with: Traditional folding (Chinese) and
    the readers' synonyms of the language `lang` is written in (`written`; zh-hant is
    written in zh, and its index keeps the Simplified words), as a script the worker
    imports (it works from disk)."""
    written = written or lang
    words = {
        "fold": traditional_folding(index_texts) if written == "zh" else {},
        "synonyms": [[reader.lower(), entry.playbook] for entry in synonyms if entry.lang == written for reader in entry.readers],
    }
    target = site_dir / ("" if lang == default else lang) / QUERY_WORDS
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("self.playbookQueryWords = " + json.dumps(words, ensure_ascii=False, separators=(",", ":")) + ";\n", encoding="utf-8")
    return target
