"""Raw HTML and attribute lists in pages: an allowlist, and everything else refused.

Markdown passes raw HTML straight to the page, and the attr_list extension lets `{...}`
set any attribute on the element before it. Either could carry script, a form posting
to another site, or text hidden from readers but read by search engines. So a page may
use only a few harmless inline tags (checked with the nh3 sanitiser, which decides what
survives) and attribute lists that set an id or a listed class; anything else is
refused with its line, column and what to write instead.
"""
from __future__ import annotations

from bisect import bisect_right
from html.parser import HTMLParser

import nh3
import re2

from ..problems import Problem

ALLOWED_TAGS = frozenset({"abbr", "br", "kbd", "sub", "sup"})
ALLOWED_ATTRIBUTES = {"abbr": {"title"}, "*": {"lang"}}
# Classes an attribute list may set: the theme's button style for a link.
ALLOWED_CLASSES = frozenset({"md-button", "md-button--primary",
                             "guidance", "site-help"})  # a section's provenance (macros/check/provenance.py)
# A section's source: data-source="<document id>#<section id>" (macros/check/provenance.py
# checks that both exist).
SOURCE_ATTRIBUTE = re2.compile(r'data-source="[a-z0-9-]+#[a-z0-9-]+"')
MAX_TAG_CHARACTERS = 1_000
MAX_PROBLEMS = 20  # per page: enough to show what to change without a flood

WHY_REFUSED = {
    "script": ("script would run in the reader's browser", "pages cannot carry script; ask a developer for anything interactive"),
    "style": ("a style block can hide or disguise text", "remove it; the site's look comes from its stylesheet"),
    "form": ("a form can send what readers type to another site", "link to the district's own form instead"),
    "iframe": ("a frame shows another site inside the page", "link to the page instead: [title](https://...)"),
    "frame": ("a frame shows another site inside the page", "link to the page instead: [title](https://...)"),
    "object": ("an embedded object can run code", "link to the file instead: [title](https://...)"),
    "embed": ("an embedded object can run code", "link to the file instead: [title](https://...)"),
    "plaintext": ("it turns the rest of the page into raw text", "remove it"),
    "textarea": ("a form field can collect what readers type", "remove it; the playbook collects nothing"),
    "input": ("a form field can collect what readers type", "remove it; the playbook collects nothing"),
    "a": ("a link written in HTML escapes the link checks", "write the link in Markdown: [text](https://...)"),
    "img": ("an image written in HTML escapes the file checks", "add the image in Markdown: ![description](images/name.png)"),
    "base": ("it changes where every link on the page leads", "remove it"),
    "meta": ("it can redirect the reader or change the page's rules", "remove it"),
    "link": ("it loads files from elsewhere", "remove it"),
}
DEFAULT_FIX = "write it in Markdown; the tags pages may use are " + ", ".join(f"<{t}>" for t in sorted(ALLOWED_TAGS))

# Every pattern here runs in linear time (RE2): pages are untrusted text.
FENCE = re2.compile(r"(?m)^[ \t]*(```|~~~)")
INLINE_CODE = re2.compile(r"``[^\n]*?``|`[^`\n]*`")
HTML_START = re2.compile(r"<!--|<[!?]|</?([A-Za-z][A-Za-z0-9-]*)(?:[\s/>]|$)")
ATTR_LIST = re2.compile(r"\{(:?)([^{}\n]*)\}")
ATTR_TOKEN = re2.compile(r"""[^\s"'=]+(?:=(?:"[^"]*"|'[^']*'|[^\s]*))?|["'=]\S*""")
NAME = re2.compile(r"#[A-Za-z0-9_-]+")


def _blanked(text: str, spans) -> str:
    """`text` with each (start, end) span replaced by spaces, line breaks kept, so that
    positions stay where they were."""
    parts, last = [], 0
    for start, end in spans:
        parts += [text[last:start], "".join(c if c == "\n" else " " for c in text[start:end])]
        last = end
    return "".join(parts) + text[last:]


def without_code(text: str) -> str:
    """The page with its code blocks and code spans blanked: what is in them is shown as
    written, never read as HTML."""
    fences = [m.start() for m in FENCE.finditer(text)]
    text = _blanked(text, zip(fences[::2], fences[1::2] + [len(text)], strict=False))  # an unclosed fence runs to the end
    return _blanked(text, (m.span() for m in INLINE_CODE.finditer(text)))


