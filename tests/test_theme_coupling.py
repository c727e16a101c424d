"""What the playbook relies on in Material's markup and the i18n plugin (macros/site/theme.py)
still holds on the installed versions. A theme upgrade that changes any of it fails here,
naming the piece, before it silently breaks a feature."""
from __future__ import annotations

from pathlib import Path

import material
import mkdocs_static_i18n
from conftest import ROOT, html_pages

from macros.readings import READINGS
from macros.site import theme

MATERIAL = Path(material.__file__).parent / "templates"


def test_every_page_has_the_article_and_the_configuration_the_code_rewrites(built_site):
    for path in html_pages(built_site):
        source = path.read_text(encoding="utf-8")
        assert theme.ARTICLE.search(source), f"{path}: Material's article markup changed (language marks)"
        config = theme.page_config(source)
        assert config and "base" in config and "search" in config, f"{path}: Material's __config changed (search)"
        head = source.split("</head>", 1)[0]
        assert len(theme.ALTERNATE_LINK.findall(head)) == len(READINGS), f"{path}: Material's alternate links changed (hreflang)"


def test_the_vendored_shim_still_has_the_frame_script_the_policy_allows():
    source = (ROOT / "overrides" / theme.IFRAME_WORKER).read_text(encoding="utf-8")
    script = theme.shim_frame_script(source, "worker.js")
    assert "worker.js" in script and "${" not in script


def test_materials_language_switcher_is_the_one_the_override_copies():
    ours = (ROOT / "overrides" / theme.ALTERNATE_PARTIAL).read_text(encoding="utf-8")
    theirs = (MATERIAL / theme.ALTERNATE_PARTIAL).read_text(encoding="utf-8")
    for markup in ("md-select__inner", "md-select__list", "md-select__item", "md-select__link", "config.extra.alternate",
                   "hreflang"):
        assert markup in theirs, f"Material's {theme.ALTERNATE_PARTIAL} no longer has {markup}: compare the override"
        assert markup in ours


def test_the_i18n_plugin_still_has_the_state_the_hooks_read():
    from mkdocs_static_i18n.plugin import I18n
    source = Path(mkdocs_static_i18n.__file__).parent.joinpath("plugin.py").read_text(encoding="utf-8")
    for name in ("current_language", "building"):
        assert name in source, f"mkdocs-static-i18n no longer sets '{name}' (see macros/site/theme.py)"
    assert hasattr(I18n, "on_config")


def test_the_theme_has_words_for_every_language():
    for lang in ("en", "zh"):
        words = theme.theme_words(lang, ROOT / "overrides")
        assert words.get("search.result.initializer"), lang


def test_the_themes_bundle_still_starts_the_sitemap_fetch_the_build_removes(built_site):
    """The build removes the call; an upgrade that renames it stops the build with this name."""
    for bundle in (MATERIAL / "assets" / "javascripts").glob("bundle.*.min.js"):
        source = bundle.read_text(encoding="utf-8")
        assert source.count(theme.LANGUAGE_SITEMAP_FETCH) == 1, "see theme.LANGUAGE_SITEMAP_FETCH"
        assert theme.LANGUAGE_SITEMAP_FETCH not in theme.drop_language_sitemap_fetch(source)
    published = theme.theme_bundles(built_site)
    assert published and all(theme.LANGUAGE_SITEMAP_FETCH not in p.read_text(encoding="utf-8") for p in published)
