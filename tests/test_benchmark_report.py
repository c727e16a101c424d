"""The committed benchmark report is whole, and the README quotes it as it is."""
from __future__ import annotations

import json
import statistics

from conftest import ROOT, page_file, site_pages

from bench.scores import (
    CATEGORIES,
    FORM_FACTORS,
    StartTags,
    attribute_message,
    element_at,
    target_verdicts,
    template_sources,
    template_tags,
)
from macros.readings import READINGS, is_converted

REPORT = json.loads((ROOT / "bench/report.json").read_text(encoding="utf-8"))
README = (ROOT / "README.md").read_text(encoding="utf-8")
PAGES = list((ROOT / "docs/en").rglob("*.md"))


def test_report_covers_the_real_content_and_ten_and_fifty_times_it():
    results = {r["scale"]: r for r in REPORT["results"]}
    assert sorted(results) == [1, 10, 50]
    for result in results.values():
        assert result["build_s"]["runs"] >= 3
        assert result["build_s"]["min"] <= result["build_s"]["median"] <= result["build_s"]["max"]
        assert result["pages"] == len(PAGES) * len(READINGS)
        assert all(result[f"search_index_{reading}"]["bytes"] > 0 for reading in READINGS)


def test_report_times_saving_a_data_file_until_an_open_page_shows_it():
    real = next(r for r in REPORT["results"] if r["scale"] == 1)
    figure = real["save_to_page_s"]
    assert figure["runs"] >= 3 and 0 < figure["min"] <= figure["median"] <= figure["max"]
    report = (ROOT / "bench/report.md").read_text(encoding="utf-8")
    assert f"{figure['median']:.2f} s" in report


def test_readme_quotes_the_committed_figures():
    section = README.split("## Performance", 1)[1].split("\n## ", 1)[0]
    for result in REPORT["results"]:
        assert f"{result['build_s']['median']:.2f} s" in section
        assert f"{result['data_layer_s']['median']:.2f} s ({result['data_layer_share']['median']:.1%})" in section
        assert f"{result['serve_rebuild_s']['median']:.2f} s" in section


# --- Lighthouse and the Nu Html Checker (bench/scores.py) ------------------------------------

SCORES = REPORT.get("scores") or {}  # each test below fails without it
REPORT_MD = (ROOT / "bench/report.md").read_text(encoding="utf-8")


def test_lighthouse_measured_every_page_in_both_languages_mobile_and_desktop_several_times():
    expected = {page_file(url) for reading, url in site_pages() if not is_converted(reading)}  # written languages
    assert set(SCORES["pages"]) == expected and SCORES["pages_built"] == len(expected)
    rows = {(row["page"], row["form_factor"]): row for row in SCORES["lighthouse"]}
    assert set(rows) == {(page, form) for page in expected for form in FORM_FACTORS}
    for row in rows.values():
        assert row["runs"] == SCORES["runs"] >= 3 and not row["errors"]
        for category in CATEGORIES:
            assert len(row["scores"][category]) == row["runs"]
            assert row["median"][category] == statistics.median(row["scores"][category])


def test_the_report_shows_each_target_as_the_measured_rows_make_it():
    assert SCORES["targets"] == target_verdicts(SCORES["lighthouse"], SCORES["nu"])
    for target in SCORES["targets"]:
        assert f"| {target['target']} | {'yes' if target['met'] else 'NO'} | {target['measured']} |" in REPORT_MD
    for row in SCORES["lighthouse"]:
        line = next(line for line in REPORT_MD.splitlines() if line.startswith(f"| {row['page']} | {row['form_factor']} |"))
        assert [cell.strip().split(" ")[0] for cell in line.strip("|").split("|")[2:]] == \
            [f"{row['median'][c]:g}" for c in CATEGORIES]


def test_nu_errors_are_counted_per_page_and_owner_as_listed():
    nu = SCORES["nu"]
    assert set(nu["pages"]) == set(SCORES["pages"])
    for page, counts in nu["pages"].items():
        for owner in ("own", "theme"):
            assert counts[owner] == sum(e["page"] == page and e["owner"] == owner for e in nu["errors"])
        assert f"| {page} | {counts['own']} | {counts['theme']} |" in REPORT_MD
    assert nu["own_errors"] == sum(e["owner"] == "own" for e in nu["errors"])
    assert nu["theme_errors"] == len(nu["errors"]) - nu["own_errors"]
    # What is put down to the theme is written by a template of the theme's that the project
    # does not replace.
    sources = template_sources(ROOT)
    assert {e["source"] for e in nu["errors"] if e["owner"] == "theme"} <= set(sources["theme"])
    assert f"{nu['own_errors']} errors from the project's own markup, {nu['theme_errors']} from the theme's" in REPORT_MD


def test_nu_errors_go_to_the_file_that_writes_the_element(built_site):
    """The rule, on a built page: the skip target comes from overrides/main.html, the
    theme's drawer toggle from its base.html, a paragraph of the page from its Markdown."""
    tags_by_owner = {owner: template_tags(files) for owner, files in template_sources(ROOT).items()}
    parser = StartTags()
    parser.feed((built_site / "tools/index.html").read_text(encoding="utf-8"))

    def first(predicate):
        return next(tag for tag in parser.tags if predicate(tag))

    skip_target = first(lambda tag: ("id", "pb-content") in tag["attrs"])
    assert 'id="pb-content"' in (ROOT / "overrides/main.html").read_text(encoding="utf-8")
    assert attribute_message(skip_target, tags_by_owner) == ("own", "overrides/main.html")
    drawer = first(lambda tag: tag["tag"] == "input" and ("id", "__drawer") in tag["attrs"])
    assert attribute_message(drawer, tags_by_owner) == ("theme", "material/templates/base.html")
    paragraph = first(lambda tag: tag["tag"] == "p" and tag["inside_article"] and not tag["attrs"])
    assert attribute_message(paragraph, tags_by_owner) == ("own", "page text (docs/)")
    # The checker points at the end of a start tag: that finds the element whose tag it is.
    line, column = drawer["at"]
    assert element_at(parser.tags, line, column + 20) is drawer
