"""Where a published text came from: the data file or page, with line and column.

The published form differs from the source (Markdown emphasis, entities, folded YAML
lines), so a text is looked for as written first, then in a squeezed form of both sides:
normalised as spam is, without spacing or emphasis marks.
"""
from __future__ import annotations

import functools
import html
from pathlib import Path

from .normalise import mapped_spam_form
from .spam import SEPARATORS

SOURCE_FOLDERS = ("docs", "data")
SOURCE_FILES = ("mkdocs.yml",)
MIN_ALONE = 6  # a shorter text ("TBA", "XX") is found everywhere: only its context can place it
_SQUEEZED = str.maketrans("", "", SEPARATORS + "\u3000\xa0")


def _is_source(path: Path, root: Path) -> bool:
    """Content an editor writes: not the schemas (their examples repeat the content),
    not images."""
    return (path.is_file() and path.suffix not in (".png", ".ico", ".jpg", ".jpeg", ".gif", ".webp")
            and (root / "data" / "schema") not in path.parents)


def _line_column(text: str, offset: int) -> tuple[int, int]:
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


class SourceIndex:
    def __init__(self, root: Path):
        root = Path(root)
        paths = [root / name for name in SOURCE_FILES if (root / name).is_file()]
        for folder in SOURCE_FOLDERS:
            if (root / folder).is_dir():
                paths += sorted(p for p in (root / folder).rglob("*") if _is_source(p, root))
        self._texts: dict[str, str] = {}
        for path in paths:
            try:
                self._texts[path.relative_to(root).as_posix()] = path.read_text(encoding="utf-8")
            except (UnicodeDecodeError, OSError):
                continue
        self._squeezed: dict[str, tuple[str, list[int]]] = {}
        self._unescaped_texts: dict[str, str] = {}

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
            kept = [(c, o) for c, o in zip(form, origins, strict=True) if c not in SEPARATORS and not c.isspace()]
            self._squeezed[label] = ("".join(c for c, _ in kept), [o for _, o in kept])
        return self._squeezed[label]

    def locate(self, published: str, lang: str, context: str = "", squeeze: bool = False) -> str | None:
        """`file:line:column` of the source of `published`, if it can be traced.

        The text around it (`context`, for example its paragraph) is looked for first, so
        that a short text such as "TBA" is placed where that paragraph was written; the
        text alone only when it is long enough to say where it came from. `squeeze` also
        finds it disguised (spacing, emphasis, Traditional, look-alike letters): right for
        advertising, wrong for an address, whose look-alike is not the allowed original.
        """
        candidates = [c.strip() for c in (context, published) if c and len(c.strip()) >= 2]
        if context.strip() and len(published.strip()) < MIN_ALONE:
            candidates = candidates[:1]
        labels = self._ordered(lang)
        for needle in candidates:
            found = self._exact(needle, labels) or (self._squeezed_find(needle, labels) if squeeze else None)
            if found:
                return found
        return None

    def _exact(self, needle: str, labels: list[str]) -> str | None:
        for label in labels:
            offset = self._texts[label].find(needle)
            if offset >= 0:
                return f"{label}:{':'.join(map(str, _line_column(self._texts[label], offset)))}"
        for label in labels:  # written with entities in the source; unescaping keeps the lines
            unescaped = self._unescaped(label)
            offset = unescaped.find(needle)
            if offset >= 0:
                return f"{label}:{':'.join(map(str, _line_column(unescaped, offset)))}"
        return None

    def _unescaped(self, label: str) -> str:
        if label not in self._unescaped_texts:
            self._unescaped_texts[label] = html.unescape(self._texts[label])
        return self._unescaped_texts[label]

    def _squeezed_find(self, needle: str, labels: list[str]) -> str | None:
        squeezed_needle = "".join(c for c in mapped_spam_form(needle)[0] if c not in SEPARATORS and not c.isspace())
        if len(squeezed_needle) < 2:
            return None
        for label in labels:
            squeezed, origins = self._squeeze(label)
            offset = squeezed.find(squeezed_needle)
            if offset >= 0:
                return f"{label}:{':'.join(map(str, _line_column(self._texts[label], origins[offset])))}"
        return None


@functools.lru_cache(maxsize=4)
def _index(root: str, stamp: tuple) -> SourceIndex:
    return SourceIndex(Path(root))


def source_index(root: Path) -> SourceIndex:
    """The sources of the project at `root`, read once until one of them changes."""
    root = Path(root)
    paths = [root / name for name in SOURCE_FILES]
    for folder in SOURCE_FOLDERS:
        if (root / folder).is_dir():
            paths += (p for p in (root / folder).rglob("*") if _is_source(p, root))
    stamp = tuple(sorted((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in paths if p.is_file()))
    return _index(str(root.resolve()), stamp)
