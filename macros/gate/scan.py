"""`scan_site`: every file of a built site, checked before it is published.

Built site → gate → publish. The gate reads each file as a browser or a calendar
program would (HTML text and every attribute, scripts, styles, search indexes, the
sitemap, calendars, SVG, CSS, the project's own JavaScript) and reports every piece of
advertising, placeholder, link that leads elsewhere, script that is not the project's
own, element that can send or load something, and file that should not be there.
"""
from __future__ import annotations

import gzip
import io
import json
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import ada_url
import re2

from ..readings import READINGS, source_language
from .files import SIGNATURES, digest, file_type, shipped_files
from .links import LinkPolicy
from .markup import Element, Markup, read_markup
from .normalise import BOUNDARY, mapped_plain_form, plain_form
from .phones import contact_phone_numbers
from .rules import PublishingRules, load_rules
from .sources import SourceIndex, source_index
from .text_checks import TextChecks, texts_at

# Attributes whose value a browser follows or loads.
LINK_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "xlink:href", "poster", "background", "cite",
                             "data", "longdesc", "manifest", "codebase", "icon", "lowsrc", "dynsrc", "usemap"})
LINK_LIST_ATTRIBUTES = frozenset({"srcset", "imagesrcset", "ping", "archive"})
# Elements that embed other documents or change where the page, or what a reader types, goes.
FORBIDDEN_ELEMENTS = frozenset({"iframe", "frame", "frameset", "object", "embed", "applet", "base", "portal",
                                "foreignobject", "plaintext", "xmp", "noembed"})
# Attributes that send a form elsewhere, on <form> or on one of its buttons.
FORM_SENDING = frozenset({"action", "method", "target", "formaction", "formmethod", "formtarget"})
# Script types a browser does not run: data blocks.
DATA_SCRIPT_TYPES = frozenset({"application/json", "application/ld+json"})
# Attributes that hold no text for a reader: names, not words.
NAME_ATTRIBUTES = frozenset({"class", "id", "for", "name", "rel", "lang", "type", "role", "headers", "form", "list",
                             "hreflang", "charset", "http-equiv", "xmlns", "xmlns:xlink", "xmlns:xhtml"})
CSS_URL = re2.compile(r"""(?i)url\(\s*(?:"([^"]*)"|'([^']*)'|([^)"'\s]*))\s*\)|@import\s+(?:"([^"]*)"|'([^']*)')""")
CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6})\s?|\\(.)", re.S)
MAX_UNPACKED = 32 * 1024 * 1024
SWALLOWING = re.compile(r"<(?:script|style)|<!--|<!\[", re.I)


@dataclass(frozen=True, order=True)
class Finding:
    file: str  # the published file, relative to the site folder
    line: int
    column: int
    category: str  # spam, placeholder, link, script, element or file
    message: str
    source: str | None = None  # file:line:column in data/ or docs/, where it could be traced

    def describe(self, site_label: str = "site") -> str:
        text = f"{site_label.rstrip('/')}/{self.file}:{self.line}:{self.column}: {self.message}"
        return f"{text} [source: {self.source}]" if self.source else text

    def __str__(self) -> str:
        return self.describe()


def refuse_inline_scripts(body: str) -> bool:
    return False


@dataclass(frozen=True)
class GateContext:
    """What the caller of the gate supplies."""
    root: Path  # the project, whose data/ and docs/ findings are traced back to
    rules: PublishingRules
    # Whether an inline script is one of the project's own (its text, as published).
    inline_script_allowed: Callable[[str], bool] = refuse_inline_scripts
    phone_numbers: frozenset[str] = frozenset()  # ten digits each: the numbers tel: links may call
    extra_files: frozenset[str] = frozenset()  # site-relative paths allowed whatever their type
    site_url: str | None = None  # the address the site is published at, if known
    data_urls: frozenset[str] = frozenset()  # data: addresses a listed asset needs
    shipped: frozenset[str] = frozenset()  # digests of theme and vendored files, published as shipped

    @classmethod
    def for_project(cls, root: Path, *, inline_script_allowed: Callable[[str], bool] = refuse_inline_scripts,
                    site_url: str | None = None, extra_files=(), data_urls=()) -> GateContext:
        from ..render.offline_copy import FOLDER, NOTE, ZIP_NAME

        root = Path(root)
        # The offline copy's note on how to open it is plain text: checked as text, like any file.
        extra_files = (*extra_files, f"{ZIP_NAME}/{FOLDER}/{NOTE}")
        return cls(root=root, rules=load_rules(root), inline_script_allowed=inline_script_allowed,
                   phone_numbers=contact_phone_numbers(root), extra_files=frozenset(extra_files),
                   site_url=site_url, data_urls=frozenset(data_urls), shipped=shipped_files(root))


