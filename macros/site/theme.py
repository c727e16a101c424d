"""Everything the playbook relies on in Material's markup and in the i18n plugin's internals.

Upgrading mkdocs-material or mkdocs-static-i18n can break any of these; each says what
breaks. tests/test_theme_coupling.py checks every one against a real build and against
the installed packages, so an upgrade that changes them fails there first, by name.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import re2  # linear time on any page: these patterns run over every built page

# The article that holds a page's content (Material's partials/content.html). If it changes,
# passages in the other language are no longer marked with their lang.
ARTICLE = re2.compile(r'(?s)(<article class="md-content__inner md-typeset">)(.*?)(</article>)')

# The page's configuration for the theme's scripts (Material's base.html). If it changes,
# each language's pages search the whole site and the English stemming worker is not used.
CONFIG = re2.compile(r'(?s)(<script id="__config" type="application/json">)(.*?)(</script>)')

# The iframe-worker shim that runs search from disk, vendored at this version (see its
# README); the offline plugin loads it instead of a CDN copy when a polyfill path names it.
IFRAME_WORKER = "assets/vendor/iframe-worker-1.0.4/shim.js"

# The theme's templates that write inline scripts into every page. The security policy
# allows exactly these scripts (macros/site/security_policy.py); if the theme adds one
# elsewhere, the build stops and names it.
INLINE_SCRIPT_TEMPLATES = ("partials/javascripts/base.html", "partials/javascripts/palette.html",
                           "partials/javascripts/content.html")

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


def theme_dirs(config) -> tuple[Path, ...]:
    """The folders templates are looked up in, the project's overrides first."""
    return tuple(Path(folder) for folder in config.theme.dirs)


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


# What a language in i18n's configuration may set for itself (site name, navigation...).
LANGUAGE_SETTINGS = ("site_name", "site_description", "copyright", "nav_translations")


def inherit_language_settings(config, reading: str, source: str) -> None:
    """A converted reading (zh-hant) takes its source language's settings (zh's) where it
    sets none itself, and the theme settings (the colour toggles' names) it leaves out; its
    pages are converted after rendering, settings included."""
    i18n = config.plugins.get("i18n")
    languages = {language.locale: language for language in i18n.config.languages} if i18n else {}
    if reading not in languages or source not in languages:
        return
    for name in LANGUAGE_SETTINGS:
        if languages[reading][name] is None:
            languages[reading][name] = languages[source][name]
    source_theme = languages[source]["theme"] or {}
    theme = languages[reading]["theme"]
    if theme is None:
        languages[reading]["theme"] = theme = {}
    for name, value in source_theme.items():
        theme.setdefault(name, value)


# A link marked as Simplified Chinese: the switcher's entry for 简体中文, whose name
# stays in its own script on every page.
SIMPLIFIED_LINK = re2.compile(r'(?s)<a\b[^>]*\slang="zh(?:-Hans)?"[^>]*>.*?</a>')


def outside_simplified_links(html: str, change) -> str:
    """`html` with `change(text)` applied to everything but links marked as Simplified."""
    out, start = [], 0
    for match in SIMPLIFIED_LINK.finditer(html):
        out.append(change(html[start:match.start()]))
        out.append(match.group(0))
        start = match.end()
    out.append(change(html[start:]))
    return "".join(out)


def offline(config) -> bool:
    plugin = config.plugins.get("material/offline") or config.plugins.get("offline")
    return bool(plugin and plugin.config.enabled)


# The alternate-language links Material's base.html writes into each page's head.
ALTERNATE_LINK = re2.compile(r'<link rel="alternate" href="([^"]*)" hreflang="([^"]*)">')


def absolute_alternates(html: str, page_address: str) -> str:
    """`html` with its alternate-language links made absolute from `page_address` (search
    engines want the published address of each language's page)."""
    from urllib.parse import urljoin
    return _rewrite_alternates(html, lambda href: urljoin(page_address, href))


def relative_alternates(html: str, page_path: str) -> str:
    """`html` with its alternate-language links that start at the host's root (i18n writes
    the home pages' so) made relative to the page at `page_path` within the site, as the
    others are: the site's place on its host is unknown."""
    import posixpath

    here = page_path if page_path.endswith("/") or not page_path else posixpath.dirname(page_path) + "/"

    def relative(href: str) -> str:
        if not href.startswith("/") or href.startswith("//"):
            return href
        target = href.lstrip("/")
        found = posixpath.relpath(target or ".", here or ".")
        if target.endswith("/") or not target:
            found = "./" if found == "." else found + "/"
        return found
    return _rewrite_alternates(html, relative)


def _rewrite_alternates(html: str, rewrite) -> str:
    from html import escape, unescape

    def rewritten(match):
        return f'<link rel="alternate" href="{escape(rewrite(unescape(match.group(1))))}" hreflang="{match.group(2)}">'
    return ALTERNATE_LINK.sub(rewritten, html)


def offline_copy(config, lang: str):
    """The offline copy this build's pages in `lang` offer: inside the copy, the copy itself;
    in a build given the copy's zip (mkdocs.yml extra.offline_copy, set by macros/cli/build.py),
    that zip at the site's top; otherwise none."""
    from macros.render.offline_copy import ZIP_NAME, OfflineCopy

    if offline(config):
        return OfflineCopy(None)
    made = config.extra.get("offline_copy")
    if not made:
        return None
    default, _, _ = languages(config)
    return OfflineCopy(Path(made).stat().st_size, ("" if lang == default else "../" * len(lang.split("/"))) + ZIP_NAME)


