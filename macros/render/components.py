"""Every component a page can place, each declared once.

A declaration names the component, its arguments with the values each may take (ids from
the data, choices from the schemas), the values its template receives, and which entries
it shows (so that links to an entry lead to the page that shows it). Its template is
`templates/<name>.html`. The page checks, the renderer, the page map and the tests all
read this one list; adding a component means adding one declaration and one template.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..load.choices import Audience, PracticeCategory
from ..load.model import Playbook

Shown = Iterable[tuple[str, str]]  # (collection, entry id)


@dataclass(frozen=True)
class Argument:
    name: str
    describes: str  # what a value is, in an editor's words: "a checklist audience"
    choices: Callable[[Playbook | None], Iterable[str] | None]  # None: not known without the data
    many: bool = False  # a list of choices rather than one
    required: bool = True

    def allowed(self, playbook: Playbook | None) -> list[str] | None:
        choices = self.choices(playbook)
        return None if choices is None else sorted(choices)


@dataclass(frozen=True)
class Component:
    name: str
    summary: str
    values: Callable[..., dict]  # (playbook, **arguments) -> what the template receives
    arguments: tuple[Argument, ...] = ()
    shows: Callable[..., Shown] = lambda playbook, **arguments: ()

    @property
    def template(self) -> str:
        return f"{self.name}.html"

    def argument(self, name: str) -> Argument | None:
        return next((a for a in self.arguments if a.name == name), None)

    def example(self) -> str:
        """How a page places this component, with the first allowed value of each argument."""
        shown = []
        for argument in self.arguments:
            if argument.required:
                shown.append(f'{argument.name}="…"')
        return f"{{{{ {self.name}({', '.join(shown)}) }}}}"


def _ids(collection: str) -> Callable[[Playbook | None], list[str] | None]:
    return lambda playbook: None if playbook is None else [entry.id for entry in getattr(playbook, collection)]


def _enum(choices) -> Callable[[Playbook | None], list[str]]:
    return lambda playbook: [choice.value for choice in choices]


def _all(collection: str) -> Callable[..., Shown]:
    return lambda playbook, **arguments: ((collection, entry.id) for entry in getattr(playbook, collection))


def _those_with(collection: str, key: str):
    """(template values, entries shown) of a component that shows the entries of `collection`
    whose `key` equals its one argument: the filter written once for both."""
    def chosen(playbook: Playbook, value):
        return [entry for entry in getattr(playbook, collection) if getattr(entry, key) == value]
    return (lambda playbook, **arguments: {collection: chosen(playbook, *arguments.values())},
            lambda playbook, **arguments: ((collection, entry.id) for entry in chosen(playbook, *arguments.values())))


def _stage_overview(playbook: Playbook) -> dict:
    return {
        "tools_by_stage": {s.id: [t for t in playbook.tools if s.id in t.stages] for s in playbook.stages},
        "checklists_by_stage": {s.id: [c for c in playbook.checklists if c.stage == s.id] for s in playbook.stages},
    }


def _flowchart(playbook: Playbook, id: str) -> dict:
    chart = playbook.by_id["flowcharts"][id]
    return {
        "chart": chart,
        "number": {step.id: index + 1 for index, step in enumerate(chart.steps)},
        "follows": {step.id: chart.successors(index) for index, step in enumerate(chart.steps)},
    }


def _timeline(playbook: Playbook) -> dict:
    months = playbook.site.school_year.calendar_months()
    return {"by_month": [(year, month, [e for e in playbook.timeline if e.month == month]) for year, month in months]}


def _recognitions(playbook: Playbook) -> dict:
    years = sorted({r.school_year for r in playbook.recognitions}, reverse=True)
    return {"years": years, "recognitions": playbook.recognitions}


COMPONENTS: tuple[Component, ...] = (
    Component("stage_overview", "the stages of a partnership, each with its tools and checklist",
              _stage_overview, shows=_all("stages")),
    Component("flowchart", "a flow chart as numbered steps whose decisions name where each answer leads",
              _flowchart, (Argument("id", "a flow chart id", _ids("flowcharts")),),
              shows=lambda playbook, id: [("flowcharts", id)]),
    Component("timeline", "the school-year timeline, month by month, with the calendar download",
              _timeline, shows=_all("timeline")),
    Component("forms", "forms and agreements (all of them, or those named by ids)",
              lambda playbook, ids=None: {"forms": [f for f in playbook.forms if ids is None or f.id in ids]},
              (Argument("ids", "a form id", _ids("forms"), many=True, required=False),),
              shows=lambda playbook, ids=None: (("forms", f.id) for f in playbook.forms if ids is None or f.id in ids)),
    Component("data_access", "the ways a partner may get access to student data",
              lambda playbook: {"paths": playbook.data_access_paths}),
    Component("tools", "every tool, with its purpose and its questions or steps",
              lambda playbook: {"tools": playbook.tools}, shows=_all("tools")),
    Component("checklists", "the checklists for one audience, with ticks saved in the browser",
              _those_with("checklists", "audience")[0],
              (Argument("audience", "a checklist audience", _enum(Audience)),),
              shows=_those_with("checklists", "audience")[1]),
    Component("board_review", "policy 4270's conditions for School Board review, and the form that applies them",
              lambda playbook: {"review": playbook.board_review}),
    Component("initiatives", "the department's strategic initiatives",
              lambda playbook: {"initiatives": playbook.initiatives}, shows=_all("initiatives")),
    Component("recognitions", "partnership recognitions, with a filter by school year and focus area",
              _recognitions, shows=_all("recognitions")),
    Component("partnership_types", "the kinds of partnership and what each offers",
              lambda playbook: {"types": playbook.partnership_types}, shows=_all("partnership_types")),
    Component("practices", "the practices of one category",
              _those_with("practices", "category")[0],
              (Argument("category", "a practice category", _enum(PracticeCategory)),),
              shows=_those_with("practices", "category")[1]),
    Component("contacts", "who to contact, and for what",
              lambda playbook: {"contacts": playbook.contacts}, shows=_all("contacts")),
    Component("glossary", "the key terms, each with its Chinese and a short definition, in the reader's alphabetical order",
              lambda playbook: {"terms": playbook.glossary}, shows=_all("glossary")),
    Component("offline_copy", "the download of the offline copy with its size (inside the copy: that the reader is reading it)",
              lambda playbook: {"footer": False, "zip_href": None}),
    Component("sources", "the source documents the playbook rests on, and what they name that cannot be linked yet",
              lambda playbook: {"documents": playbook.sources, "missing": playbook.named_not_linkable}),
)

BY_NAME: dict[str, Component] = {component.name: component for component in COMPONENTS}