def scan_site(site_dir: Path, context: GateContext) -> list[Finding]:
    """Every finding in every file of the built site at `site_dir`, sorted by file and line."""
    site_dir = Path(site_dir)
    scanner = _Scanner(context)
    for path in sorted(p for p in site_dir.rglob("*") if p.is_file() or p.is_symlink()):
        scanner.scan_file(path.relative_to(site_dir).as_posix(), path)
    return sorted(scanner.traced())


class _Scanner:
    def __init__(self, context: GateContext):
        self.context = context
        self.checks = TextChecks(context.rules)
        self.links = LinkPolicy(context.rules.allowed_domains, context.phone_numbers, context.site_url,
                                context.data_urls)
        self.found: list[tuple[Finding, tuple[str, str], str]] = []  # with the published text and language, to trace
        self._sources: SourceIndex | None = None

    # -- reporting -----------------------------------------------------------------
    def add(self, file: str, line: int, column: int, category: str, message: str, published: str = "",
            context: str = "") -> None:
        """A finding; `published` is the offending text as published and `context` the text
        around it, by which its source is looked for."""
        self.found.append((Finding(file, line, column, category, message), (published, context), _language(file)))

    def traced(self) -> list[Finding]:
        if not self.found:
            return []
        if self._sources is None:
            self._sources = source_index(self.context.root)
        unique = {}
        for finding, (published, context), lang in self.found:
            squeeze = finding.category == "spam"
            source = self._sources.locate(published, lang, context, squeeze) if published else None
            traced = Finding(finding.file, finding.line, finding.column, finding.category, finding.message, source)
            unique[(traced.file, traced.line, traced.column, traced.message)] = traced
        return list(unique.values())

    # -- files ---------------------------------------------------------------------
    def scan_file(self, relative: str, path: Path) -> None:
        if path.is_symlink():
            self.add(relative, 1, 1, "file", "is a symbolic link, which may not be published")
            return
        self.scan_content(relative, path.read_bytes())

    def scan_content(self, relative: str, content: bytes) -> None:
        if digest(content) in self.context.shipped:
            return
        kind = file_type(relative, self.context.rules.file_types)
        if kind is None and relative not in self.context.extra_files:
            self.add(relative, 1, 1, "file", "files of this type may not be published "
                     f"(allowed: {', '.join(self.context.rules.file_types)})")
            return
        signatures = SIGNATURES.get(kind or "")
        if signatures is not None and not content.startswith(signatures):
            self.add(relative, 1, 1, "file", f"is not really a .{kind} file")
            return
        if kind == "zip":  # the offline copy: every file in it is published too
            self.scan_zip(relative, content)
            return
        if kind == "xml.gz":
            try:
                with gzip.open(io.BytesIO(content)) as unpacked:
                    content = unpacked.read(MAX_UNPACKED + 1)
            except (OSError, EOFError):
                self.add(relative, 1, 1, "file", "is not a readable gzip file")
                return
            if len(content) > MAX_UNPACKED:
                self.add(relative, 1, 1, "file", "unpacks to more than 32 MB")
                return
            kind = "xml"
        if kind in ("png", "ico", "jpg", "jpeg", "gif", "webp", "woff2"):
            return
        try:
            text = content.decode("utf-8")
        except UnicodeDecodeError:
            self.add(relative, 1, 1, "file", "is not UTF-8 text")
            return
        scan = {"html": self.scan_html, "xml": self.scan_html, "svg": self.scan_svg, "css": self.scan_css,
                "js": self.scan_code, "map": self.scan_code, "json": self.scan_json,
                "webmanifest": self.scan_json, "ics": self.scan_calendar}.get(kind, self.scan_text)
        if relative.endswith("search_index.js"):
            scan = self.scan_json
        scan(relative, text)

    def scan_zip(self, relative: str, content: bytes) -> None:
        """Each file in the zip, as if it were published at `relative`/its name."""
        try:
            archive = zipfile.ZipFile(io.BytesIO(content))
            members = [m for m in archive.infolist() if not m.is_dir()]
        except zipfile.BadZipFile:
            self.add(relative, 1, 1, "file", "is not a readable zip file")
            return
        if sum(member.file_size for member in members) > MAX_UNPACKED:
            self.add(relative, 1, 1, "file", "unpacks to more than 32 MB")
            return
        for member in members:
            if member.external_attr >> 16 & 0o170000 == 0o120000:
                self.add(f"{relative}/{member.filename}", 1, 1, "file", "is a symbolic link, which may not be published")
                continue
            self.scan_content(f"{relative}/{member.filename}", archive.read(member))

    def scan_text(self, relative: str, text: str, at: tuple[int, int] = (1, 1)) -> None:
        """Plain text: advertising, placeholders and addresses."""
        self.text_findings(relative, text, lambda offset: _shift(text, offset, at))

    def scan_code(self, relative: str, text: str) -> None:
        """JavaScript and source maps of the project: advertising, and addresses with a
        scheme or an @ (a name like `location.hash` is code, not a domain)."""
        position = _positions(text)
        for finding in self.checks.spam(text):
            self.add(relative, *position(finding.start), finding.category, finding.message, text[finding.start:finding.end])
        self.address_findings(relative, text, position, kinds=("url", "email"))

    def scan_json(self, relative: str, text: str) -> None:
        """JSON (search indexes, manifests): each string, as HTML when it holds markup."""
        body = text
        if relative.endswith(".js"):  # search_index.js: a script that assigns the index
            start, end = text.find("{"), text.rfind("}")
            body = text[start:end + 1] if 0 <= start < end else ""
        try:
            value = json.loads(body)
        except ValueError:
            if relative.endswith(".js"):
                return self.scan_code(relative, text)
            self.add(relative, 1, 1, "file", "is not valid JSON")
            return
        offset_of_body = text.find(body) if body else 0
        cursor = 0
        strings: list[tuple[str, tuple[int, int]]] = []
        for key, string in _strings(value):
            found = -1
            for encoded in (json.dumps(string, ensure_ascii=False), json.dumps(string)):
                found = body.find(encoded, cursor)
                if found >= 0:
                    cursor = found + len(encoded)
                    break
            at = _shift(text, offset_of_body + max(found, 0) + (1 if found >= 0 else 0), (1, 1))
            if key == "location":
                self.link_finding(relative, string, *at)
            else:
                strings.append((string, at))
        markup = [(s, at) for s, at in strings if "<" in s]
        plain = [(s, at) for s, at in strings if "<" not in s]
        self.scan_markup_strings(relative, markup)
        for index in self.screen([s for s, _ in plain], self.links.page_url(relative)):
            self.scan_text(relative, *plain[index])

    def scan_markup_strings(self, relative: str, strings: list[tuple[str, tuple[int, int]]]) -> None:
        """HTML held in strings (the text of a search index): read as one document,
        one string a line, then each finding placed at its string. A string that could
        swallow the ones after it (an unclosed script, style or comment) is read alone."""
        alone = [(s, at) for s, at in strings if SWALLOWING.search(s)]
        together = [(s.replace("\n", " ").replace("\r", " "), at) for s, at in strings if not SWALLOWING.search(s)]
        for string, at in alone:
            self.scan_html(relative, string, at)
        if together:
            markup = read_markup("\n".join(s for s, _ in together))
            self.scan_markup(relative, _relocated(markup, [at for _, at in together]))

    def scan_calendar(self, relative: str, text: str) -> None:
        """iCalendar: each property's value, unescaped; URL properties are links."""
        lines = text.replace("\r\n", "\n").split("\n")
        logical: list[tuple[int, str]] = []
        for number, line in enumerate(lines, 1):
            if line[:1] in (" ", "\t") and logical:
                logical[-1] = (logical[-1][0], logical[-1][1] + line[1:])
            else:
                logical.append((number, line))
        for number, line in logical:
            name, _, value = line.partition(":")
            prop = name.split(";", 1)[0].upper()
            if "ALTREP=" in name.upper():
                altrep = name.upper().split("ALTREP=", 1)[1]
                start = name.upper().find("ALTREP=") + 7
                self.link_finding(relative, name[start:start + len(altrep)].split(";")[0].strip('"'), number, 1)
            if prop in ("URL", "ATTACH", "TZURL"):
                self.link_finding(relative, value, number, len(name) + 2)
                continue
            unescaped = re.sub(r"\\([nN,;\\])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)
            self.scan_text(relative, unescaped, (number, len(name) + 2))

    def scan_css(self, relative: str, text: str, at: tuple[int, int] = (1, 1)) -> None:
        position = lambda offset: _shift(text, offset, at)  # noqa: E731
        for match in CSS_URL.finditer(text):
            target = next(g for g in match.groups() if g is not None) if any(g is not None for g in match.groups()) else ""
            self.link_finding(relative, _css_unescape(target), *position(match.start()))
        for finding in self.checks.spam(text):
            self.add(relative, *position(finding.start), finding.category, finding.message, text[finding.start:finding.end])

    def scan_svg(self, relative: str, text: str) -> None:
        markup = read_markup(text)
        for element in markup.elements:
            if element.tag == "script":
                self.add(relative, element.line, element.column, "script", "an SVG file may not contain a script")
        for attribute in markup.attributes:
            if attribute.name in ("href", "xlink:href", "src") and not attribute.value.strip().startswith("#"):
                self.add(relative, attribute.line, attribute.column, "link",
                         f"an SVG file may not refer to '{attribute.value}'", attribute.value)
        for attribute in markup.attributes:
            if attribute.name == "style":
                for match in CSS_URL.finditer(attribute.value):
                    target = next((g for g in match.groups() if g is not None), "")
                    if not target.strip().startswith("#"):
                        self.add(relative, attribute.line, attribute.column, "link",
                                 f"an SVG file may not refer to '{target}'", target)
        self.scan_markup(relative, markup, in_svg_file=True)

    def scan_html(self, relative: str, text: str, at: tuple[int, int] | None = None) -> None:
        markup = read_markup(text)
        if at is not None:  # markup inside a string of a JSON file: positions are the string's
            markup = _relocated(markup, [at])
        self.scan_markup(relative, markup)

    # -- markup ----------------------------------------------------------------------
    def scan_markup(self, relative: str, markup: Markup, in_svg_file: bool = False) -> None:
        page_url = self.links.page_url(relative)
        for element in markup.elements:
            self.element_findings(relative, element)
        texts = []
        for attribute in markup.attributes:
            if not self.attribute_findings(relative, attribute, page_url, in_svg_file):
                texts.append(attribute)
        for index in self.screen([attribute.value for attribute in texts], page_url):
            self.attribute_text_findings(relative, texts[index])
        for raw in markup.raw_texts:
            if raw.element.tag == "script":
                self.script_findings(relative, raw.element, raw.body, page_url)
            else:
                self.scan_css(relative, raw.body, (raw.element.line, raw.element.column))
        for comment, line, column in markup.comments:
            self.scan_text(relative, comment, (line, column))
        self.text_findings(relative, markup.text, markup.position)

    def element_findings(self, relative: str, element: Element) -> None:
        tag, attributes = element.tag, element.attributes
        where = (relative, element.line, element.column)
        if tag in FORBIDDEN_ELEMENTS:
            self.add(*where, "element", f"the element <{tag}> is not allowed on the site")
        elif tag == "meta" and attributes.get("http-equiv", "").strip().lower() == "refresh":
            self.add(*where, "element", "<meta http-equiv=\"refresh\"> sends readers to another address and is not allowed")
        elif tag == "input" and attributes.get("type", "").strip().lower() == "password":
            self.add(*where, "element", "a password field is not allowed on the site")
        sending = sorted(FORM_SENDING & attributes.keys()) if tag in ("form", "button", "input") else []
        if sending:
            self.add(*where, "element", f"<{tag} {sending[0]}=\"{attributes[sending[0]]}\"> would send what readers "
                     "type to another address; forms on the site must not be sent anywhere")

    def attribute_findings(self, relative: str, attribute, page_url: str, in_svg_file: bool) -> bool:
        """The findings of an attribute that holds script or links; False for an
        attribute that holds text, which the caller checks with the others at once."""
        name, value = attribute.name, attribute.value
        where = (relative, attribute.line, attribute.column)
        if name.startswith("on"):
            self.add(*where, "script", f"the event-handler attribute '{name}' runs script, which is not allowed", value)
            return True
        if name == "srcdoc":
            self.add(*where, "element", "the attribute 'srcdoc' embeds a document, which is not allowed", value)
            return True
        if name in LINK_ATTRIBUTES:
            if not (in_svg_file and name in ("href", "xlink:href")):  # reported as references above
                self.link_finding(relative, value, attribute.line, attribute.column)
            return True
        if name in LINK_LIST_ATTRIBUTES:
            for candidate in _link_list(name, value):
                self.link_finding(relative, candidate, attribute.line, attribute.column)
            return True
        if name == "style":
            if not in_svg_file:
                for match in CSS_URL.finditer(value):
                    target = next((g for g in match.groups() if g is not None), "")
                    self.link_finding(relative, _css_unescape(target), attribute.line, attribute.column)
            return True
        # the security policy names sources, not links
        return attribute.tag == "meta" and name == "content" and _is_policy_meta(attribute)

    def attribute_text_findings(self, relative: str, attribute) -> None:
        name, value = attribute.name, attribute.value
        where = (relative, attribute.line, attribute.column)
        if name in NAME_ATTRIBUTES:
            for finding in self.checks.spam(value):
                self.add(*where, finding.category, f"the attribute '{name}' {finding.message}", value)
            return
        self.text_findings(relative, value, lambda offset: (attribute.line, attribute.column), name)

    def script_findings(self, relative: str, element: Element, body: str, page_url: str) -> None:
        where = (relative, element.line, element.column)
        kind = element.attributes.get("type", "").strip().lower()
        if kind in DATA_SCRIPT_TYPES:  # not run; its text is published, so read it as text
            position = lambda offset: (element.line, element.column)  # noqa: E731
            for finding in self.checks.spam(body):
                self.add(*where, finding.category, finding.message, body[finding.start:finding.end])
            self.address_findings(relative, body, position, kinds=("url", "email"))
            return
        if "src" in element.attributes:
            source = element.attributes["src"]
            try:
                resolved = ada_url.URL(source.strip(), page_url)
            except ValueError:
                resolved = None
            if resolved is None or resolved.origin != ada_url.URL(page_url).origin:
                host = resolved.host if resolved is not None and resolved.host else source
                self.add(*where, "script", f"loads a script from another site, '{host}'", source)
            if body.strip():
                self.add(*where, "script", "a <script> with src must be empty", body)
            return
        if not self.context.inline_script_allowed(body):
            self.add(*where, "script", f"an inline script that is not one of the project's own: '{_excerpt(body)}'", body)

    # -- text --------------------------------------------------------------------------
    def text_findings(self, relative: str, text: str, position, attribute: str = "") -> None:
        for finding in self.checks.findings(text):
            prefix = f"the attribute '{attribute}' " if attribute else ""
            self.add(relative, *position(finding.start), finding.category, prefix + finding.message,
                     text[finding.start:finding.end], _block(text, finding.start, finding.end))
        self.address_findings(relative, text, position, prefix=f"in the attribute '{attribute}', " if attribute else "")

    def address_findings(self, relative: str, text: str, position, prefix: str = "",
                         kinds=("url", "email", "www", "domain")) -> None:
        if not any(mark in text for mark in (":", "@", ".")):
            return
        page_url = self.links.page_url(relative)
        plain = plain_form(text)
        problems = self.links.address_problems(plain, page_url, kinds)
        if not problems:
            return
        mapped, origins = mapped_plain_form(text)
        if mapped != plain:
            problems = self.links.address_problems(mapped, page_url, kinds)
        for start, end, message in problems:
            origin = origins[start] if start < len(origins) else 0
            published = text[origin:origins[end - 1] + 1] if end - 1 < len(origins) else text[origin:]
            self.add(relative, *position(origin), "link", prefix + message, published.replace(BOUNDARY, ""),
                     _block(text, origin, origin + len(published)))

    def screen(self, texts: list[str], page_url: str) -> set[int]:
        """Indices of the `texts` that may have a finding, all searched at once."""
        flagged = self.checks.flagged(texts)
        joined = plain_form(BOUNDARY.join(texts))
        spans = [(joined, start, end) for start, end, _ in self.links.address_problems(joined, page_url)]
        return flagged | texts_at(spans)

    def link_finding(self, relative: str, target: str, line: int, column: int) -> None:
        problem = self.links.link_problem(target, self.links.page_url(relative))
        if problem:
            self.add(relative, line, column, "link", f"the link '{target.strip()}' {problem}", target.strip())


def _block(text: str, start: int, end: int) -> str:
    """The run of text (paragraph, cell, string) that holds text[start:end], at most 200
    characters of it each side."""
    first = text.rfind(BOUNDARY, max(0, start - 200), start) + 1 or max(0, start - 200)
    last = text.find(BOUNDARY, end, end + 200)
    return text[first:last if last >= 0 else end + 200]


def _language(relative: str) -> str:
    """The language a built file is written in: a converted reading's (zh-hant) is its source's."""
    folder = relative.split("/", 1)[0]
    return source_language(folder) if folder in READINGS[1:] else READINGS[0]


def _positions(text: str):
    return lambda offset: _shift(text, offset, (1, 1))


def _shift(text: str, offset: int, at: tuple[int, int]) -> tuple[int, int]:
    """Line and column of `offset` in `text`, where `text` starts at `at` of its file."""
    before = text[:offset]
    newlines = before.count("\n")
    if newlines:
        return at[0] + newlines, offset - before.rfind("\n")
    return at[0], at[1] + offset


def _relocated(markup: Markup, ats: list[tuple[int, int]]) -> Markup:
    """Markup read from strings inside another file, one string a line: every position
    becomes that of its string in the file."""
    def at(line: int) -> tuple[int, int]:
        return ats[min(max(line, 1), len(ats)) - 1]

    markup._anchors = [(offset, *at(line), False) for offset, line, *_ in markup._anchors] or [(0, *ats[0], False)]
    markup.elements = [Element(e.tag, e.attributes, *at(e.line)) for e in markup.elements]
    markup.attributes = [type(a)(a.owner, a.name, a.value, *at(a.line)) for a in markup.attributes]
    for raw in markup.raw_texts:
        raw.element = Element(raw.element.tag, raw.element.attributes, *at(raw.element.line))
    markup.comments = [(text, *at(line)) for text, line, _ in markup.comments]
    return markup


def _strings(value, key: str = ""):
    """(key, string) for every string in a JSON value, in document order."""
    if isinstance(value, str):
        yield key, value
    elif isinstance(value, dict):
        for child_key, child in value.items():
            yield "", child_key
            yield from _strings(child, child_key)
    elif isinstance(value, list):
        for child in value:
            yield from _strings(child, key)


def _link_list(name: str, value: str) -> list[str]:
    if name in ("srcset", "imagesrcset"):  # "a.png 1x, b.png 2x": each address before its size
        return [part.strip().split()[0] for part in value.split(",") if part.strip()]
    return value.split()


def _css_unescape(value: str) -> str:
    def replace(match):
        if match.group(1):
            code = int(match.group(1), 16)
            return chr(code) if 0 < code <= 0x10FFFF else "\ufffd"
        return match.group(2)
    return CSS_ESCAPE.sub(replace, value)


def _is_policy_meta(attribute) -> bool:
    return attribute.owner.attributes.get("http-equiv", "").strip().lower() == "content-security-policy"


def _excerpt(body: str) -> str:
    flat = " ".join(body.split())
    return flat if len(flat) <= 60 else flat[:57] + "..."
