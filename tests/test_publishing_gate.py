"""Nothing hostile reaches the published site: the publishing gate (macros/gate) finds it
in the built output, however it is disguised and wherever it sits.

The corpus (tests/corpus/published.yaml) plants each hostile output into a copy of a
small built site; the real built site must have no finding at all.
"""
from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
import sys
import time
import unicodedata
from collections import Counter
from pathlib import Path

import ada_url
import opencc
import pytest
import yaml
from conftest import ROOT
from gate_planting import plant, small_site
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from macros.gate import GateContext, contact_phone_numbers, load_rules, scan_site
from macros.gate.links import UNKNOWN_SITE, LinkPolicy
from macros.gate.normalise import skeleton_table, spam_form
from macros.gate.own_scripts import template_scripts
from macros.gate.spam import SpamEntry
from macros.load.yaml_source import load
from macros.problems import ContentError

CORPUS = yaml.safe_load((ROOT / "tests/corpus/published.yaml").read_text(encoding="utf-8"))
HOSTILE = CORPUS["hostile"]
ACCEPTED = CORPUS["accepted"]
RULES = load_rules(ROOT)


@pytest.fixture(scope="session")
def gate(tmp_path_factory) -> GateContext:
    """The gate as the build calls it: the project's rules, and only the theme's own inline scripts."""
    return GateContext.for_project(ROOT, inline_script_allowed=template_scripts(ROOT))


@pytest.fixture(scope="session")
def small(built_site, tmp_path_factory) -> Path:
    return small_site(built_site, tmp_path_factory.mktemp("small") / "site")


def planted(small: Path, target: Path, case: dict) -> tuple[Path, str]:
    site = target / "site"
    shutil.copytree(small, site, symlinks=True)
    return site, plant(site, case)


# -- the corpus ------------------------------------------------------------------------

def test_corpus_covers_every_class_of_hostile_output():
    classes = Counter(case["class"] for case in HOSTILE)
    assert len(HOSTILE) >= 100
    assert {cls: n for cls, n in classes.items() if n < 10} == {}, classes
    names = [case["name"] for case in HOSTILE + ACCEPTED]
    assert len(names) == len(set(names))


def test_the_small_site_has_no_finding(small, gate):
    assert scan_site(small, gate) == []


@pytest.mark.parametrize("case", HOSTILE, ids=[c["name"] for c in HOSTILE])
def test_hostile_output_is_found_with_its_message(case, small, gate, tmp_path):
    site, published = planted(small, tmp_path, case)
    findings = [f for f in scan_site(site, gate) if f.file == published]
    messages = [f.message for f in findings]
    assert case["expect"] in messages, messages
    finding = next(f for f in findings if f.message == case["expect"])
    if case["plant"] in ("html", "zh_html"):
        # Placed on the line the text was planted on, which is where </article> was.
        original = (small / published).read_text(encoding="utf-8")
        line = original[:original.rindex("</article>")].count("\n") + 1
        assert line <= finding.line <= line + case["text"].count("\n"), finding
    assert str(finding).startswith(f"site/{published}:{finding.line}:{finding.column}: {case['expect']}")


@pytest.mark.parametrize("case", ACCEPTED, ids=[c["name"] for c in ACCEPTED])
def test_ordinary_output_is_not_a_finding(case, small, gate, tmp_path):
    site, published = planted(small, tmp_path, case)
    assert [str(f) for f in scan_site(site, gate) if f.file == published] == []


def test_telephone_links_may_call_only_the_contacts_numbers(small, gate, tmp_path):
    contacts = load(ROOT / "data/contacts.yaml").value["contacts"]
    listed = next(c["phone"] for c in contacts if "phone" in c)
    known = contact_phone_numbers(ROOT)
    unknown = next(f"206-555-{n:04d}" for n in range(10000) if f"206555{n:04d}" not in known)
    case = {"plant": "html", "text": f'<p><a href="tel:{listed}">call</a> <a href="tel:{unknown}">or</a></p>'}
    site, published = planted(small, tmp_path, case)
    assert [f.message for f in scan_site(site, gate)] == [
        f"the link 'tel:{unknown}' calls '{unknown}', a number that is not in data/contacts.yaml"]


