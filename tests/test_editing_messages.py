"""Each common slip in a data file gets a message that names the real mistake, on its line,
with advice that keeps the content (never 'delete' for a list item that lost its dash)."""
from __future__ import annotations

import re
import subprocess
import sys

import yaml

from macros.check.project import find_problems
from macros.cli.build import build
from macros.load.yaml_source import load
from macros.problems import path_words
from macros.site.hooks import NOT_FOUND_LINKS


def problems_for(project):
    return [str(p) for p in find_problems(project)]


def replace_line(path, number, new):
    """Replace line `number` (from 1) of a file; return the old line."""
    lines = path.read_text(encoding="utf-8").split("\n")
    old = lines[number - 1]
    lines[number - 1] = new
    path.write_text("\n".join(lines), encoding="utf-8")
    return old


def first_line(path, pattern):
    """The number (from 1) and text of the first line matching `pattern`."""
    for number, text in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
        if re.search(pattern, text):
            return number, text
    raise AssertionError(f"no line matches {pattern!r} in {path}")


def test_a_list_item_that_lost_its_dash_is_named_and_nothing_is_deleted(project):
    tools = project / "data/tools.yaml"
    # The second of two neighbouring question items that are both just en/zh texts.
    lines = tools.read_text(encoding="utf-8").split("\n")
    number = next(i + 1 for i in range(1, len(lines)) if re.match(r"^\s+- en: \S", lines[i])
                  and re.match(r"^\s+zh: \S", lines[i - 1]) and re.match(r"^\s+- en: \S", lines[i - 2]))
    old = replace_line(tools, number, lines[number - 1].replace("- en:", "  en:"))
    dash_column = old.index("- ") + 1
    problems = problems_for(project)
    assert f"data/tools.yaml:{number}:{dash_column + 2}: 'en:' starts a new entry of the list, but its '- ' is missing " \
           f"(write '- en:' in place of '  en:', lined up with the '- ' of the entry on line {number - 2})" in problems
    assert not any("delete" in p for p in problems), problems


def test_a_key_repeated_on_its_own_is_still_a_duplicate(project):
    contacts = project / "data/contacts.yaml"
    number, text = first_line(contacts, r"^  - id: ")
    replace_line(contacts, number, text + "\n    id: another-id")
    assert any(p.startswith(f"data/contacts.yaml:{number + 1}:5: the key 'id' appears twice in this block (first on line {number})")
               for p in problems_for(project))


def test_a_full_width_colon_is_named_on_its_own_line(project):
    timeline = project / "data/timeline.yaml"
    number, text = first_line(timeline, r"^    title:$")
    replace_line(timeline, number, "    title：")
    assert problems_for(project) == [
        f"data/timeline.yaml:{number}:10: the key 'title' is followed by a full-width colon ： (replace the full-width colon ： with :)"]


def test_curly_quotes_get_straight_quotes_advice(project):
    timeline = project / "data/timeline.yaml"
    number, text = first_line(timeline, r"^      en: \w")
    value = text.split("en: ", 1)[1]
    replace_line(timeline, number, f"      en: “Note: {value}”")
    assert problems_for(project) == [
        f"data/timeline.yaml:{number}:11: the text starts with the curly quote “, which YAML does not read as a quote "
        "(use straight quotes: \"...\" or '...')"]


def test_an_unclosed_quote_is_named_where_it_opens(project):
    timeline = project / "data/timeline.yaml"
    for quote in ('"', "'"):
        number, text = first_line(timeline, r"^      en: \w")
        replace_line(timeline, number, f"      en: {quote}{text.split('en: ', 1)[1]}")
        assert problems_for(project) == [
            f"data/timeline.yaml:{number}:11: the quote that opens here is never closed (end the text with the same quote mark, on this line)"]
        replace_line(timeline, number, text)


def test_merge_conflict_markers_are_named(project):
    timeline = project / "data/timeline.yaml"
    number, text = first_line(timeline, r"^    month: \d+$")
    replace_line(timeline, number, f"<<<<<<< HEAD\n{text}\n=======\n    month: 1\n>>>>>>> other-change")
    assert problems_for(project) == [
        f"data/timeline.yaml:{number}:1: this file has a merge conflict (keep the right lines and delete the markers: "
        "the lines that start with <<<<<<<, ======= and >>>>>>>)"]


def test_a_month_name_is_answered_with_its_number(project):
    timeline = project / "data/timeline.yaml"
    event = load(timeline).value["events"][0]
    number, _ = first_line(timeline, rf"^    month: {event['month']}$")
    replace_line(timeline, number, "    month: March")
    assert problems_for(project) == [
        f"data/timeline.yaml:{number}:12: events[{event['id']}].month is 'March', a month's name (write the month as a number: 3 = March)"]
    replace_line(timeline, number, "    month: 13")
    assert problems_for(project) == [
        f"data/timeline.yaml:{number}:12: events[{event['id']}].month is 13, which is not a month "
        "(write the month as a number from 1 = January to 12 = December)"]


def test_entries_are_named_by_id_else_counted_from_one():
    document = {"events": [{"id": "fall-kickoff"}, {"title": "no id"}]}
    assert path_words(("events", 0, "month"), document) == "events[fall-kickoff].month"
    assert path_words(("events", 1, "month"), document) == "events[entry 2].month"


def test_an_impossible_school_year_start_is_refused_by_check(project):
    site = project / "data/site.yaml"
    number, text = first_line(site, r"^  start: ")
    replace_line(site, number, '  start: "2025-13-01"')
    assert problems_for(project) == [
        f"data/site.yaml:{number}:10: school_year.start has the value '2025-13-01', which is not in the right form "
        "(write the first day of the school year's first month as year-month-01, with the month from 01 to 12, e.g. 2026-08-01)"]


def test_a_merge_conflict_in_a_translation_record_is_a_named_problem(project):
    lock = next((project / "data/translations").glob("*.lock.yaml"))
    text = lock.read_text(encoding="utf-8").split("\n")
    number = next(i for i, line in enumerate(text, 1) if line and not line.startswith("#"))
    text.insert(number - 1, "<<<<<<< HEAD")
    lock.write_text("\n".join(text), encoding="utf-8")
    label = lock.relative_to(project).as_posix()
    result = subprocess.run([sys.executable, "-m", "macros.cli.check", str(project)], capture_output=True, text=True)
    assert result.returncode == 1
    assert f"{label}:{number}:1: this file has a merge conflict" in result.stderr
    assert "Traceback" not in result.stderr


def test_deleting_a_page_in_both_languages_builds(project):
    removed = NOT_FOUND_LINKS[-1]
    config = project / "mkdocs.yml"
    nav_title = next(title for item in yaml.load(config.read_text(encoding="utf-8"), Loader=_Loader)["nav"]
                     for title, target in item.items() if target == removed)
    config.write_text("\n".join(line for line in config.read_text(encoding="utf-8").split("\n")
                                if not line.strip().startswith((f"{nav_title}:", f"- {nav_title}:"))), encoding="utf-8")
    for lang in ("en", "zh"):
        (project / "docs" / lang / removed).unlink()
        for page in (project / "docs" / lang).rglob("*.md"):
            text = page.read_text(encoding="utf-8")
            page.write_text(re.sub(rf"\]\(((?:\.\./)*){re.escape(removed)}(#[\w-]+)?\)", r"](\1index.md)", text), encoding="utf-8")
    site = project / "site"
    assert build(project, site_dir=site) == 0
    assert (site / "404.html").exists() and (site / "zh/404.html").exists()


class _Loader(yaml.SafeLoader):
    pass


_Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
