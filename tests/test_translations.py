"""Staff see which Chinese texts are stale or missing, and can mark them reviewed."""
from __future__ import annotations

import subprocess
import sys

from macros.check import translations
from macros.cli.check import stale_translations


def replace(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_real_content_has_every_translation():
    # Stale translations are reported (make check, CI's status report), not failed on:
    # an urgent English fix must not wait for a translator. Missing ones are errors.
    result = translations.status()
    assert result.missing == []
    assert len(result.current) + len(result.stale) > 600


def test_changing_english_makes_its_translation_stale_until_reviewed(project):
    tool_title = "data/tools.yaml: tools[annual-review].title"
    lock = translations.read_lock(project)
    assert tool_title in lock
    english = next(e.english for e in translations.entries(project) if e.key == tool_title)
    replace(project / "data/tools.yaml", f"en: {english}", f"en: {english} (revised)")

    stale = translations.status(project).stale
    assert [e.key for e in stale] == [tool_title]
    warnings = stale_translations(project)
    assert len(warnings) == 1 and warnings[0].startswith("data/tools.yaml:")
    assert "make translations-reviewed FILE=data/tools.yaml" in warnings[0]

    assert translations.mark_reviewed(["data/tools.yaml"], project) == 1
    assert translations.status(project).stale == []


def test_reviewing_one_file_leaves_others_stale(project):
    replace(project / "docs/en/about.md", "# ", "# Updated: ")
    replace(project / "data/stages.yaml", "    en: ", "    en: Revised ")
    stale = {e.group for e in translations.status(project).stale}
    assert stale == {"docs/zh/about.md", "data/stages.yaml"}
    translations.mark_reviewed(["docs/zh/about.md"], project)
    assert {e.group for e in translations.status(project).stale} == {"data/stages.yaml"}


def test_missing_page_translation_is_listed_as_missing(project):
    (project / "docs/zh/support.md").unlink()
    missing = [e.key for e in translations.status(project).missing]
    assert missing == ["docs/zh/support.md"]


def test_status_report_counts_per_file(project):
    replace(project / "data/stages.yaml", "    en: ", "    en: Revised ")
    text = translations.report(translations.status(project))
    row = next(line for line in text.splitlines() if line.startswith("| data/stages.yaml |"))
    assert row.endswith("| 1 | 0 |")
    assert "## Stale" in text and "data/stages.yaml: stages[" in text


def test_check_command_warns_about_stale_text_but_still_passes(project):
    replace(project / "data/stages.yaml", "    en: ", "    en: Revised ")
    result = subprocess.run([sys.executable, "-m", "macros.cli.check", str(project)], capture_output=True, text=True)
    assert result.returncode == 0
    assert "1 stale translation." in result.stderr
    assert "warning: the English of data/stages.yaml: stages[" in result.stderr