# -- the real site -------------------------------------------------------------------------

def test_the_real_built_site_has_no_finding_and_is_scanned_quickly(built_site, gate):
    assert [str(f) for f in scan_site(built_site, gate)] == []
    times = []  # processor time: the machine the tests run on may be busy with other work
    for _ in range(3):
        start = time.process_time()
        scan_site(built_site, gate)
        times.append(time.process_time() - start)
    files = sum(1 for p in built_site.rglob("*") if p.is_file())
    assert files > 40
    # The built files (three readings, the offline copy's files inside its zip) grow with the
    # content; what must stay small is the time each takes.
    assert min(times) < 0.05 * files, f"scanning {files} files took {min(times):.2f} s"


def test_an_inline_script_is_accepted_only_when_it_is_the_themes_own(built_site, gate):
    own = template_scripts(ROOT)
    page = (built_site / "index.html").read_text(encoding="utf-8")
    inline = re.findall(r"<script>(.*?)</script>", page, re.S)
    assert inline and all(own(body) for body in inline)
    # A template's {{ … }} may be filled with text, never with a quote that ends the string.
    scope = next(body for body in inline if body.startswith("__md_scope=new URL("))
    assert own(scope.replace('new URL(".",', 'new URL("../x",'))
    assert not own(scope.replace('new URL(".",', 'new URL("."+alert(1)+"",'))
    assert not own(inline[0] + ";alert(1)")


def test_findings_name_their_source_file_line_and_column(built_site, gate, small, tmp_path):
    # A title written once in the data, made forbidden: the finding names where it is written.
    doc = load(ROOT / "data/tools.yaml", "data/tools.yaml")
    sources = [p.read_text(encoding="utf-8") for p in [*(ROOT / "data").glob("*.yaml"), *(ROOT / "docs").rglob("*.md")]]
    index, title = next((i, tool["title"]["zh"]) for i, tool in enumerate(doc.value["tools"])
                        if sum(text.count(tool["title"]["zh"]) for text in sources) == 1)
    line, column = doc.where(("tools", index, "title", "zh"))
    rules = dataclasses.replace(gate.rules, spam=gate.rules.spam + (SpamEntry(title, "test", "zh_hans"),))
    context = dataclasses.replace(gate, rules=rules)
    findings = [f for f in scan_site(built_site, context) if f.category == "spam"]
    assert findings and all(f.source == f"data/tools.yaml:{line}:{column}" for f in findings), findings
    assert any(f.file.startswith("zh/") and f.file.endswith(".html") for f in findings)
    # Disguised in the output (Traditional characters, split by a tag), it is still traced.
    disguised = opencc.OpenCC("s2t").convert(title)
    case = {"plant": "zh_html", "text": f"<p>{disguised[:2]}<em>{disguised[2:]}</em></p>"}
    site, published = planted(small, tmp_path, case)
    found = [f for f in scan_site(site, context) if f.file == published and f"written as '{disguised[:2]}" in f.message]
    assert [f.source for f in found] == [f"data/tools.yaml:{line}:{column}"], found


def test_a_finding_not_from_the_sources_names_no_source(small, gate, tmp_path):
    site, _ = planted(small, tmp_path, {"plant": "html", "text": "<p>Venue TBA.</p>"})
    assert [f.source for f in scan_site(site, gate)] == [None]


# -- the command ---------------------------------------------------------------------------

def test_the_command_prints_each_finding_and_fails(small, tmp_path):
    case = next(c for c in HOSTILE if c["name"] == "known phrase in Traditional characters")
    site, published = planted(small, tmp_path, case)
    result = subprocess.run([sys.executable, "-m", "macros.gate", str(site)], capture_output=True, text=True,
                            cwd=ROOT, timeout=120)
    assert result.returncode == 1, result.stderr
    assert re.fullmatch(rf"{re.escape(str(site))}/{published}:\d+:\d+: {re.escape(case['expect'])}\n", result.stdout)
    assert "1 finding: nothing may be published." in result.stderr


