"""Which inline scripts are the project's own: those written in the theme's templates or
in overrides/, as published. A template's `{{ … }}` expressions are filled from
mkdocs.yml at build time; each may stand for text without quotes, angle brackets,
backslashes or line breaks, so nothing filled in can end a string and add code."""
from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from typing import Callable

import re2

INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)
EXPRESSION = re.compile(r"\{\{.*?\}\}", re.S)
FILLED = "[^\"'<>\\\\\\n]*"


def _template_folders(root: Path) -> list[Path]:
    folders = [Path(root) / "overrides"]
    spec = importlib.util.find_spec("material")  # the theme's folder, without running it
    if spec and spec.submodule_search_locations:
        folders.append(Path(next(iter(spec.submodule_search_locations))) / "templates")
    return [folder for folder in folders if folder.is_dir()]


def template_scripts(root: Path) -> Callable[[str], bool]:
    """A predicate for GateContext.inline_script_allowed: the script's text is one of the
    inline scripts of the templates, with their expressions filled in."""
    patterns = set()
    for folder in _template_folders(root):
        for template in folder.rglob("*.html"):
            for body in INLINE_SCRIPT.findall(template.read_text(encoding="utf-8")):
                if "{%" in body:
                    continue  # computed by the template: not a fixed script
                parts = EXPRESSION.split(body)
                patterns.add(FILLED.join(re2.escape(part) for part in parts))
    if not patterns:
        return lambda body: False
    known = re2.compile("|".join(f"(?:{p})" for p in sorted(patterns)))
    return lambda body: known.fullmatch(body) is not None
