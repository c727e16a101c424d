"""MkDocs hooks: the thin layer between MkDocs and the playbook's own code.

- each language's school-year calendar is added to that language's build;
- the offline build loads the vendored iframe-worker shim instead of a CDN copy;
- the search index is split by language, and each page searches its own language;
- passages in the other language are marked with their lang;
- guidance sections of pages are labelled as such, cited ones name their source;
- every page carries a Content-Security-Policy that allows only the site itself;
- the error page (404.html) is written in each language, the default one at the root.
"""
from __future__ import annotations

from pathlib import Path

from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

from macros import components_for
from macros.calendar_file import build_calendar, calendar_filename
from macros.language_marks import mark_other_language
from macros.playbook import load_playbook
from macros.provenance import mark_sections
from macros.search_index import search_config, split_index
from macros.security_policy import with_policy

IFRAME_WORKER = "assets/vendor/iframe-worker-1.0.4/shim.js"


def _languages(config):
    i18n = config.plugins.get("i18n")
    if not i18n:
        return "en", ["en"], "en"
    default = next(l.locale for l in i18n.config.languages if l.default)
    current = i18n.current_language or default
    return default, [l.locale for l in i18n.config.languages if l.build], current


def _offline(config) -> bool:
    offline = config.plugins.get("material/offline") or config.plugins.get("offline")
    return bool(offline and offline.config.enabled)


def _shim_source(config) -> str:
    path = next(Path(d) / IFRAME_WORKER for d in config.theme.dirs if (Path(d) / IFRAME_WORKER).exists())
    return path.read_text(encoding="utf-8")


# Before the offline plugin, which adds a CDN copy of the shim unless one is listed.
@event_priority(100)
def on_config(config):
    if _offline(config):
        polyfills = config.extra.get("polyfills", [])
        if IFRAME_WORKER not in polyfills:
            config.extra["polyfills"] = [*polyfills, IFRAME_WORKER]
    return config


# After the i18n plugin has sorted the files by language, which it cannot do for generated ones.
@event_priority(-100)
def on_files(files, config):
    default, _, lang = _languages(config)
    root = Path(config.config_file_path).parent
    playbook = load_playbook(root / "data", root)
    prefix = "" if lang == default else f"{lang}/"
    files.append(File.generated(config, prefix + calendar_filename(lang), content=build_calendar(playbook, lang)))
    return files


def on_page_content(html, page, config, files):
    """Guidance sections of a page carry their label; cited ones name their source."""
    default, _, _ = _languages(config)
    root = Path(config.config_file_path).parent
    return mark_sections(html, load_playbook(root / "data", root), getattr(page.file, "locale", None) or default)


def _finish(html: str, lang: str, config) -> str:
    """What every built page gets: language marks, its language's search, and the policy."""
    default, _, _ = _languages(config)
    shim = _shim_source(config) if _offline(config) else None
    return with_policy(search_config(mark_other_language(html, lang), lang, default), shim)


def on_post_page(output, page, config):
    default, _, _ = _languages(config)
    return _finish(output, getattr(page.file, "locale", None) or default, config)


# Pages a reader may need when an address leads nowhere, by their source file.
NOT_FOUND_LINKS = ("index.md", "tools.md", "checklists.md", "onboarding.md", "support.md")


def on_template_context(context, template_name, config):
    if template_name != "404.html":
        return context
    default, languages, lang = _languages(config)
    root = Path(config.config_file_path).parent
    playbook = load_playbook(root / "data", root)
    # A server shows the error page at any depth, so its links start from the site's root.
    base = context["base_url"].rstrip("/") + "/"
    pages = {page.file.src_uri.split("/", 1)[-1]: page for page in context["nav"].pages}
    links = [(pages[src].title, base + pages[src].url) for src in NOT_FOUND_LINKS]
    home = {code: base + ("" if code == default else f"{code}/") for code in languages}
    other = next((code for code in languages if code != lang), default)
    context["pb_not_found"] = components_for(playbook).not_found(lang, links, home[other])
    context["pb_not_found_title"] = playbook.ui["not_found_title"][lang]
    # The switcher offers each language's home page: there is no same page to switch to.
    i18n = config.plugins.get("i18n")
    if i18n:
        names = {language.locale: language.name for language in i18n.config.languages}
        # As an attribute, as i18n sets it for each page: the theme reads it so.
        config.extra.alternate = [{"name": names[code], "link": home[code], "lang": code} for code in languages]
    return context


def on_post_template(output, template_name, config):
    if template_name != "404.html":
        return output
    default, _, lang = _languages(config)
    html = _finish(output, lang, config)
    if lang == default:
        return html
    # Every language's build writes its error page to the root; only the default one belongs there.
    target = Path(config.site_dir) / lang / "404.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(html, encoding="utf-8")
    return ""  # MkDocs writes no file for a template whose output is empty


# After i18n has built every language and merged their search entries, and after offline.
@event_priority(-200)
def on_post_build(config):
    i18n = config.plugins.get("i18n")
    if i18n and i18n.building:
        return  # an inner, single-language build: the index is not complete yet
    if not (Path(config.site_dir) / "search" / "search_index.json").exists():
        return
    default, languages, _ = _languages(config)
    split_index(Path(config.site_dir), {lang: lang for lang in languages}, default, _offline(config))
