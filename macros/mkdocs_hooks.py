"""MkDocs hooks: the thin layer between MkDocs and the playbook's own code.

- each language's school-year calendar is added to that language's build;
- the offline build loads the vendored iframe-worker shim instead of a CDN copy;
- the search index is split by language, and each page searches its own language;
- passages in the other language are marked with their lang;
- every page carries a Content-Security-Policy that allows only the site itself.
"""
from __future__ import annotations

from pathlib import Path

from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

from macros.calendar_file import build_calendar, calendar_filename
from macros.language_marks import mark_other_language
from macros.playbook import load_playbook
from macros.search_index import language_base, split_index
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


def on_post_page(output, page, config):
    default, _, _ = _languages(config)
    lang = getattr(page.file, "locale", None) or default
    shim = _shim_source(config) if _offline(config) else None
    return with_policy(language_base(mark_other_language(output, lang), lang, default), shim)


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