def test_the_command_passes_a_clean_site(small):
    result = subprocess.run([sys.executable, "-m", "macros.gate", str(small)], capture_output=True, text=True,
                            cwd=ROOT, timeout=120)
    assert (result.returncode, result.stdout) == (0, ""), result.stdout + result.stderr


# -- bounded work --------------------------------------------------------------------------

LONG_LINES = {  # each a single line of about 2 MB, built to make a backtracking pattern slow
    "brackets": "[" * 2_000_000,
    "addresses": "a@" * 1_000_000,
    "labels": "a." * 1_000_000,
    "schemes": "https:" * 340_000,
    "spaced letters": "c a s i n " * 200_000,
    "Chinese": "正规买足 " * 400_000,
    "underscores": "_x" * 1_000_000,
    "tags": "<em>x" * 400_000,
}


@pytest.mark.parametrize("name", LONG_LINES)
def test_a_two_megabyte_line_is_scanned_in_linear_time(name, tmp_path):
    page = tmp_path / "site" / "index.html"
    page.parent.mkdir()
    context = GateContext(root=ROOT, rules=RULES)
    times = {}
    for size in (1, 2):
        line = LONG_LINES[name][:len(LONG_LINES[name]) * size // 2]
        page.write_text(f"<!doctype html><html><body><p>{line}</p></body></html>", encoding="utf-8")
        start = time.process_time()
        scan_site(page.parent, context)
        times[size] = time.process_time() - start
    assert times[2] < 10, times
    assert times[2] < 3 * times[1] + 0.5, f"twice the line took {times[2] / times[1]:.1f} times as long: {times}"


# -- the rules file ------------------------------------------------------------------------

def test_the_lexicon_has_dozens_of_entries_in_each_language():
    counts = Counter(entry.language for entry in RULES.spam)
    assert all(counts[language] >= 24 for language in ("zh_hans", "zh_hant", "en", "pinyin")), counts
    categories = {entry.category for entry in RULES.spam}
    assert {"gambling", "betting", "lottery", "casino", "adult", "loans", "crypto_scam"} <= categories


def test_every_traditional_entry_reads_as_simplified_after_normalising():
    simplified = {spam_form(e.phrase) for e in RULES.spam if e.language == "zh_hans"}
    converter = opencc.OpenCC("s2t")
    for entry in RULES.spam:
        if entry.language == "zh_hans":
            assert spam_form(converter.convert(entry.phrase)) in simplified, entry


def test_a_wrong_rules_file_is_refused_with_file_line_and_column(project):
    path = project / "rules/publishing.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("examples: [\"%NAME%\"", "examples: [\"NAME\""), encoding="utf-8")
    with pytest.raises(ContentError) as error:
        load_rules(project)
    assert any(p.file == "rules/publishing.yaml" and p.line > 1 and "does not catch its example 'NAME'" in p.message
               for p in error.value.problems), error.value
    path.write_text(text.replace("pattern: '(%[A-Za-z]", "pattern: '(?<=x)(%[A-Za-z]"), encoding="utf-8")
    with pytest.raises(ContentError) as error:
        load_rules(project)
    assert "is not a linear-time (RE2) regular expression" in str(error.value)


def test_the_rules_are_no_longer_content(project):
    # The allowlist cannot be widened from the data a pull request edits.
    site = project / "data/site.yaml"
    site.write_text(site.read_text(encoding="utf-8") + "allowed_domains: [evil.example]\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "macros.cli.check", str(project)], capture_output=True, text=True,
                            cwd=ROOT, timeout=120)
    assert result.returncode == 1 and "data/site.yaml" in result.stderr and "allowed_domains" in result.stderr


def test_maintainers_own_the_rules_and_ci():
    owners = {line.split()[0]: line.split()[1:] for line in (ROOT / ".github/CODEOWNERS").read_text().splitlines()
              if line.strip() and not line.startswith("#")}
    assert owners["/rules/"] and owners["/.github/"]
    steps = yaml.safe_load((ROOT / ".github/workflows/test.yml").read_text())["jobs"]["test"]["steps"]
    step = next(s for s in steps if s.get("run") == "bash .ci/rules-changed")
    assert step["if"] == "github.event_name == 'pull_request'"
    assert steps[0]["with"]["fetch-depth"] == 2


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example", *args], cwd=repo,
                          capture_output=True, text=True, check=True).stdout


