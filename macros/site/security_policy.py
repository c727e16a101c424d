"""A Content-Security-Policy for each page: everything from the site itself, nothing else.

Static hosting (and a folder opened from disk) cannot send headers, so the policy is a
<meta> tag. The theme's few inline scripts are allowed by their SHA-256 hashes, which
are computed from the page as built, so a changed or injected inline script is refused.
"""
from __future__ import annotations

import base64
import hashlib
import re

from .theme import page_config, shim_frame_script

INLINE_SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S)
DATA_TYPES = ("application/json", "application/ld+json")


def script_hash(body: str) -> str:
    digest = hashlib.sha256(body.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


def inline_script_hashes(html: str) -> list[str]:
    hashes = []
    for match in INLINE_SCRIPT.finditer(html):
        attrs = match.group("attrs")
        if "src=" in attrs or any(t in attrs for t in DATA_TYPES):
            continue
        hashes.append(script_hash(match.group("body")))
    return sorted(set(hashes))


def policy(html: str, shim_source: str | None = None) -> str:
    hashes = inline_script_hashes(html)
    worker = (page_config(html) or {}).get("search")
    if shim_source and worker:
        hashes.append(script_hash(shim_frame_script(shim_source, worker)))
    scripts = " ".join(["'self'", *hashes])
    return "; ".join([
        "default-src 'self'",
        f"script-src {scripts}",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self'",
        "frame-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'none'",
    ])


def with_policy(html: str, shim_source: str | None = None) -> str:
    tag = f'<meta http-equiv="Content-Security-Policy" content="{policy(html, shim_source)}">'
    return re.sub(r"<head>", lambda m: f"<head>\n    {tag}", html, count=1)
