"""Links between pages, worked out from the pages' source paths so that they work both
served (with directory URLs) and from disk (with .html files)."""
from __future__ import annotations

import functools
import posixpath
import re
from dataclasses import dataclass

from .offline_copy import OfflineCopy


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
    offline_copy: OfflineCopy | None = None  # the zip the page offers, or None in a build without one

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


# An address as written in running text; it never holds characters HTML escapes.
EMAIL_ADDRESS = re.compile(r"(?<![\w.@/:+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![\w@-])")
_TAG = re.compile(r"(<[^>]*>)")


def link_email_addresses(html: str) -> str:
    """`html` with each e-mail address in its text (not in attributes, not already in a
    link) made a mailto: link, so that a reader can tap it and a long address can wrap."""
    parts = _TAG.split(html)
    inside_link = 0
    for index, part in enumerate(parts):
        if index % 2:  # a tag
            name = part[1:].lstrip("/").split(None, 1)[0].rstrip(">").lower() if len(part) > 2 else ""
            if name == "a":
                inside_link += -1 if part.startswith("</") else 1
        elif not inside_link and "@" in part:
            parts[index] = EMAIL_ADDRESS.sub(lambda m: f'<a href="mailto:{m.group(0)}">{m.group(0)}</a>', part)
    return "".join(parts)


def tel_href(number: str, country_code: str = "1") -> str:
    """The tel: address of a number as the data writes it (206-252-0716): digits only, in
    the international form phones dial from anywhere (tel:+12062520716)."""
    digits = re.sub(r"\D", "", number)
    if number.strip().startswith("+"):
        return f"tel:+{digits}"
    if len(digits) == 11 and digits.startswith(country_code):
        digits = digits[1:]
    return f"tel:+{country_code}{digits}"
