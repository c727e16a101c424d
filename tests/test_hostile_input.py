"""Hostile and broken input: nothing gets through, nothing is lost.

The corpus in tests/corpus/cases.yaml lists every bad input with the message it must
produce, or the escaped text it must render.
"""
from __future__ import annotations

import hashlib
import re
import resource
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, copy_project
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from macros.check import translations
from macros.cli.build import build
from macros.load import load_playbook
from macros.load.model import Text
from macros.render.components import COMPONENTS
from macros.render.links import PageContext
from macros.render.page_calls import PageMap
from macros.render.renderer import Renderer

CORPUS = yaml.safe_load((ROOT / "tests/corpus/cases.yaml").read_text(encoding="utf-8"))
REFUSED = CORPUS["refused"]
RENDERED = CORPUS["rendered"]


def apply(case: dict, project: Path) -> None:
    path = project / case["file"]
    if case.get("delete"):
        path.unlink()
        return
    if "write" in case:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(case["write"], encoding="utf-8")
        return
    if "symlink" in case:
        path.symlink_to(case["symlink"])
        return
    data = path.read_bytes()
    if "prepend_hex" in case:
        data = bytes.fromhex(case["prepend_hex"]) + data
    if "replace_hex" in case:
        old, new = (bytes.fromhex(h) for h in case["replace_hex"])
        assert old in data, case["name"]
        data = data.replace(old, new, 1)
    if "replace" in case:
        old, new = (part.encode("utf-8") for part in case["replace"])
        assert old in data, f"{case['name']}: {case['replace'][0]!r} not in {case['file']}"
        data = data.replace(old, new, 1)
    if "insert_repeat" in case:
        after, text, times = case["insert_repeat"]
        at = data.index(after.encode("utf-8")) + len(after.encode("utf-8"))
        data = data[:at] + text.encode("utf-8") * times + data[at:]
    if "truncate_before" in case:
        data = data[:data.index(case["truncate_before"].encode("utf-8"))]
    if "truncate_after" in case:
        data = data[:data.index(case["truncate_after"].encode("utf-8")) + len(case["truncate_after"].encode("utf-8"))]
    if "append" in case:
        data += case["append"].encode("utf-8")
    if "append_repeat" in case:
        text, times = case["append_repeat"]
        data += text.encode("utf-8") * times
    path.write_bytes(data)


def fingerprint(project: Path) -> dict[str, str]:
    return {str(p.relative_to(project)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted((project / "data").rglob("*")) if p.is_file()}


# Processor seconds a case may take to be refused: ten times what `make check` takes on
# the real content, so that a check growing quadratically with a line or a file fails here.
# Processor time, not elapsed time, so that a busy machine does not fail the case.
CPU_SECONDS_PER_CASE = 10


def test_corpus_is_large_and_every_case_is_distinct():
    assert len(REFUSED) + len(RENDERED) >= 40
    names = [case["name"] for case in REFUSED + RENDERED]
    assert len(names) == len(set(names))


def test_every_class_of_hostile_source_is_in_the_corpus():
    classes = {case.get("class") for case in REFUSED}
    assert {"anchors", "nesting", "long lines", "raw html", "attribute lists", "files in docs", "svg",
            "deleted entries", "truncated files", "blank text", "chinese equal to english", "retired ids"} <= classes


@pytest.mark.parametrize("case", REFUSED, ids=[c["name"] for c in REFUSED])
def test_bad_input_is_refused_with_a_message_for_a_person(case, tmp_path):
    project = copy_project(tmp_path / "project")
    apply(case, project)
    before = fingerprint(project)
    started = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = subprocess.run([sys.executable, "-m", "macros.cli.check", str(project)], capture_output=True, text=True, timeout=300)
    finished = resource.getrusage(resource.RUSAGE_CHILDREN)
    seconds = (finished.ru_utime + finished.ru_stime) - (started.ru_utime + started.ru_stime)
    output = result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output and "Error:" not in output.split("\n")[0]
    assert seconds < CPU_SECONDS_PER_CASE, f"refused, but only after {seconds:.1f} s of processor time"
    assert case["expect"] in output, output
    lines = [line for line in output.splitlines() if case["expect"] in line]
    assert all(re.match(r"^[\w./-]+:\d+:\d+: .+ \(.+\)$", line) for line in lines), lines
    if "at" in case:
        assert any(line.startswith(case["at"] + ": ") for line in lines), lines
    if "fix" in case:
        assert any(f"({case['fix']})" in line for line in lines), lines
    assert fingerprint(project) == before, "a failed check must never rewrite a data file"


def test_a_failed_build_leaves_the_published_site_as_it_was(tmp_path):
    project = copy_project(tmp_path / "project")
    assert build(project) == 0
    site = project / "site"
    before = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    apply(next(c for c in REFUSED if c["name"] == "python object tag on a list"), project)
    assert build(project) == 1
    after = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert after == before
    assert not [p for p in project.iterdir() if p.name.startswith(".site")], "no half-built folders left behind"


def test_a_build_failing_inside_mkdocs_also_keeps_the_site(tmp_path):
    project = copy_project(tmp_path / "project")
    assert build(project) == 0
    index = (project / "site/index.html").read_bytes()
    page = project / "docs/en/tools.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n{{ no_such_macro() }}\n", encoding="utf-8")
    assert build(project) != 0
    assert (project / "site/index.html").read_bytes() == index


