"""Strict YAML reading that remembers where every value came from.

PyYAML's safe loader quietly keeps the last of two equal keys, turns unquoted dates
into date objects and gives no positions for values. Editors need the opposite:
every mistake named with its line and column. So the file is composed into nodes
and converted here, with each value's position recorded under its path.
"""
from __future__ import annotations

import re
from pathlib import Path

import re2
import yaml

from ..problems import ContentError, Problem

# libyaml's composer when PyYAML has it (its wheels do), with the base resolver: every
# untagged scalar arrives as text, and _plain_scalar below gives numbers, true/false and
# empty values their type. PyYAML's own resolver costs more than the parsing itself, and
# follows YAML 1.1, where yes/no/on/off are booleans; editors follow YAML 1.2, where
# they are text, and so does this.
_TAG_OF_KIND = {yaml.ScalarNode: "tag:yaml.org,2002:str", yaml.SequenceNode: "tag:yaml.org,2002:seq",
                yaml.MappingNode: "tag:yaml.org,2002:map"}


class COMPOSER(getattr(yaml, "CBaseLoader", yaml.BaseLoader)):
    """The base loader without its resolver's per-node bookkeeping: the base resolver has
    no implicit or path resolvers, so each untagged node gets its kind's plain tag, and
    asking Python for that on each of a file's nodes cost a quarter of the parse."""

    def resolve(self, kind, value, implicit):
        return _TAG_OF_KIND[kind]

    def descend_resolver(self, current_node, current_index):
        pass

    def ascend_resolver(self):
        pass


# Python's engine, on purpose: neither pattern can backtrack (no quantifier inside another,
# alternatives that start differently), so each runs in time linear in the scalar, and
# they run on every plain value, where RE2's per-call cost would show.
INTEGER = re.compile(r"[-+]?[0-9]+")
FLOAT = re.compile(r"[-+]?([0-9]+\.[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?")
NULLS = {"", "~", "null", "Null", "NULL"}
BOOLEANS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}


def _plain_scalar(value: str):
    """The value of an unquoted scalar, as YAML 1.2's core schema reads it."""
    if value in NULLS:
        return None
    if value in BOOLEANS:
        return BOOLEANS[value]
    if INTEGER.fullmatch(value):
        return int(value)
    if FLOAT.fullmatch(value):
        return float(value)
    return value


MAX_FILE_BYTES = 4 * 1024 * 1024  # the real files are under 45 KB; 50 times the content still fits, with room
MAX_NODES = 200_000
MAX_DEPTH = 40
# Where blocks might nest past MAX_DEPTH, the file is read event by event, which needs no
# recursion, before it is composed. Every pattern here runs in linear time (RE2).
DEEP_INDENT = re2.compile(rf"(?m)^ {{{MAX_DEPTH}}}")
STACKED_BLOCKS = re2.compile(rf"(?:[-?][ \t]+(?:[!&][^\s]*[ \t]+)*){{{MAX_DEPTH // 2}}}")
BRACKET = re2.compile(r"[\[\]{}]")
NOT_BRACKET = re2.compile(r"[^\[\]{}]+")
# Anchors (&name) and aliases (*name) can only appear after a space or a flow indicator.
ANCHOR_OR_ALIAS = re2.compile(r"(?:^|[\s\[\]{},])[&*][^\s\[\]{},]")

_PLAIN_TAGS = frozenset(_TAG_OF_KIND.values())


class Located:
    """A YAML document as plain Python values, with the position of each path.

    Positions are only needed to word a problem, which valid content never has, so
    they are worked out the first time one is asked for, by reading the text again.
    """

    def __init__(self, path: str, value: object, text: str = "", values: int = 0,
                 positions: dict[tuple, tuple[int, int]] | None = None):
        self.path = path
        self.value = value
        self.values = values
        self._text = text
        self._positions = positions

    @property
    def text(self) -> str:
        return self._text

    @property
    def positions(self) -> dict[tuple, tuple[int, int]]:
        if self._positions is None:
            converter = _Converter(self.path, track=True)
            converter.convert(yaml.compose(self._text, Loader=COMPOSER), ())
            self._positions = converter.positions
        return self._positions

    def where(self, at: tuple) -> tuple[int, int]:
        """Line and column of the value at `at`, or of its nearest parent."""
        at = tuple(at)
        positions = self.positions
        while at not in positions and at:
            at = at[:-1]
        return positions.get(at, (1, 1))

    def key_where(self, at: tuple) -> tuple[int, int]:
        """Line and column of the key that introduces the value at `at`."""
        return self.positions.get(("key",) + tuple(at)) or self.where(at)

    def problem(self, at: tuple, message: str, fix: str = "", on_key: bool = False) -> Problem:
        line, column = self.key_where(at) if on_key else self.where(at)
        return Problem(self.path, line, column, message, fix)


