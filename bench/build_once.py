"""One instrumented build: `python -m bench.build_once PROJECT SITE [--capture DIR]`.

Prints a JSON line with the build's wall time, its peak memory, and the time spent in
each part of the data layer. With --capture, also writes every page's Markdown as the
macros rendered it, so the same pages can be built by plain MkDocs as a baseline.
"""
from __future__ import annotations

import functools
import json
import os
import resource
import sys
import time
from collections import defaultdict
from pathlib import Path

SPENT: dict[str, float] = defaultdict(float)


def timed(part: str, function):
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            SPENT[part] += time.perf_counter() - started
    return wrapper


def main() -> int:
    project, site = Path(sys.argv[1]).resolve(), Path(sys.argv[2]).resolve()
    capture = Path(sys.argv[4]).resolve() if len(sys.argv) > 4 and sys.argv[3] == "--capture" else None
    os.chdir(project)
    sys.path.insert(0, str(project))
    os.environ["NO_MKDOCS_2_WARNING"] = "1"

    import macros.load.collections as collections
    import macros.render.renderer as renderer
    import macros.site.hooks as hooks
    collections.load = timed("parse YAML", collections.load)
    collections.validate = timed("validate: schema", collections.validate)
    collections.cross_checks = timed("validate: references and content rules", collections.cross_checks)
    collections.model.playbook_from = timed("build typed model", collections.model.playbook_from)
    renderer.Renderer.render = timed("render components", renderer.Renderer.render)
    hooks.build_calendar = timed("render components", hooks.build_calendar)

    if capture:
        from mkdocs_macros.plugin import MacrosPlugin
        original = MacrosPlugin.on_page_markdown

        def keep(self, markdown, *args, **kwargs):
            rendered = original(self, markdown, *args, **kwargs)
            page = kwargs.get("page") or args[0]
            target = capture / page.file.src_uri
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(rendered, encoding="utf-8")
            return rendered
        MacrosPlugin.on_page_markdown = keep

    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    started = time.perf_counter()
    build(load_config(str(project / "mkdocs.yml"), site_dir=str(site)))
    total = time.perf_counter() - started
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"total_s": total, "peak_mib": peak_kib / 1024, "parts_s": dict(SPENT)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
