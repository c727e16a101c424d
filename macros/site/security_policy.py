"""A Content-Security-Policy for each page: everything from the site itself, nothing else.

Static hosting (and a folder opened from disk) cannot send headers, so the policy is a
<meta> tag. Inline scripts are allowed by their SHA-256 hashes, and only the scripts the
project ships: the theme's own, read from its templates (theme.INLINE_SCRIPT_TEMPLATES,
where only a path may vary), and the offline search shim's frame. An inline script in a
built page that is none of them is not hashed into the policy: it fails the build.
"""
from __future__ import annotations

import base64
import functools
import hashlib
import re
from pathlib import Path

from .theme import INLINE_SCRIPT_TEMPLATES, page_config, shim_frame_script

INLINE_SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S | re.I)
DATA_TYPES = ("application/json", "application/ld+json")
TEMPLATE_EXPRESSION = re.compile(r"\{\{.*?\}\}", re.S)
# What a template expression inside a known script may become: a path, in the quotes the
# template gives it. No quote, bracket, operator or space can appear, so no code either.
PATH_VALUE = r"[A-Za-z0-9_./:-]*"
STYLESHEET = re.compile(r'<link rel="stylesheet" href="(?P<href>[^"]+)"')
DATA_IMAGE = re.compile(r"""url\(\s*["']?data:image/""", re.I)


class UnknownInlineScript(Exception):
    """A built page has an inline script the project does not ship."""

    def __init__(self, body: str):
        self.body = body
        shown = " ".join(body.split())
        super().__init__(f"an inline script the site does not ship: {shown[:160]}{'…' if len(shown) > 160 else ''}")


def script_hash(body: str) -> str:
    digest = hashlib.sha256(body.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


@functools.lru_cache(maxsize=8)
def known_scripts(theme_dirs: tuple[Path, ...]) -> tuple[re.Pattern, ...]:
    """The inline scripts the theme's templates write, each as a pattern in which every
    template expression may only be a path. The project's own templates come first in
    `theme_dirs` (as in MkDocs), so an override is what counts."""
    patterns = []
    for template in INLINE_SCRIPT_TEMPLATES:
        source = next((d / template).read_text(encoding="utf-8") for d in theme_dirs if (d / template).exists())
        for match in INLINE_SCRIPT.finditer(source):
            pieces = TEMPLATE_EXPRESSION.split(match.group("body"))
            patterns.append(re.compile(PATH_VALUE.join(re.escape(piece) for piece in pieces)))
    return tuple(patterns)


def is_known_script(body: str, theme_dirs: tuple[Path, ...]) -> bool:
    return any(pattern.fullmatch(body) for pattern in known_scripts(theme_dirs))


def inline_scripts(html: str) -> list[str]:
    """The bodies of the page's inline scripts (not data blocks, not scripts loaded by src)."""
    found = []
    for match in INLINE_SCRIPT.finditer(html):
        attrs = match.group("attrs")
        if re.search(r"\bsrc\s*=", attrs, re.I) or any(t in attrs for t in DATA_TYPES):
            continue
        found.append(match.group("body"))
    return found


def data_image_assets(html: str, theme_dirs: tuple[Path, ...]) -> list[str]:
    """The stylesheets the page loads that draw images from data: URLs (the theme's icons)."""
    needing = []
    for match in STYLESHEET.finditer(html):
        relative = match.group("href").split("?")[0]
        relative = relative[relative.find("assets/"):] if "assets/" in relative else relative.lstrip("./")
        source = next((d / relative for d in theme_dirs if (d / relative).exists()), None)
        if source and DATA_IMAGE.search(source.read_text(encoding="utf-8", errors="replace")):
            needing.append(relative)
    return needing


def policy(html: str, theme_dirs: tuple[Path, ...], shim_source: str | None = None) -> str:
    hashes = []
    for body in inline_scripts(html):
        if not is_known_script(body, theme_dirs):
            raise UnknownInlineScript(body)
        hashes.append(script_hash(body))
    worker = (page_config(html) or {}).get("search")
    if shim_source and worker:
        hashes.append(script_hash(shim_frame_script(shim_source, worker)))
    scripts = " ".join(["'self'", *sorted(set(hashes))])
    images = "'self' data:" if data_image_assets(html, theme_dirs) else "'self'"
    return "; ".join([
        "default-src 'self'",
        f"script-src {scripts}",
        "style-src 'self'",
        f"img-src {images}",
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self'",
        "frame-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'none'",
    ])


def with_policy(html: str, theme_dirs: tuple[Path, ...], shim_source: str | None = None) -> str:
    tag = f'<meta http-equiv="Content-Security-Policy" content="{policy(html, theme_dirs, shim_source)}">'
    return re.sub(r"<head>", lambda m: f"<head>\n    {tag}", html, count=1)
