"""Where a published text came from: the data file or page, with line and column.

The published form differs from the source (Markdown emphasis, entities, folded YAML
lines), so a text is looked for as written first, then in a squeezed form of both sides:
normalised as spam is, without spacing or emphasis marks.
"""
from __future__ import annotations

import html
from pathlib import Path

from .normalise import mapped_spam_form
from .spam import SEPARATORS

SOURCE_FOLDERS = ("docs", "data")
SOURCE_FILES = ("mkdocs.yml",)
_SQUEEZED = str.maketrans("", "", SEPARATORS + "\u3000\xa0")


def _line_column(text: str, offset: int) -> tuple[int, int]:
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


class SourceIndex:
    def __init__(self, root: Path):
        root = Path(root)
        paths = [root / name for name in SOURCE_FILES if (root / name).is_file()]
        for folder in SOURCE_FOLDERS:
            if (root / folder).is_dir():
                paths += sorted(p for p in (root / folder).rglob("*") if p.is_file() and p.suffix not in (".png", ".ico", ".jpg"))
        self._texts: dict[str, str] = {}
        for path in paths:
            try:
                self._texts[path.relative_to(root).as_posix()] = path.read_text(encoding="utf-8")
            except (UnicodeDecodeError, OSError):
                continue
        self._squeezed: dict[str, tuple[str, list[int]]] = {}

    def _ordered(self, lang: str) -> list[str]:
        """Pages of the page's own language first, then the data, then the rest."""
        def rank(label: str) -> int:
            if label.startswith(f"docs/{lang}/"):
                return 0
            return 1 if label.startswith("data/") else 2
        return sorted(self._texts, key=rank)

    def _squeeze(self, label: str) -> tuple[str, list[int]]:
        if label not in self._squeezed:
            form, origins = mapped_spam_form(self._texts[label])
            kept = [(c, o) for c, o in zip(form, origins) if c not in SEPARATORS and not c.isspace()]
            self._squeezed[label] = ("".join(c for c, _ in kept), [o for _, o in kept])
        return self._squeezed[label]

    def locate(self, published: str, lang: str) -> str | None:
        """`file:line:column` of the source text that `published` came from, if found."""
        needle = published.strip()
        if len(needle) < 2:
            return None
        labels = self._ordered(lang)
        for label in labels:
            offset = self._texts[label].find(needle)
            if offset >= 0:
                return f"{label}:{':'.join(map(str, _line_column(self._texts[label], offset)))}"
        for label in labels:  # written with entities in the source; unescaping keeps the lines
            unescaped = html.unescape(self._texts[label])
            offset = unescaped.find(needle)
            if offset >= 0:
                return f"{label}:{':'.join(map(str, _line_column(unescaped, offset)))}"
        squeezed_needle = "".join(c for c in mapped_spam_form(needle)[0] if c not in SEPARATORS and not c.isspace())
        if len(squeezed_needle) < 2:
            return None
        for label in labels:
            squeezed, origins = self._squeeze(label)
            offset = squeezed.find(squeezed_needle)
            if offset >= 0:
                return f"{label}:{':'.join(map(str, _line_column(self._texts[label], origins[offset])))}"
        return None
