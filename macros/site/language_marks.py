"""Marks passages in the other language, so screen readers pronounce them correctly.

Chinese pages name English organisations ("Odessa Brown Children's Clinic"); English
pages never carry Chinese text (the content checks refuse it), but are handled alike.
"""
from __future__ import annotations

import re2

from macros.load.model import HTML_LANG

from .theme import ARTICLE

# RE2 runs in time linear in the page, whatever the page holds; Python's engine can take
# quadratic time on a long run of letters with no space in LATIN_RUN.
PIECES = re2.compile(r"(<[^>]+>)")
LATIN_RUN = re2.compile("[A-Za-z][A-Za-z'’.&-]*(?:[ \u00a0]+[A-Za-z][A-Za-z'’.&-]*)+")
HAN_RUN = re2.compile("[\u3400-\u9fff][\u3400-\u9fff\u3000-\u303f\uff00-\uffef]*")
TAG_NAME = re2.compile(r"</?\s*([a-zA-Z0-9]+)")
SKIP = ("script", "style", "code", "pre", "svg")


def _mark_text(text: str, lang: str) -> str:
    if lang == "zh":
        return LATIN_RUN.sub(lambda m: f'<span lang="{HTML_LANG["en"]}">{m.group(0)}</span>', text)
    return HAN_RUN.sub(lambda m: f'<span lang="{HTML_LANG["zh"]}">{m.group(0)}</span>', text)


def _mark_fragment(html: str, lang: str) -> str:
    out, skipping = [], None
    for piece in PIECES.split(html):
        if piece.startswith("<"):
            name = TAG_NAME.match(piece)
            name = name.group(1).lower() if name else ""
            if skipping is None and name in SKIP and not piece.startswith("</") and not piece.endswith("/>"):
                skipping = name
            elif skipping == name and piece.startswith("</"):
                skipping = None
            out.append(piece)
        elif skipping or not piece.strip():
            out.append(piece)
        else:
            out.append(_mark_text(piece, lang))
    return "".join(out)


def mark_other_language(html: str, lang: str) -> str:
    return ARTICLE.sub(lambda m: m.group(1) + _mark_fragment(m.group(2), lang) + m.group(3), html, count=1)