def _mark(node_or_mark) -> tuple[int, int]:
    mark = getattr(node_or_mark, "start_mark", node_or_mark)
    return (mark.line + 1, mark.column + 1)


class _Converter:
    def __init__(self, path: str, track: bool = False):
        self.path = path
        self.track = track
        self.positions: dict[tuple, tuple[int, int]] = {}
        self.problems: list[Problem] = []
        self.nodes = 0

    def fail(self, node, message: str, fix: str = "") -> None:
        self.problems.append(Problem(self.path, *_mark(node), message, fix))

    def convert(self, node, at: tuple):
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _TooLarge(node)
        if len(at) > MAX_DEPTH:
            raise _TooDeep(node)
        if self.track:
            self.positions[at] = _mark(node)
        if node.tag not in _PLAIN_TAGS:
            shown = node.tag.replace("tag:yaml.org,2002:", "!!")
            self.fail(node, f"the YAML tag '{shown}' is not allowed (tags can run code or load other files)",
                      "remove the tag and write a plain value")
            return None
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, at)
        if isinstance(node, yaml.SequenceNode):
            return [self.convert(item, at + (i,)) for i, item in enumerate(node.value)]
        if node.style:  # quoted or a block of text: always text
            return node.value
        return _plain_scalar(node.value)

    def _mapping(self, node, at: tuple) -> dict:
        result: dict = {}
        first_seen: dict = {}
        lost_dash = False  # later repeats in this block follow from the same missing '- '
        for index, (key_node, value_node) in enumerate(node.value):
            if key_node.value == "<<" and not key_node.style:
                self.fail(key_node, "merge keys ('<<') are not allowed",
                          "write the keys out in full")
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.fail(key_node, "a key must be a plain word", "write the key as text, e.g. 'title'")
                continue
            key = key_node.value
            if key in first_seen:
                line = _mark(first_seen[key])[0]
                if lost_dash:
                    continue
                if _starts_a_lost_item(node, index, at):
                    lost_dash = True
                    self.fail(key_node, f"'{key}:' starts a new entry of the list, but its '- ' is missing",
                              f"write '- {key}:' in place of '  {key}:', lined up with the '- ' of the entry on line {line}")
                    continue
                self.fail(key_node, f"the key '{key}' appears twice in this block (first on line {line})",
                          "keep one of them and delete the other")
                continue
            first_seen[key] = key_node
            if self.track:
                self.positions[("key",) + at + (key,)] = _mark(key_node)
            result[key] = self.convert(value_node, at + (key,))
        return result


def _starts_a_lost_item(node, index: int, at: tuple) -> bool:
    """Whether the repeated key at `index` begins a list entry whose '- ' was deleted.

    A list entry that lost its dash joins the entry above it, so its first key repeats
    that entry's first key, and so does the key after it (or it is the whole entry).
    A key repeated on its own is a plain duplicate.
    """
    if not at or not isinstance(at[-1], int):
        return False
    keys = [key_node.value for key_node, _ in node.value]
    if keys[index] != keys[0]:
        return False
    before = set(keys[:index])
    return keys[index + 1] in before if index + 1 < len(keys) else len(before) > 1


class _TooLarge(Exception):
    def __init__(self, node):
        self.node = node


class _TooDeep(_TooLarge):
    pass


# Lines that git writes into a file when two changes to the same lines meet.
CONFLICT_MARKER = re.compile(r"^(?:<{7}|={7}|>{7})(?: |$)", re.M)
# A key followed by the full-width colon of a Chinese keyboard: `title：`.
WIDE_COLON_KEY = re.compile(r"^[ \t]*(?:- )?(?P<key>[A-Za-z_][A-Za-z0-9_-]*)[ \t]*(?P<colon>：)")
# A value that opens with a curly quote, which YAML reads as text, not as a quote.
CURLY_QUOTED = re.compile(r"^[ \t]*(?:- )?(?:[A-Za-z_][A-Za-z0-9_-]*:[ \t]+)?(?P<quote>[“”‘’])")
# A value that opens a quote the line never closes.
OPEN_QUOTE = re.compile(r"^[ \t]*(?:- )?(?:[A-Za-z_][A-Za-z0-9_-]*:[ \t]+)?(?P<quote>[\"'])(?P<rest>.*)$")