def test_hostile_text_reaches_the_page_only_as_text(tmp_path):
    project = copy_project(tmp_path / "project")
    for case in RENDERED:
        apply(case, project)
    translations.mark_reviewed([], project)  # valid data: its changed Chinese has been reviewed
    assert build(project) == 0
    site = project / "site"
    for case in RENDERED:
        html = (site / case["page"]).read_text(encoding="utf-8")
        html = re.sub(r'</?span(?: lang="en")?>', "", html)  # language marks split runs of Latin text
        assert case["escaped"] in html, case["name"]
        assert case["raw"] not in html, case["name"]
    for index in (site / "search/search_index.json", site / "zh/search/search_index.json"):
        text = index.read_text(encoding="utf-8")
        assert "<script>alert" not in text and "<img src=x onerror" not in text


# Property-based: any string in any text field renders as that text and nothing else -------

PLAYBOOK = load_playbook(ROOT / "data", ROOT)
PAGE_MAP = PageMap.from_folder(ROOT / "docs" / "en", PLAYBOOK)


def example_arguments(component) -> dict:
    """Each argument of `component` given its first allowed value."""
    arguments = {}
    for argument in component.arguments:
        first = argument.allowed(PLAYBOOK)[0]
        arguments[argument.name] = [first] if argument.many else first
    return arguments


CALLS = {component.name: (component, example_arguments(component)) for component in COMPONENTS}
HOSTILE = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "{{ config }}", "{% raw %}",
                     "{# c #}", "&amp;", "</div></section>", "' onmouseover='x", "`js`", "]]>", "<!--", "\\u003c"]),
).map(lambda s: s.replace("\x00", "").replace("\r", ""))


def with_every_text(value, text: str):
    """A copy of `value` (a model object) whose every Text says `text` in both languages."""
    import dataclasses
    if isinstance(value, Text):
        return Text(text, text)
    if dataclasses.is_dataclass(value):
        changes = {f.name: with_every_text(getattr(value, f.name), text)
                   for f in dataclasses.fields(value) if f.name not in ("by_id", "ui", "site")}
        return dataclasses.replace(value, **changes)
    if isinstance(value, tuple):
        return tuple(with_every_text(item, text) for item in value)
    return value


def shape(html: str) -> list[str]:
    """The tags and attribute names of `html`: what the markup is, whatever the text says."""
    from html.parser import HTMLParser

    found = []

    class Collect(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append(f"<{tag} {' '.join(sorted(name for name, _ in attrs))}>")

        def handle_endtag(self, tag):
            found.append(f"</{tag}>")

    Collect().feed(html)
    return found


def visible_text(html: str) -> str:
    from html.parser import HTMLParser

    parts = []

    class Collect(HTMLParser):
        def handle_data(self, data):
            parts.append(data)

    collector = Collect(convert_charrefs=True)
    collector.feed(html)
    return "".join(parts)


def render_all(playbook, lang: str) -> dict[str, str]:
    renderer = Renderer(playbook, PAGE_MAP)
    return {name: str(renderer.render(component, PageContext(lang, "index.md"), arguments))
            for name, (component, arguments) in CALLS.items()}


PLAIN = render_all(with_every_text(PLAYBOOK, "plain"), "en")
BASELINE = {name: shape(html) for name, html in PLAIN.items()}
# The components that show data text; the others show interface words only.
SHOWING_DATA = {name for name, html in PLAIN.items() if "plain" in visible_text(html)}


def test_only_the_offline_copys_offer_shows_no_data_text():
    assert set(CALLS) - SHOWING_DATA == {"offline_copy"}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=HOSTILE, lang=st.sampled_from(["en", "zh"]))
def test_any_string_in_any_text_field_renders_only_as_text(text, lang):
    for name, html in render_all(with_every_text(PLAYBOOK, text), lang).items():
        assert shape(html) == BASELINE[name], name
        words = " ".join(text.split())
        if words and name in SHOWING_DATA:
            assert words in " ".join(visible_text(html).split()), name
