"""Staff see which Chinese texts are changed, new or missing, and mark them reviewed text by text."""
from __future__ import annotations

import re
import subprocess
import sys

from conftest import ROOT

from macros.check import translations
from macros.cli import translations as command
from macros.cli.check import stale_translations
from macros.load.yaml_source import load


def replace(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def entry(project, key):
    return next(e for e in translations.entries(project) if e.key == key)


def a_tool_title(project):
    tool = load(project / "data/tools.yaml").value["tools"][0]
    return f"data/tools.yaml: tools[{tool['id']}].title", tool["title"]


def test_real_content_has_every_translation_reviewed():
    # Changed translations are reported (make check, CI's summary), not failed on: an
    # urgent English fix must not wait for a translator. Missing ones are errors.
    result = translations.status(ROOT)
    assert result.missing == [] and result.new == [] and result.stale == []
    assert result.current


def test_interface_words_and_the_school_year_label_are_tracked():
    groups = {e.group for e in translations.entries(ROOT)}
    assert {"data/ui.yaml", "data/site.yaml"} <= groups
    assert "data/site.yaml: school_year.label" in {e.key for e in translations.entries(ROOT)}


def test_each_file_has_its_own_record_file_so_pull_requests_on_different_files_do_not_meet():
    files = {translations.record_file(e.group) for e in translations.entries(ROOT)}
    assert len(files) == len({e.group for e in translations.entries(ROOT)})
    assert all((ROOT / f).exists() for f in files)


def test_changing_english_makes_its_translation_changed_until_the_chinese_is_updated(project):
    key, title = a_tool_title(project)
    replace(project / "data/tools.yaml", f"en: {title['en']}", f"en: {title['en']} (revised)")
    result = translations.status(project)
    assert [e.key for e in result.stale] == [key] and result.new == []
    warnings = stale_translations(project)
    assert len(warnings) == 1 and warnings[0].startswith("data/tools.yaml:")
    assert "make translations-reviewed FILE=data/tools.yaml" in warnings[0]

    # Without a name only texts whose Chinese was edited are marked: this one is not.
    assert translations.mark_reviewed([], project).marked == []
    replace(project / "data/tools.yaml", f"zh: {title['zh']}", f"zh: {title['zh']}（修订）")
    assert [e.key for e in translations.mark_reviewed([], project).marked] == [key]
    assert translations.status(project).stale == []


def test_inserting_a_question_leaves_the_others_current_and_the_new_one_is_new(project):
    tools = project / "data/tools.yaml"
    text = tools.read_text(encoding="utf-8")
    first_item = re.search(r"^(\s+)- en: .+\n\s+zh: .+\n", text, re.M)
    indent = first_item.group(1)
    inserted = f"{indent}- en: A question added before the others?\n{indent}  zh: 新加的问题？\n"
    tools.write_text(text[: first_item.start()] + inserted + text[first_item.start():], encoding="utf-8")
    result = translations.status(project)
    assert result.stale == []
    assert [e.english for e in result.new] == ["A question added before the others?"]
    assert "is new: its Chinese has not been reviewed yet" in translations.new_message(result.new[0])


def test_editing_a_question_is_changed_not_new(project):
    tools = project / "data/tools.yaml"
    question = re.search(r"^\s+- en: (.+)$", tools.read_text(encoding="utf-8"), re.M).group(1)
    replace(tools, f"- en: {question}", f"- en: {question} Revised.")
    result = translations.status(project)
    assert [e.english for e in result.stale] == [f"{question} Revised."] and result.new == []


def test_a_new_entry_is_new_not_changed(project):
    stages = project / "data/stages.yaml"
    replace(stages, "stages:\n", "stages:\n  - id: brand-new\n    title:\n      en: Brand new\n      zh: 全新\n")
    result = translations.status(project)
    assert [e.key for e in result.new] == ["data/stages.yaml: stages[brand-new].title"] and result.stale == []


def test_a_file_name_that_matches_nothing_is_refused(project, capsys):
    assert command.main(["reviewed", "data/tool.yaml"], project) == 2
    assert "'data/tool.yaml' matches no translated text (did you mean data/tools.yaml?)" in capsys.readouterr().err


def test_marking_a_named_text_with_unchanged_chinese_needs_confirmation_and_is_recorded(project, capsys):
    key, title = a_tool_title(project)
    replace(project / "data/tools.yaml", f"en: {title['en']}", f"en: {title['en']} (revised)")
    assert command.main(["reviewed", "data/tools.yaml"], project) == 1
    assert "CONFIRM_UNCHANGED=1" in capsys.readouterr().err
    assert [e.key for e in translations.status(project).stale] == [key]

    assert command.main(["reviewed", key.split(": ", 1)[1], "--confirm-unchanged"], project) == 0
    assert translations.status(project).stale == []
    confirmed = translations.confirmed_unchanged(project)
    assert [(label, text) for label, text, _ in confirmed] == [("data/translations/tools.lock.yaml", key.split(": ", 1)[1])]


def test_naming_a_file_marks_only_that_files_texts(project):
    replace(project / "docs/en/about.md", "# ", "# Updated: ")
    replace(project / "docs/zh/about.md", "# ", "# 更新：")
    replace(project / "data/stages.yaml", "      zh: ", "      zh: 修订：")
    stage = load(project / "data/stages.yaml").value["stages"][0]
    replace(project / "data/stages.yaml", f"en: {stage['title']['en']}", f"en: Revised {stage['title']['en']}")
    assert {e.group for e in translations.status(project).to_review} == {"docs/zh/about.md", "data/stages.yaml"}
    translations.mark_reviewed(["docs/zh/about.md"], project)
    assert {e.group for e in translations.status(project).to_review} == {"data/stages.yaml"}


def test_missing_page_translation_is_listed_as_missing(project):
    (project / "docs/zh/support.md").unlink()
    missing = [e.key for e in translations.status(project).missing]
    assert missing == ["docs/zh/support.md"]


def test_status_report_counts_per_file(project):
    stage = load(project / "data/stages.yaml").value["stages"][0]
    replace(project / "data/stages.yaml", f"en: {stage['title']['en']}", f"en: Revised {stage['title']['en']}")
    text = translations.report(translations.status(project))
    row = next(line for line in text.splitlines() if line.startswith("| data/stages.yaml |"))
    assert row.endswith("| 1 | 0 | 0 |")
    assert "## Changed" in text and f"data/stages.yaml: stages[{stage['id']}].title" in text


def test_check_command_warns_about_changed_text_but_still_passes(project):
    stage = load(project / "data/stages.yaml").value["stages"][0]
    replace(project / "data/stages.yaml", f"en: {stage['title']['en']}", f"en: Revised {stage['title']['en']}")
    result = subprocess.run([sys.executable, "-m", "macros.cli.check", str(project)], capture_output=True, text=True)
    assert result.returncode == 0
    assert "1 translation to review." in result.stderr
    assert f"warning: the English of data/stages.yaml: stages[{stage['id']}].title" in result.stderr


def test_a_hand_edited_record_is_a_named_problem(project):
    records = project / "data/translations/stages.lock.yaml"
    lines = records.read_text(encoding="utf-8").split("\n")
    number = next(i for i, line in enumerate(lines, 1) if line and not line.startswith("#"))
    key = lines[number - 1].split(":")[0]
    lines[number - 1] = f"{key}: not a hash"
    records.write_text("\n".join(lines), encoding="utf-8")
    problems = translations.record_problems(project)
    assert [str(p) for p in problems] == [
        f"data/translations/stages.lock.yaml:{number}:{len(key) + 3}: this translation record is not in the form "
        "`make translations-reviewed` writes (undo the hand edit, or delete the line and run make translations-reviewed)"]


def test_records_of_the_single_lock_file_of_an_older_branch_are_migrated(project):
    import shutil

    import yaml

    old = {}
    for stem in ("tools", "stages"):
        doc = load(project / f"data/{stem}.yaml")
        for at, text in translations.bilingual_texts(doc.value):
            old[f"data/{stem}.yaml: {translations._position_key(doc.value, at)}"] = translations.source_hash(text["en"])
    old["docs/zh/about.md"] = translations.source_hash((project / "docs/en/about.md").read_text(encoding="utf-8"))
    shutil.rmtree(project / "data/translations")
    (project / translations.OLD_LOCK).write_text(yaml.safe_dump(old, allow_unicode=True), encoding="utf-8")
    assert command.main(["migrate"], project) == 0
    assert not (project / translations.OLD_LOCK).exists()
    result = translations.status(project)
    current = {e.group for e in result.current}
    assert {"data/tools.yaml", "data/stages.yaml", "docs/zh/about.md", "data/ui.yaml", "data/site.yaml"} <= current
    assert not any(e.group in ("data/tools.yaml", "data/stages.yaml") for e in result.to_review)


def test_renaming_an_entry_keeps_its_translations_current(project):
    timeline = project / "data/timeline.yaml"
    event = load(timeline).value["events"][0]["id"]
    replace(timeline, f"  - id: {event}\n", f"  - id: {event}-renamed\n")
    result = translations.status(project)
    assert result.new == [] and result.stale == []
    assert any(e.key.startswith(f"data/timeline.yaml: events[{event}-renamed].") for e in result.current)
