"""The live preview as an editor uses it: `mkdocs serve` running, a page open in Chromium,
a data file saved. Used by `make bench` (the save-to-page time) and by the tests."""
from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import yaml

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
TIMELINE_PAGE = "establish/timeline/"  # shows every event's title from data/timeline.yaml


class Preview:
    """`mkdocs serve --livereload` on a project folder, until stopped."""

    def __init__(self, project: Path, port: int):
        self.project, self.url = project, f"http://127.0.0.1:{port}/"
        self.process = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}",
                                         "--livereload"], cwd=project, env=ENV, stderr=subprocess.PIPE,
                                        stdout=subprocess.DEVNULL, text=True)
        self.log: list[str] = []
        threading.Thread(target=lambda: [self.log.append(line) for line in self.process.stderr], daemon=True).start()

    def wait_until_serving(self, limit: float = 300) -> None:
        deadline = time.perf_counter() + limit
        while not any("Serving on" in line for line in self.log):
            if self.process.poll() is not None or time.perf_counter() > deadline:
                raise RuntimeError("mkdocs serve did not start:\n" + "".join(self.log[-30:]))
            time.sleep(0.1)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def first_event_title(project: Path) -> str:
    return yaml.safe_load((project / "data/timeline.yaml").read_text(encoding="utf-8"))["events"][0]["title"]["en"]


def save_to_page(page, preview: Preview, runs: int, limit_ms: float = 120_000) -> list[float]:
    """Seconds from saving data/timeline.yaml to its new text showing in the open page."""
    timeline = preview.project / "data/timeline.yaml"
    times = []
    page.goto(preview.url + TIMELINE_PAGE)
    for run in range(runs):
        title = first_event_title(preview.project)
        new_title = f"{title.split(' (edit ')[0]} (edit {run + 1})"
        page.wait_for_function("() => document.readyState === 'complete'")
        time.sleep(1)  # the page's live-reload script is polling
        text = timeline.read_text(encoding="utf-8")
        saved = time.perf_counter()
        timeline.write_text(text.replace(title, new_title, 1), encoding="utf-8")
        page.wait_for_function("text => document.body && document.body.innerText.includes(text)", arg=new_title,
                               timeout=limit_ms, polling=50)
        times.append(time.perf_counter() - saved)
    return times
