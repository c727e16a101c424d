"""Lighthouse scores and Nu Html Checker errors of every built page, for `make bench`.

The site is built with SITE_URL set to the local server's address (as the deploy sets it to
the published one) and served as GitHub Pages serves it: text compressed with gzip, a
ten-minute cache lifetime. Lighthouse (npm `lighthouse`, driving Debian's Chromium) runs on
every page, mobile and desktop, several times; each category's score is the median of the
runs. Workers run side by side, one per core unless BENCH_JOBS says otherwise; BENCH_PAGES
(patterns such as `tools/*` or `zh/index.html`, separated by commas or spaces) picks a subset;
BENCH_RESUME=1 goes on from the runs a stopped sweep left in bench/.lighthouse-runs.jsonl.

The Nu Html Checker (npm `vnu-jar`, on Java) checks the same built files. Each error is put
down to the file that writes the element it points at: see `attribute_message`.
"""
from __future__ import annotations

import concurrent.futures
import fnmatch
import functools
import gzip
import http.server
import json
import os
import re
import statistics
import subprocess
import tempfile
import threading
from html.parser import HTMLParser
from pathlib import Path

from macros.readings import READINGS, is_converted

ROOT = Path(__file__).resolve().parent.parent
NODE = os.environ.get("NODE", "node")
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
JAVA = os.environ.get("JAVA", "java")
VNU_JAR = ROOT / "node_modules/vnu-jar/build/dist/vnu.jar"
LIGHTHOUSE_WORKER = ROOT / "bench/lighthouse.mjs"
# Each Lighthouse run as it finishes; BENCH_RESUME=1 keeps the runs found there.
JOURNAL = ROOT / "bench/.lighthouse-runs.jsonl"

FORM_FACTORS = ("mobile", "desktop")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CATEGORY_NAMES = {"performance": "performance", "accessibility": "accessibility",
                  "best-practices": "best practices", "seo": "SEO"}
# The targets: (category, form factors it applies to, lowest score that meets it).
TARGETS = (("accessibility", FORM_FACTORS, 100), ("best-practices", FORM_FACTORS, 100),
           ("seo", FORM_FACTORS, 100), ("performance", ("mobile",), 95))

# The project's own markup: the theme overrides, the components' templates, and the Python
# that writes or rewrites markup (the build hooks, links and language marks).
OWN_TEMPLATES = ("overrides/**/*.html", "macros/render/templates/*.html", "macros/**/*.py")


# --- pages ----------------------------------------------------------------------------------

def built_pages(site: Path) -> list[str]:
    """Every page of the built site in the languages it is written in, by its path
    (`tools/index.html`); the error pages are not pages a reader navigates to. A converted
    reading's pages (繁體中文) are its source language's markup with other characters, so they
    are not swept again."""
    converted = {reading for reading in READINGS if is_converted(reading)}
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")
                  if p.name != "404.html" and p.relative_to(site).parts[0] not in converted)


def chosen_pages(pages: list[str], patterns: str | None) -> list[str]:
    """The pages that match any of `patterns` (BENCH_PAGES), or all of them."""
    wanted = [p for p in re.split(r"[,\s]+", patterns or "") if p]
    if not wanted:
        return pages
    picked = [page for page in pages if any(fnmatch.fnmatch(page, p) for p in wanted)]
    if not picked:
        raise SystemExit(f"BENCH_PAGES={patterns!r} matches no page; pages look like {pages[0]!r}")
    return picked


def page_address(base: str, page: str) -> str:
    return base + page.removesuffix("index.html")


# --- serving as the deploy does -------------------------------------------------------------

COMPRESSED_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml", "application/xml")


