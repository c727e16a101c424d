"""Pages are content, not code: what a page may say between {{ and }}.

A page places components, and nothing else: `{{ checklists(audience="school-leader") }}`,
a registered component called with literal values that the component allows. Everything
else that looks like template code ({% ... %}, {## ... ##}, other expressions, filters,
attribute access, joined strings, unknown components or arguments, values that are not a
known id or choice) is refused with its line and column.

The same parse serves `make check` and the build: the build expands a page only from
the calls found here, and never hands page text to a template engine, so no page can run
code at build time whatever a check might miss.
"""
from __future__ import annotations

import ast
import difflib
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..load.model import Playbook
from .components import BY_NAME, Component

# Where template code could start. `{#id …}` after a heading is an attribute list, not code:
# pages are never rendered as templates, and mkdocs.yml gives template comments `{##`.
CODE = re.compile(r"\{\{|\{%|\{##")
CLOSING = {"{{": "}}", "{%": "%}", "{##": "##}"}
MAX_CALL = 2000  # characters between {{ and }}; the longest real call is under 60


@dataclass(frozen=True)
class Call:
    component: Component
    arguments: dict
    start: int  # offsets of '{{' and just past '}}' in the page's text
    end: int


@dataclass(frozen=True)
class Refusal:
    offset: int
    message: str
    fix: str


@dataclass
class ParsedPage:
    pieces: list[str | Call] = field(default_factory=list)  # text and calls, in order
    refusals: list[Refusal] = field(default_factory=list)

    @property
    def calls(self) -> list[Call]:
        return [piece for piece in self.pieces if isinstance(piece, Call)]


def _names() -> str:
    return ", ".join(sorted(BY_NAME))


def _literal(node: ast.AST):
    """The value of a literal string, number, true/false, or list of those; else raise."""
    if isinstance(node, ast.Constant) and isinstance(node.value, (str, int, float, bool)):
        return node.value
    if isinstance(node, (ast.List, ast.Tuple)):
        return [_literal(item) for item in node.elts]
    raise ValueError


def _describe(node: ast.AST) -> str:
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        return "a filter"
    kinds = {ast.BinOp: "an operation", ast.Attribute: "an attribute", ast.Subscript: "an index",
             ast.Name: "a variable", ast.Call: "a call", ast.Compare: "a comparison", ast.Dict: "a mapping"}
    return next((words for kind, words in kinds.items() if isinstance(node, kind)), "an expression")


def _check_value(component: Component, name: str, value, playbook: Playbook | None) -> str | None:
    """Why `value` is not allowed for the argument `name`, or None."""
    argument = component.argument(name)
    values = value if argument.many else [value]
    if argument.many and not isinstance(value, list):
        return f"'{name}' of {component.name}() takes a list of values, e.g. {name}=[\"…\"]"
    allowed = argument.allowed(playbook)
    for item in values:
        if not isinstance(item, str):
            return f"{item!r} is not {argument.describes} (write it in quotes)"
        if allowed is not None and item not in allowed:
            return f"'{item}' is not {argument.describes} (use one of: {', '.join(allowed)})"
    return None


def _call(inner: str, start: int, end: int, playbook: Playbook | None) -> Call | Refusal:
    example = "write a component call such as {{ tools() }}; text is written as plain Markdown"
    try:
        node = ast.parse(inner.strip(), mode="eval").body
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return Refusal(start, f"'{{{{{inner}}}}}' is not a component call", example)
    if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
        return Refusal(start, f"pages may only place components, and this is {_describe(node)}", example)
    name = node.func.id
    component = BY_NAME.get(name)
    if component is None:
        close = difflib.get_close_matches(name, BY_NAME, n=1)
        fix = f"did you mean '{close[0]}'?" if close else f"components: {_names()}"
        return Refusal(start, f"'{name}' is not a component", fix)
    arguments: dict = {}
    given = [(component.arguments[i].name if i < len(component.arguments) else None, value)
             for i, value in enumerate(node.args)]
    given += [(keyword.arg, keyword.value) for keyword in node.keywords]
    for argument_name, value_node in given:
        if argument_name is None or component.argument(argument_name) is None:
            names = [a.name for a in component.arguments]
            shown = argument_name or "a value"
            close = difflib.get_close_matches(argument_name or "", names, n=1)
            fix = (f"did you mean '{close[0]}'?" if close else
                   f"{name}() takes {', '.join(names)}" if names else f"write {name}() with nothing between the brackets")
            return Refusal(start, f"{name}() has no argument '{shown}'" if argument_name else
                           f"{name}() is given more values than it takes", fix)
        if argument_name in arguments:
            return Refusal(start, f"'{argument_name}' is given twice to {name}()", "give it once")
        try:
            value = _literal(value_node)
        except (ValueError, RecursionError):
            return Refusal(start, f"'{argument_name}' of {name}() must be a written-out value, not {_describe(value_node)}",
                           f'write the value itself in quotes, e.g. {argument_name}="…"')
        reason = _check_value(component, argument_name, value, playbook)
        if reason:
            return Refusal(start, reason, "see the component's allowed values in CONTRIBUTING.md")
        arguments[argument_name] = value
    for argument in component.arguments:
        if argument.required and argument.name not in arguments:
            allowed = argument.allowed(playbook)
            choices = f" (one of: {', '.join(allowed)})" if allowed else ""
            return Refusal(start, f"{name}() needs '{argument.name}', {argument.describes}{choices}",
                           f'write {name}({argument.name}="…")')
    return Call(component, arguments, start, end)