def _unclosed_quote(line: str) -> int | None:
    """The column where a quote opens that the line does not close, if one does."""
    match = OPEN_QUOTE.match(line)
    if not match:
        return None
    quote, rest = match.group("quote"), match.group("rest").rstrip()
    if quote == '"':
        closed = re.search(r'(?<!\\)"', rest.replace("\\\\", ""))
    else:
        closed = re.search(r"'(?!')", rest.replace("''", ""))
    return None if closed else match.start("quote") + 1


def _conflict(text: str, label: str) -> Problem | None:
    marker = CONFLICT_MARKER.search(text)
    if not marker:
        return None
    line = text.count("\n", 0, marker.start()) + 1
    return Problem(label, line, 1, "this file has a merge conflict",
                   "keep the right lines and delete the markers: the lines that start with <<<<<<<, ======= and >>>>>>>")


def _describe_yaml_error(error: yaml.YAMLError, text: str = "") -> tuple[tuple[int, int], str, str]:
    """Where the mistake is and what would be right, for the common ones an editor makes.

    The parser notices a mistake where it can no longer go on, often a line or more after
    it; the lines up to there are read again for the mistakes that cause this.
    """
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    where = _mark(mark) if mark is not None else (1, 1)
    problem = getattr(error, "problem", None) or str(error)
    context = getattr(error, "context", None)
    lines = text.split("\n")
    suspects = range(where[0] - 1, max(where[0] - 4, -1), -1)  # the error's line and the three above it
    for number in suspects:
        line = lines[number] if number < len(lines) else ""
        wide = WIDE_COLON_KEY.match(line)
        if wide:
            return ((number + 1, wide.start("colon") + 1), f"the key '{wide.group('key')}' is followed by a full-width colon ：",
                    "replace the full-width colon ： with :")
        curly = CURLY_QUOTED.match(line)
        if curly:
            return ((number + 1, curly.start("quote") + 1), f"the text starts with the curly quote {curly.group('quote')}, "
                    "which YAML does not read as a quote", "use straight quotes: \"...\" or '...'")
    opened = (context or "").startswith("while scanning a quoted scalar") and getattr(error, "context_mark", None)
    if opened:
        return (_mark(error.context_mark), "the quote that opens here is never closed",
                "end the text with the same quote mark, on this line")
    for number in range(min(where[0], len(lines))):  # a quote left open runs on until the next one
        column = _unclosed_quote(lines[number])
        if column:
            return ((number + 1, column), "the quote that opens here is never closed",
                    "end the text with the same quote mark, on this line")
    message = f"YAML syntax error: {problem}" + (f" ({context})" if context else "")
    fix = "check the indentation and quoting on this line and the one above; text containing ': ' or '#' needs quotes"
    line_text = lines[where[0] - 1] if 0 < where[0] <= len(lines) else ""
    if "\t" in line_text[: max(where[1], 1)] or "found character '\\t'" in problem:
        fix = "replace the tab with spaces"
    elif "could not find expected ':'" in problem or "mapping values are not allowed" in problem:
        fix = "put text containing a colon in quotes, e.g. title: \"Note: this\""
    return where, message, fix


