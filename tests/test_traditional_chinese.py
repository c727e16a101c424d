"""A reader of Traditional Chinese reads the whole playbook in their own script (繁體中文),
converted at build time from the Simplified Chinese: every page, the switcher, the
checklists, search in either script, and nothing left in Simplified characters."""
from __future__ import annotations

import re
from pathlib import Path

import opencc
import pytest
import yaml
from conftest import ROOT, html_pages, switch_language
from test_search_and_offline import pages_of, search

from macros.check.project import find_problems
from macros.load import load_playbook
from macros.readings import READINGS, html_lang, is_converted, source_language
from macros.render.traditional import OPENCC_CONFIG, Converter, conversion_problems, converter_for, load_overrides, unconverted

PLAYBOOK = load_playbook(ROOT / "data", ROOT)
OVERRIDES = load_overrides(ROOT / "data")
CONVERT = converter_for(ROOT / "data")
CONVERTED = [reading for reading in READINGS if is_converted(reading)]
DEFAULT = READINGS[0]
# Text marked as Simplified Chinese (the switcher's 简体中文) stays in its own script.
SIMPLIFIED_MARKED = re.compile(r'<a\b[^>]*\slang="zh(?:-Hans)?"[^>]*>.*?</a>', re.S)


def folder(reading: str) -> str:
    return "" if reading == DEFAULT else f"{reading}/"


def test_the_site_builds_every_reading_the_code_knows():
    class Loader(yaml.SafeLoader):
        pass
    Loader.add_constructor("!ENV", lambda loader, node: None)
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)
    i18n = next(p["i18n"] for p in config["plugins"] if isinstance(p, dict) and "i18n" in p)
    assert tuple(language["locale"] for language in i18n["languages"] if language.get("build", True)) == READINGS
    assert (ROOT / "docs" / "zh-hant").resolve() == (ROOT / "docs" / source_language("zh-hant")).resolve()


def test_every_page_exists_in_every_reading_with_its_lang(built_site):
    english = [p.relative_to(built_site) for p in html_pages(built_site)
               if p.relative_to(built_site).parts[0] not in READINGS]
    assert english
    wrong = []
    for reading in READINGS:
        for relative in [*english, Path("404.html")]:
            page = built_site / folder(reading) / relative
            tag = re.search(r'<html lang="([^"]*)"', page.read_text(encoding="utf-8")) if page.exists() else None
            if not tag or tag.group(1) != html_lang(reading):
                wrong.append(f"{folder(reading)}{relative}: {tag.group(1) if tag else 'missing'}")
    assert wrong == []


@pytest.mark.parametrize("reading", CONVERTED)
def test_no_simplified_character_is_left_in_any_built_file(built_site, reading):
    files = [p for p in (built_site / reading).rglob("*") if p.suffix in (".html", ".ics", ".json")]
    assert len(files) > len(PLAYBOOK.tools) > 0
    left = {}
    for path in files:
        text = SIMPLIFIED_MARKED.sub("", path.read_text(encoding="utf-8"))
        if path.suffix == ".json":
            text = re.sub(r"<span hidden>.*?</span>", "", text)  # the Simplified words kept for search
        found = unconverted(text, CONVERT)
        if found:
            left[path.relative_to(built_site).as_posix()] = [text[max(0, o - 8):o + 8] for o, _ in found[:3]]
    assert left == {}


@pytest.mark.parametrize("reading", CONVERTED)
def test_every_chinese_text_of_the_data_reaches_the_reading_converted(built_site, reading):
    text = "".join(p.read_text(encoding="utf-8") for p in (built_site / reading).rglob("*.html"))
    wanted = [tool.title["zh"] for tool in PLAYBOOK.tools] + [PLAYBOOK.checklists[0].items[0].text["zh"]]
    assert [CONVERT(w) for w in wanted if CONVERT(w) not in text] == []


def test_the_unconverted_check_finds_simplified_characters():
    simplified = next(t.title["zh"] for t in PLAYBOOK.tools if CONVERT(t.title["zh"]) != t.title["zh"])
    assert unconverted(CONVERT(simplified), CONVERT) == []
    assert unconverted(simplified, CONVERT) != []


@pytest.mark.parametrize("override", OVERRIDES, ids=[o.simplified for o in OVERRIDES])
def test_each_override_is_needed_and_applied(override):
    plain = opencc.OpenCC(OPENCC_CONFIG).convert(override.example)
    assert override.traditional not in plain, "OpenCC alone already gets it right"
    converted = CONVERT(override.example)
    assert override.traditional in converted and override.simplified not in converted
    assert unconverted(converted, CONVERT) == []


