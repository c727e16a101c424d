"""`python -m macros.cli.offline`: the site as a zip to read from disk with no network.

The zip unzips into one folder with index.html and a short note on how to open it
(in English and Chinese) at its top.
"""
from __future__ import annotations

import sys
import tempfile
import zipfile
from pathlib import Path

from ..render.offline_copy import FOLDER, NOTE, ZIP_NAME
from . import ROOT
from .build import build

__all__ = ["FOLDER", "ZIP_NAME", "make_bundle"]

HOW_TO_OPEN = """Partnership Playbook: how to open this copy
============================================

1. Unzip the whole file first (do not open pages from inside the zip).
2. Open the folder "partnership-playbook" and double-click index.html.
   The English pages open; choose 简体中文 or 繁體中文 from the language menu at the top
   for Chinese in Simplified or Traditional characters.
3. Everything works without internet: navigation, search, checklists and the calendar files.
   Checklist ticks are saved in this browser on this computer only.

合作伙伴关系手册：如何打开离线版
================================

1. 请先把整个压缩文件解压（不要直接在压缩包里打开网页）。
2. 打开 "partnership-playbook" 文件夹，双击 index.html。
   首先显示的是英文页面；在顶部的语言菜单中选择"简体中文"即可切换到中文，
   选择"繁體中文"则显示繁体字版本。
3. 无需联网即可使用全部功能：页面导航、搜索、清单和日历文件。
   清单中的勾选只保存在这台电脑的这个浏览器里。
"""


def make_bundle(root: Path = ROOT, dist: Path | None = None, env: dict | None = None) -> Path | None:
    """The offline copy's zip in `dist` (built with `env` added to the environment), or None
    when its build failed (the build has said why)."""
    dist = Path(dist or root / "dist")
    dist.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="offline-", dir=dist) as work:
        site = Path(work) / FOLDER
        if build(root, site_dir=site, extra_env={**(env or {}), "OFFLINE": "true"}) != 0:
            return None
        (site / NOTE).write_text(HOW_TO_OPEN, encoding="utf-8")
        target = dist / ZIP_NAME
        partial = target.with_suffix(".zip.partial")
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as bundle:
            for path in sorted(site.rglob("*")):
                if path.is_file():
                    bundle.write(path, Path(FOLDER) / path.relative_to(site))
        partial.replace(target)
    return target


def main() -> int:
    target = make_bundle()
    if target is None:
        return 1
    print(f"Wrote {target.relative_to(ROOT)} ({target.stat().st_size / 1024:.0f} KiB).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