def read_text(path: Path, label: str) -> str:
    """The file's text, or a ContentError that says why it cannot be read."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise ContentError([Problem(label, 1, 1, f"the file is {size:,} bytes, over the {MAX_FILE_BYTES:,}-byte limit",
                                    "split it or remove what does not belong in it")])
    raw = path.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        raise ContentError([Problem(label, 1, 1, "the file starts with a byte-order mark",
                                    "save it as UTF-8 without BOM")])
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        raise ContentError([Problem(label, line, column, f"byte 0x{raw[error.start]:02x} is not valid UTF-8",
                                    "save the file as UTF-8")]) from None


def _too_deep(label: str, where: tuple[int, int]) -> ContentError:
    return ContentError([Problem(label, *where, f"the file is nested more than {MAX_DEPTH} levels deep",
                                 "check the indentation: blocks inside blocks inside blocks")])


def _flow_too_deep(text: str) -> tuple[int, int] | None:
    """Where brackets first open more than MAX_DEPTH levels, or None.

    libyaml's scanner takes quadratic time in the depth of '[' and '{', and its composer
    recurses once per level, so this is measured on the text before either sees it. A
    bracket inside quoted text counts too, which only matters for 40 unclosed ones.
    """
    brackets = NOT_BRACKET.sub("", text)
    depth = 0
    for index, char in enumerate(brackets):
        if char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                offset = next(m.start() for i, m in enumerate(BRACKET.finditer(text)) if i == index)
                before = text[:offset]
                return before.count("\n") + 1, offset - before.rfind("\n")
        elif depth:
            depth -= 1
    return None


def _suspect_nesting(text: str) -> bool:
    """Whether blocks could nest past MAX_DEPTH: deep indentation, or a line opening many
    blocks at once ('- - - x', '? ? x', with tags or anchors between)."""
    return bool(DEEP_INDENT.search(text) or STACKED_BLOCKS.search(text))


def _screen(text: str, label: str) -> list[Problem]:
    """Anchors, aliases and nesting past the limit, found before the file is composed.

    Editors never need anchors and aliases, and aliases are how a small file expands into
    a huge one; reading events needs no recursion, so nesting is measured safely here.
    """
    deep = _flow_too_deep(text)
    if deep:
        return _too_deep(label, deep).problems
    if not ANCHOR_OR_ALIAS.search(text) and not _suspect_nesting(text):
        return []
    problems: list[Problem] = []
    depth = 0
    try:
        for event in yaml.parse(text, Loader=COMPOSER):
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    return problems + _too_deep(label, _mark(event)).problems
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
            if isinstance(event, yaml.AliasEvent):
                problems.append(Problem(label, *_mark(event), f"the alias '*{event.anchor}' repeats another part of the file, which is not allowed",
                                        "write the value out in full here"))
            elif getattr(event, "anchor", None):
                problems.append(Problem(label, *_mark(event), f"the anchor '&{event.anchor}' is not allowed",
                                        "remove it and write each value out in full where it is needed"))
            if len(problems) >= 10:
                break  # enough to show the editor what to change
    except yaml.YAMLError:
        pass  # composing reports syntax errors with their advice
    return problems


def load(path: Path, label: str | None = None) -> Located:
    """Read one YAML file strictly; raise ContentError naming every problem found."""
    label = label or str(path)
    return parse(read_text(path, label), label)


def parse(text: str, label: str, first_line: int = 1) -> Located:
    """Read YAML text strictly (a file, or a page's front matter starting on `first_line`);
    raise ContentError naming every problem found."""
    try:
        # Blank lines in front keep every position, and every line a message quotes, true.
        return _parse("\n" * (first_line - 1) + text, label)
    except MemoryError:
        raise ContentError([Problem(label, first_line, 1, "the file is too large to read",
                                    "split it or remove what does not belong in it")]) from None


def _parse(text: str, label: str) -> Located:
    conflict = _conflict(text, label)
    if conflict:
        raise ContentError([conflict])
    problems = _screen(text, label)
    if problems:
        raise ContentError(problems)
    try:
        root = yaml.compose(text, Loader=COMPOSER)
    except RecursionError:
        raise _too_deep(label, (1, 1)) from None
    except yaml.YAMLError as error:
        where, message, fix = _describe_yaml_error(error, text)
        raise ContentError([Problem(label, *where, message, fix)]) from None
    if root is None:
        raise ContentError([Problem(label, 1, 1, "the file is empty", "add the collection's entries")])
    converter = _Converter(label)
    try:
        value = converter.convert(root, ())
    except _TooDeep as too_deep:
        raise _too_deep(label, _mark(too_deep.node)) from None
    except _TooLarge as too_large:
        raise ContentError([Problem(label, *_mark(too_large.node),
                                    f"the file holds more than {MAX_NODES:,} values",
                                    "split it or remove what does not belong in it")]) from None
    except yaml.YAMLError as error:
        where, message, fix = _describe_yaml_error(error, text)
        raise ContentError([Problem(label, *where, message, fix)]) from None
    if converter.problems:
        raise ContentError(converter.problems)
    return Located(label, value, text, converter.nodes)
