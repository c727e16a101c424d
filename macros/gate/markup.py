"""HTML, SVG and XML read as a browser would see them: the text a reader sees (joined
across inline tags, so spam split by <em> is whole again), every attribute with its
entities decoded, scripts, styles, comments, and where in the file each one is.
"""
from __future__ import annotations

import bisect
import html
from dataclasses import dataclass, field
from html.parser import HTMLParser

from .normalise import BOUNDARY

# Elements that do not end a run of text: a phrase split across them reads as one.
INLINE = frozenset(["a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del", "dfn", "em", "font", "i", "ins", "kbd", "mark", "q", "s", "samp", "small", "span", "strike", "strong", "sub", "sup", "time", "tt", "u", "var", "wbr"])
RAW_TEXT = frozenset({"script", "style"})


@dataclass(frozen=True)
class Element:
    tag: str
    attributes: dict
    line: int
    column: int


@dataclass(frozen=True)
class Attribute:
    owner: Element
    name: str
    value: str  # entities decoded, as the browser uses it
    line: int
    column: int

    @property
    def tag(self) -> str:
        return self.owner.tag


@dataclass
class RawText:
    """The content of a <script> or <style> element."""
    element: Element
    body: str = ""


@dataclass
class Markup:
    text: str = ""  # every run of visible text, runs separated by BOUNDARY
    elements: list[Element] = field(default_factory=list)
    attributes: list[Attribute] = field(default_factory=list)
    raw_texts: list[RawText] = field(default_factory=list)
    comments: list[tuple[str, int, int]] = field(default_factory=list)
    # (offset in text, line, column, whether the text from there on is as written):
    # where each piece of text came from.
    _anchors: list[tuple[int, int, int, bool]] = field(default_factory=list)

    def position(self, offset: int) -> tuple[int, int]:
        """Line and column (both from 1) in the file of the character at `offset` in text."""
        index = bisect.bisect_right(self._anchors, (offset, 1 << 62)) - 1
        if index < 0:
            return 1, 1
        start, line, column, exact = self._anchors[index]
        if not exact:
            return line, column
        before = self.text[start:offset]
        newlines = before.count("\n")
        if newlines:
            return line + newlines, len(before) - before.rfind("\n")
        return line, column + len(before)


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.markup = Markup()
        self._pieces: list[str] = []
        self._length = 0
        self._raw: RawText | None = None

    def _where(self) -> tuple[int, int]:
        line, offset = self.getpos()
        return line, offset + 1

    def _add_text(self, text: str, exact: bool) -> None:
        if self._raw is not None:
            self._raw.body += text
            return
        line, column = self._where()
        self.markup._anchors.append((self._length, line, column, exact))
        self._pieces.append(text)
        self._length += len(text)

    def _boundary(self) -> None:
        if self._pieces and self._pieces[-1] != BOUNDARY:
            self._pieces.append(BOUNDARY)
            self._length += 1

    def handle_starttag(self, tag, attrs):
        self._start(tag, attrs)
        if tag in RAW_TEXT:
            self._raw = RawText(self.markup.elements[-1])
            self.markup.raw_texts.append(self._raw)

    def handle_startendtag(self, tag, attrs):
        self._start(tag, attrs)

    def _start(self, tag, attrs):
        line, column = self._where()
        values = {name: value or "" for name, value in attrs}
        element = Element(tag, values, line, column)
        self.markup.elements.append(element)
        written = self.get_starttag_text() or ""
        lowered = written.lower()
        cursor = len(tag) + 1
        for name, value in attrs:
            # Where the attribute is written, counted from the start of the tag.
            found = lowered.find(name, cursor)
            cursor = found + len(name) if found >= 0 else cursor
            before = written[:max(found, 0)]
            newlines = before.count("\n")
            at = (line + newlines, (len(before) - before.rfind("\n")) if newlines else column + len(before))
            self.markup.attributes.append(Attribute(element, name, value or "", *at))
        if tag not in INLINE:
            self._boundary()

    def handle_endtag(self, tag):
        if tag in RAW_TEXT:
            self._raw = None
        if tag not in INLINE:
            self._boundary()

    def handle_data(self, data):
        self._add_text(data, exact=True)

    def handle_entityref(self, name):
        self._add_text(html.unescape(f"&{name};"), exact=False)

    def handle_charref(self, name):
        self._add_text(html.unescape(f"&#{name};"), exact=False)

    def handle_comment(self, data):
        self.markup.comments.append((data, *self._where()))

    def unknown_decl(self, data):  # <![CDATA[...]]> in SVG and XML
        if data.upper().startswith("CDATA["):
            self._add_text(data[6:], exact=False)

    def close(self):
        super().close()
        self.markup.text = "".join(self._pieces)


def read_markup(source: str) -> Markup:
    reader = _Reader()
    reader.feed(source)
    reader.close()
    return reader.markup
