"""A pull request's reviewer sees its problems on the lines, and what it adds, removes, renames
and changes, without opening a single YAML file."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from macros.load.yaml_source import load


def git(project, *args):
    subprocess.run(["git", "-c", "user.email=editor@example.org", "-c", "user.name=Editor", *args],
                   cwd=project, check=True, capture_output=True)


@pytest.fixture
def repository(project):
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "base")
    return project


def review(project, tmp_path):
    summary = tmp_path / "summary.md"
    result = subprocess.run([sys.executable, "-m", "macros.cli.review", "--base", "HEAD", "--root", str(project)],
                            capture_output=True, text=True, env={**os.environ, "GITHUB_STEP_SUMMARY": str(summary)})
    return result, summary.read_text(encoding="utf-8") if summary.exists() else ""


def retire(project, collection, *ids):
    """Retire published ids in data/retired.yaml, as a valid removal or rename must."""
    path = project / "data/retired.yaml"
    entries = "".join(f'  - collection: {collection}\n    id: {entry_id}\n    date: "2026-11-23"\n    reason: Taken out in this change.\n'
                      for entry_id in ids)
    path.write_text(path.read_text(encoding="utf-8").replace("retired: []\n", "retired:\n" + entries), encoding="utf-8")


def mark_edited_chinese_reviewed(project):
    from macros.cli import translations as command
    assert command.main(["reviewed"], project) == 0


def entry_block(text, entry_id):
    """The lines of one `- id:` entry of a top-level list, blank line after it included."""
    start = text.index(f"  - id: {entry_id}\n")
    end = text.find("\n  - id: ", start + 1)
    return text[start: end + 1 if end >= 0 else len(text)]


def test_the_summary_lists_removed_renamed_added_and_changed_entries_per_language(repository, tmp_path):
    timeline = repository / "data/timeline.yaml"
    events = load(timeline).value["events"]
    renamed, removed, copied, retranslated = (e["id"] for e in events[:4])
    text = timeline.read_text(encoding="utf-8")
    text = text.replace(entry_block(text, removed), "")
    added = entry_block(text, copied).replace(f"id: {copied}", "id: brand-new-event") \
        .replace(f"en: {events[2]['title']['en']}", "en: A brand new event")
    text = text.replace(f"  - id: {renamed}\n", f"  - id: {renamed}-renamed\n") + "\n" + added
    text = text.replace(f"zh: {events[3]['title']['zh']}", f"zh: {events[3]['title']['zh']}（新）")
    timeline.write_text(text, encoding="utf-8")
    retire(repository, "timeline-events", removed, renamed)
    mark_edited_chinese_reviewed(repository)

    result, summary = review(repository, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "## Problems: 0" in summary
    section = summary.split("**data/timeline.yaml**", 1)[1].split("\n\n", 2)[1].splitlines()
    assert section == [f"- removed from events: `{removed}`",
                       f"- renamed in events: `{renamed}` → `{renamed}-renamed`",
                       "- added to events: `brand-new-event`",
                       f"- changed in events: `{retranslated}` (Chinese)"]
    assert "## Translations" in summary and "stages" not in summary.split("## Translations")[0].split("## Content changes")[1]


def test_every_problem_is_an_annotation_on_its_line_and_fails_the_review(repository, tmp_path):
    tools = repository / "data/tools.yaml"
    text = tools.read_text(encoding="utf-8")
    line = text[: text.index("    title:\n")].count("\n") + 1
    tool_id = load(tools).value["tools"][0]["id"]
    tools.write_text(text.replace("    title:\n", "    titel:\n", 1), encoding="utf-8")
    result, summary = review(repository, tmp_path)
    assert result.returncode == 1
    annotations = [row for row in result.stdout.splitlines() if row.startswith("::error ")]
    assert f"::error file=data/tools.yaml,line={line},col=5::unknown key 'titel' in tools[{tool_id}] (did you mean 'title'?)" \
        in annotations
    assert f"`data/tools.yaml:{line}:5`: unknown key 'titel'" in summary


def test_pages_are_listed_per_language_and_confirmed_unchanged_translations_are_named(repository, tmp_path):
    from macros.cli import translations as command

    stage = load(repository / "data/stages.yaml").value["stages"][0]
    path = repository / "data/stages.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(f"en: {stage['title']['en']}", f"en: {stage['title']['en']}, together", 1),
                    encoding="utf-8")
    assert command.main(["reviewed", f"stages[{stage['id']}].title", "--confirm-unchanged"], repository) == 0
    (repository / "docs/zh/about.md").write_text((repository / "docs/zh/about.md").read_text(encoding="utf-8") + "\n补充。\n",
                                                 encoding="utf-8")
    mark_edited_chinese_reviewed(repository)
    result, summary = review(repository, tmp_path)
    assert result.returncode == 0
    assert "**Pages in Chinese**\n\n- changed: `docs/zh/about.md`" in summary
    assert "**Pages in English**" not in summary
    assert f"- changed in stages: `{stage['id']}` (English)" in summary
    assert (f"Marked reviewed with the Chinese unchanged (CONFIRM_UNCHANGED=1):\n\n- `stages[{stage['id']}].title` "
            "in data/translations/stages.lock.yaml") in summary


def test_pull_requests_get_the_review_and_a_preview_of_the_built_site():
    import yaml
    from conftest import ROOT

    job = yaml.safe_load((ROOT / ".github/workflows/test.yml").read_text(encoding="utf-8"))["jobs"]["review"]
    steps = job["steps"]
    assert steps[0]["with"]["fetch-depth"] == 0  # the base branch is there to compare with
    assert any("make review BASE=" in step.get("run", "") for step in steps)
    assert any("make build offline" in step.get("run", "") for step in steps)
    uploaded = next(step["with"]["path"] for step in steps if "upload-artifact" in step.get("uses", ""))
    assert "site/" in uploaded and "dist/" in uploaded
    assert "review:" in (ROOT / "Makefile").read_text(encoding="utf-8")
