"""A Content-Security-Policy for each page: everything from the site itself, nothing else.

Static hosting (and a folder opened from disk) cannot send headers, so the policy is a
<meta> tag. The theme's few inline scripts are allowed by their SHA-256 hashes, which
are computed from the page as built, so a changed or injected inline script is refused.
"""
from __future__ import annotations

import base64
import hashlib
import json
import re

INLINE_SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S)
DATA_TYPES = ("application/json", "application/ld+json")


def script_hash(body: str) -> str:
    digest = hashlib.sha256(body.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


def iframe_worker_script(shim_source: str, worker_url: str) -> str:
    """The inline script the iframe-worker shim writes into its frame for `worker_url`.

    From disk, the shim runs the search worker in a frame that inherits this page's
    policy, so that script's hash must be allowed too.
    """
    template = re.search(r"document\.write\(`<html><body><script>(.*?)<\\/script>", shim_source, re.S).group(1)
    functions = {
        "c": re.search(r"function c\(.*?(?=function d\()", shim_source, re.S).group(0),
        "d": re.search(r"function d\(.*?(?=var o=class)", shim_source, re.S).group(0),
        "e": worker_url,
    }
    return re.sub(r"\$\{(\w)\}", lambda m: functions[m.group(1)], template)


def worker_url(html: str) -> str | None:
    match = re.search(r'<script id="__config" type="application/json">(.*?)</script>', html, re.S)
    return json.loads(match.group(1)).get("search") if match else None


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
    if shim_source and worker_url(html):
        hashes.append(script_hash(iframe_worker_script(shim_source, worker_url(html))))
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