@pytest.mark.parametrize("changed, warned", [("rules/publishing.yaml", True), ("docs/en/index.md", False)])
def test_a_pull_request_changing_the_rules_is_flagged_for_review(changed, warned, tmp_path):
    repo = tmp_path / "repo"
    for relative in (".ci/rules-changed", "rules/publishing.yaml", "docs/en/index.md"):
        (repo / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / relative, repo / relative)
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "commit", "-qm", "base")
    with (repo / changed).open("a", encoding="utf-8") as file:
        file.write("\n# changed\n")
    _git(repo, "commit", "-qam", "pull request")
    output = subprocess.run(["bash", ".ci/rules-changed"], cwd=repo, capture_output=True, text=True, check=True).stdout
    assert output.startswith("::warning file=rules/publishing.yaml,") == warned, output
    assert ("A maintainer must review it" in output) == warned


# -- property-based --------------------------------------------------------------------------

INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u034f", "\u180e", "\u00ad", "\u2060", "\ufeff", "\u200e", "\u202a"]
SPACING = [" ", "\u3000", "\u00a0", "  ", "*", "_", "-", "."]
TAGS = ["<em>", "</em>", "<strong>", "</strong>", "<span>", "</span>", "<b>", "</b>", "<em></em>"]
# Latin letters and the characters that imitate them, as Unicode's confusables data lists them.
IMITATIONS: dict[str, list[str]] = {}
for code, letter in skeleton_table().items():
    if spam_form(chr(code)) == letter:
        IMITATIONS.setdefault(letter, []).append(chr(code))
KANGXI = {unicodedata.normalize("NFKC", chr(code)): chr(code) for code in range(0x2F00, 0x2FD6)}
TO_TRADITIONAL = opencc.OpenCC("s2t")


@st.composite
def spam_variants(draw) -> tuple[str, SpamEntry]:
    entry = draw(st.sampled_from(RULES.spam))
    phrase = TO_TRADITIONAL.convert(entry.phrase) if draw(st.booleans()) else entry.phrase
    letters = []
    for char in phrase:
        if char.lower() in IMITATIONS and draw(st.booleans()):
            char = draw(st.sampled_from(IMITATIONS[char.lower()]))
        elif char in KANGXI and draw(st.booleans()):
            char = KANGXI[char]
        letters.append(char)
    inserts = st.sampled_from(INVISIBLE + SPACING + TAGS)
    for _ in range(draw(st.integers(0, 4))):
        at = draw(st.integers(1, max(1, len(letters) - 1)))
        letters.insert(at, draw(inserts))
    return "".join(letters), entry


