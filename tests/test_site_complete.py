"""Every page exists in both languages and every data entry reaches the built site."""
from __future__ import annotations

import dataclasses
import html
import re

import yaml
from conftest import ROOT, html_pages, page_language, reading_folder, reading_text

from macros.load import load_playbook
from macros.load.model import Text
from macros.readings import READINGS, html_lang

PLAYBOOK = load_playbook(ROOT / "data", ROOT)


def texts_of(value, skip=("ui", "site")):
    """Every Text reachable from `value`, with a path for the failure message."""
    if isinstance(value, Text):
        yield "", value
    elif dataclasses.is_dataclass(value):
        for field in dataclasses.fields(value):
            if field.name in skip or field.name == "by_id":
                continue
            for path, text in texts_of(getattr(value, field.name)):
                yield f".{field.name}{path}", text
    elif isinstance(value, (tuple, list)):
        for index, item in enumerate(value):
            label = getattr(item, "id", index)
            for path, text in texts_of(item):
                yield f"[{label}]{path}", text


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def site_text(built_site, lang) -> str:
    pages = [p for p in html_pages(built_site) if page_language(built_site, p) == lang]
    def text(page):
        inline_removed = re.sub(r"</?(?:span|a)\b[^>]*>", "", page.read_text(encoding="utf-8"))  # inline: no space
        return re.sub(r"<[^>]+>", " ", inline_removed)
    return normalise(html.unescape(" ".join(text(p) for p in pages)))


def test_every_data_text_appears_in_both_languages(built_site):
    published = {lang: site_text(built_site, lang) for lang in ("en", "zh")}
    entries = list(texts_of(PLAYBOOK))
    assert len(entries) > 500
    missing = [f"{path} ({lang})" for path, text in entries for lang in ("en", "zh")
               if normalise(text[lang]) not in published[lang]]
    assert missing == []


def test_every_entry_has_its_own_anchor_in_both_languages(built_site):
    anchors = {
        "tools/index.html": [t.id for t in PLAYBOOK.tools],
        "checklists/index.html": [c.id for c in PLAYBOOK.checklists if c.audience == "school-leader"],
        "onboarding/index.html": [c.id for c in PLAYBOOK.checklists if c.audience == "community-partner"],
        "establish/index.html": [f"step-{s.id}" for chart in PLAYBOOK.flowcharts for s in chart.steps],
        "establish/timeline/index.html": [f"event-{e.id}" for e in PLAYBOOK.timeline],
        "establish/forms/index.html": [f.id for f in PLAYBOOK.forms],
        "establish/data-access/index.html": [p.id for p in PLAYBOOK.data_access_paths],
        "initiatives/index.html": [i.id for i in PLAYBOOK.initiatives],
        "recognitions/index.html": [r.id for r in PLAYBOOK.recognitions],
        "partnership-types/index.html": [t.id for t in PLAYBOOK.partnership_types] + [p.id for p in PLAYBOOK.practices],
        "support/index.html": [f"contact-{c.id}" for c in PLAYBOOK.contacts],
        "lead-partners/index.html": [f"condition-{c.id}" for c in PLAYBOOK.board_review.conditions],
    }
    missing = []
    for prefix in map(reading_folder, READINGS):
        for page, ids in anchors.items():
            source = (built_site / prefix / page).read_text(encoding="utf-8")
            missing += [f"{prefix}{page}#{i}" for i in ids if f'id="{i}"' not in source]
    assert missing == []


def test_both_languages_have_every_page_with_the_right_lang(built_site):
    pages = {reading: {p.relative_to(built_site / reading_folder(reading)).as_posix() for p in html_pages(built_site)
                       if page_language(built_site, p) == reading} for reading in READINGS}
    sources = {p.relative_to(ROOT / "docs/en").as_posix() for p in (ROOT / "docs/en").rglob("*.md")}
    assert len(sources) >= 18
    english = pages[READINGS[0]]
    assert all(pages[reading] == english for reading in READINGS)
    assert len(english) == len(sources)
    wrong = []
    for page in html_pages(built_site):
        lang = page_language(built_site, page)
        tag = re.search(r"<html[^>]*\blang=\"([^\"]+)\"", page.read_text(encoding="utf-8")).group(1)
        if tag != html_lang(lang):
            wrong.append(f"{page.relative_to(built_site)}: lang={tag}")
    assert wrong == []


def test_internal_links_resolve(built_site):
    broken = []
    for page in html_pages(built_site):
        source = page.read_text(encoding="utf-8")
        ids_here = set(re.findall(r'\bid="([^"]+)"', source))
        for href in map(html.unescape, re.findall(r'<a\b[^>]*\bhref="([^"]+)"', source)):
            if re.match(r"^(https:|mailto:|tel:)", href):
                continue
            target, _, anchor = href.partition("#")
            if not target:
                if anchor and anchor not in ids_here:
                    broken.append(f"{page.relative_to(built_site)} -> #{anchor}")
                continue
            path = (page.parent / target).resolve()
            if path.is_dir():
                path = path / "index.html"
            if not path.exists():
                broken.append(f"{page.relative_to(built_site)} -> {href}")
            elif anchor and path.suffix == ".html" and f'id="{anchor}"' not in path.read_text(encoding="utf-8"):
                broken.append(f"{page.relative_to(built_site)} -> {href} (no such anchor)")
    assert broken == []


def test_chinese_pages_show_the_themes_words_in_chinese(built_site):
    class Loader(yaml.SafeLoader):
        """mkdocs.yml with its !ENV values left out: only the theme's words matter here."""
    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)
    english = [scheme["toggle"]["name"] for scheme in config["theme"]["palette"]]
    i18n = next(p["i18n"] for p in config["plugins"] if isinstance(p, dict) and "i18n" in p)
    chinese = [scheme["toggle"]["name"] for scheme in next(
        language for language in i18n["languages"] if language["locale"] == "zh")["theme"]["palette"]]
    for page in html_pages(built_site):
        html = page.read_text(encoding="utf-8")
        reading = page_language(built_site, page)
        shown = english if reading == "en" else [reading_text(reading, {"zh": name}) for name in chinese]
        hidden = [name for name in english + chinese if name not in shown]
        assert all(name in html for name in shown), page.relative_to(built_site)
        assert not any(name in html for name in hidden), page.relative_to(built_site)
