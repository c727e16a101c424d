"""`make bench`: how the playbook builds and loads, for the real content and at 10x and 50x,
and how every page scores in Lighthouse and the Nu Html Checker (bench/scores.py).

Writes bench/report.md (a table for people) and bench/report.json (the same figures for
machines). Timings are the median of several runs, with min and max.
"""
from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import re
import shutil
import signal
import socketserver
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlparse

from macros.readings import READINGS, is_converted

from .preview import Preview, save_to_page
from .scores import measure_scores, scores_markdown
from .synthetic import make_project

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
DATA_PARTS = ("parse YAML", "validate: schema", "validate: references and content rules", "build typed model",
              "render components")


def spread(values: list[float]) -> dict:
    return {"median": statistics.median(values), "min": min(values), "max": max(values), "runs": len(values)}


def instrumented_build(project: Path, site: Path, cache: Path, capture: Path | None = None) -> dict:
    command = [PYTHON, "-m", "bench.build_once", str(project), str(site)]
    if capture:
        command += ["--capture", str(capture)]
    env = {**ENV, "PLAYBOOK_CACHE": str(cache)}
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def baseline_project(project: Path, rendered: Path, target: Path) -> Path:
    """The same pages, already rendered, built by MkDocs with no macros and no data layer."""
    shutil.copytree(rendered, target / "docs")
    shutil.copytree(project / "overrides", target / "overrides")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"\n  - macros:\n(?:      .*\n)+", "\n", config)
    config = config.replace("hooks:\n  - macros/site/hooks.py\n", "")
    config = re.sub(r"\nwatch:\n(?:  - .*\n)+", "\n", config)
    (target / "mkdocs.yml").write_text(config, encoding="utf-8")
    return target


def plain_build(project: Path, site: Path) -> float:
    started = time.perf_counter()
    subprocess.run([PYTHON, "-m", "mkdocs", "build", "--quiet", "--site-dir", str(site)], cwd=project, env=ENV,
                   check=True, capture_output=True)
    return time.perf_counter() - started


