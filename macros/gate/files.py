"""Which files a built site may contain, and which of them are the theme's or vendored
files, published exactly as they were shipped (recognised by their content, so an edited
copy is scanned like any other file)."""
from __future__ import annotations

import hashlib
import importlib.util
from pathlib import Path

# How files of each binary type begin; a file that does not is something else in disguise.
SIGNATURES = {
    "png": (b"\x89PNG\r\n\x1a\n",),
    "ico": (b"\x00\x00\x01\x00",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "gif": (b"GIF87a", b"GIF89a"),
    "webp": (b"RIFF",),
    "woff2": (b"wOF2",),
    "xml.gz": (b"\x1f\x8b",),
    "zip": (b"PK\x03\x04",),
}


def file_type(relative: str, file_types: tuple[str, ...]) -> str | None:
    """The listed type `relative` has (the longest listed ending of its name), or None."""
    name = relative.rsplit("/", 1)[-1].lower()
    matching = [t for t in file_types if name.endswith("." + t)]
    return max(matching, key=len) if matching else None


def digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def shipped_files(root: Path) -> frozenset[str]:
    """Digests of the files the theme ships and of the project's vendored files: these
    are published byte for byte and are the work of their authors, not of the content."""
    folders = [Path(root) / "overrides" / "assets" / "vendor"]
    spec = importlib.util.find_spec("material")  # finds the theme's folder without running it
    if spec and spec.submodule_search_locations:
        folders.append(Path(next(iter(spec.submodule_search_locations))) / "templates" / "assets")
    shipped = {digest(path.read_bytes()) for folder in folders if folder.is_dir()
               for path in folder.rglob("*") if path.is_file()}
    # The theme's scripts the build mends (macros/site/theme.py: the search worker's Chinese
    # query splitting, the bundle's sitemap fetch): the theme's files with reviewed patches.
    from ..site.theme import mended_theme_scripts
    for folder in folders[1:]:
        shipped.update(digest(source.encode("utf-8")) for source in mended_theme_scripts(folder))
    return frozenset(shipped)
