"""Ids are forever and loss is never silent: an entry that leaves the data is retired on
record, a retired checklist item's saved ticks move to the item that replaces it, and
text that is blank, copied from the English or changed without review is refused."""
from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import ROOT, copy_project, serve

from macros.check import translations
from macros.check.project import find_problems
from macros.check.retired_ids import ID_COLLECTIONS, LOCK, current_ids, read_lock
from macros.cli.build import build
from macros.load.yaml_source import load

CHECKLISTS = "data/checklists.yaml"


def check(project):
    return subprocess.run([sys.executable, "-m", "macros.cli.check", str(project)], capture_output=True, text=True, timeout=120)


def an_item(project, checklist_index=0, item_index=0):
    """A checklist item of the project: its checklist id, its id and where its id is written."""
    doc = load(project / CHECKLISTS, CHECKLISTS)
    checklist = doc.value["checklists"][checklist_index]
    group_index = next(i for i, g in enumerate(checklist["groups"]) if len(g["items"]) > item_index)
    at = ("checklists", checklist_index, "groups", group_index, "items", item_index, "id")
    return checklist["id"], checklist["groups"][group_index]["items"][item_index]["id"], doc.where(at)


def rename_item(project, where, old: str, new: str) -> None:
    path = project / CHECKLISTS
    lines = path.read_text(encoding="utf-8").split("\n")
    line, column = where
    assert lines[line - 1][column - 1:].startswith(old)
    lines[line - 1] = lines[line - 1][:column - 1] + new + lines[line - 1][column - 1 + len(old):]
    path.write_text("\n".join(lines), encoding="utf-8")


def retire(project, collection: str, entry_id: str, replaced_by: str | None = None) -> None:
    path = project / "data/retired.yaml"
    lines = [f"  - collection: {collection}", f"    id: {entry_id}", '    date: "2026-11-23"', "    reason: Merged into another entry."]
    lines += [f"    replaced_by: {replaced_by}"] if replaced_by else []
    text = path.read_text(encoding="utf-8").replace("retired: []\n", "retired:\n")
    path.write_text(text + "\n".join(lines) + "\n", encoding="utf-8")


def test_the_lock_records_every_id_in_the_real_data():
    from macros.load import COLLECTIONS
    parsed = {stem: load(ROOT / f"data/{stem}.yaml", f"data/{stem}.yaml") for stem in COLLECTIONS}
    lock, problems = read_lock(ROOT)
    assert problems == []
    for name, ids in current_ids(parsed).items():
        assert set(ids) <= lock[name], name
    assert {c.name for c in ID_COLLECTIONS} == set(lock)


def test_a_deleted_entry_is_an_error_naming_its_id_until_it_is_retired(project):
    checklist, item, where = an_item(project)
    path = project / CHECKLISTS
    lines = path.read_text(encoding="utf-8").split("\n")
    # The item's block: from its "- id:" line to the next line indented no deeper.
    start = where[0] - 1
    indent = len(lines[start]) - len(lines[start].lstrip())
    end = next(i for i in range(start + 1, len(lines)) if len(lines[i]) - len(lines[i].lstrip()) <= indent)
    path.write_text("\n".join(lines[:start] + lines[end:]), encoding="utf-8")
    result = check(project)
    assert result.returncode == 1
    assert f"the checklist item id '{checklist}/{item}' was published and is no longer in data/checklists.yaml" in result.stderr
    assert "retire the id in data/retired.yaml" in result.stderr
    retire(project, "checklist-items", f"{checklist}/{item}")
    assert check(project).returncode == 0


def test_a_retired_id_is_never_used_again(project):
    checklist, item, where = an_item(project)
    retire(project, "checklist-items", f"{checklist}/{item}")
    problems = [str(p) for p in find_problems(project)]
    assert any(p.startswith(f"data/checklists.yaml:{where[0]}:{where[1]}: the checklist item id '{checklist}/{item}' was retired on 2026-11-23")
               and "ids are never used again" in p for p in problems), problems


def test_a_new_id_is_recorded_by_the_check_with_a_note(project):
    checklist, item, where = an_item(project)
    rename_item(project, where, item, f"{item}-new")
    retire(project, "checklist-items", f"{checklist}/{item}", replaced_by=f"{checklist}/{item}-new")
    result = check(project)
    assert result.returncode == 0, result.stderr
    assert f"Note: recorded new ids in {LOCK} (checklist-items: {checklist}/{item}-new)" in result.stdout
    lock, _ = read_lock(project)
    assert f"{checklist}/{item}-new" in lock["checklist-items"]
    assert f"{checklist}/{item}" in lock["checklist-items"], "a retired id stays on record"
    assert "Note:" not in check(project).stdout, "recorded once"


def test_replacements_follow_chains_to_the_current_item(project):
    from macros.load import load_playbook
    checklist, first, where_first = an_item(project, item_index=0)
    _, second, where_second = an_item(project, item_index=1)
    rename_item(project, where_first, first, f"{first}-v2")
    rename_item(project, where_second, second, f"{second}-v2")
    retire(project, "checklist-items", f"{checklist}/{first}", replaced_by=f"{checklist}/{second}")
    retire(project, "checklist-items", f"{checklist}/{second}", replaced_by=f"{checklist}/{second}-v2")
    problems = find_problems(project)
    assert problems == [], problems
    moved = load_playbook(project / "data", project).moved_ticks
    assert moved[f"{checklist}/{second}-v2"] == tuple(sorted([f"{checklist}/{first}", f"{checklist}/{second}"]))


def test_a_chinese_text_changed_without_review_is_an_error_until_reviewed(project):
    entry = next(e for e in translations.entries(project) if e.key.startswith("data/tools.yaml") and len(e.chinese) > 4)
    path = project / "data/tools.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(entry.chinese, entry.chinese[: len(entry.chinese) // 2], 1), encoding="utf-8")
    problems = [str(p) for p in find_problems(project)]
    expected = f"data/tools.yaml:{entry.chinese_where[0]}:{entry.chinese_where[1]}: the Chinese of {entry.key.split(': ')[1]} changed after its translation was reviewed"
    assert any(p.startswith(expected) for p in problems), problems
    translations.mark_reviewed(["data/tools.yaml"], project)
    assert find_problems(project) == []


@pytest.mark.browser
def test_a_saved_tick_moves_to_the_item_that_replaced_it(browser, tmp_path):
    project = copy_project(tmp_path / "project")
    checklist, item, where = an_item(project)
    site = project / "site"
    assert build(project, site_dir=site) == 0
    server = serve(site)
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/checklists/"
        page = browser.new_context().new_page()
        page.goto(url)
        page.locator(f"#check-{checklist}-{item}").check()  # saved under the old id

        rename_item(project, where, item, f"{item}-revised")
        retire(project, "checklist-items", f"{checklist}/{item}", replaced_by=f"{checklist}/{item}-revised")
        assert build(project, site_dir=site) == 0
        page.reload()
        assert page.locator(f"#check-{checklist}-{item}").count() == 0
        assert page.locator(f"#check-{checklist}-{item}-revised").is_checked()
        saved = page.evaluate("Object.assign({}, localStorage)")
        assert saved.get(f"pb:check:{checklist}:{item}-revised") == "1"
        assert f"pb:check:{checklist}:{item}" not in saved, "the tick moves once; the old key is gone"

        page.locator(f"#check-{checklist}-{item}-revised").uncheck()
        page.reload()
        assert not page.locator(f"#check-{checklist}-{item}-revised").is_checked()
    finally:
        server.shutdown()
        server.server_close()
