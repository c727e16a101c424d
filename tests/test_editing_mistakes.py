"""A staff member's broken edit is refused with a message naming file, line, what and fix."""
from __future__ import annotations

import re
import subprocess
import sys

import pytest
from conftest import PLAYBOOK, ROOT

from macros.check.project import find_problems
from macros.cli.build import build

LINE = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+):(?P<column>\d+): (?P<message>.+) \((?P<fix>.+)\)$")


def edit(project, name, old, new, count=1):
    path = project / "data" / name
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= count, f"fixture text {old!r} not in {name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    return text.split(old)[0].count("\n") + 1  # the line the edit starts on


def problems_for(project):
    return [str(p) for p in find_problems(project)]


def only(problems, fragment):
    found = [p for p in problems if fragment in p]
    assert found, f"no problem mentions {fragment!r}; got: {problems}"
    return found[0]


def test_real_content_has_no_problems():
    assert problems_for(ROOT) == []


def test_unknown_key_names_the_line_and_suggests_the_right_key(project):
    line = edit(project, "tools.yaml", "    title:\n", "    titel:\n")
    problem = only(problems_for(project), "unknown key 'titel'")
    assert problem.startswith(f"data/tools.yaml:{line}:5: ")
    assert "did you mean 'title'?" in problem
    assert LINE.match(problem)


def test_missing_chinese_text_is_named(project):
    text = (project / "data/stages.yaml").read_text(encoding="utf-8")
    zh_line = next(line for line in text.splitlines() if line.strip().startswith("zh:"))
    edit(project, "stages.yaml", zh_line + "\n", "")
    problem = only(problems_for(project), "has no Chinese text")
    assert problem.startswith("data/stages.yaml:")
    assert "add 'zh:' with the Chinese text" in problem


def test_wrong_type_is_named(project):
    line = edit(project, "stages.yaml", "number: 1\n", "number: first\n")
    problem = only(problems_for(project), "should be a whole number, not text")
    assert problem.startswith(f"data/stages.yaml:{line}:")


def test_missing_required_field_is_named(project):
    text = (project / "data/forms.yaml").read_text(encoding="utf-8")
    block = re.search(r"\n    who_completes:\n(      .*\n)+", text).group(0)
    edit(project, "forms.yaml", block, "\n")
    problem = only(problems_for(project), "missing the required key 'who_completes'")
    assert "add 'who_completes:' to this block" in problem


def test_duplicate_id_is_named_with_the_first_line(project):
    edit(project, "tools.yaml", "- id: annual-review\n", "- id: design-planning\n")
    problem = only(problems_for(project), "the id 'design-planning' is used twice")
    assert re.search(r"first on line \d+", problem)


def test_reference_to_an_unknown_id_lists_the_choices(project):
    edit(project, "timeline.yaml", "tools: [annual-review]", "tools: [anual-review]")
    problem = only(problems_for(project), "'anual-review' is not a known id in tools")
    assert "use one of:" in problem and "annual-review" in problem


def test_duplicate_yaml_key_is_an_error_not_a_silent_overwrite(project):
    line = edit(project, "contacts.yaml", "  - id: scp\n", "  - id: scp\n    id: scp-again\n")
    problem = only(problems_for(project), "the key 'id' appears twice")
    assert problem.startswith(f"data/contacts.yaml:{line + 1}:5: ")
    assert f"first on line {line}" in problem


def test_yaml_syntax_error_is_a_message_not_a_traceback(project):
    year = PLAYBOOK.recognitions[0].school_year
    edit(project, "recognitions.yaml", f'school_year: "{year}"', f'school_year: ["{year}"')
    problem = only(problems_for(project), "YAML syntax error")
    assert problem.startswith("data/recognitions.yaml:")


def test_every_problem_is_reported_at_once(project):
    edit(project, "tools.yaml", "    title:\n", "    titel:\n")
    edit(project, "timeline.yaml", "tools: [annual-review]", "tools: [anual-review]")
    edit(project, "contacts.yaml", "  - id: scp\n", "  - id: scp\n    id: again\n")
    problems = problems_for(project)
    for fragment in ("unknown key 'titel'", "'anual-review' is not a known id", "the key 'id' appears twice"):
        only(problems, fragment)
    assert all(LINE.match(p) for p in problems), problems


def test_check_command_exits_non_zero_and_prints_every_problem(project):
    edit(project, "tools.yaml", "    title:\n", "    titel:\n")
    result = subprocess.run([sys.executable, "-m", "macros.cli.check", str(project)], capture_output=True, text=True)
    assert result.returncode == 1
    assert "data/tools.yaml:" in result.stderr and "unknown key 'titel'" in result.stderr
    assert "Traceback" not in result.stderr


def test_build_refuses_broken_data_and_keeps_the_previous_site(project):
    site = project / "site"
    site.mkdir()
    (site / "index.html").write_text("previous build", encoding="utf-8")
    edit(project, "checklists.yaml", "audience: school-leader", "audience: principal")
    assert build(project, site_dir=site) == 1
    assert [p.name for p in site.iterdir()] == ["index.html"]
    assert (site / "index.html").read_text(encoding="utf-8") == "previous build"


def test_missing_page_translation_is_an_error(project):
    (project / "docs/zh/support.md").unlink()
    problem = only(problems_for(project), "this page has no Chinese version")
    assert problem.startswith("docs/en/support.md:1:1: ")


def test_an_edited_schema_takes_effect_without_a_restart(project, monkeypatch, tmp_path):
    # The compiled validators are cached on disk and in memory; `make serve` must still
    # pick up a schema change at once.
    monkeypatch.setenv("PLAYBOOK_CACHE", str(tmp_path / "cache"))
    assert problems_for(project) == []
    schema = project / "data/schema/contacts.schema.json"
    text = schema.read_text(encoding="utf-8")
    schema.write_text(text.replace('"required": [', '"required": ["office_hours", ', 1), encoding="utf-8")
    assert "missing the required key 'office_hours'" in only(problems_for(project), "office_hours")
    assert len(list((tmp_path / "cache").glob("validator-contacts-*.marshal"))) == 1


def test_compiled_validator_and_jsonschema_agree(project, monkeypatch, tmp_path):
    # A file passes only if the compiled validator passes it; jsonschema words the
    # mistakes. Both must refuse the same file.
    import fastjsonschema

    from macros.check.schemas import _fast_validator, _validator, schema_stamp
    from macros.load.yaml_source import load
    monkeypatch.setenv("PLAYBOOK_CACHE", str(tmp_path / "cache"))
    edit(project, "timeline.yaml", "    month: 9\n", "    month: 13\n")
    doc = load(project / "data/timeline.yaml")
    schema_dir = project / "data/schema"
    stamp = schema_stamp(schema_dir)
    with pytest.raises(fastjsonschema.JsonSchemaException):
        _fast_validator(schema_dir, "timeline", stamp)(doc.value)
    assert list(_validator(schema_dir, "timeline", stamp).iter_errors(doc.value))
