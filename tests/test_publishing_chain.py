"""The whole chain a pull request goes through: whatever it changes, the built files are
scanned before anything is published, and a finding leaves site/ as it was."""
from __future__ import annotations

from conftest import copy_project

from macros.cli.build import build


def test_spam_where_no_source_check_looks_is_stopped_by_the_gate(tmp_path, capfd):
    project = copy_project(tmp_path / "project")
    assert build(project) == 0
    before = (project / "site/index.html").read_bytes()
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("site_description: ", "site_description: 正規買足球的App · ", 1), encoding="utf-8")
    assert build(project) == 1
    err = capfd.readouterr().err
    assert "forbidden phrase" in err and "[source: mkdocs.yml:" in err and "nothing was published" in err
    assert (project / "site/index.html").read_bytes() == before


def test_a_link_that_leaves_the_allowlist_in_the_theme_settings_is_stopped(tmp_path, capfd):
    project = copy_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("repo_url: null", "repo_url: https://evil.example\\@seattleschools.org/", 1),
                      encoding="utf-8")
    assert build(project) == 1
    assert "evil.example" in capfd.readouterr().err
    assert not (project / "site").exists()
