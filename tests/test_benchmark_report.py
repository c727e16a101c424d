"""The committed benchmark report is whole, and the README quotes it as it is."""
from __future__ import annotations

import json

from conftest import ROOT

from macros.readings import READINGS

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
