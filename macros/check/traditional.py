"""Checks the 繁體中文 reading without building it: the overrides file is right, and every
Chinese text, converted, has its overrides applied and no Simplified character left."""
from __future__ import annotations

from pathlib import Path

from ..load.collections import data_files
from ..load.yaml_source import Located, load
from ..problems import ContentError, Problem
from ..render.traditional import OVERRIDES_FILE, conversion_problems, converter, load_overrides, override_problems
from .content_rules import line_and_column


def _chinese_texts(doc: Located, value=None, at: tuple = ()):
    """(path, text) of each Chinese text in a data file: the `zh` of each bilingual text."""
    value = doc.value if value is None and not at else value
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "zh" and isinstance(item, str):
                yield (*at, key), item
            else:
                yield from _chinese_texts(doc, item, (*at, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _chinese_texts(doc, item, (*at, index))


def check_traditional(root: Path) -> list[Problem]:
    data = root / "data"
    label = f"data/{OVERRIDES_FILE}"
    if not (data / OVERRIDES_FILE).exists():
        return [Problem(label, 1, 1, "the Traditional Chinese overrides file is missing", "restore it from the main branch")]
    try:
        overrides = load_overrides(data, label)
    except ContentError as error:
        return error.problems
    problems = override_problems(overrides, label)
    convert = converter(overrides)
    for path in data_files(data):
        if not path.exists():
            continue  # a missing data file is reported by the data checks
        try:
            doc = load(path, f"data/{path.name}")
        except ContentError:
            continue  # already reported by the data checks
        for at, text in _chinese_texts(doc):
            start_line, start_column = doc.where(at)
            # Positions inside a value are shown at the value's own line.
            problems.extend(conversion_problems(convert, text, doc.path, lambda _offset, p=(start_line, start_column): p))
    for page in sorted((root / "docs" / "zh").rglob("*.md")):
        text = page.read_text(encoding="utf-8")
        problems.extend(conversion_problems(convert, text, page.relative_to(root).as_posix(),
                                            lambda offset, t=text: line_and_column(t, offset)))
    return problems
