"""The service worker that keeps the pages of the reader's language for reading offline
(offline_worker.js beside this file), written to the top of a served site with what it
keeps: each language's pages, search index and calendar, the files every page needs, and
a version, the hash of all of them, so that a new deploy replaces what readers kept."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

WORKER = "offline-worker.js"
SOURCE = Path(__file__).with_name("offline_worker.js")
# Not kept: the worker itself, the offline copy's zip (it is a download), source maps and
# sitemaps (no reader opens them).
NOT_KEPT_SUFFIXES = (".map", ".zip", "sitemap.xml", "sitemap.xml.gz")
# The theme ships the search's word splitters for many languages; the site's need only these.
SEARCH_LANGUAGE_FOLDER = "assets/javascripts/lunr/"


def _kept(relative: str, languages: list[str]) -> bool:
    if relative == WORKER or relative.endswith(NOT_KEPT_SUFFIXES):
        return False
    if relative.startswith(SEARCH_LANGUAGE_FOLDER):
        name = relative.rsplit("/", 1)[-1]
        return name in ("lunr.stemmer.support.min.js", "lunr.multi.min.js") or name in {
            f"lunr.{lang}.min.js" for lang in languages}
    return True


def _address(relative: str, directory_urls: bool) -> str:
    """The address a reader's browser asks for: a folder's index page by its folder."""
    if directory_urls and (relative == "index.html" or relative.endswith("/index.html")):
        return relative[: -len("index.html")] or "./"
    return relative


def what_to_keep(site_dir: Path, languages: list[str], default: str, directory_urls: bool) -> dict:
    folders = {lang: "" if lang == default else f"{lang}/" for lang in languages}
    shared: list[str] = []
    by_language: dict[str, list[str]] = {lang: [] for lang in languages}
    digest = hashlib.sha256()
    for path in sorted(p for p in site_dir.rglob("*") if p.is_file()):
        relative = path.relative_to(site_dir).as_posix()
        if not _kept(relative, languages):
            continue
        digest.update(relative.encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
        address = _address(relative, directory_urls)
        if relative.startswith("assets/"):
            shared.append(address)
            continue
        lang = next((code for code, folder in folders.items() if folder and relative.startswith(folder)), default)
        by_language[lang].append(address)
    return {
        "version": digest.hexdigest()[:16],
        "default": default,
        "shared": shared,
        "languages": {lang: {"folder": folders[lang], "files": by_language[lang]} for lang in languages},
    }


def write_offline_worker(site_dir: Path, languages: list[str], default: str, directory_urls: bool) -> Path:
    keep = what_to_keep(site_dir, languages, default, directory_urls)
    target = site_dir / WORKER
    target.write_text(f"const KEEP = {json.dumps(keep, ensure_ascii=False, indent=1)};\n\n"
                      + SOURCE.read_text(encoding="utf-8"), encoding="utf-8")
    return target
