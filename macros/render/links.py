"""Links between pages, worked out from the pages' source paths so that they work both
served (with directory URLs) and from disk (with .html files)."""
from __future__ import annotations

import functools
import posixpath
from dataclasses import dataclass


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
    reading: str = ""  # the site's reading the page belongs to, when not `lang` (zh-hant pages render zh)

    @functools.lru_cache(maxsize=4096)  # noqa: B019 - few, long-lived pages link to the same few targets many times
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
