"""Renders components to HTML, one Jinja template per component (templates/<name>.html).

Autoescaping is on, so every data value reaches the page as text. Nothing here knows
about MkDocs: the caller says which language and which page it renders for.
"""
from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from ..cache import cache_dir
from ..check.provenance import citation_text
from ..load.model import HTML_LANG, LANGUAGES, Playbook
from .components import Component
from .links import PageContext, link_email_addresses, tel_href
from .offline_copy import size_words
from .page_calls import PageMap

TEMPLATES = Path(__file__).parent / "templates"


def _bytecode_cache() -> FileSystemBytecodeCache | None:
    """Compiled templates, checked against each template's source before use: compiling
    the templates costs more than rendering them for the real content."""
    folder = cache_dir() / "templates"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return FileSystemBytecodeCache(str(folder))


class Renderer:
    """Renders the components of one playbook. `pages` says which page shows which entry,
    so that a link to an entry leads to the page that shows it."""

    def __init__(self, playbook: Playbook, pages: PageMap):
        self.playbook = playbook
        self.pages = pages
        self.env = Environment(
            loader=FileSystemLoader(TEMPLATES),
            autoescape=select_autoescape(default=True, default_for_string=True),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            bytecode_cache=_bytecode_cache(),
        )
        self.env.filters["tel_href"] = tel_href

    def _render(self, template: str, page: PageContext, values: dict) -> Markup:
        playbook = self.playbook
        lang = page.lang

        def ui(key: str, **fields) -> str:
            text = playbook.ui[key][lang]
            return text.format(**fields) if fields else text

        def href(collection: str, entry_id: str) -> str:
            return page.href(self.pages.page_showing(collection, entry_id), entry_id)

        def cite(source: dict) -> str:
            return citation_text(playbook, source, lang) or ""

        def size(size_in_bytes: int) -> str:
            return size_words(size_in_bytes, ui)

        other_lang = next(code for code in LANGUAGES if code != lang)
        html = self.env.get_template(template).render(
            playbook=playbook, lang=lang, reading=page.reading or lang, other_lang=other_lang,
            other_lang_tag=HTML_LANG[other_lang], ui=ui, href=href, cite=cite, size=size, page=page, **values)
        # Markdown ends a raw HTML block at a blank line; keep the fragment in one block.
        # (Only real newlines: str.splitlines would also split text at form feeds and the like.)
        html = link_email_addresses(html)
        return Markup("\n".join(line for line in html.split("\n") if line.strip()))

    def render(self, component: Component, page: PageContext, arguments: dict) -> Markup:
        return self._render(component.template, page, component.values(self.playbook, **arguments))

    def not_found(self, lang: str, links: list[tuple[str, str]], other_home: str) -> Markup:
        """The page a server shows for an address it does not have. It is served at any
        depth, so `links` (title, URL) and `other_home` start from the site's root."""
        return self._render("not_found.html", PageContext(lang, "404.md"), {"links": links, "other_home": other_home})

    def offline_copy(self, page: PageContext, href: str | None = None) -> Markup:
        """The offer of the offline copy, for the footer of `page`; `href` when the zip's
        address is not relative to the page (the error page, served at any depth)."""
        return self._render("offline_copy.html", page, {"footer": True, "zip_href": href})
