"""Everything the playbook relies on in Material's markup and in the i18n plugin's internals.

Upgrading mkdocs-material or mkdocs-static-i18n can break any of these; each says what
breaks. tests/test_theme_coupling.py checks every one against a real build and against
the installed packages, so an upgrade that changes them fails there first, by name.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

# The article that holds a page's content (Material's partials/content.html). If it changes,
# passages in the other language are no longer marked with their lang.
ARTICLE = re.compile(r'(<article class="md-content__inner md-typeset">)(.*?)(</article>)', re.S)

# The page's configuration for the theme's scripts (Material's base.html). If it changes,
# each language's pages search the whole site and the English stemming worker is not used.
CONFIG = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.S)

# The iframe-worker shim that runs search from disk, vendored at this version (see its
# README); the offline plugin loads it instead of a CDN copy when a polyfill path names it.
IFRAME_WORKER = "assets/vendor/iframe-worker-1.0.4/shim.js"

# Material's own language switcher, which overrides/partials/alternate.html replaces. The
# override copies its markup (md-select, md-select__link with hreflang); if Material's
# partial changes, compare the two again.
ALTERNATE_PARTIAL = "partials/alternate.html"


def page_config(html: str) -> dict | None:
    match = CONFIG.search(html)
    return json.loads(match.group(2)) if match else None


def rewrite_config(html: str, change) -> str:
    """`html` with its theme configuration passed through `change(config) -> config`."""
    def rewrite(match):
        config = change(json.loads(match.group(2)))
        return match.group(1) + json.dumps(config, ensure_ascii=False) + match.group(3)
    return CONFIG.sub(rewrite, html, count=1)


def shim_frame_script(shim_source: str, worker_url: str) -> str:
    """The inline script the iframe-worker shim writes into its frame for `worker_url`.

    From disk, the shim runs the search worker in a frame that inherits the page's
    policy, so that script's hash must be allowed too. This reads the shim's minified
    source: a new shim version needs these patterns checked.
    """
    template = re.search(r"document\.write\(`<html><body><script>(.*?)<\\/script>", shim_source, re.S).group(1)
    functions = {
        "c": re.search(r"function c\(.*?(?=function d\()", shim_source, re.S).group(0),
        "d": re.search(r"function d\(.*?(?=var o=class)", shim_source, re.S).group(0),
        "e": worker_url,
    }
    return re.sub(r"\$\{(\w)\}", lambda m: functions[m.group(1)], template)


def shim_source(config) -> str:
    path = next(Path(d) / IFRAME_WORKER for d in config.theme.dirs if (Path(d) / IFRAME_WORKER).exists())
    return path.read_text(encoding="utf-8")


def languages(config) -> tuple[str, list[str], str]:
    """(default language, languages built, language of the build under way).

    Read from the i18n plugin's configuration and its `current_language`, which it sets
    for each language's build and leaves None in the default one."""
    i18n = config.plugins.get("i18n")
    if not i18n:
        return "en", ["en"], "en"
    default = next(language.locale for language in i18n.config.languages if language.default)
    current = i18n.current_language or default
    return default, [language.locale for language in i18n.config.languages if language.build], current


def language_names(config) -> dict[str, str]:
    i18n = config.plugins.get("i18n")
    return {language.locale: language.name for language in i18n.config.languages} if i18n else {}


def inner_language_build(config) -> bool:
    """Whether this is one language's build inside i18n's, whose search index is not whole yet
    (i18n builds each extra language inside its own on_post_build, setting `building`)."""
    i18n = config.plugins.get("i18n")
    return bool(i18n and i18n.building)


def page_language(page, default: str) -> str:
    """The language of a page: i18n sets `locale` on each page's file."""
    return getattr(page.file, "locale", None) or default


def offline(config) -> bool:
    plugin = config.plugins.get("material/offline") or config.plugins.get("offline")
    return bool(plugin and plugin.config.enabled)


def set_alternates(config, alternates: list[dict]) -> None:
    """The switcher's links for a page i18n does not make them for (the error page). The
    theme reads config.extra.alternate as an attribute, as i18n sets it."""
    config.extra.alternate = alternates
