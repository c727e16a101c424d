"""A build that MkDocs would warn about fails, and says where and why."""
from __future__ import annotations

import re

import yaml

from macros.check.project import find_problems
from macros.cli.build import build


def append(path, text):
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def lines_of(path):
    return path.read_text(encoding="utf-8").split("\n")


def test_broken_link_and_missing_anchor_fail_the_build_with_file_and_line(project, capsys):
    page = project / "docs/en/support.md"
    line = len(lines_of(page)) + 1
    append(page, "\nSee [the old page](missing-page.md) and [a section](about.md#no-such-section).\n")
    site = project / "site"
    assert build(project, site_dir=site) != 0
    err = capsys.readouterr().err
    assert not site.exists()
    assert re.search(rf"^WARNING: docs/en/support\.md:{line}:\d+: .*'missing-page\.md'", err, re.M), err
    assert re.search(rf"^WARNING: docs/en/support\.md:{line}:\d+: .*'about\.md#no-such-section'.*anchor", err, re.M), err
    assert "INFO" not in err and "[macros]" not in err
    assert "The build failed" in err


def test_a_build_that_crashes_still_says_why(project, capsys):
    hooks = project / "macros/site/hooks.py"
    text = hooks.read_text(encoding="utf-8")
    hooks.write_text(text.replace("def on_files(files, config):\n",
                                  "def on_files(files, config):\n    raise RuntimeError('the calendar could not be made')\n"),
                     encoding="utf-8")
    assert build(project, site_dir=project / "site") != 0
    err = capsys.readouterr().err
    assert "the calendar could not be made" in err
    assert err.strip().splitlines()[-1].startswith("The build failed")


def nav_titles(config):
    titles = []
    for item in config["nav"]:
        for title, target in item.items():
            titles.append(title)
            if isinstance(target, list):
                titles.extend(t for entry in target for t in entry)
    return titles


class _Loader(yaml.SafeLoader):
    pass


_Loader.add_multi_constructor("!", lambda loader, suffix, node: None)


def test_a_menu_title_without_its_chinese_title_is_named(project):
    config_file = project / "mkdocs.yml"
    config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_Loader)
    title = nav_titles(config)[-1]
    lines = lines_of(config_file)
    translation = next(i for i, text in enumerate(lines) if text.strip().startswith(f"{title}:") and "nav_translations" not in text
                       and i < next(j for j, t in enumerate(lines) if t.startswith("nav:")))
    del lines[translation]
    config_file.write_text("\n".join(lines), encoding="utf-8")
    nav_line = next(i for i, text in enumerate(lines, 1) if text.strip().startswith(f"- {title}:"))
    problems = [str(p) for p in find_problems(project)]
    assert f"mkdocs.yml:{nav_line}:{lines[nav_line - 1].index(title) + 1}: the menu title '{title}' has no translation for 'zh' " \
           f"(add '{title}: ...' under nav_translations of the 'zh' language)" in problems


def test_a_menu_translation_that_matches_nothing_is_named(project):
    config_file = project / "mkdocs.yml"
    lines = lines_of(config_file)
    at = next(i for i, text in enumerate(lines) if text.strip() == "nav_translations:")
    indent = len(lines[at + 1]) - len(lines[at + 1].lstrip())
    lines.insert(at + 1, " " * indent + "Old page title: 旧页面")
    config_file.write_text("\n".join(lines), encoding="utf-8")
    problems = [str(p) for p in find_problems(project)]
    assert f"mkdocs.yml:{at + 2}:{indent + 1}: nav_translations of 'zh' translates 'Old page title', which is not a menu title " \
           "in nav (write it exactly as the title in nav, or delete it if that page is gone)" in problems


def test_section_ids_that_differ_between_languages_are_named(project):
    english = next(p for p in sorted((project / "docs/en").rglob("*.md")) if "{#" in p.read_text(encoding="utf-8"))
    relative = english.relative_to(project / "docs/en").as_posix()
    chinese = project / "docs/zh" / relative
    text = chinese.read_text(encoding="utf-8")
    section = re.search(r"\{#([\w-]+)\}", text).group(1)
    chinese.write_text(text.replace(f"{{#{section}}}", f"{{#{section}-zh}}", 1), encoding="utf-8")
    line = text[: text.index(f"{{#{section}}}")].count("\n") + 1
    problems = [str(p) for p in find_problems(project)]
    assert any(p.startswith(f"docs/zh/{relative}:{line}:") and f"the section id '{{#{section}-zh}}' is not in docs/en/{relative}" in p
               for p in problems), problems
    assert any(p.startswith(f"docs/zh/{relative}:1:1: the section id '{{#{section}}}' of docs/en/{relative}:") for p in problems), problems