def parse_page(text: str, playbook: Playbook | None) -> ParsedPage:
    """The page's text and component calls, and everything refused. With `playbook` None
    (the data has problems of its own), ids cannot be checked; choices still are."""
    parsed = ParsedPage()
    position = 0
    for match in CODE.finditer(text):
        if match.start() < position:
            continue  # inside a call already read
        opening = match.group(0)
        closing_at = text.find(CLOSING[opening], match.end(), match.end() + MAX_CALL)
        if opening != "{{":
            what = "a template statement" if opening == "{%" else "a template comment"
            parsed.refusals.append(Refusal(match.start(), f"'{opening}' starts {what}, which pages may not contain",
                                           "pages are content: write Markdown, and place components with {{ name() }}"))
            position = closing_at + len(CLOSING[opening]) if closing_at >= 0 else match.end()
            continue
        if closing_at < 0:
            parsed.refusals.append(Refusal(match.start(), "'{{' is not closed by '}}' on the same call",
                                           "finish the component call with }}, or remove the '{{'"))
            position = match.end()
            continue
        end = closing_at + 2
        found = _call(text[match.end():closing_at], match.start(), end, playbook)
        if isinstance(found, Refusal):
            parsed.refusals.append(found)
        else:
            parsed.pieces.append(text[position:match.start()])
            parsed.pieces.append(found)
        position = end
    parsed.pieces.append(text[position:])
    return parsed


class PagesRefused(Exception):
    def __init__(self, refused: list[tuple[Path, str, Refusal]]):
        self.refused = refused
        super().__init__(f"{len(refused)} page calls refused")


class PageMap:
    """Which page shows each entry, from the component calls of one language's pages.

    An entry shown on several pages (a form listed on the safety page as well as on the
    forms page) belongs to the page that shows the most entries of its collection."""

    def __init__(self, calls_by_page: dict[str, list[Call]], playbook: Playbook):
        candidates: dict[tuple[str, str], list[tuple[int, str]]] = {}
        for src, calls in calls_by_page.items():
            shown = [entry for call in calls for entry in call.component.shows(playbook, **call.arguments)]
            per_collection = Counter(collection for collection, _ in shown)
            for collection, entry_id in shown:
                candidates.setdefault((collection, entry_id), []).append((-per_collection[collection], src))
        self._page = {key: min(found)[1] for key, found in candidates.items()}

    @classmethod
    def from_folder(cls, folder: Path, playbook: Playbook) -> PageMap:
        """The page map of the pages in `folder`; raises PagesRefused if any page says what
        pages may not, since the map would be missing what that page was meant to show."""
        calls, refused = {}, []
        for path in sorted(folder.rglob("*.md")):
            text = path.read_text(encoding="utf-8")
            parsed = parse_page(text, playbook)
            calls[path.relative_to(folder).as_posix()] = parsed.calls
            refused += [(path, text, refusal) for refusal in parsed.refusals]
        if refused:
            raise PagesRefused(refused)
        return cls(calls, playbook)

    def page_showing(self, collection: str, entry_id: str) -> str:
        try:
            return self._page[(collection, entry_id)]
        except KeyError:
            raise LookupError(f"no page shows {collection} '{entry_id}'; place the component that shows it on a page") from None

    def unshown(self, wanted: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
        return [key for key in wanted if key not in self._page]


def expand(parsed: ParsedPage, render) -> str:
    """The page's Markdown with each call replaced by `render(call)`."""
    return "".join(piece if isinstance(piece, str) else render(piece) for piece in parsed.pieces)
