"""Pages are content, not code: a page may place registered components with literal values,
and nothing else. `make check` and the build refuse the same things with the same words,
and nothing a page says runs at build time."""
from __future__ import annotations

import dataclasses
import subprocess
import sys

import pytest
from conftest import PLAYBOOK, ROOT

from macros.cli.build import build
from macros.render.components import COMPONENTS
from macros.render.page_calls import parse_page

PAGE = "docs/en/checklists.md"
CALL = '{{ checklists(audience="school-leader") }}'

# (what the page says instead of CALL, the message expected)
REFUSED = [
    ('{{ checklists(audience="school_leader") }}', "'school_leader' is not a checklist audience (use one of: community-partner, school-leader)"),
    ('{{ checklists(audiance="school-leader") }}', "checklists() has no argument 'audiance'"),
    ("{{ checklists() }}", "checklists() needs 'audience', a checklist audience (one of: community-partner, school-leader)"),
    ('{{ checklist(audience="school-leader") }}', "'checklist' is not a component"),
    ('{{ lipsum.__globals__.os.popen("touch owned").read() }}', "pages may only place components, and this is a call"),
    ("{{ config }}", "pages may only place components, and this is a variable"),
    ("{{ config.site_name }}", "pages may only place components, and this is an attribute"),
    ('{{ "<scr" ~ "ipt>alert(1)</scr" ~ "ipt>" }}', "is not a component call"),
    ('{{ "<script>alert(1)</script>" }}', "pages may only place components, and this is an expression"),
    ('{{ checklists(audience="school-" ~ "leader") }}', "is not a component call"),
    ('{{ checklists(audience="school-" + "leader") }}', "'audience' of checklists() must be a written-out value, not an operation"),
    ("{{ checklists(audience=config.x) }}", "'audience' of checklists() must be a written-out value, not an attribute"),
    ('{{ checklists(audience="school-leader") | safe }}', "pages may only place components, and this is a filter"),
    ('{{ checklists(audience="school-leader").__class__ }}', "pages may only place components, and this is an attribute"),
    ('{{ forms(ids="safety-guidelines") }}', "'ids' of forms() takes a list of values"),
    ('{{ forms(ids=["no-such-form"]) }}', "'no-such-form' is not a form id"),
    ('{{ flowchart("no-such-chart") }}', "'no-such-chart' is not a flow chart id"),
    ('{{ tools(extra=1) }}', "tools() has no argument 'extra'"),
    ('{{ tools(1) }}', "tools() is given more values than it takes"),
    ('{{ checklists(audience="school-leader", audience="school-leader") }}', "'audience' is given twice to checklists()"),
    ("{% include 'secrets.txt' %}", "'{%' starts a template statement, which pages may not contain"),
    ("{% set x = 1 %}{{ x }}", "'{%' starts a template statement, which pages may not contain"),
    ("{## hidden ##}", "'{##' starts a template comment, which pages may not contain"),
    ('{{ checklists(audience="school-leader")', "'{{' is not closed by '}}'"),
]


def problems_of(project, text):
    from macros.check.project import find_problems
    path = project / PAGE
    source = path.read_text(encoding="utf-8")
    assert CALL in source
    path.write_text(source.replace(CALL, text), encoding="utf-8")
    line = source[: source.index(CALL)].count("\n") + 1
    return [str(p) for p in find_problems(project)], line


@pytest.mark.parametrize("text, message", REFUSED, ids=[t for t, _ in REFUSED])
def test_check_refuses_what_is_not_a_component_call(project, text, message):
    problems, line = problems_of(project, text)
    assert any(p.startswith(f"{PAGE}:{line}:1: ") and message in p for p in problems), problems


def test_the_build_refuses_the_same_with_file_line_and_column(project, capfd):
    """The build expands pages itself: what the checks refuse, rendering refuses too, even
    when the build is run directly with MkDocs and no check runs before it."""
    for text, message in (REFUSED[0], REFUSED[4]):
        problems_of(project, text)
        line = (project / PAGE).read_text(encoding="utf-8").split(text)[0].count("\n") + 1
        result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(project / "out")],
                                cwd=project, capture_output=True, text=True)
        assert result.returncode != 0
        assert f"{PAGE}:{line}:1: " in result.stdout + result.stderr
        assert message in result.stdout + result.stderr
        assert not (project / "owned").exists() and not (project / "docs/owned").exists()
        (project / PAGE).write_text((project / PAGE).read_text(encoding="utf-8").replace(text, CALL), encoding="utf-8")
    assert build(project) == 0


def test_template_code_in_a_data_value_is_refused_and_would_render_as_text(project):
    """Data is not code either: the checks refuse template code in a text, and were it let
    through, the renderer would show it as the characters typed."""
    from macros.check.project import find_problems
    from macros.render.links import PageContext
    from macros.render.page_calls import PageMap
    from macros.render.renderer import Renderer

    path = project / "data/stages.yaml"
    stage = PLAYBOOK.stages[0]
    path.write_text(path.read_text(encoding="utf-8").replace(stage.title.en, "'{{ config.site_name }}'", 1),
                    encoding="utf-8")
    assert any("placeholder '{{ config.site_name }}'" in str(p) for p in find_problems(project))
    title = dataclasses.replace(stage.title, en="{{ config.site_name }}")
    shown = dataclasses.replace(PLAYBOOK, stages=tuple(
        dataclasses.replace(s, title=title) if s is stage else s for s in PLAYBOOK.stages))
    renderer = Renderer(shown, PageMap.from_folder(ROOT / "docs" / "en", shown))
    html = str(renderer.render(next(c for c in COMPONENTS if c.name == "stage_overview"), PageContext("en", "index.md"), {}))
    assert "{{ config.site_name }}" in html


def test_every_component_is_placed_on_some_page_and_every_call_is_valid(built_site):
    placed = set()
    for path in (ROOT / "docs").rglob("*.md"):
        parsed = parse_page(path.read_text(encoding="utf-8"), PLAYBOOK)
        assert parsed.refusals == [], path
        placed |= {call.component.name for call in parsed.calls}
    assert placed == {component.name for component in COMPONENTS}


def test_heading_ids_are_not_template_code():
    assert parse_page('## Goals {#goals}\n## Sources {#sources data-source="a#b" .guidance}\n', PLAYBOOK).refusals == []
    assert [r.message for r in parse_page("## Goals {## hidden ##}\n", PLAYBOOK).refusals] == [
        "'{##' starts a template comment, which pages may not contain"]
