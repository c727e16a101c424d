"""The site's readings: the languages and scripts a reader can choose.

The data and the pages are written in two languages (macros.load.model.LANGUAGES); the
site offers three readings of them. A reading is either a language as written, or a
conversion of one: 繁體中文 (zh-hant) is the Simplified Chinese text converted to
Traditional characters at build time (macros.render.traditional), never kept by hand.
mkdocs.yml builds one i18n language per reading, and docs/zh-hant is a link to docs/zh.
"""
from __future__ import annotations

from .load.model import HTML_LANG

READINGS = ("en", "zh", "zh-hant")

# The language each reading is written in, where it is not itself a written language.
_SOURCE = {"zh-hant": "zh"}

# Each reading's BCP 47 tag, for lang attributes, where it differs from the reading's code:
# the Chinese readings name their script, as screen readers and fonts need it.
_HTML_LANG = {**HTML_LANG, "zh-hant": "zh-Hant"}


def source_language(reading: str) -> str:
    """The language of the data and pages a reading is made from: zh-hant is made from zh."""
    return _SOURCE.get(reading, reading)


def is_converted(reading: str) -> bool:
    """Whether the reading's text is converted at build time rather than written."""
    return reading in _SOURCE


def html_lang(reading: str) -> str:
    return _HTML_LANG.get(reading, reading)