def set_alternates(config, alternates: list[dict]) -> None:
    """The switcher's links for a page i18n does not make them for (the error page). The
    theme reads config.extra.alternate as an attribute, as i18n sets it."""
    config.extra.alternate = alternates


THEME_WORDS = re.compile(r'"([a-z][\w.]*)":\s*"([^"]*)"')


def theme_words(lang: str, custom_dir: Path) -> dict[str, str]:
    """The theme's own interface words for `lang` (Material's partials/languages/<lang>.html),
    with those the project overrides in its custom_dir taking precedence."""
    import material

    words: dict[str, str] = {}
    for folder in (Path(material.__file__).parent / "templates", custom_dir):
        partial = folder / "partials" / "languages" / f"{lang}.html"
        if partial.exists():
            words.update(THEME_WORDS.findall(partial.read_text(encoding="utf-8")))
    return words


# The theme's search worker splits a Chinese query against the index's words with a loop
# that never tries a word ending at the query's last character, so 学生数据 ran as 学生*.
# The fix lets both loops reach the end; if the theme's code changes, the build fails here.
CHINESE_QUERY_SPLIT = (
    ("for(let o=s+1;o<t.length;o++)t.slice(s,o)in e&&(n[s]=o-s)", "for(let o=s+1;o<=t.length;o++)t.slice(s,o)in e&&(n[s]=o-s)"),
    ("n[a]&&a<t.length-1&&(i[s++]=a)", "n[a]&&a<t.length&&(i[s++]=a)"),
)


def fix_chinese_query_split(worker_source: str) -> str:
    for broken, fixed in CHINESE_QUERY_SPLIT:
        if fixed in worker_source:
            continue
        if worker_source.count(broken) != 1:
            raise ValueError(f"the theme's search worker no longer contains {broken!r}; review theme.CHINESE_QUERY_SPLIT")
        worker_source = worker_source.replace(broken, fixed)
    return worker_source


def theme_search_workers(site_dir: Path) -> list[Path]:
    return sorted((site_dir / "assets" / "javascripts" / "workers").glob("search.*.min.js"))


# Material's bundle fetches sitemap.xml next to each alternate-language link of the page, to
# keep the page on a language switch. The switcher's links already lead to the same page in
# the other language (i18n writes them per page), so the fetch only ever failed: a 404 beside
# every page over http, a refused request from disk. The build removes the call that starts
# it (with the click handler it feeds, which then had nothing to do); if the theme's code
# changes, the build fails here.
LANGUAGE_SITEMAP_FETCH = "ui({document$:ct});"
LANGUAGE_SITEMAP_FETCHER = "function ui({document$:e}){"


def drop_language_sitemap_fetch(bundle_source: str) -> str:
    if LANGUAGE_SITEMAP_FETCH not in bundle_source:
        if LANGUAGE_SITEMAP_FETCHER in bundle_source:
            return bundle_source  # already mended: the function is there, the call is not
        raise ValueError(f"the theme's bundle no longer contains {LANGUAGE_SITEMAP_FETCH!r}; "
                         "review theme.LANGUAGE_SITEMAP_FETCH")
    return bundle_source.replace(LANGUAGE_SITEMAP_FETCH, "", 1)


def theme_bundles(site_dir: Path) -> list[Path]:
    return sorted((site_dir / "assets" / "javascripts").glob("bundle.*.min.js"))


def mend_theme_scripts(site_dir: Path) -> None:
    """The theme's scripts in a built site, with the project's reviewed patches applied."""
    for path, mend in [*((w, fix_chinese_query_split) for w in theme_search_workers(site_dir)),
                       *((b, drop_language_sitemap_fetch) for b in theme_bundles(site_dir))]:
        path.write_text(mend(path.read_text(encoding="utf-8")), encoding="utf-8")


def mended_theme_scripts(theme_assets: Path) -> list[str]:
    """The theme's shipped scripts as the build publishes them (for the publishing gate)."""
    sources = []
    for pattern, mend in (("javascripts/workers/search.*.min.js", fix_chinese_query_split),
                          ("javascripts/bundle.*.min.js", drop_language_sitemap_fetch)):
        sources += [mend(path.read_text(encoding="utf-8")) for path in theme_assets.glob(pattern)]
    return sources


# Material's search dialog (partials/search.html) has no accessible name (axe and Lighthouse
# aria-dialog-name). If its markup changes, the dialog is unnamed again and the test fails.
SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'


def name_search_dialog(html: str, name: str) -> str:
    from markupsafe import escape

    return html.replace(SEARCH_DIALOG, SEARCH_DIALOG[:-1] + f' aria-label="{escape(name)}">', 1)


def drop_sitemap_without_address(config) -> None:
    """Without site_url MkDocs writes 'None./' addresses into the sitemap: a wrong sitemap
    is worse than none."""
    if config.site_url:
        return
    for name in ("sitemap.xml", "sitemap.xml.gz"):
        (Path(config.site_dir) / name).unlink(missing_ok=True)
