"""Renders playbook components to HTML, one Jinja template per component.

Autoescaping is on, so every data value reaches the page as text. Nothing here
knows about MkDocs: the caller says which language and which page it renders for.
"""
from __future__ import annotations

import functools
import json
import posixpath
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from .cache import cache_dir
from .model import Playbook
from .playbook import successors
from .provenance import citation_text
from .school_year import months_of_year

TEMPLATES = Path(__file__).parent / "templates"

# Where each kind of entry is described; anchors are the entries' ids.
PAGES = {
    "tools": "tools.md",
    "forms": "establish/forms.md",
    "checklists": "checklists.md",
    "stages": "index.md",
    "timeline": "establish/timeline.md",
    "flowchart": "establish/index.md",
    "board_review": "lead-partners.md",
    "onboarding": "onboarding.md",
}


def page_url(src: str, directory_urls: bool) -> str:
    """The URL MkDocs gives the page built from `src` (a path inside one language's folder)."""
    if not src.endswith(".md"):
        return src
    stem = src[:-3]
    if not directory_urls:
        return stem + ".html"
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


@dataclass(frozen=True)
class PageContext:
    """The page a component is rendered on."""

    lang: str
    src: str  # path within the language folder, e.g. "establish/forms.md"
    directory_urls: bool = True

    @functools.lru_cache(maxsize=4096)  # pages link to the same few targets many times
    def href(self, target: str, anchor: str = "") -> str:
        """A link from this page to `target` (a source path, or a plain file path) that works
        served and from disk."""
        here = page_url(self.src, self.directory_urls)
        there = page_url(target, self.directory_urls)
        base = here if here.endswith("/") or not here else posixpath.dirname(here)
        relative = posixpath.relpath(there or ".", base or ".")
        if there.endswith("/") or not there:
            relative = "./" if relative == "." else relative + "/"
        return relative + (f"#{anchor}" if anchor else "")


def _bytecode_cache() -> FileSystemBytecodeCache | None:
    """Compiled templates, checked against each template's source before use: compiling
    the templates costs more than rendering them for the real content."""
    folder = cache_dir() / "templates"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return FileSystemBytecodeCache(str(folder))


class Components:
    def __init__(self, playbook: Playbook):
        self.playbook = playbook
        self.env = Environment(
            loader=FileSystemLoader(TEMPLATES),
            autoescape=select_autoescape(default=True, default_for_string=True),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            bytecode_cache=_bytecode_cache(),
        )
        self.env.filters["tojson_attr"] = lambda value: json.dumps(value, ensure_ascii=False)

    def render(self, template: str, page: PageContext, **values) -> Markup:
        playbook = self.playbook
        lang = page.lang

        def ui(key: str, **fields) -> str:
            text = playbook.ui[key][lang]
            return text.format(**fields) if fields else text

        def href(kind: str, anchor: str = "") -> str:
            return page.href(PAGES[kind], anchor)

        def cite(source: dict) -> str:
            return citation_text(playbook, source, lang) or ""

        html = self.env.get_template(template).render(
            playbook=playbook, lang=lang, other_lang="zh" if lang == "en" else "en",
            ui=ui, href=href, cite=cite, page=page, **values)
        # Markdown ends a raw HTML block at a blank line; keep the fragment in one block.
        # (Only real newlines: str.splitlines would also split text at form feeds and the like.)
        return Markup("\n".join(line for line in html.split("\n") if line.strip()))

    # One method per component; pages call these through the macros of the same name.

    def stage_overview(self, page):
        tools_by_stage = {s.id: [t for t in self.playbook.tools if s.id in t.stages] for s in self.playbook.stages}
        checklists_by_stage = {s.id: [c for c in self.playbook.checklists if c.stage == s.id] for s in self.playbook.stages}
        return self.render("stage_overview.html", page, tools_by_stage=tools_by_stage, checklists_by_stage=checklists_by_stage)

    def flowchart(self, page, flowchart_id):
        chart = self.playbook.by_id["flowcharts"][flowchart_id]
        steps = list(chart.steps)
        number = {step.id: index + 1 for index, step in enumerate(steps)}
        follows = {step.id: successors(steps, index) for index, step in enumerate(steps)}
        return self.render("flowchart.html", page, chart=chart, number=number, follows=follows)

    def timeline(self, page):
        months = months_of_year(self.playbook.site.school_year)
        by_month = [(year, month, [e for e in self.playbook.timeline if e.month == month]) for year, month in months]
        return self.render("timeline.html", page, by_month=by_month)

    def forms(self, page, ids=None):
        forms = [f for f in self.playbook.forms if ids is None or f.id in ids]
        return self.render("forms.html", page, forms=forms)

    def data_access(self, page):
        return self.render("data_access.html", page, paths=self.playbook.data_access_paths)

    def tools(self, page):
        return self.render("tools.html", page, tools=self.playbook.tools)

    def checklists(self, page, audience):
        checklists = [c for c in self.playbook.checklists if c.audience == audience]
        return self.render("checklists.html", page, checklists=checklists)

    def board_review(self, page):
        return self.render("board_review.html", page, review=self.playbook.board_review)

    def initiatives(self, page):
        return self.render("initiatives.html", page, initiatives=self.playbook.initiatives)

    def recognitions(self, page):
        years = sorted({r.school_year for r in self.playbook.recognitions}, reverse=True)
        return self.render("recognitions.html", page, years=years, recognitions=self.playbook.recognitions)

    def partnership_types(self, page):
        return self.render("partnership_types.html", page, types=self.playbook.partnership_types)

    def practices(self, page, category):
        practices = [p for p in self.playbook.practices if p.category == category]
        return self.render("practices.html", page, practices=practices)

    def glossary(self, page):
        terms = sorted(self.playbook.glossary, key=lambda term: term.term[page.lang].casefold())
        return self.render("glossary.html", page, terms=terms)

    def sources(self, page):
        return self.render("sources.html", page, documents=self.playbook.sources, missing=self.playbook.named_not_linkable)

    def contacts(self, page):
        return self.render("contacts.html", page, contacts=self.playbook.contacts)

    def not_found(self, lang: str, links: list[tuple[str, str]], other_home: str) -> Markup:
        """The page a server shows for an address it does not have. It is served at any
        depth, so `links` (title, URL) and `other_home` start from the site's root."""
        return self.render("not_found.html", PageContext(lang, "404.md"), links=links, other_home=other_home)
