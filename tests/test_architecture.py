"""The code as a new maintainer meets it: one package whose sub-packages follow the flow,
MkDocs only at its edge, plain `mkdocs build` working, and the linter clean."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

from macros.render.components import COMPONENTS
from macros.render.renderer import TEMPLATES

VENV_BIN = Path(sys.executable).parent
LAYERS = ["macros.load", "macros.check", "macros.render", "macros.cli"]


def imported_by(module: str) -> list[str]:
    code = f"import sys, json, {module}; print(json.dumps(sorted(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd="/")
    return json.loads(result.stdout)


@pytest.mark.parametrize("package", LAYERS)
def test_no_layer_outside_the_mkdocs_edge_imports_mkdocs(package):
    submodules = sorted(p.stem for p in (ROOT / package.replace(".", "/")).glob("*.py") if p.stem != "__init__")
    for module in [package] + [f"{package}.{name}" for name in submodules]:
        loaded = imported_by(module)
        assert not [m for m in loaded if m.split(".")[0] in ("mkdocs", "material", "mkdocs_static_i18n", "mkdocs_macros")], module


def test_the_mkdocs_edge_does_import_mkdocs():
    """The test above can fail: the edge itself pulls MkDocs in."""
    assert "mkdocs" in imported_by("macros.site.entry")


def test_plain_mkdocs_build_works_from_the_virtual_environment(tmp_path):
    mkdocs = VENV_BIN / "mkdocs"
    assert mkdocs.exists(), "the virtual environment has no mkdocs command"
    result = subprocess.run([str(mkdocs), "build", "--strict", "--site-dir", str(tmp_path / "site")],
                            cwd=ROOT, capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 0, result.stderr[-2000:]
    assert (tmp_path / "site/index.html").exists() and (tmp_path / "site/zh/index.html").exists()


def test_every_declared_component_has_its_template_and_every_template_a_use():
    declared = {component.template for component in COMPONENTS}
    templates = {p.name for p in TEMPLATES.glob("*.html") if not p.name.startswith("_")}
    assert declared <= templates
    assert templates - declared == {"not_found.html"}  # the error page's, rendered by the hooks


def test_the_code_passes_the_linter():
    result = subprocess.run([str(VENV_BIN / "ruff"), "check", "macros", "bench", "tests"], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:]


def test_make_help_lists_every_target():
    result = subprocess.run(["make", "--no-print-directory", "help"], cwd=ROOT, capture_output=True, text=True, check=True)
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    documented = [line[3:].split(":")[0] for line in makefile.splitlines() if line.startswith("## ")]
    assert documented and all(f"make {name}" in result.stdout for name in documented)


def test_every_interface_word_and_style_is_used():
    """No dead words in data/ui.yaml and no dead classes in the stylesheet."""
    import re

    import yaml
    sources = [*(ROOT / "macros").rglob("*.py"), *(ROOT / "macros").rglob("*.html"), *(ROOT / "overrides").rglob("*.html"),
               *(ROOT / "overrides/assets").glob("*.js")]
    code = "\n".join(path.read_text(encoding="utf-8") for path in sources)
    prefixes = re.findall(r"""ui\(["']([a-z_]+_)["']\s*~""", code) + re.findall(r"""ui\[f["']([a-z_]+_)\{""", code)
    words = yaml.safe_load((ROOT / "data/ui.yaml").read_text(encoding="utf-8"))["strings"]
    unused = [key for key in words if not re.search(rf"""["']{key}["']""", code) and not key.startswith(tuple(prefixes))]
    assert unused == []
    pages = "\n".join(path.read_text(encoding="utf-8") for path in (ROOT / "docs").rglob("*.md"))
    styles = (ROOT / "overrides/assets/playbook.css").read_text(encoding="utf-8")
    classes = set(re.findall(r"\.(pb-[\w-]+)", styles))
    dynamic = re.findall(r'class="[^"]*?(pb-[\w-]+--)\{\{', code)
    assert [c for c in sorted(classes) if c not in code + pages and not c.startswith(tuple(dynamic))] == []