class PagesLikeHandler(http.server.SimpleHTTPRequestHandler):
    """Files as GitHub Pages sends them: gzip for text when the browser accepts it, and
    `Cache-Control: max-age=600`."""

    def log_message(self, *args):
        pass

    def end_headers(self):
        self.send_header("Cache-Control", "max-age=600")
        super().end_headers()

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # which redirects to the address with a slash
            path = path / "index.html"
        kind = self.guess_type(str(path))
        if (not path.is_file() or "gzip" not in self.headers.get("Accept-Encoding", "")
                or not kind.startswith(COMPRESSED_TYPES)):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return _Body(body)


class _Body:
    """What send_head returns for do_GET to copy out: the compressed bytes."""

    def __init__(self, data: bytes):
        self.data = data

    def read(self, *args):
        data, self.data = self.data, b""
        return data

    def close(self):
        pass


def start_server(site: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(PagesLikeHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


# --- Lighthouse -----------------------------------------------------------------------------

def _run_key(run: dict) -> tuple:
    return run["page"], run["formFactor"], run["run"]


def lighthouse_runs(base: str, pages: list[str], runs: int, jobs: int, log, journal: Path,
                    resume: bool = False) -> list[dict]:
    """Every run of Lighthouse, one JSON object each, from `jobs` workers side by side.

    Each result is also written to `journal` as it comes; with `resume`, the runs already
    there are kept and not run again (a long sweep that was stopped goes on where it was)."""
    planned = [{"page": page, "url": page_address(base, page), "formFactor": form, "run": run}
               for run in range(runs) for page in pages for form in FORM_FACTORS]
    wanted = {_run_key(run) for run in planned}
    results = [json.loads(line) for line in journal.read_text(encoding="utf-8").splitlines()] \
        if resume and journal.exists() else []
    results = [result for result in results if _run_key(result) in wanted]
    done = {_run_key(result) for result in results}
    journal.write_text("".join(json.dumps(result) + "\n" for result in results), encoding="utf-8")
    todo = [run for run in planned if _run_key(run) not in done]
    if done:
        log(f"lighthouse: {len(done)} runs kept from {journal.name}, {len(todo)} to go")
    shares = [todo[worker::jobs] for worker in range(jobs)]
    lock = threading.Lock()
    env = {**os.environ, "CHROME_PATH": CHROMIUM}

    def work(share: list[dict]) -> None:
        process = subprocess.Popen([NODE, str(LIGHTHOUSE_WORKER)], cwd=ROOT, env=env, text=True,
                                   stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        process.stdin.write(json.dumps(share))
        process.stdin.close()
        for line in process.stdout:
            result = json.loads(line)
            with lock:
                results.append(result)
                with journal.open("a", encoding="utf-8") as file:
                    file.write(line if line.endswith("\n") else line + "\n")
                log(f"lighthouse {len(results)}/{len(planned)}: {result['page']} {result['formFactor']} "
                    + " ".join(f"{c} {s}" for c, s in result["scores"].items()))
        errors = process.stderr.read()
        if process.wait() != 0:
            raise RuntimeError(f"Lighthouse stopped: {errors.strip()[-2000:]}")

    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        for done in [pool.submit(work, share) for share in shares if share]:
            done.result()  # a worker's failure stops the bench here
    missing = len(planned) - len(results)
    if missing:
        raise RuntimeError(f"{missing} Lighthouse runs gave no result")
    return results


def lighthouse_rows(runs: list[dict]) -> list[dict]:
    """One row per page and form factor: each category's median, lowest and highest score, and
    the audits that cost points in any run (with how many runs they did)."""
    grouped: dict[tuple[str, str], list[dict]] = {}
    for run in runs:
        grouped.setdefault((run["page"], run["formFactor"]), []).append(run)
    rows = []
    for (page, form), group in sorted(grouped.items()):
        errors = [run["error"] for run in group if run.get("error")]
        lost: dict[str, dict] = {}
        for run in group:
            for category, audits in run["lost"].items():
                for audit in audits:
                    entry = lost.setdefault(audit["id"], {"category": category, "title": audit["title"],
                                                          "runs": 0, "values": [], "examples": audit.get("items", [])})
                    entry["runs"] += 1
                    entry["values"].append(audit.get("value", ""))
        rows.append({
            "page": page,
            "form_factor": form,
            "runs": len(group),
            "errors": errors,
            "scores": {c: [run["scores"][c] for run in group] for c in CATEGORIES},
            "median": {c: statistics.median(run["scores"][c] for run in group) for c in CATEGORIES},
            "lost": lost,
        })
    return rows


def target_verdicts(rows: list[dict], nu: dict) -> list[dict]:
    """Each target, whether every page meets it, and the worst page."""
    verdicts = []
    for category, forms, lowest in TARGETS:
        relevant = [row for row in rows if row["form_factor"] in forms]
        worst = min(relevant, key=lambda row: row["median"][category]) if relevant else None
        label = " and ".join(forms)
        verdicts.append({
            "category": category,
            "target": f"{CATEGORY_NAMES[category]} {'at least ' if lowest < 100 else ''}{lowest} on every page ({label})",
            "met": bool(relevant) and all(row["median"][category] >= lowest for row in relevant),
            "measured": (f"lowest {worst['median'][category]:g} ({worst['page']}, {worst['form_factor']}); "
                         f"{sum(row['median'][category] >= lowest for row in relevant)} of {len(relevant)} rows meet it")
                        if worst else "not measured",
        })
    verdicts.append({
        "category": None,
        "target": "0 Nu Html Checker errors from the project's own markup",
        "met": nu["own_errors"] == 0,
        "measured": f"{nu['own_errors']} own, {nu['theme_errors']} from the theme, on {len(nu['pages'])} pages",
    })
    return verdicts


# --- Nu Html Checker ------------------------------------------------------------------------

def nu_messages(site: Path, pages: list[str]) -> list[dict]:
    result = subprocess.run([JAVA, "-jar", str(VNU_JAR), "--errors-only", "--format", "json",
                             *[str(site / page) for page in pages]], capture_output=True, text=True)
    # The checker exits 1 when it finds errors; its report is on stderr either way.
    try:
        return json.loads(result.stderr or result.stdout)["messages"]
    except json.JSONDecodeError:
        raise RuntimeError(f"the Nu Html Checker gave no report: {(result.stderr or result.stdout)[-2000:]}") from None


class StartTags(HTMLParser):
    """Every start tag of a page with where it starts (line, 1-based column) and its
    ancestors' start tags."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[dict] = []
        self.open: list[dict] = []

    def handle_starttag(self, tag, attrs):
        line, offset = self.getpos()
        element = {"tag": tag, "attrs": [(k, v or "") for k, v in attrs], "at": (line, offset + 1),
                   "inside_article": any(_classes(e).issuperset({"md-content__inner"}) for e in self.open)}
        self.tags.append(element)
        if tag not in self.VOID:
            self.open.append(element)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in self.VOID and self.open and self.open[-1]["tag"] == tag:
            self.open.pop()

    def handle_endtag(self, tag):
        for index in range(len(self.open) - 1, -1, -1):
            if self.open[index]["tag"] == tag:
                del self.open[index:]
                break


def _classes(element: dict) -> set[str]:
    return {token for name, value in element["attrs"] if name == "class" for token in value.split()}


def element_at(tags: list[dict], line: int, column: int) -> dict | None:
    """The element whose start tag the checker points at: the last one starting at or before
    where the message's extract ends."""
    before = [tag for tag in tags if tag["at"] <= (line, column)]
    return before[-1] if before else None


# A start tag in a template, Jinja expressions and all.
TEMPLATE_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)\b((?:[^<>{]|\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}|\{)*)>", re.S)
TEMPLATE_ATTR = re.compile(r"""([a-zA-Z_:][-a-zA-Z0-9_:.]*)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def template_tags(files: dict[str, Path]) -> list[tuple[str, str, dict[str, str]]]:
    """(file, tag name, attributes as written, Jinja left in) of every start tag in `files`."""
    found = []
    for name, path in files.items():
        text = path.read_text(encoding="utf-8", errors="replace")
        for match in TEMPLATE_TAG.finditer(text):
            attrs = {m.group(1).lower(): m.group(2) if m.group(2) is not None else m.group(3)
                     for m in TEMPLATE_ATTR.finditer(match.group(2))}
            found.append((name, match.group(1).lower(), attrs))
    return found


def template_sources(root: Path) -> dict[str, dict[str, Path]]:
    """The files that write markup: the project's, and the theme's that the project does not
    replace (a template in overrides/ shadows the theme's file of the same name)."""
    import material

    own = {p.relative_to(root).as_posix(): p for pattern in OWN_TEMPLATES for p in sorted(root.glob(pattern))}
    overridden = {p.relative_to(root / "overrides").as_posix() for p in (root / "overrides").rglob("*.html")}
    theme_dir = Path(material.__file__).parent / "templates"
    theme = {f"material/templates/{p.relative_to(theme_dir).as_posix()}": p for p in sorted(theme_dir.rglob("*.html"))
             if p.relative_to(theme_dir).as_posix() not in overridden}
    return {"own": own, "theme": theme}


def _likeness(element: dict, attrs: dict[str, str]) -> int:
    """How many of the element's identifying attributes a template's start tag writes
    literally: a class word, or a whole value (Jinja parts of the template's value aside)."""
    score = 0
    for name, value in element["attrs"]:
        if name not in attrs or not value.strip():
            continue
        written = attrs[name]
        static = re.sub(r"\{\{.*?\}\}|\{%.*?%\}", " ", written)
        if name == "class":
            score += len(set(value.split()) & set(static.split()))
        elif name in ("id", "role", "type", "for", "name") or name.startswith(("data-", "aria-")):
            score += value == written
    return score


def attribute_message(element: dict | None, tags_by_owner: dict[str, list]) -> tuple[str, str]:
    """(owner, file) for the element a message points at.

    The rule: the element belongs to the file whose start tag for it matches it best (same tag
    name, most identifying attributes written literally). If the best match is in the
    project's files (overrides/, macros/render/templates/, or Python under macros/ that writes
    or rewrites markup) or ties with the theme's, the error is the project's. If no template
    writes it, the element comes from a page's Markdown, which is the project's too. Only an
    element that the theme's templates alone write is the theme's.
    """
    if element is None:
        return "own", "(no element)"
    best = {}
    for owner, tags in tags_by_owner.items():
        scored = [(_likeness(element, attrs), name) for name, tag, attrs in tags if tag == element["tag"]]
        best[owner] = max(scored, default=(0, ""))
    if best["theme"][0] > best["own"][0]:
        return "theme", best["theme"][1]
    if best["own"][0] > 0:
        return "own", best["own"][1]
    return "own", "page text (docs/)" if element["inside_article"] else "(no template writes it)"


def nu_report(site: Path, pages: list[str], root: Path = ROOT) -> dict:
    sources = template_sources(root)
    tags_by_owner = {owner: template_tags(files) for owner, files in sources.items()}
    parsed: dict[str, list[dict]] = {}
    errors = []
    for message in nu_messages(site, pages):
        page = Path(message["url"].removeprefix("file:")).resolve().relative_to(site.resolve()).as_posix()
        if page not in parsed:
            parser = StartTags()
            parser.feed((site / page).read_text(encoding="utf-8"))
            parsed[page] = parser.tags
        line = message.get("lastLine", message.get("firstLine", 1))
        element = element_at(parsed[page], line, message.get("lastColumn", 1))
        owner, source = attribute_message(element, tags_by_owner)
        errors.append({"page": page, "line": line, "message": message["message"], "owner": owner, "source": source,
                       "element": element["tag"] if element else None})
    per_page = {page: {"own": 0, "theme": 0} for page in pages}
    for error in errors:
        per_page[error["page"]][error["owner"]] += 1
    return {"pages": per_page, "errors": errors,
            "own_errors": sum(e["owner"] == "own" for e in errors),
            "theme_errors": sum(e["owner"] == "theme" for e in errors)}


# --- the whole measurement ------------------------------------------------------------------

def measure_scores(runs: int, log, patterns: str | None = None, jobs: int | None = None) -> dict:
    from macros.cli.build import build

    jobs = jobs or int(os.environ.get("BENCH_JOBS") or os.cpu_count() or 1)
    with tempfile.TemporaryDirectory(prefix="bench-scores-") as work:
        site = Path(work) / "site"
        site.mkdir()
        server, base = start_server(site)
        try:
            log(f"scores: building the site for {base}")
            if build(ROOT, site, {"SITE_URL": base}) != 0:
                raise RuntimeError("the site did not build")
            everything = built_pages(site)
            pages = chosen_pages(everything, patterns)
            log(f"scores: Nu Html Checker on {len(pages)} pages")
            nu = nu_report(site, pages)
            log(f"scores: Lighthouse on {len(pages)} pages x {len(FORM_FACTORS)} form factors x {runs} runs, "
                f"{jobs} at a time")
            raw = lighthouse_runs(base, pages, runs, jobs, log, JOURNAL, resume=os.environ.get("BENCH_RESUME") == "1")
        finally:
            server.shutdown()
    rows = lighthouse_rows(raw)
    JOURNAL.unlink()
    return {
        "lighthouse_version": raw[0]["lighthouse"],
        "browser": raw[0]["browser"],
        "jobs": jobs,
        "runs": runs,
        "pages_built": len(everything),
        "pages": pages,
        "lighthouse": rows,
        "nu": nu,
        "targets": target_verdicts(rows, nu),
    }


# --- the report -----------------------------------------------------------------------------

def _score(row: dict, category: str) -> str:
    values = row["scores"][category]
    median = f"{row['median'][category]:g}"
    return median if min(values) == max(values) else f"{median} ({min(values)}–{max(values)})"


def _range(values: list[str]) -> str:
    """The lowest and highest of an audit's displayed values ("2.1 s", "350 ms")."""
    def number(value: str) -> float:
        found = re.search(r"[\d.,]+", value)
        return float(found.group(0).replace(",", "")) * (1000 if re.search(r"\ss$", value) else 1) if found else 0
    if not values:
        return ""
    ordered = sorted(values, key=number)
    return ordered[0] if ordered[0] == ordered[-1] else f"{ordered[0]} – {ordered[-1]}"


def scores_markdown(scores: dict) -> str:
    rows = scores["lighthouse"]
    audits: dict[str, dict] = {}
    for row in rows:
        for audit_id, audit in row["lost"].items():
            entry = audits.setdefault(audit_id, {**audit, "rows": 0, "runs": 0, "values": []})
            entry["rows"] += 1
            entry["runs"] += audit["runs"]
            entry["values"] += [value for value in audit["values"] if value]

    def cost_by(target: dict) -> str:
        """The audits that cost the target's category points, on how many rows."""
        if target["met"] or not target["category"]:
            return ""
        return "; ".join(f"`{audit_id}` on {a['rows']} rows" for audit_id, a in
                         sorted(audits.items(), key=lambda item: -item[1]["rows"]) if a["category"] == target["category"])

    targets = "| target | met | measured | points lost to |\n|---|---|---|---|\n" + "".join(
        f"| {t['target']} | {'yes' if t['met'] else 'NO'} | {t['measured']} | {cost_by(t)} |\n" for t in scores["targets"])
    summary = "| form factor | " + " | ".join(CATEGORY_NAMES[c] for c in CATEGORIES) + " |\n|---|" + "---|" * len(CATEGORIES) + "\n"
    for form in FORM_FACTORS:
        of_form = [row for row in rows if row["form_factor"] == form]
        if not of_form:
            continue
        cells = []
        for category in CATEGORIES:
            worst = min(of_form, key=lambda row: row["median"][category])
            cells.append(f"{statistics.median(row['median'][category] for row in of_form):g} "
                         f"(worst {worst['median'][category]:g}, {worst['page']})")
        summary += f"| {form} | " + " | ".join(cells) + " |\n"
    table = ("| page | form factor | " + " | ".join(CATEGORY_NAMES[c] for c in CATEGORIES) + " |\n|---|---|"
             + "---:|" * len(CATEGORIES) + "\n")
    for row in rows:
        table += f"| {row['page']} | {row['form_factor']} | " + " | ".join(_score(row, c) for c in CATEGORIES) + " |\n"
    total_runs = sum(row["runs"] for row in rows)
    lost = "".join(
        f"| {CATEGORY_NAMES[a['category']]} | `{audit_id}` {a['title']} | {a['rows']} of {len(rows)} | "
        f"{a['runs']} of {total_runs} | {_range(a['values'])} | {'; '.join(dict.fromkeys(a['examples']))[:160].replace('|', '/')} |\n"
        for audit_id, a in sorted(audits.items(), key=lambda item: (item[1]["category"], -item[1]["runs"])))
    lost_table = ("| category | audit | rows | runs | measured | for example |\n|---|---|---:|---:|---|---|\n" + lost) if lost else "None.\n"
    nu = scores["nu"]
    nu_pages = "| page | own | theme |\n|---|---:|---:|\n" + "".join(
        f"| {page} | {counts['own']} | {counts['theme']} |\n" for page, counts in nu["pages"].items())
    by_source: dict[tuple[str, str, str], int] = {}
    for error in nu["errors"]:
        key = (error["owner"], error["source"], error["message"])
        by_source[key] = by_source.get(key, 0) + 1
    nu_sources = "| owner | written by | error | count |\n|---|---|---|---:|\n" + "".join(
        f"| {owner} | {source} | {message.replace('|', '/')} | {n} |\n"
        for (owner, source, message), n in sorted(by_source.items(), key=lambda item: (item[0][0], -item[1])))
    subset = "" if len(scores["pages"]) == scores["pages_built"] else \
        f" **Only {len(scores['pages'])} of the {scores['pages_built']} pages were measured (BENCH_PAGES).**"
    return (
        f"## Lighthouse and the Nu Html Checker\n\n"
        f"Lighthouse {scores['lighthouse_version']} in {scores['browser'].split(') ')[-1]}, on the site built with "
        f"SITE_URL set to the local server and served as GitHub Pages serves it (gzip, ten-minute cache). "
        f"Every page in both languages, mobile and desktop, {scores['runs']} runs each, {scores['jobs']} at a time; "
        f"scores are the median of the runs (lowest–highest in brackets when they differ).{subset}\n\n"
        f"### Targets\n\n{targets}\n"
        f"### Median of the pages, per category (and the worst page)\n\n{summary}\n"
        f"### Audits that cost points\n\n{lost_table}\n"
        f"### Every page\n\n{table}\n"
        f"### Nu Html Checker\n\n"
        f"Errors only, on the built files. Each error points at an element; the element belongs to the file whose "
        f"start tag for it matches best (same tag name, most class words and identifying attributes written "
        f"literally). The project's files are `overrides/`, `macros/render/templates/` and the Python under "
        f"`macros/` that writes or rewrites markup; an element no template writes comes from a page's Markdown, "
        f"also the project's. A tie counts as the project's. Only what the theme's templates alone write is the "
        f"theme's.\n\n"
        f"{nu['own_errors']} errors from the project's own markup, {nu['theme_errors']} from the theme's.\n\n"
        f"{nu_sources}\n{nu_pages}")
