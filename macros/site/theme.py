"""Everything the playbook relies on in Material's markup and in the i18n plugin's internals.

Upgrading mkdocs-material or mkdocs-static-i18n can break any of these; each says what
breaks. tests/test_theme_coupling.py checks every one against a real build and against
the installed packages, so an upgrade that changes them fails there first, by name.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urljoin

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


def offline(config) -> bool:
    plugin = config.plugins.get("material/offline") or config.plugins.get("offline")
    return bool(plugin and plugin.config.enabled)


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


# Material's search dialog (partials/search.html) has no accessible name (axe and Lighthouse
# aria-dialog-name). If its markup changes, the dialog is unnamed again and the test fails.
SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'


def name_search_dialog(html: str, name: str) -> str:
    from markupsafe import escape

    return html.replace(SEARCH_DIALOG, SEARCH_DIALOG[:-1] + f' aria-label="{escape(name)}">', 1)


# The head's links to the page in each language (Material's base.html, from i18n's per-page
# alternates). The theme writes them relative to the page; search engines, and Lighthouse's
# hreflang audit, accept only full addresses. If the markup changes, the links stay relative.
HEAD_ALTERNATE = re2.compile(r'<link rel="alternate" href="([^"]*)" hreflang="([^"]+)">')


def absolute_alternates(html: str, page_address: str | None) -> str:
    """`html` with its head's alternate-language links made full addresses, resolved against
    the page's published address (its canonical address). Without one (SITE_URL unset) the
    links stay relative, as they must to work from disk."""
    if not page_address:
        return html
    from markupsafe import escape

    def absolute(match):
        href = urljoin(page_address, match.group(1).replace("&amp;", "&"))
        return f'<link rel="alternate" href="{escape(href)}" hreflang="{match.group(2)}">'
    head, end, body = html.partition("</head>")
    return HEAD_ALTERNATE.sub(absolute, head) + end + body


def drop_sitemap_without_address(config) -> None:
    """Without site_url MkDocs writes 'None./' addresses into the sitemap: a wrong sitemap
    is worse than none."""
    if config.site_url:
        return
    for name in ("sitemap.xml", "sitemap.xml.gz"):
        (Path(config.site_dir) / name).unlink(missing_ok=True)
