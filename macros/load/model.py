"""The playbook's content as typed objects, named in the words of the domain.

Templates receive these objects, never raw dictionaries. Objects are built from data
that has already passed its schema, so construction here cannot fail on shape.
"""
from __future__ import annotations

import dataclasses
import enum
import functools
import types
import typing
from dataclasses import dataclass, field
from datetime import date

from .choices import Actor, Answer, Audience, FormKind, Operator, PracticeCategory, StepKind, ToolFormat

LANGUAGES = ("en", "zh")
# The language tag each language's text carries in HTML: the Chinese is Simplified, so its tag
# names the script, as the Chinese pages' <html lang> does.
HTML_LANG = {"en": "en", "zh": "zh-Hans"}


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
    no_school_days: tuple[str, ...] = ()

    def first_school_day(self, year: int, month: int) -> date:
        """The first weekday of the month that is not a day without school."""
        day = date(year, month, 1)
        while day.weekday() >= 5 or day.isoformat() in self.no_school_days:
            day = date.fromordinal(day.toordinal() + 1)
        return day

    def calendar_months(self) -> list[tuple[int, int]]:
        """(year, month) for each month of the school year, in order."""
        start = date.fromisoformat(self.start)
        months = []
        for offset in range(self.months):
            index = start.month - 1 + offset
            months.append((start.year + index // 12, index % 12 + 1))
        return months


@dataclass(frozen=True)
class SiteSettings:
    school_year: SchoolYear


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
    format: ToolFormat
    sections: tuple[ToolSection, ...]
    source: str | dict | None = None  # "guidance", or {document, section} in data/sources.yaml


@dataclass(frozen=True)
class Form:
    id: str
    kind: FormKind
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
    kind: StepKind
    title: Text
    detail: Text
    actors: tuple[Actor, ...]
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

    def successors(self, index: int) -> list[str]:
        return successors(self.steps, index)


@dataclass(frozen=True)
class TimelineEvent:
    id: str
    month: int
    title: Text
    detail: Text
    actors: tuple[Actor, ...]
    tools: tuple[str, ...] = ()
    forms: tuple[str, ...] = ()
    source: str | dict | None = None  # "guidance", or {document, section} in data/sources.yaml
    date: str | None = None  # its own day (YYYY-MM-DD), when the data gives one


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
    audience: Audience
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
    input: Answer
    operator: Operator
    text: Text
    explanation: Text
    threshold: float | None = None
    source: str | dict | None = None  # "guidance", or {document, section} in data/sources.yaml

    def applies(self, answers: dict) -> bool:
        """Whether the condition holds for `answers`. The reader's browser applies the same
        conditions with the same rule (overrides/assets/playbook.js, boardConditionMet);
        tests/test_board_rule.py holds the two to the same answer for every input."""
        return condition_met(self.operator, self.threshold, answers.get(self.input))


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
    category: PracticeCategory
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
class SearchSynonym:
    """Words readers type (`readers`) that the playbook says another way (`playbook`)."""
    lang: str
    readers: tuple[str, ...]
    playbook: str


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
    # For a checklist item (`checklist/item`), the retired items whose saved ticks move to it.
    moved_ticks: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False)
    search_synonyms: tuple[SearchSynonym, ...] = ()
    by_id: dict = field(default_factory=dict, init=False, compare=False)  # made anew for each copy
    sources: tuple[SourceDocument, ...] = ()
    named_not_linkable: tuple[NamedDocument, ...] = ()
    glossary: tuple[GlossaryTerm, ...] = ()

    def __post_init__(self):
        for name in ("stages", "tools", "forms", "flowcharts", "checklists", "focus_areas"):
            self.by_id[name] = {entry.id: entry for entry in getattr(self, name)}


def condition_met(operator: str, threshold: float | None, value) -> bool:
    """The Board-review rule: an answer that is missing, of the wrong kind, or compared by an
    operator this rule does not know never meets a condition."""
    if operator == "is_true":
        return value is True
    if type(value) not in (int, float) or threshold is None:
        return False
    if operator == "at_least":
        return value >= threshold
    if operator == "more_than":
        return value > threshold
    return False


def successors(steps, index: int) -> list[str]:
    """Ids of the steps that can follow step `index` of a flow chart. `steps` are FlowSteps,
    or the plain dicts of the data file while it is being checked."""
    step = steps[index]
    get = step.get if isinstance(step, dict) else lambda k, d=None: getattr(step, k, d)
    if get("kind") == "decision":
        return [b["goto"] if isinstance(b, dict) else b.goto for b in get("branches", ())]
    if get("kind") == "end":
        return []
    if get("next"):
        return [get("next")]
    following = steps[index + 1] if index + 1 < len(steps) else None
    if following is None:
        return []
    return [following["id"] if isinstance(following, dict) else following.id]


def playbook_from(v: dict, moved_ticks: dict[str, tuple[str, ...]] | None = None) -> Playbook:
    """The typed Playbook from the plain values of every collection file, all schema-checked,
    and the retired checklist items whose saved ticks move to each item."""
    return Playbook(
        site=build(SiteSettings, v["site"]),
        ui={key: build(Text, text) for key, text in v["ui"]["strings"].items()},
        stages=tuple(sorted((build(Stage, s) for s in v["stages"]["stages"]), key=lambda s: s.number)),
        tools=tuple(build(Tool, t) for t in v["tools"]["tools"]),
        forms=tuple(build(Form, f) for f in v["forms"]["forms"]),
        data_access_paths=tuple(build(DataAccessPath, p) for p in v["forms"]["data_access_paths"]),
        flowcharts=tuple(build(Flowchart, f) for f in v["flowchart"]["flowcharts"]),
        timeline=tuple(build(TimelineEvent, e) for e in v["timeline"]["events"]),
        checklists=tuple(build(Checklist, c) for c in v["checklists"]["checklists"]),
        board_review=build(BoardReview, v["board_review"]),
        initiatives=tuple(build(Initiative, i) for i in v["initiatives"]["initiatives"]),
        focus_areas=tuple(build(FocusArea, f) for f in v["recognitions"]["focus_areas"]),
        recognitions=tuple(build(Recognition, r) for r in v["recognitions"]["recognitions"]),
        partnership_types=tuple(build(PartnershipType, t) for t in v["partnership_types"]["types"]),
        practices=tuple(build(Practice, p) for p in v["practices"]["practices"]),
        contacts=tuple(build(Contact, c) for c in v["contacts"]["contacts"]),
        sources=tuple(build(SourceDocument, d) for d in v["sources"]["documents"]),
        named_not_linkable=tuple(build(NamedDocument, d) for d in v["sources"]["named_not_linkable"]),
        glossary=tuple(build(GlossaryTerm, t) for t in v["glossary"]["terms"]),
        moved_ticks=moved_ticks or {},
        search_synonyms=tuple(build(SearchSynonym, s) for s in v["search_synonyms"]["synonyms"]),
    )


def build(cls, value):
    """Turn schema-checked plain data into `cls`, following its type hints."""
    return _converter(cls)(value)


def _same(value):
    return value


@functools.cache
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
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return hint
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