def serve_rebuilds(project: Path, runs: int, port: int) -> list[float]:
    """Seconds from saving a data file to `mkdocs serve` telling browsers to reload."""
    process = subprocess.Popen([PYTHON, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}", "--livereload"],
                               cwd=project, env=ENV, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    lines: list[tuple[float, str]] = []
    threading.Thread(target=lambda: [lines.append((time.perf_counter(), line)) for line in process.stderr], daemon=True).start()

    def wait_for(pattern: str, after: float, limit: float = 600) -> float:
        deadline = time.perf_counter() + limit
        while time.perf_counter() < deadline:
            for stamp, line in list(lines):
                if stamp > after and re.search(pattern, line):
                    return stamp
            time.sleep(0.02)
        raise TimeoutError(pattern)

    try:
        wait_for("Serving on", 0)
        times = []
        target = project / "data/contacts.yaml"
        for run in range(runs):
            time.sleep(1.5)
            saved = time.perf_counter()
            target.write_text(target.read_text(encoding="utf-8") + f"# edit {run}\n", encoding="utf-8")
            times.append(wait_for("Reloading browsers", saved) - saved)
        return times
    finally:
        process.terminate()
        process.wait(timeout=30)


def preview_save_to_page(project: Path, runs: int, port: int) -> list[float]:
    """Seconds from saving a data file to its new text showing in a page open in Chromium.

    Measured in a process group of its own, which is ended once it has printed its figures:
    now and then the browser or the server does not shut down, and the figures are all the
    benchmark needs of it."""
    code = ("import json, sys; from pathlib import Path; from bench.run import _save_to_page_here as measure; "
            "print(json.dumps(measure(Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]))), flush=True)")
    process = subprocess.Popen([sys.executable, "-c", code, str(project), str(runs), str(port)], cwd=ROOT,
                               stdout=subprocess.PIPE, text=True, start_new_session=True)
    try:
        line = process.stdout.readline()
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    if not line.strip():
        raise RuntimeError("the save-to-page measurement printed nothing")
    return json.loads(line)


def _save_to_page_here(project: Path, runs: int, port: int) -> list[float]:
    from playwright.sync_api import sync_playwright

    preview = Preview(project, port)
    preview.wait_until_serving()
    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"))
    return save_to_page(browser.new_page(), preview, runs)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def page_weights(site: Path) -> list[dict]:
    """For every page, a first visit in Chromium: requests, and bytes if the server gzips."""
    from playwright.sync_api import sync_playwright

    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html") if p.name != "404.html")
    results = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"))
        for path in pages:
            context = browser.new_context()
            page = context.new_page()
            urls = []
            page.on("requestfinished", lambda request: urls.append(request.url))
            page.goto(f"{base}/{path}")
            page.wait_for_load_state("networkidle")
            context.close()
            total = index = 0
            for url in urls:
                file = site / unquote(urlparse(url).path).lstrip("/")
                if file.is_dir():
                    file = file / "index.html"
                if not file.is_file():
                    continue
                size = len(gzip.compress(file.read_bytes(), compresslevel=6))
                if file.name == "search_index.json":
                    index += size
                else:
                    total += size
            results.append({"page": path, "requests": len(urls), "gzip_bytes": total, "search_index_gzip_bytes": index})
        browser.close()
    server.shutdown()
    return results


def bundle_sizes(project: Path, dist: Path) -> dict:
    from macros.cli.offline import make_bundle

    bundle = make_bundle(project, dist=dist)
    if bundle is None:
        raise SystemExit("the offline copy did not build")
    with zipfile.ZipFile(bundle) as archive:
        unzipped = sum(info.file_size for info in archive.infolist())
        files = len(archive.infolist())
    return {"zip_bytes": bundle.stat().st_size, "unzipped_bytes": unzipped, "files": files}


def sizes(site: Path, project: Path, work: Path) -> dict:
    result = {}
    for reading in READINGS:
        data = (site / ("" if reading == READINGS[0] else reading) / "search/search_index.json").read_bytes()
        result[f"search_index_{reading}"] = {"bytes": len(data), "gzip_bytes": len(gzip.compress(data, 6))}
    result["offline_bundle"] = bundle_sizes(project, work / "dist")
    return result


def without_converted_readings(project: Path, target: Path) -> Path:
    """The same project building only the written languages: the cost of 繁體中文 is the difference."""
    shutil.copytree(project, target, symlinks=True)
    config = (target / "mkdocs.yml").read_text(encoding="utf-8")
    for reading in filter(is_converted, READINGS):
        config = re.sub(rf"(- locale: {reading}\n(?:          .*\n)*?          build: )true", r"\1false", config)
    (target / "mkdocs.yml").write_text(config, encoding="utf-8")
    return target


def measure(scale: int, runs: int, work: Path, port: int, log) -> dict:
    project = make_project(ROOT, work / f"project-{scale}x", scale)
    # Compiled templates and schema validators are cached between builds (macros/cache.py).
    # The first build fills an empty cache and is reported on its own; the others use it.
    cache = work / f"cache-{scale}x"
    log(f"{scale}x: first build, empty cache")
    cold = instrumented_build(project, work / f"site-{scale}x-cold", cache, work / f"rendered-{scale}x")
    log(f"{scale}x: builds")
    builds = [instrumented_build(project, work / f"site-{scale}x-{run}", cache) for run in range(runs)]
    baseline = baseline_project(project, work / f"rendered-{scale}x", work / f"baseline-{scale}x")
    log(f"{scale}x: baseline builds")
    plain = [plain_build(baseline, work / f"baseline-site-{scale}x-{run}") for run in range(runs)]
    log(f"{scale}x: builds without the converted readings")
    written_only = without_converted_readings(project, work / f"written-only-{scale}x")
    two = [instrumented_build(written_only, work / f"written-only-site-{scale}x-{run}", cache)["total_s"]
           for run in range(runs)]
    log(f"{scale}x: serve rebuilds")
    rebuilds = serve_rebuilds(project, runs, port)
    shown = None
    if scale == 1:  # what an editor waits for with today's content
        log(f"{scale}x: save to page, in a browser")
        shown = preview_save_to_page(project, runs, port + 100)
    log(f"{scale}x: page weights and sizes")
    site = work / f"site-{scale}x-0"
    weights = page_weights(site)
    totals = [b["total_s"] for b in builds]
    data = [sum(b["parts_s"].get(p, 0) for p in DATA_PARTS) for b in builds]
    return {
        "scale": scale,
        "data_files_bytes": sum(p.stat().st_size for p in (project / "data").glob("*.yaml")),
        "pages": len(weights),
        "build_s": spread(totals),
        "peak_memory_mib": spread([b["peak_mib"] for b in builds]),
        "data_layer_s": spread(data),
        "data_layer_share": spread([d / t for d, t in zip(data, totals, strict=True)]),
        "data_layer_parts_s": {p: spread([b["parts_s"].get(p, 0) for b in builds]) for p in DATA_PARTS},
        "cold_cache": {"build_s": cold["total_s"], "data_layer_s": sum(cold["parts_s"].get(p, 0) for p in DATA_PARTS)},
        "baseline_build_s": spread(plain),
        "overhead_ratio": statistics.median(totals) / statistics.median(plain),
        "serve_rebuild_s": spread(rebuilds),
        "build_without_converted_readings_s": spread(two),
        "converted_readings_build_cost": statistics.median(totals) / statistics.median(two) - 1,
        "offline_bundle_without_converted_readings": bundle_sizes(written_only, work / f"dist-written-only-{scale}x"),
        **({"save_to_page_s": spread(shown)} if shown else {}),
        "first_visit": {
            "max_gzip_bytes": max(w["gzip_bytes"] for w in weights),
            "median_gzip_bytes": statistics.median(w["gzip_bytes"] for w in weights),
            "max_requests": max(w["requests"] for w in weights),
            "heaviest_page": max(weights, key=lambda w: w["gzip_bytes"])["page"],
            "pages": weights,
        },
        **sizes(site, project, work),
    }


ENTRIES_FOR_CHECK = 10_000
LONG_LINE = "spam " * 400_000  # 2,000,000 characters on one line


def check_seconds(project: Path, runs: int) -> dict:
    """`make check` on `project`, timed from start to exit, with its verdict."""
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        result = subprocess.run([PYTHON, "-m", "macros.cli.check", str(project)], cwd=ROOT, env=ENV,
                                capture_output=True, text=True)
        timings.append(time.perf_counter() - started)
    output = (result.stdout + result.stderr).strip().splitlines()
    return {**spread(timings), "exit_code": result.returncode, "last_line": output[-1] if output else ""}


def measure_check(work: Path, runs: int, log) -> dict:
    """`make check` on the real content, on 10,000 entries, and on a 2 MB line in a page and in
    a data text: hostile input must be refused as fast as good input is accepted."""
    from macros.check.retired_ids import current_ids
    from macros.load import COLLECTIONS
    from macros.load.yaml_source import MAX_FILE_BYTES, load

    parsed = {stem: load(ROOT / f"data/{stem}.yaml", stem) for stem in COLLECTIONS}
    per_copy = sum(len(ids) for ids in current_ids(parsed).values())
    # As many copies as make 10,000 entries, but no more than fit the limit on a data file
    # (the copies add a little to each entry, hence the margin).
    largest = max((ROOT / f"data/{stem}.yaml").stat().st_size for stem in COLLECTIONS)
    times = min(-(-ENTRIES_FOR_CHECK // per_copy), int(MAX_FILE_BYTES * 0.9) // largest)
    cases = {}
    log("check: real content")
    cases["real content"] = check_seconds(make_project(ROOT, work / "check-real", 1), runs)
    log(f"check: {times}x the content")
    many = make_project(ROOT, work / "check-entries", times)
    scaled = {stem: load(many / f"data/{stem}.yaml", stem) for stem in COLLECTIONS}
    entries = sum(len(ids) for ids in current_ids(scaled).values())
    check_seconds(many, 1)  # records the new ids once, as an editor's first run would
    cases[f"{entries:,} entries ({times}x the content)"] = check_seconds(many, runs)
    log("check: a 2 MB line in a page")
    page = make_project(ROOT, work / "check-long-page", 1)
    with (page / "docs/en/about.md").open("a", encoding="utf-8") as file:
        file.write("\n" + LONG_LINE + "\n")
    cases["a 2 MB line in a page"] = check_seconds(page, runs)
    log("check: a 2 MB line in a data text")
    data = make_project(ROOT, work / "check-long-text", 1)
    tools = data / "data/tools.yaml"
    text = tools.read_text(encoding="utf-8")
    # The first English text, however the copy lays the file out: the line must really be there.
    at = re.search(r"(?m)^ +en: ", text)
    assert at, "data/tools.yaml has no English text to lengthen"
    tools.write_text(text[:at.end()] + LONG_LINE + text[at.end():], encoding="utf-8")
    cases["a 2 MB line in a data text"] = check_seconds(data, runs)
    return cases


def check_table(check: dict) -> str:
    rows = "".join(f"| {name} | {seconds(figure)} | {'passes' if figure['exit_code'] == 0 else 'refused'}: "
                   f"{figure['last_line'][:90]} |\n" for name, figure in check.items())
    return ("## `make check` on large and hostile input\n\nFrom start to exit, Python's start-up included. "
            "Hostile input must be refused about as fast as the real content is accepted.\n\n"
            "| input | `make check` | verdict |\n|---|---:|---|\n" + rows + "\n")


def seconds(figure: dict) -> str:
    return f"{figure['median']:.2f} s ({figure['min']:.2f}–{figure['max']:.2f})"


def kib(n: float) -> str:
    return f"{n / 1024:.0f} KiB"


def markdown(results: list[dict], machine: str, check: dict | None = None, scores: dict | None = None) -> str:
    by_scale = {r["scale"]: r for r in results}
    scales = sorted(by_scale)
    head = "| | " + " | ".join(f"{s}× data" for s in scales) + " |\n|---|" + "---:|" * len(scales) + "\n"

    def row(label, fn):
        return f"| {label} | " + " | ".join(fn(by_scale[s]) for s in scales) + " |\n"

    table = head
    table += row("data files", lambda r: kib(r["data_files_bytes"]))
    table += row("full build", lambda r: seconds(r["build_s"]))
    table += row("peak memory", lambda r: f"{r['peak_memory_mib']['median']:.0f} MiB")
    table += row("data layer (load, validate, render)", lambda r: seconds(r["data_layer_s"]))
    table += row("data layer share of build", lambda r: f"{r['data_layer_share']['median']:.1%} (max {r['data_layer_share']['max']:.1%})")
    for part in DATA_PARTS:
        table += row(f"– {part}", lambda r, p=part: seconds(r["data_layer_parts_s"][p]))
    table += row("first build with an empty cache: build / data layer",
                 lambda r: f"{r['cold_cache']['build_s']:.2f} s / {r['cold_cache']['data_layer_s']:.2f} s "
                           f"({r['cold_cache']['data_layer_s'] / r['cold_cache']['build_s']:.1%})")
    table += row("plain MkDocs, same pages pre-rendered", lambda r: seconds(r["baseline_build_s"]))
    table += row("overhead ratio (full / plain)", lambda r: f"{r['overhead_ratio']:.2f}")
    table += row("`make serve` rebuild after a data edit", lambda r: seconds(r["serve_rebuild_s"]))
    table += row("`make serve`: saving a data file until an open page shows it", lambda r: seconds(r["save_to_page_s"]) if "save_to_page_s" in r else "–")
    table += row("first visit, heaviest page (gzip)", lambda r: f"{kib(r['first_visit']['max_gzip_bytes'])} ({r['first_visit']['heaviest_page']})")
    table += row("first visit, median page (gzip)", lambda r: kib(r["first_visit"]["median_gzip_bytes"]))
    table += row("requests on a first visit (max)", lambda r: str(r["first_visit"]["max_requests"]))
    for reading in READINGS:
        table += row(f"search index, {reading} (raw / gzip)",
                     lambda r, k=f"search_index_{reading}": f"{kib(r[k]['bytes'])} / {kib(r[k]['gzip_bytes'])}")
    table += row("offline bundle (zip / unzipped)", lambda r: f"{kib(r['offline_bundle']['zip_bytes'])} / {kib(r['offline_bundle']['unzipped_bytes'])}")
    table += row("full build without 繁體中文", lambda r: seconds(r["build_without_converted_readings_s"]))
    table += row("繁體中文's share of the build", lambda r: f"+{r['converted_readings_build_cost']:.0%}")
    table += row("offline bundle without 繁體中文 (zip)", lambda r: kib(r["offline_bundle_without_converted_readings"]["zip_bytes"]))

    real = by_scale[min(scales)]
    largest = by_scale[max(scales)]
    growth = largest["build_s"]["median"] / real["build_s"]["median"]
    data_growth = largest["data_files_bytes"] / real["data_files_bytes"]
    verdicts = [
        ("data layer at most 10% of the build at every scale",
         all(r["data_layer_share"]["median"] <= 0.10 for r in results),
         ", ".join(f"{r['scale']}×: {r['data_layer_share']['median']:.1%}" for r in results)),
        (f"build grows no faster than the content ({max(scales)}× data in at most {max(scales)}× the time)",
         growth <= max(scales), f"{growth:.1f}× the time for {data_growth:.1f}× the data bytes"),
        ("first visit of any page at most 150 KB compressed, search index excluded",
         real["first_visit"]["max_gzip_bytes"] <= 150_000, f"heaviest {real['first_visit']['max_gzip_bytes'] / 1000:.0f} KB"),
        ("rebuild after a data change under 3 s for the real content",
         real["serve_rebuild_s"]["median"] < 3, seconds(real["serve_rebuild_s"])),
        ("繁體中文 adds at most 40% to the full build, real content",
         real["converted_readings_build_cost"] <= 0.40,
         f"+{real['converted_readings_build_cost']:.0%} ({seconds(real['build_without_converted_readings_s'])} → {seconds(real['build_s'])})"),
        ("offline bundle under 3 MB, real content", real["offline_bundle"]["zip_bytes"] < 3 * 1024 * 1024,
         f"{kib(real['offline_bundle']['zip_bytes'])} ({kib(real['offline_bundle_without_converted_readings']['zip_bytes'])} without 繁體中文)"),
        ("an open page shows a saved data edit within 2 s for the real content",
         real["save_to_page_s"]["median"] <= 2, seconds(real["save_to_page_s"])),
    ]
    targets = "| target | met | measured |\n|---|---|---|\n" + "".join(
        f"| {name} | {'yes' if ok else 'NO'} | {measured} |\n" for name, ok, measured in verdicts)
    missed = []
    if not verdicts[0][1]:
        worst = max(results, key=lambda r: r["data_layer_share"]["median"])
        parts = ", ".join(f"{p} {worst['data_layer_parts_s'][p]['median']:.2f} s" for p in DATA_PARTS)
        missed.append(
            f"- **Data layer share at {worst['scale']}×: {worst['data_layer_share']['median']:.1%}.** The data layer "
            f"grows with the data files ({parts}) while the rest of the build grows more slowly, because the page count "
            f"stays the same: at {worst['scale']}× MkDocs builds the same {worst['pages']} pages, only longer. Parsing is "
            f"libyaml, validation compiled code and the content rules one pass a rule already. What it would take: keep "
            f"each file's parsed and checked "
            f"data in a cache keyed by the file's hash, so that a build reads only the files that changed (a pull "
            f"request usually changes one), and render only the pages whose data changed.")
    if not verdicts[2][1]:
        missed.append("- **First-visit weight.** The theme's JavaScript bundle and stylesheets are most of every page; "
                      "what it would take is trimming unused theme features.")
    if not verdicts[3][1]:
        missed.append("- **Rebuild time.** MkDocs rebuilds every page of both languages on any change.")
    if not verdicts[4][1]:
        missed.append("- **Save to page.** The time is MkDocs' rebuild of every page of both languages, plus its "
                      "wait for saves to settle and the page's reload; what it would take is rebuilding only the "
                      "pages whose data changed.")
    notes = ("## Targets missed, why, and what it would take\n\n" + "\n".join(missed) + "\n\n") if missed else ""
    pages = "| page | requests | gzip bytes |\n|---|---:|---:|\n" + "".join(
        f"| {w['page']} | {w['requests']} | {w['gzip_bytes']:,} |\n" for w in real["first_visit"]["pages"])
    runs = real["build_s"]["runs"]
    return (f"# Performance report\n\nMeasured by `make bench` on {machine}. Timings are the median of {runs} runs "
            f"(min–max in brackets), after one first build that compiles the templates and schema validators into "
            f"the cache (reported on its own row). Synthetic content repeats every collection (except the fixed stages, focus "
            f"areas and settings) in both languages; see `bench/synthetic.py`.\n\n## Targets\n\n{targets}\n{notes}"
            f"## Figures\n\n{table}\n{check_table(check) if check else ''}{scores_markdown(scores) + chr(10) if scores else ''}"
            f"## First visit of each page, real content\n\nBytes are what the browser fetched "
            f"on a first visit with an empty cache, gzip-compressed as a server would send them; the search index "
            f"(fetched once, in the background) is excluded.\n\n{pages}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run")
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10, 50])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path, default=ROOT / "bench")
    parser.add_argument("--only-check", action="store_true",
                        help="measure only `make check` on large and hostile input; keep the report's other figures")
    parser.add_argument("--only-scores", action="store_true",
                        help="measure only the Lighthouse scores and Nu Html Checker errors; keep the report's other "
                             "figures (BENCH_PAGES picks pages, BENCH_JOBS how many run at a time)")
    parser.add_argument("--only-builds", action="store_true",
                        help="measure only the builds, preview and page weights; keep the report's check, Lighthouse and Nu figures")
    args = parser.parse_args(argv)
    machine = f"{os.cpu_count()} cores, Python {sys.version.split()[0]}"
    started = time.perf_counter()

    def log(message):
        print(f"[{time.perf_counter() - started:6.0f} s] {message}", flush=True)

    previous = json.loads((args.out / "report.json").read_text(encoding="utf-8")) if (args.out / "report.json").exists() else {}
    with tempfile.TemporaryDirectory(prefix="bench-") as work:
        if args.only_check or args.only_scores:
            machine, results = previous["machine"], previous["results"]
        else:
            results = [measure(scale, args.runs, Path(work), 8200 + i, log) for i, scale in enumerate(args.scales)]
        check = previous.get("check") if args.only_scores or args.only_builds else measure_check(Path(work), args.runs, log)
    scores = (previous.get("scores") if args.only_check or args.only_builds
              else measure_scores(args.runs, log, os.environ.get("BENCH_PAGES")))
    report = {"machine": machine, "results": results, "check": check, "scores": scores}
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "report.json").write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    (args.out / "report.md").write_text(markdown(results, machine, check, scores), encoding="utf-8")
    log(f"wrote {args.out / 'report.md'} and {args.out / 'report.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