class _Attributes(HTMLParser):
    """The attributes of one start tag, as a browser reads them."""

    def __init__(self, tag: str):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str | None]] = []
        self.feed(tag)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.found.extend(attrs)

    handle_startendtag = handle_starttag


def _why_attribute(name: str) -> tuple[str, str]:
    if name.startswith("on"):
        return "an event handler would run script", "remove it; pages cannot carry script"
    if name == "style":
        return "a style can hide or disguise text", "remove it; the site's look comes from its stylesheet"
    if name == "hidden":
        return "hidden text is read by search engines but not by readers", "remove the attribute, or the text"
    return "it is not one the pages may use", "remove it"


def _tag_problems(label: str, where, name: str, tag: str) -> list[Problem]:
    """The attributes of an allowed tag that the sanitiser would remove or change."""
    kept = dict(_Attributes(nh3.clean(tag, tags=set(ALLOWED_TAGS), attributes=ALLOWED_ATTRIBUTES, link_rel=None)).found)
    problems = []
    for attribute, value in _Attributes(tag).found:
        if kept.get(attribute, object()) != value:
            why, fix = _why_attribute(attribute)
            problems.append(Problem(label, *where, f"the attribute '{attribute}' on <{name}> is not allowed: {why}", fix))
    return problems


def _attr_list_problems(label: str, where, content: str) -> list[Problem]:
    problems = []
    for token in ATTR_TOKEN.findall(content):
        if NAME.fullmatch(token) or (token.startswith(".") and token[1:] in ALLOWED_CLASSES):
            continue
        if SOURCE_ATTRIBUTE.fullmatch(token):
            continue
        key = token.split("=", 1)[0].lower()
        if token.startswith("."):
            message = f"the class '{token[1:]}' is not one the pages may use"
            fix = "remove it" + (f", or use one of: {', '.join(sorted(ALLOWED_CLASSES))}" if ALLOWED_CLASSES else "")
        else:
            why, fix = _why_attribute(key)
            message = f"'{{{content.strip()}}}' would set the attribute '{key}': {why}"
            fix = f"{fix}; an attribute list may set only an id, e.g. {{#my-heading}}"
        problems.append(Problem(label, *where, message, fix))
    return problems


def html_problems(text: str, label: str) -> list[Problem]:
    """Every raw HTML tag, comment and attribute list in a page that is not allowed."""
    text = without_code(text)
    line_starts = [0]
    while (found := text.find("\n", line_starts[-1])) >= 0:
        line_starts.append(found + 1)

    def where(offset: int) -> tuple[int, int]:
        line = bisect_right(line_starts, offset)
        return line, offset - line_starts[line - 1] + 1

    problems: list[Problem] = []
    for match in HTML_START.finditer(text):
        if len(problems) >= MAX_PROBLEMS:
            return problems
        start, opening = match.start(), match.group(0)
        if opening == "<!--":
            end = text.find("-->", start + 4)
            if end < 0 or text[start + 4:end].strip():
                problems.append(Problem(label, *where(start), "an HTML comment with text is not allowed: readers never see it, so it can hide text",
                                        "delete the comment; explain a change in its pull request instead"))
            if end < 0:
                break  # the rest of the page is inside the comment
            continue
        if opening in ("<!", "<?"):
            problems.append(Problem(label, *where(start), f"raw HTML '{opening}...' is not allowed in pages", "remove it"))
            continue
        name = match.group(1).lower()
        if opening.startswith("</"):
            continue  # a closing tag carries nothing; its opening tag is checked
        if name not in ALLOWED_TAGS:
            why, fix = WHY_REFUSED.get(name, ("", DEFAULT_FIX))
            problems.append(Problem(label, *where(start), f"raw HTML <{name}> is not allowed in pages" + (f": {why}" if why else ""), fix))
            continue
        end = text.find(">", start, start + MAX_TAG_CHARACTERS)
        if end < 0:
            problems.append(Problem(label, *where(start), f"the tag <{name}> is not closed with '>'", "finish the tag, e.g. <abbr title=\"...\">"))
            continue
        problems.extend(_tag_problems(label, where(start), name, text[start:end + 1]))
    for match in ATTR_LIST.finditer(text):
        if len(problems) >= MAX_PROBLEMS:
            break
        start, content = match.start(), match.group(2)
        if start and text[start - 1] == "{" or content.startswith(("%", "##")):
            continue  # a template tag placing a component, not an attribute list
        problems.extend(_attr_list_problems(label, where(start), content))
    return problems
