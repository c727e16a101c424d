"""Planting hostile output into a copy of a small built site, for the publishing gate's tests."""
from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

# The files of a built site the corpus plants into: a page in each language, a search
# index, the sitemap, a calendar, the project's stylesheet, script and icon.
SMALL_SITE = ("index.html", "zh/index.html", "search/search_index.json", "sitemap.xml",
              "calendar/partnership-playbook-en.ics", "assets/playbook.css", "assets/playbook.js",
              "assets/favicon.svg")

# Where each way of planting puts the hostile text, in the small site.
PLANTED_IN = {"html": "index.html", "zh_html": "zh/index.html", "index_text": "search/search_index.json",
              "index_title": "search/search_index.json", "index_location": "search/search_index.json",
              "sitemap": "sitemap.xml", "calendar": "calendar/partnership-playbook-en.ics",
              "css": "assets/playbook.css", "js": "assets/playbook.js"}


# A site built without its published address has no sitemap; one built for an address has
# one like this.
SITEMAP = ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
           "<url><loc>https://www.seattleschools.org/playbook/</loc></url>\n</urlset>\n")


def small_site(built_site: Path, target: Path) -> Path:
    for relative in SMALL_SITE:
        (target / relative).parent.mkdir(parents=True, exist_ok=True)
        if (built_site / relative).exists():
            shutil.copy2(built_site / relative, target / relative)
        elif relative == "sitemap.xml":
            (target / relative).write_text(SITEMAP, encoding="utf-8")
        else:
            raise FileNotFoundError(built_site / relative)
    return target


def _insert(path: Path, before: str, text: str) -> None:
    content = path.read_text(encoding="utf-8")
    assert before in content, f"{path.name} has no {before}"
    at = content.rindex(before)
    path.write_text(content[:at] + text + content[at:], encoding="utf-8", newline="")


def plant(site: Path, case: dict) -> str:
    """Puts the case's hostile text into the site; returns the published file it is in."""
    how, text = case["plant"], case["text"]
    if how in ("html", "zh_html"):
        _insert(site / PLANTED_IN[how], "</article>", text)
    elif how.startswith("index_"):
        path = site / PLANTED_IN[how]
        index = json.loads(path.read_text(encoding="utf-8"))
        doc = {"location": "planted/", "title": "Planted", "text": "<p>Planted</p>"}
        doc[how.removeprefix("index_")] = text
        index["docs"].append(doc)
        path.write_text(json.dumps(index, ensure_ascii=False), encoding="utf-8")
    elif how == "sitemap":
        _insert(site / PLANTED_IN[how], "</urlset>", text)
    elif how == "calendar":
        _insert(site / PLANTED_IN[how], "END:VCALENDAR", text + "\r\n")
    elif how in ("css", "js"):
        with (site / PLANTED_IN[how]).open("a", encoding="utf-8") as file:
            file.write(text)
    elif how in ("write", "gzip", "symlink"):
        path = site / case["file"]
        path.parent.mkdir(parents=True, exist_ok=True)
        if how == "write":
            path.write_text(text, encoding="utf-8")
        elif how == "gzip":
            path.write_bytes(gzip.compress(text.encode("utf-8")))
        else:
            path.symlink_to(text)
        return case["file"]
    else:
        raise ValueError(f"unknown way of planting: {how}")
    return PLANTED_IN[how]
