"""Where compiled schema validators and templates are kept between builds.

Both are made from files in the project and named by a hash of what they were made
from, so a changed schema or template is compiled again, never served stale. Deleting
the folder only makes the next build slower.
"""
from __future__ import annotations

import os
from pathlib import Path


def cache_dir() -> Path:
    """$PLAYBOOK_CACHE if set, else the user's cache folder."""
    if os.environ.get("PLAYBOOK_CACHE"):
        return Path(os.environ["PLAYBOOK_CACHE"])
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "partnership-playbook"


def store(path: Path, data: bytes) -> None:
    """Write `data` to `path` in one step; a cache that cannot be written is only slower."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}")
        temporary.write_bytes(data)
        os.replace(temporary, path)
    except OSError:
        pass
