"""Synthetic content at N times the real data, for measuring how the site scales.

Every collection is scaled except the fixed vocabularies (stages, focus areas, site
settings, interface words). Copies keep valid references, so the result passes the
same checks as the real content, in both languages.
"""
from __future__ import annotations

import copy
import shutil
from pathlib import Path

import yaml

SOURCES = ("mkdocs.yml", "data", "docs", "macros", "overrides", "rules")
FIXED = {"site", "ui", "stages"}


def _suffix_texts(value, k: int):
    """The same structure with every text marked as copy k in its own language."""
    if isinstance(value, dict):
        if set(value) == {"en", "zh"}:
            return {"en": f"{value['en']} (copy {k})", "zh": f"{value['zh']}（副本 {k}）"}
        return {key: _suffix_texts(child, k) for key, child in value.items()}
    if isinstance(value, list):
        return [_suffix_texts(child, k) for child in value]
    return value


def _copies(entries: list, times: int) -> list:
    result = list(entries)
    for k in range(2, times + 1):
        for entry in entries:
            clone = _suffix_texts(copy.deepcopy(entry), k)
            clone["id"] = f"{entry['id']}-copy-{k}"
            result.append(clone)
    return result


def _scale_flowchart(chart: dict, times: int) -> dict:
    """Repeat the steps; each copy's end leads on to the next copy, so every step stays reachable."""
    original = chart["steps"]
    steps = copy.deepcopy(original)
    for k in range(2, times + 1):
        rename = {s["id"]: f"{s['id']}-copy-{k}" for s in original}
        previous_end = next(s for s in reversed(steps) if s["kind"] == "end")
        previous_end["kind"] = "step"
        previous_end["next"] = rename[original[0]["id"]]
        for step in original:
            clone = _suffix_texts(copy.deepcopy(step), k)
            clone["id"] = rename[step["id"]]
            if "next" in clone:
                clone["next"] = rename[clone["next"]]
            for branch in clone.get("branches", []):
                branch["goto"] = rename[branch["goto"]]
            steps.append(clone)
    return dict(chart, steps=steps)


def scale(data: dict, stem: str, times: int) -> dict:
    if stem in FIXED or times == 1:
        return data
    data = copy.deepcopy(data)
    for key, value in data.items():
        if key == "flowcharts":
            data[key] = [_scale_flowchart(chart, times) for chart in value]
        elif key == "focus_areas":
            continue
        elif isinstance(value, list) and value and all(isinstance(v, dict) and "id" in v for v in value):
            data[key] = _copies(value, times)
    return data


def make_project(source: Path, target: Path, times: int) -> Path:
    """A copy of the project at `target` with its data scaled `times` times."""
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    for name in SOURCES:
        if (source / name).is_dir():
            shutil.copytree(source / name, target / name, symlinks=True, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source / name, target / name)
    for path in sorted((target / "data").glob("*.yaml")):
        if path.name in ("ids.lock.yaml", "retired.yaml"):
            continue  # records about the content, not content to repeat
        first_line, _ = path.read_text(encoding="utf-8").split("\n", 1)
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        scaled = scale(data, path.stem, times)
        body = yaml.safe_dump(scaled, allow_unicode=True, sort_keys=False, width=120)
        path.write_text(first_line + "\n" + body, encoding="utf-8")
    return target
