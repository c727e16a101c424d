"""`make serve` only: the live preview reloads, and explains a broken edit instead of hanging.

- MkDocs injects its live-reload script into every page it serves, with a number that
  changes per request, so no hash made at build time can allow it. The script is
  admitted here, page by page, by adding its hash to that page's policy as served; the
  built site is never touched and keeps its strict policy.
- When a rebuild fails, MkDocs keeps the old pages and holds every request until a
  build succeeds, so an open page waits without a word. Here a failed rebuild instead
  replaces every page with one that lists the problems (file, line, message) in both
  languages; the next successful build replaces it, and the live-reload script, which the
  problem page carries too, brings the page back by itself.
"""
from __future__ import annotations

import logging
import re
from collections.abc import Callable
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from ..check.project import find_problems
from .build_log import findings
from .security_policy import script_hash

INJECTED_SCRIPT = re.compile(rb"<script>(?P<body>\s*var livereload = function.*?)</script>", re.S)
SCRIPT_SOURCES = re.compile(rb"(<meta http-equiv=\"Content-Security-Policy\" content=\"[^\"]*?script-src 'self')")
_templates = Environment(loader=FileSystemLoader(Path(__file__).parent / "templates"), autoescape=select_autoescape(["html"]))


def admit_live_reload(inject: Callable[[bytes, int], bytes]) -> Callable[[bytes, int], bytes]:
    """MkDocs' script injection, followed by adding the injected script's hash to the page's policy."""

    def injected(content: bytes, epoch: int) -> bytes:
        page = inject(content, epoch)
        script = INJECTED_SCRIPT.search(page)
        if not script:
            return page
        allowed = script_hash(script.group("body").decode("utf-8")).encode()
        return SCRIPT_SOURCES.sub(lambda m: m.group(1) + b" " + allowed, page, count=1)

    return injected


class _Collected(logging.Handler):
    """MkDocs' warnings and errors of one build, as the lines of its log."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record):
        self.lines.append(f"{record.levelname} -  {record.getMessage()}")


def problem_page(problems: list[str]) -> str:
    return _templates.get_template("preview_problems.html").render(problems=problems)


def explain_failures(builder: Callable[[], None], root: Path, site_dir: Path) -> Callable[[], None]:
    """`builder`, except that a failed build leaves a page naming every problem at every address."""

    def build() -> None:
        collected = _Collected()
        logging.getLogger("mkdocs").addHandler(collected)
        try:
            builder()
        except BaseException as error:  # MkDocs' Abort is a SystemExit; anything else would leave the page hanging
            if isinstance(error, KeyboardInterrupt):
                raise
            problems = [str(p) for p in find_problems(root)] or findings("\n".join(collected.lines), root) or [str(error)]
            page = problem_page(problems)
            folder = site_dir
            pages = list(folder.rglob("*.html")) or [folder / "index.html"]
            for path in [*pages, folder / "404.html"]:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(page, encoding="utf-8")
            logging.getLogger("mkdocs").error("The content has problems; the preview shows them:\n" + "\n".join(problems))
        finally:
            logging.getLogger("mkdocs").removeHandler(collected)

    return build
