"""The mkdocs-macros entry point: each page's component calls become HTML.

mkdocs-macros calls `define_env` once per language build and `on_pre_page_macros` before
each page. The page's text is never rendered as a template: it is parsed for component
calls (macros.render.page_calls), a page with anything else fails the build with the
same messages as `make check`, and the calls are expanded here. mkdocs.yml sets
`render_by_default: false`, and each page is marked not to be rendered, so the plugin's
own template engine never sees page text.
"""
from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError

from ..check.content_rules import line_and_column
from ..load import load_playbook
from ..problems import ContentError, Problem
from ..readings import source_language
from ..render.links import PageContext
from ..render.page_calls import PageMap, PagesRefused, expand, parse_page
from ..render.renderer import Renderer
from . import theme

_current: dict = {}  # the playbook last loaded, and a renderer per language folder


def renderer_for(root: Path, lang_folder: Path) -> Renderer:
    """One renderer (compiled templates, page map) for each language over the same data."""
    playbook = load_playbook(root / "data", root)
    if _current.get("playbook") is not playbook:
        _current.clear()
        _current["playbook"] = playbook
    key = lang_folder.resolve()
    if key not in _current:
        try:
            pages = PageMap.from_folder(lang_folder, playbook)
        except PagesRefused as refused:
            problems = [Problem(_label(root, path), *line_and_column(text, refusal.offset), refusal.message, refusal.fix)
                        for path, text, refusal in refused.refused]
            raise PluginError("A page contains what pages may not contain:\n" + ContentError(problems).report()) from None
        _current[key] = Renderer(playbook, pages)
    return _current[key]


def _label(root: Path, path: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def define_env(env):
    root = Path(env.project_dir)
    _current.clear()  # each build (each language's, each rebuild of `mkdocs serve`) reads the pages again
    try:
        load_playbook(root / "data", root)
    except ContentError as error:
        raise PluginError("The playbook's data has problems:\n" + error.report()) from None


def on_pre_page_macros(env):
    page, config = env.page, env.conf
    root = Path(env.project_dir)
    default, _, _ = theme.languages(config)
    lang = theme.page_language(page, default)
    src = page.file.src_uri
    folder, _, inside = src.partition("/") if src.startswith(f"{lang}/") else ("", "", src)
    docs = Path(config["docs_dir"])
    renderer = renderer_for(root, docs / folder if folder else docs)
    parsed = parse_page(env.markdown, renderer.playbook)
    if parsed.refusals:  # the page changed since the page map was made (mkdocs serve)
        # Positions are counted in the page's Markdown, after its front matter.
        offset_lines = _front_matter_lines(docs / src)
        problems = []
        for refusal in parsed.refusals:
            line, column = line_and_column(env.markdown, refusal.offset)
            problems.append(Problem(_label(root, docs / src), line + offset_lines, column, refusal.message, refusal.fix))
        raise PluginError("A page contains what pages may not contain:\n" + ContentError(problems).report())
    # A converted reading renders its source language's text; the page is converted after.
    context = PageContext(source_language(lang), inside, bool(config["use_directory_urls"]),
                          reading=lang, offline_copy=theme.offline_copy(config, lang))
    env.markdown = expand(parsed, lambda call: renderer.render(call.component, context, call.arguments))
    page.meta["render_macros"] = False  # the expanded page is never rendered as a template


def _front_matter_lines(path: Path) -> int:
    """How many lines the front matter takes, so positions name the line in the file."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return 0
    if not text.startswith("---\n"):
        return 0
    end = text.find("\n---\n", 4)
    return text[: end + 5].count("\n") if end >= 0 else 0


def page_context(page, config) -> tuple[Renderer, PageContext]:
    """The renderer of the page's language and the page as components see it."""
    root = Path(config.config_file_path).parent
    default, _, _ = theme.languages(config)
    lang = theme.page_language(page, default)
    src = page.file.src_uri
    folder, _, inside = src.partition("/") if src.startswith(f"{lang}/") else ("", "", src)
    docs = Path(config["docs_dir"])
    renderer = renderer_for(root, docs / folder if folder else docs)
    return renderer, PageContext(source_language(lang), inside, bool(config["use_directory_urls"]),
                                 reading=lang, offline_copy=theme.offline_copy(config, lang))
