"""MkDocs hooks: the thin layer between MkDocs and the playbook's own code.

- each language's school-year calendar is added to that language's build;
- the offline build loads the vendored iframe-worker shim instead of a CDN copy;
- the search index is split by language, and each page searches its own language;
- passages in the other language are marked with their lang;
- every page carries a Content-Security-Policy that allows only the site itself;
- the error page (404.html) is written in each language, the default one at the root;
- `mkdocs serve` admits its live-reload script and shows problems instead of hanging (preview.py).
"""
from __future__ import annotations

from pathlib import Path

from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

from macros.load import load_playbook
from macros.render.calendar import build_calendar, calendar_filename
from macros.site import theme
from macros.site.entry import renderer_for
from macros.site.language_marks import mark_other_language
from macros.site.preview import admit_live_reload, explain_failures
from macros.site.search_index import search_config, split_index
from macros.site.security_policy import with_policy


# Before the offline plugin, which adds a CDN copy of the shim unless one is listed.
@event_priority(100)
def on_config(config):
    if theme.offline(config):
        polyfills = config.extra.get("polyfills", [])
        if theme.IFRAME_WORKER not in polyfills:
            config.extra["polyfills"] = [*polyfills, theme.IFRAME_WORKER]
    return config


# After the i18n plugin has sorted the files by language, which it cannot do for generated ones.
@event_priority(-100)
def on_files(files, config):
    default, _, lang = theme.languages(config)
    root = Path(config.config_file_path).parent
    playbook = load_playbook(root / "data", root)
    prefix = "" if lang == default else f"{lang}/"
    files.append(File.generated(config, prefix + calendar_filename(lang), content=build_calendar(playbook, lang)))
    return files


def _finish(html: str, lang: str, config) -> str:
    """What every built page gets: language marks, its language's search, and the policy."""
    default, _, _ = theme.languages(config)
    shim = theme.shim_source(config) if theme.offline(config) else None
    return with_policy(search_config(mark_other_language(html, lang), lang, default), shim)


def on_post_page(output, page, config):
    default, _, _ = theme.languages(config)
    return _finish(output, theme.page_language(page, default), config)


# Pages a reader may need when an address leads nowhere, by their source file; those
# that have been deleted are left out.
NOT_FOUND_LINKS = ("index.md", "tools.md", "checklists.md", "onboarding.md", "support.md")


def on_template_context(context, template_name, config):
    if template_name != "404.html":
        return context
    default, languages, lang = theme.languages(config)
    root = Path(config.config_file_path).parent
    docs = Path(config.docs_dir)
    renderer = renderer_for(root, docs if lang == default else docs / lang)
    # A server shows the error page at any depth, so its links start from the site's root.
    base = context["base_url"].rstrip("/") + "/"
    pages = {page.file.src_uri.split("/", 1)[-1]: page for page in context["nav"].pages}
    links = [(pages[src].title, base + pages[src].url) for src in NOT_FOUND_LINKS if src in pages]
    home = {code: base + ("" if code == default else f"{code}/") for code in languages}
    other = next((code for code in languages if code != lang), default)
    context["pb_not_found"] = renderer.not_found(lang, links, home[other])
    context["pb_not_found_title"] = renderer.playbook.ui["not_found_title"][lang]
    # The switcher offers each language's home page: there is no same page to switch to.
    names = theme.language_names(config)
    if names:
        theme.set_alternates(config, [{"name": names[code], "link": home[code], "lang": code} for code in languages])
    return context


def on_post_template(output, template_name, config):
    if template_name != "404.html":
        return output
    default, _, lang = theme.languages(config)
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
    if theme.inner_language_build(config):
        return  # one language's build inside i18n's: the index is not whole yet
    if not (Path(config.site_dir) / "search" / "search_index.json").exists():
        return
    default, languages, _ = theme.languages(config)
    split_index(Path(config.site_dir), {lang: lang for lang in languages}, default, theme.offline(config))


def on_serve(server, config, builder):
    # Both are MkDocs' own server's: its script injection and its rebuild, each wrapped.
    server._inject_js_into_html = admit_live_reload(server._inject_js_into_html)
    server.builder = explain_failures(server.builder, Path(config.config_file_path).parent, Path(config.site_dir))
    return server