@pytest.mark.parametrize("reading", CONVERTED)
def test_the_overrides_the_content_uses_are_in_the_built_reading(built_site, reading):
    sources = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "docs/zh").rglob("*.md"))
    sources += "".join(p.read_text(encoding="utf-8") for p in (ROOT / "data").glob("*.yaml") if p.name != "hant_overrides.yaml")
    used = [o for o in OVERRIDES if o.simplified in sources]
    assert used
    built = "".join(p.read_text(encoding="utf-8") for p in (built_site / reading).rglob("*.html"))
    assert [o.traditional for o in used if o.traditional not in built] == []


def test_make_check_refuses_a_needless_override_and_simplified_in_a_term(project):
    path = project / "data/hant_overrides.yaml"
    text = path.read_text(encoding="utf-8")
    first = OVERRIDES[0]
    simplified = "".join(c for c in PLAYBOOK.tools[0].title["zh"] if CONVERT(c) != c)  # Simplified-only characters
    needless = first.example[:2]  # a term OpenCC converts by itself
    broken = text.replace(f"traditional: {first.traditional}", f"traditional: {simplified}", 1)
    broken += f"  - simplified: {needless}\n    traditional: {opencc.OpenCC(OPENCC_CONFIG).convert(needless)}\n" \
              f"    reason: a test of an override that is not needed\n    example: {first.example}\n"
    path.write_text(broken, encoding="utf-8")
    messages = [str(p) for p in find_problems(project)]
    assert any("hant_overrides.yaml" in m and "not needed" in m for m in messages), messages
    assert any("hant_overrides.yaml" in m and "still has Simplified characters" in m for m in messages), messages


def test_the_check_names_a_simplified_character_the_conversion_leaves():
    page = sorted((ROOT / "docs/zh").rglob("*.md"))[0]
    text = page.read_text(encoding="utf-8")
    character = next(c for c in text if "\u4e00" <= c <= "\u9fff" and CONVERT(c) != c)

    class Forgetful(Converter):
        """A conversion that misses one character."""
        def __call__(self, t):
            return super().__call__(t).replace(CONVERT(character), character)

    messages = [str(p) for p in conversion_problems(Forgetful(OVERRIDES), text, "page.md", lambda offset: (1, offset + 1))]
    assert messages and all(f"('{character}')" in m for m in messages), messages
    assert conversion_problems(CONVERT, text, "page.md", lambda offset: (1, offset + 1)) == []


# In the browser ------------------------------------------------------------

def test_the_switcher_offers_three_readings_and_keeps_the_page(page, site_url):
    page.goto(f"{site_url}/tools/")
    for reading in [*READINGS[1:], *READINGS]:
        switch_language(page, reading)
        page.wait_for_url(f"{site_url}/{folder(reading)}tools/")
        assert page.locator("html").get_attribute("lang") == html_lang(reading)
        assert page.locator("a.md-select__link").count() == len(READINGS)


def test_checklist_ticks_are_shared_by_every_reading(page, site_url):
    checklist = PLAYBOOK.checklists[0]
    item = checklist.items[-1]
    page.goto(f"{site_url}/checklists/")
    page.get_by_label(item.text.en).check()
    for reading in CONVERTED:
        page.goto(f"{site_url}/{folder(reading)}checklists/")
        box = page.get_by_label(CONVERT(item.text["zh"]))
        assert box.is_checked()
        box.uncheck()
    page.goto(f"{site_url}/zh/checklists/")
    assert not page.get_by_label(item.text.zh).is_checked()


@pytest.mark.parametrize("reading", CONVERTED)
@pytest.mark.parametrize("query", ["伙伴", "数据", "清单"])
def test_search_in_either_script_finds_what_simplified_search_finds(page, site_url, reading, query):
    source = source_language(reading)
    page.goto(f"{site_url}/{folder(source)}")
    expected = {url.replace(f"/{source}/", f"/{reading}/", 1) for url in pages_of(search(page, query))}
    assert expected
    page.goto(f"{site_url}/{folder(reading)}")
    assert pages_of(search(page, query)) == expected
    assert CONVERT(query) != query
    page.goto(f"{site_url}/{folder(reading)}tools/")
    assert pages_of(search(page, CONVERT(query))) == expected
