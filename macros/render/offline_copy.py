"""The offline copy: the whole site as a zip, to read from disk with no network.

A page offers it with its size; the pages inside the copy say instead that the reader is
reading it. That is also what keeps the size honest: the copy is built first, and only the
published pages, which are not inside it, state its size.
"""
from __future__ import annotations

from dataclasses import dataclass

ZIP_NAME = "partnership-playbook-offline.zip"
FOLDER = "partnership-playbook"  # the one folder the zip unzips into
NOTE = "HOW-TO-OPEN.txt"  # beside index.html in that folder


@dataclass(frozen=True)
class OfflineCopy:
    size: int | None  # bytes; None on the pages inside the copy
    path: str = ZIP_NAME  # where the zip is, from the page's language folder

    @property
    def reading_it(self) -> bool:
        return self.size is None


def size_words(size: int, ui) -> str:
    """`size` bytes as a reader's file manager shows it (decimal units), in the words of
    `ui(key, size=...)`, the reader's language's units."""
    if size < 1_000_000:
        return ui("size_kilobytes", size=f"{max(1, round(size / 1000))}")
    return ui("size_megabytes", size=f"{size / 1_000_000:.1f}")
