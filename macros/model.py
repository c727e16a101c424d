"""The playbook's content as typed objects, named in the words of the domain.

Templates receive these objects, never raw dictionaries. Objects are built from data
that has already passed its schema, so construction here cannot fail on shape.
"""
from __future__ import annotations

import dataclasses
import functools
import types
import typing
from dataclasses import dataclass, field

LANGUAGES = ("en", "zh")


@dataclass(frozen=True)
class Text:
    en: str
    zh: str

    def __getitem__(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


@dataclass(frozen=True)
class Link:
    url: str
    label: Text


@dataclass(frozen=True)
class SchoolYear:
    label: Text
    start: str
    months: int


@dataclass(frozen=True)
class SiteSettings:
    school_year: SchoolYear
    allowed_domains: tuple[str, ...]
    forbidden_phrases: tuple[str, ...]
    placeholder_patterns: tuple[str, ...]


@dataclass(frozen=True)
class Stage:
    id: str
    number: int
    title: Text
    summary: Text
    source: str | dict | None = None  # "guidance", or {document, section} in data/sources.yaml


@dataclass(frozen=True)
class ToolSection:
    heading: Text
    items: tuple[Text, ...]


@dataclass(frozen=True)
class Tool:
    id: str
    stages: tuple[str, ...]
    title: Text
    summary: Text
    purpose: Text
    when_to_use: Text
    who_uses: Text
    format: str
    sections: tuple[ToolSection, ...]
    source: str | dict | None = None  # "guidance", or {document, section} in data/sources.yaml


@dataclass(frozen=True)
class Form:
    id: str
    kind: str
    title: Text
    summary: Text
    when_needed: Text
    who_completes: Text
    source: str | dict | None = None  # "guidance", or {document, section} in data/sources.yaml


@dataclass(frozen=True)
class DataAccessPath:
    id: str
    title: Text
    summary: Text
    requires: Text
    forms: tuple[str, ...] = ()
    source: str | dict | None = None  # "guidance", or {document, section} in data/sources.yaml


@dataclass(frozen=True)
class Branch:
    label: Text
    goto: str


@dataclass(frozen=True)
class FlowStep:
    id: str
    kind: str
    title: Text
    detail: Text
    actors: tuple[str, ...]
    duration: Text | None = None
    tools: tuple[str, ...] = ()
    forms: tuple[str, ...] = ()
    next: str | None = None
    branches: tuple[Branch, ...] = ()
    source: str | dict | None = None  # "guidance", or {document, section} in data/sources.yaml


@dataclass(frozen=True)
class Flowchart:
    id: str
    title: Text
    intro: Text
    steps: tuple[FlowStep, ...]


@dataclass(frozen=True)
class TimelineEvent:
    id: str
    month: int
    title: Text
    detail: Text
    actors: tuple[str, ...]
    tools: tuple[str, ...] = ()
    forms: tuple[str, ...] = ()
    source: str | dict | None = None  # "guidance", or {document, section} in data/sources.yaml


@dataclass(frozen=True)
class ChecklistItem:
    id: str
    text: Text
    tools: tuple[str, ...] = ()
    forms: tuple[str, ...] = ()
    source: str | dict | None = None  # "guidance", or {document, section} in data/sources.yaml


@dataclass(frozen=True)
class ChecklistGroup:
    id: str
    heading: Text
    items: tuple[ChecklistItem, ...]


@dataclass(frozen=True)
class Checklist:
    id: str
    audience: str
    title: Text
    intro: Text
    groups: tuple[ChecklistGroup, ...]
    stage: str | None = None
    source: str | dict | None = None  # "guidance", or {document, section} in data/sources.yaml

    @property
    def items(self) -> tuple[ChecklistItem, ...]:
        return tuple(item for group in self.groups for item in group.items)


@dataclass(frozen=True)
class Policy:
    number: str
    title: Text
    summary: Text
    source: str | dict | None = None  # "guidance", or {document, section} in data/sources.yaml


@dataclass(frozen=True)
class Condition:
    id: str
    input: str
    operator: str
    text: Text
    explanation: Text
    threshold: float | None = None
    source: str | dict | None = None  # "guidance", or {document, section} in data/sources.yaml

    def applies(self, answers: dict) -> bool:
        value = answers.get(self.input)
        if value is None:
            return False
        if self.operator == "is_true":
            return bool(value)
        if self.operator == "at_least":
            return value >= self.threshold
        return value > self.threshold


@dataclass(frozen=True)
class BoardReviewQuestions:
    value_usd: Text
    duration_months: Text
    lead_autonomy: Text


@dataclass(frozen=True)
class BoardReview:
    policy: Policy
    conditions: tuple[Condition, ...]
    questions: BoardReviewQuestions

    def conditions_met(self, value_usd: float, duration_months: float, lead_autonomy: bool) -> list[Condition]:
        answers = {"value_usd": value_usd, "duration_months": duration_months, "lead_autonomy": lead_autonomy}
        return [c for c in self.conditions if c.applies(answers)]


@dataclass(frozen=True)
class Initiative:
    id: str
    title: Text
    summary: Text
    partners: tuple[Text, ...]
    link: Link | None = None
    source: str | dict | None = None  # "guidance", or {document, section} in data/sources.yaml


@dataclass(frozen=True)
class FocusArea:
    id: str
    title: Text


@dataclass(frozen=True)
class Recognition:
    id: str
    school_year: str
    school: Text
    partner: Text
    focus_areas: tuple[str, ...]
    summary: Text
    results: Text
    quote: Text | None = None
    quote_by: Text | None = None
    source: str | dict | None = None  # "guidance", or {document, section} in data/sources.yaml


@dataclass(frozen=True)
class PartnershipType:
    id: str
    title: Text
    summary: Text
    offers: tuple[Text, ...]
    examples: tuple[Text, ...]
    source: str | dict | None = None  # "guidance", or {document, section} in data/sources.yaml


@dataclass(frozen=True)
class Practice:
    id: str
    category: str
    title: Text
    summary: Text
    points: tuple[Text, ...]
    source: str | dict | None = None  # "guidance", or {document, section} in data/sources.yaml


@dataclass(frozen=True)
class Contact:
    id: str
    name: Text
    helps_with: Text
    email: str | None = None
    phone: str | None = None
    source: str | dict | None = None  # "guidance", or {document, section} in data/sources.yaml


@dataclass(frozen=True)
class SourceSection:
    id: str
    title: Text


@dataclass(frozen=True)
class SourceDocument:
    id: str
    capture: str
    title: Text
    owner: Text
    date: Text
    sections: tuple[SourceSection, ...]


@dataclass(frozen=True)
class NamedDocument:
    """A document or page the sources name that the site cannot link to yet."""
    id: str
    title: Text
    named_in: dict


@dataclass(frozen=True)
class GlossaryTerm:
    id: str
    term: Text
    en_forms: tuple[str, ...]
    zh_forms: tuple[str, ...]
    definition: Text
    source: str | dict


@dataclass(frozen=True)
class Playbook:
    site: SiteSettings
    ui: dict[str, Text]
    stages: tuple[Stage, ...]
    tools: tuple[Tool, ...]
    forms: tuple[Form, ...]
    data_access_paths: tuple[DataAccessPath, ...]
    flowcharts: tuple[Flowchart, ...]
    timeline: tuple[TimelineEvent, ...]
    checklists: tuple[Checklist, ...]
    board_review: BoardReview
    initiatives: tuple[Initiative, ...]
    focus_areas: tuple[FocusArea, ...]
    recognitions: tuple[Recognition, ...]
    partnership_types: tuple[PartnershipType, ...]
    practices: tuple[Practice, ...]
    contacts: tuple[Contact, ...]
    by_id: dict = field(default_factory=dict, compare=False)
    sources: tuple[SourceDocument, ...] = ()
    named_not_linkable: tuple[NamedDocument, ...] = ()
    glossary: tuple[GlossaryTerm, ...] = ()

    def __post_init__(self):
        for name in ("stages", "tools", "forms", "flowcharts", "checklists", "focus_areas"):
            self.by_id[name] = {entry.id: entry for entry in getattr(self, name)}


def build(cls, value):
    """Turn schema-checked plain data into `cls`, following its type hints."""
    return _converter(cls)(value)


def _same(value):
    return value


@functools.lru_cache(maxsize=None)
def _converter(hint):
    """A function turning plain data into `hint`, worked out once per type: the type
    hints are read once, not once for every value."""
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin is typing.Union or origin is types.UnionType:
        inner = _converter(next(a for a in args if a is not type(None)))
        return lambda value: None if value is None else inner(value)
    if origin is tuple:
        item = _converter(args[0])
        return _same_tuple if item is _same else (lambda value: tuple(map(item, value)))
    if origin is dict:
        item = _converter(args[1])
        return dict if item is _same else (lambda value: {k: item(v) for k, v in value.items()})
    if dataclasses.is_dataclass(hint):
        return _dataclass_converter(hint)
    return _same


def _same_tuple(value):
    return tuple(value)


def _dataclass_converter(cls):
    hints = typing.get_type_hints(cls)
    fields = []
    for f in dataclasses.fields(cls):
        if not f.init:
            continue
        convert = _converter(hints[f.name])
        fields.append((f.name, None if convert is _same else convert))

    def convert(value):
        kwargs = {}
        for name, field_converter in fields:
            if name in value:
                kwargs[name] = value[name] if field_converter is None else field_converter(value[name])
        return cls(**kwargs)
    return convert
