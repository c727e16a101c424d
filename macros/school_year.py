"""The configured school year as calendar months."""
from __future__ import annotations

from datetime import date

from .model import SchoolYear


def months_of_year(year: SchoolYear) -> list[tuple[int, int]]:
    """(year, month) for each month of the school year, in order."""
    start = date.fromisoformat(year.start)
    months = []
    for offset in range(year.months):
        index = start.month - 1 + offset
        months.append((start.year + index // 12, index % 12 + 1))
    return months
