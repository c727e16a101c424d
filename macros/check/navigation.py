"""Checks that the two languages share one menu and one set of section addresses.

MkDocs itself only warns (or says nothing) when a Chinese menu title is missing, when a
`nav_translations` entry names a title that no longer exists, or when a section's
`{#id}` differs between the English and Chinese page, so links from one language to
the other break silently. These checks name the line to fix.
"""
from __future__ import annotations

import re
from pathlib import Path

import yaml

from ..problems import Problem
from ..readings import is_converted
from .content_rules import line_and_column

# `## Heading {#id}` (attr_list): the address of a section, shared by both languages.
SECTION_ID = re.compile(r"^#{1,6}[^\n]*\{[^}\n]*#(?P<id>[\w-]+)[^}\n]*\}\s*$", re.M)


class _Composer(yaml.SafeLoader):
    """Composes mkdocs.yml into nodes with positions; its `!ENV` tags are never constructed."""


def _node(mapping, key: str):
    if isinstance(mapping, yaml.MappingNode):
        for key_node, value in mapping.value:
            if key_node.value == key:
                return key_node, value
    return None, None


def _nav_titles(node) -> list[tuple[str, yaml.Node]]:
    """Every menu title in the nav (sections and pages), with the node of its key."""
    titles = []
    for item in node.value if isinstance(node, yaml.SequenceNode) else ():
        if isinstance(item, yaml.MappingNode):
            for key_node, value in item.value:
                titles.append((key_node.value, key_node))
                titles.extend(_nav_titles(value))
    return titles


def check_navigation(root: Path, label: str = "mkdocs.yml") -> list[Problem]:
    """Every nav title has a menu title in each other language, and every translation is used."""
    try:
        config = yaml.compose((root / label).read_text(encoding="utf-8"), Loader=_Composer)
    except (OSError, yaml.YAMLError):
        return []  # MkDocs reports an unreadable mkdocs.yml itself, with its own position
    _, nav = _node(config, "nav")
    titles = _nav_titles(nav)
    known = {title for title, _ in titles}
    problems = []
    _, plugins = _node(config, "plugins")
    for plugin in plugins.value if isinstance(plugins, yaml.SequenceNode) else ():
        _, i18n = _node(plugin, "i18n")
        _, languages = _node(i18n, "languages")
        for language in languages.value if isinstance(languages, yaml.SequenceNode) else ():
            _, default = _node(language, "default")
            if default is not None and default.value == "true":
                continue
            _, locale = _node(language, "locale")
            code = locale.value if locale is not None else "?"
            if is_converted(code):
                continue  # 繁體中文 takes its menu titles from zh's, converted (macros/readings.py)
            key, translations = _node(language, "nav_translations")
            translated = {k.value: k for k, _ in translations.value} if isinstance(translations, yaml.MappingNode) else {}
            for title, node in titles:
                if title not in translated:
                    problems.append(Problem(label, node.start_mark.line + 1, node.start_mark.column + 1,
                                            f"the menu title '{title}' has no translation for '{code}'",
                                            f"add '{title}: ...' under nav_translations of the '{code}' language"))
            for title, node in translated.items():
                if title not in known:
                    problems.append(Problem(label, node.start_mark.line + 1, node.start_mark.column + 1,
                                            f"nav_translations of '{code}' translates '{title}', which is not a menu title in nav",
                                            "write it exactly as the title in nav, or delete it if that page is gone"))
    return problems


def section_ids(text: str) -> dict[str, tuple[int, int]]:
    """Each section id of a page, with where it is written."""
    return {m.group("id"): line_and_column(text, m.start("id")) for m in SECTION_ID.finditer(text)}


def check_section_ids(docs_dir: Path, root: Path, languages: tuple[str, ...]) -> list[Problem]:
    """Each page's sections have the same ids in every language, so links keep their place."""
    default, *others = languages
    problems = []
    for english in sorted((docs_dir / default).rglob("*.md")):
        relative = english.relative_to(docs_dir / default)
        ids = section_ids(english.read_text(encoding="utf-8"))
        for lang in others:
            translated = docs_dir / lang / relative
            if not translated.exists():
                continue  # reported by the page checks
            label = translated.relative_to(root).as_posix()
            their_ids = section_ids(translated.read_text(encoding="utf-8"))
            source = english.relative_to(root).as_posix()
            for missing in sorted(set(ids) - set(their_ids)):
                line = ids[missing][0]
                problems.append(Problem(label, 1, 1, f"the section id '{{#{missing}}}' of {source}:{line} is not in this page",
                                        f"give the matching heading the same id: {{#{missing}}}"))
            for extra in sorted(set(their_ids) - set(ids)):
                problems.append(Problem(label, *their_ids[extra], f"the section id '{{#{extra}}}' is not in {source}",
                                        "use the same id as the matching English heading"))
    return problems
