"""None of the source captures' defects can reach the site."""
from __future__ import annotations

import html
import re
from dataclasses import replace

import pytest
from conftest import ROOT, html_pages, language_names, page_language, site_pages
from hypothesis import given, settings
from hypothesis import strategies as st

from macros.check.content_rules import Rules
from macros.gate.placeholders import PlaceholderRule
from macros.readings import source_language

RULES = Rules.for_project(ROOT)


@pytest.mark.parametrize("text, lang, expected", [
    ("以下是对正规买足球的App学生产生积极影响的合作", "zh", "forbidden phrase"),
    ("与正规的棋牌平台排行榜建立合作关系", "zh", "forbidden phrase"),
    ("Superintendent [Superintendent's Name] hosts meetings", "en", "placeholder"),
    ("Email communitypartnerships@shoushenyao.com for help", "en", "not on an allowed domain"),
    ("See https://evil.example.com/page", "en", "not an allowed domain"),
    ("See http://www.seattleschools.org/", "en", "uses 'http:'"),
    ("The mission is to build 跨部门合作体系 for students", "en", "Chinese characters"),
    ("我们的使命是 build collaborative and aligned systems for students", "zh", "English phrase"),
])
def test_rules_catch_each_kind_of_defect(text, lang, expected):
    messages = [f.message for f in RULES.findings(text, lang)]
    assert any(expected in m for m in messages), messages


@pytest.mark.parametrize("text, lang", [
    ("Email communitypartnerships@seattleschools.org or visit https://www.seattle.gov/education", "en"),
    ("奥德萨·布朗儿童诊所（Odessa Brown Children's Clinic，OBCC）与 Lowell 小学合作", "zh"),
    ("请发送电子邮件至 communitypartnerships@seattleschools.org", "zh"),
])
def test_rules_accept_clean_text(text, lang):
    assert RULES.findings(text, lang) == []


def without_other_language_terms(source: str) -> str:
    """The page without the glossary's other-language terms (spans, possibly nested)."""
    while (start := source.find('<span class="pb-glossary__other"')) >= 0:
        depth, at = 0, len(source)
        for tag in re.finditer(r"<(/?)span\b[^>]*>", source[start:]):
            depth += -1 if tag.group(1) else 1
            if depth == 0:
                at = start + tag.end()
                break
        source = source[:start] + " " + source[at:]
    return source


def visible_text(page) -> str:
    source = page.read_text(encoding="utf-8")
    source = re.sub(r"<(script|style|svg)\b.*?</\1>", " ", source, flags=re.S)
    # The glossary shows each term in the other language too, marked as such; its data is
    # held to the rules of its own language when it is loaded.
    source = without_other_language_terms(source)
    links = " ".join(re.findall(r'href="([^"]+)"', source))
    return html.unescape(re.sub(r"<[^>]+>", " ", source)) + " " + html.unescape(links)


def test_built_site_carries_no_defect(built_site):
    pages = html_pages(built_site)
    assert len(pages) == len(site_pages())
    problems = []
    for page in pages:
        lang = source_language(page_language(built_site, page))
        text = visible_text(page)
        # the language switcher names each reading in its own script
        for name in language_names().values():
            text = text.replace(name, "") if lang == "en" else text
        for finding in RULES.findings(text, lang):
            problems.append(f"{page.relative_to(built_site)}: {finding.message}")
    assert problems == []


# Pieces that trigger (or nearly trigger) each rule. Texts are screened in batches
# (Rules.suspects); the screen must never clear a text that the full rules would catch.
PIECES = ["partner", "the cat sat", "伙伴", "合同", "[Name]", "【姓名】", "TODO", "LOREM ipsum", "正规买足球",
          "https://evil.example/x", "https://www.seattleschools.org/a", "javascript:alert(1)", "//cdn.example.com/x",
          "a@b.com", "x@seattleschools.org", "\u200b", "\u202e", "\n", " ", ",", ":", "/", "@", "SPS", "MOU", "İ",
          "[", "]", "Name", "TO", "DO"]
TEXTS = st.lists(st.lists(st.sampled_from(PIECES), max_size=6).map("".join), max_size=6)


def caught(rules: Rules, texts: list[str], lang) -> set[int]:
    return {index for index, text in enumerate(texts) if rules.findings(text, lang)}


@settings(max_examples=300, deadline=None)
@given(TEXTS, st.sampled_from(["en", "zh", None]))
def test_screen_never_hides_a_finding(texts, lang):
    assert caught(RULES, texts, lang) <= RULES.suspects(texts, lang)


@settings(max_examples=100, deadline=None)
@given(TEXTS, st.sampled_from(["en", "zh"]))
def test_screen_handles_anchored_placeholder_patterns(texts, lang):
    # Patterns anchored to a text's start or end cannot be searched across joined texts;
    # the screen must try those one text at a time.
    anchored = (PlaceholderRule("at the start", "^Name", ("Name",)), PlaceholderRule("at the end", "TO$", ("TO",)))
    rules = Rules(replace(RULES.publishing, placeholders=anchored))
    assert caught(rules, texts, lang) <= rules.suspects(texts, lang)