@pytest.fixture(scope="session")
def one_page(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("one-page") / "site"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(variant=spam_variants())
def test_every_disguise_of_every_lexicon_entry_is_caught(variant, one_page):
    text, entry = variant
    one_page.mkdir(parents=True, exist_ok=True)
    (one_page / "index.html").write_text(f"<!doctype html><html><body><article><p>Read this: {text} today.</p>"
                                         "</article></body></html>", encoding="utf-8")
    found = [f for f in scan_site(one_page, GateContext(root=ROOT, rules=RULES)) if f.category == "spam"]
    assert found, (text, entry)


HOSTS = ["seattleschools.org", "www.seattleschools.org", "evil.example", "\u0455eattleschools.org",
         "xn--eattleschools-ohl.org", "SEATTLESCHOOLS.ORG", "seattleschools.org.", "ｓｅａｔｔｌｅｓｃｈｏｏｌｓ.org",
         "seattle\u00adschools.org", "seattleschools%2eorg", "127.0.0.1", "0x7f.1", "[::1]", "seattleschools.org.evil.example",
         "www.seattle.gov", "xn--80ak6aa92e.com", "a\u200bb.example", "seattleschools\u3002org"]
URLS = st.builds(
    lambda scheme, slashes, user, host, tail: f"{scheme}{slashes}{user}{host}{tail}",
    st.sampled_from(["https:", "HTTPS:", "http:", "javascript:", "", " https:", "ht\ttps:"]),
    st.sampled_from(["//", "/\\", "\\\\", "\\/", "", "/", "\n//", "///"]),
    st.sampled_from(["", "user@", "evil.example@", "seattleschools.org@", "a:b@", "x\\@"]),
    st.sampled_from(HOSTS),
    st.sampled_from(["", "/", "\\@evil.example/", "@evil.example", ":443/", "?x#y", "#@evil.example", "%2F@evil.example",
                     "/renew", ":99999"]),
)


@settings(max_examples=4, deadline=None)
@given(urls=st.lists(URLS, min_size=300, max_size=300))
def test_the_gate_reads_every_address_as_chromium_does(urls, browser):
    # Online a link is resolved against its page; read from disk, against a file: address,
    # where an address that names its scheme stands alone. Both readings must be safe.
    page_url = UNKNOWN_SITE + "zh/about/"
    page = browser.new_page()
    try:
        parsed = page.evaluate("""([urls, base]) => urls.map(u => [base, undefined].map(b => {
            try { const p = new URL(u, b); return {host: p.hostname, protocol: p.protocol, origin: p.origin,
                                                   user: p.username + p.password}; }
            catch (e) { return null; } }))""", [urls, page_url])
    finally:
        page.close()
    policy = LinkPolicy(RULES.allowed_domains)
    page_origin = ada_url.URL(page_url).origin

    def safe(chromium) -> bool:
        host = chromium["host"].removesuffix(".")  # "seattleschools.org." is the same domain, fully qualified
        return chromium["origin"] == page_origin or (
            chromium["protocol"] == "https:" and not chromium["user"]
            and any(host == d or host.endswith("." + d) for d in RULES.allowed_domains))

    for url, (online, from_disk) in zip(urls, parsed, strict=True):
        verdict = policy.link_problem(url, page_url)
        allowed = online is not None and safe(online) and (from_disk is None or safe(from_disk))
        assert (verdict is None) == allowed, (url, online, from_disk, verdict)
        if online and online["protocol"] == "https:" and online["origin"] != page_origin:
            assert ada_url.URL(url, page_url).hostname == online["host"], (url, online)


# -- the offline copy's zip ---------------------------------------------------------------

def test_every_file_in_a_published_zip_is_checked_as_if_published(small, gate, tmp_path):
    import zipfile
    site = tmp_path / "site"
    shutil.copytree(small, site, symlinks=True)
    phrase = RULES.spam[0].phrase
    home = (small / "index.html").read_text(encoding="utf-8")
    with zipfile.ZipFile(site / "copy.zip", "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("copy/index.html", home.replace("</article>", f"<p>{phrase}</p></article>"))
        archive.writestr("copy/zh/index.html", home)
        archive.writestr("copy/run.exe", b"MZ")
    (site / "not-a.zip").write_text("<p>hello</p>", encoding="utf-8")
    with zipfile.ZipFile(site / "bomb.zip", "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("copy/index.html", " " * (33 * 1024 * 1024))
    found = {(f.file, f.category) for f in scan_site(site, gate)}
    assert found == {("copy.zip/copy/index.html", "spam"), ("copy.zip/copy/run.exe", "file"),
                     ("not-a.zip", "file"), ("bomb.zip", "file")}


def test_the_published_offline_copy_is_checked_file_by_file(built_site, gate, monkeypatch):
    import zipfile

    from macros.gate import scan
    from macros.render.offline_copy import ZIP_NAME
    with zipfile.ZipFile(built_site / ZIP_NAME) as archive:
        inside = {f"{ZIP_NAME}/{name}" for name in archive.namelist() if not name.endswith("/")}
    checked = []
    check = scan._Scanner.scan_content
    monkeypatch.setattr(scan._Scanner, "scan_content",
                        lambda self, relative, content: (checked.append(relative), check(self, relative, content))[1])
    assert scan_site(built_site, gate) == []
    assert inside and inside <= set(checked)
