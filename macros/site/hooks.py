"""MkDocs hooks: the thin layer between MkDocs and the playbook's own code.

- each language's school-year calendar is added to that language's build;
- the offline build loads the vendored iframe-worker shim instead of a CDN copy;
- the search index is split by language, and each page searches its own language;
- passages in the other language are marked with their lang;
- guidance sections of pages are labelled as such, cited ones name their source;
- every page carries a Content-Security-Policy that allows only the site itself;
- the error page (404.html) is written in each language, the default one at the root;
- a page too big or too deep to read safely, or with anchors in its front matter, is refused
  before MkDocs reads it (`make check` refuses it first; this guards `mkdocs serve` too).
"""
from __future__ import annotations

import json
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

from macros.check.pages import page_source_problems
from macros.check.provenance import mark_sections
from macros.load import load_playbook
from macros.render.calendar import build_calendar, calendar_filename, read_lock
from macros.render.links import page_url
from macros.site import theme
from macros.site.entry import renderer_for
from macros.site.language_marks import mark_other_language
from macros.site.search_index import fix_theme_workers, search_config, split_index, write_query_words
from macros.site.security_policy import UnknownInlineScript, with_policy


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
    pages = renderer_for(root, Path(config.docs_dir) / lang).pages  # docs/<lang>/, as the pages are
    site_url = config.site_url

    def event_url(event_id: str) -> str | None:
        if not site_url:
            return None
        src = pages.page_showing("timeline", event_id)
        return f"{site_url.rstrip('/')}/{prefix}{page_url(src, config.use_directory_urls)}#event-{event_id}"

    content = build_calendar(playbook, lang, read_lock(root), event_url)
    files.append(File.generated(config, prefix + calendar_filename(lang), content=content))
    return files


def on_page_read_source(page, config):
    """The page's text, once it is known to be safe for MkDocs to parse (its size, its lines,
    its front matter: MkDocs would expand aliases in front matter without limit)."""
    text = page.file.content_string
    problems, _ = page_source_problems(text, f"docs/{page.file.src_uri}")
    if problems:
        raise PluginError("This page cannot be built safely:\n" + "\n".join(map(str, problems)))
    return text


def on_page_content(html, page, config, files):
    """Guidance sections of a page carry their label; cited ones name their source."""
    default, _, _ = theme.languages(config)
    root = Path(config.config_file_path).parent
    return mark_sections(html, load_playbook(root / "data", root), theme.page_language(page, default))


def _finish(html: str, lang: str, config, page_name: str) -> str:
    """What every built page gets: language marks, its language's search, and the policy."""
    default, _, _ = theme.languages(config)
    shim = theme.shim_source(config) if theme.offline(config) else None
    root = Path(config.config_file_path).parent
    dialog_name = load_playbook(root / "data", root).ui["search_dialog"][lang]
    html = theme.name_search_dialog(mark_other_language(html, lang), dialog_name)
    try:
        return with_policy(search_config(html, lang, default), theme.theme_dirs(config), shim)
    except UnknownInlineScript as script:
        raise PluginError(f"{page_name}: {script} (scripts belong in overrides/assets/, loaded by src)") from None


def on_post_page(output, page, config):
    default, _, _ = theme.languages(config)
    html = _finish(output, theme.page_language(page, default), config, page.file.src_uri)
    return theme.absolute_alternates(html, page.canonical_url)


# Pages a reader may need when an address leads nowhere, by their source file.
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
    links = [(pages[src].title, base + pages[src].url) for src in NOT_FOUND_LINKS]
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
    html = _finish(output, lang, config, "404.html")
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
    theme.drop_sitemap_without_address(config)
    if theme.inner_language_build(config):
        return  # one language's build inside i18n's: the index is not whole yet
    if not (Path(config.site_dir) / "search" / "search_index.json").exists():
        return
    default, languages, _ = theme.languages(config)
    site_dir = Path(config.site_dir)
    written = split_index(site_dir, {lang: lang for lang in languages}, default, theme.offline(config))
    playbook = load_playbook(Path(config.config_file_path).parent / "data", Path(config.config_file_path).parent)
    for lang, index in written.items():
        texts = [doc["text"] + " " + doc["title"] for doc in json.loads(index.read_text(encoding="utf-8"))["docs"]]
        write_query_words(site_dir, lang, default, playbook.search_synonyms, texts)
    fix_theme_workers(site_dir)
