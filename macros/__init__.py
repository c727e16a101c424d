"""The playbook's macros: MkDocs pages call these to place components.

This layer is thin on purpose: it finds the page's language and hands over to
`components`, which knows nothing about MkDocs.
"""
from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError

from .components import Components, PageContext
from .playbook import load_playbook
from .problems import ContentError

MACROS = ("stage_overview", "flowchart", "timeline", "forms", "data_access", "tools", "checklists",
          "board_review", "initiatives", "recognitions", "partnership_types", "practices", "contacts", "glossary", "sources")


def page_context(env) -> PageContext:
    page = env.page
    lang = getattr(page.file, "locale", None) or "en"
    src = page.file.src_uri
    if src.startswith(f"{lang}/"):
        src = src[len(lang) + 1:]
    return PageContext(lang, src, bool(env.conf["use_directory_urls"]))


_current: list = [None, None]  # the playbook last loaded, and its components


def components_for(playbook) -> Components:
    """One set of compiled templates for every language pass over the same data."""
    if _current[0] is not playbook:
        _current[:] = [playbook, Components(playbook)]
    return _current[1]


def define_env(env):
    root = Path(env.project_dir)
    try:
        playbook = load_playbook(root / "data", root)
    except ContentError as error:
        raise PluginError("The playbook's data has problems:\n" + error.report()) from None
    components = components_for(playbook)

    def register(name):
        method = getattr(components, name)
        env.macro(lambda *args, **kwargs: method(page_context(env), *args, **kwargs), name)

    for name in MACROS:
        register(name)
