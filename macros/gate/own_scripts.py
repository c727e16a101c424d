"""Which inline scripts are the project's own: those the theme's templates write into every
page (macros/site/theme.py lists them), read from overrides/ first and then the theme."""
from __future__ import annotations

import importlib.util
from collections.abc import Callable
from pathlib import Path


def _template_folders(root: Path) -> list[Path]:
    folders = [Path(root) / "overrides"]
    spec = importlib.util.find_spec("material")  # the theme's folder, without running it
    if spec and spec.submodule_search_locations:
        folders.append(Path(next(iter(spec.submodule_search_locations))) / "templates")
    return [folder for folder in folders if folder.is_dir()]


def template_scripts(root: Path) -> Callable[[str], bool]:
    """A predicate for GateContext.inline_script_allowed: the script is one the theme's
    templates write into pages (the same test the security policy makes when it hashes
    them, macros/site/security_policy.py), with only a path where the template varies."""
    from ..site.security_policy import is_known_script

    folders = tuple(_template_folders(root))
    return lambda body: is_known_script(body, folders)
