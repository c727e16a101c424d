"""Runs the reader queries of tests/search/queries.yaml through the site's real search in a
browser and scores it: success@1, success@3 (the expected page among the first one or three
pages found) and MRR (mean of 1/rank of the expected page)."""
from __future__ import annotations

from pathlib import Path

import yaml

from macros.render.links import page_url

QUERIES = yaml.safe_load((Path(__file__).parent / "search" / "queries.yaml").read_text(encoding="utf-8"))


def found_pages(page, query: str) -> list[str]:
    """The addresses of the pages the search lists for `query`, best first, each once."""
    field = page.locator(".md-search__input")
    field.click()
    page.wait_for_function("() => { const m = document.querySelector('.md-search-result__meta');"
                           " return m && !/Initializing|正在初始化/.test(m.textContent); }", timeout=20000)
    field.fill(query)
    page.keyboard.press("End")  # the theme's own worker searches on key up
    page.wait_for_function("q => document.querySelector('.md-search__input').value === q &&"
                           " !/Type to start|键入以开始/.test(document.querySelector('.md-search-result__meta').textContent)",
                           arg=query)
    page.wait_for_timeout(250)
    hrefs = page.eval_on_selector_all(".md-search-result__item > a", "links => links.map(a => a.href)")
    pages: list[str] = []
    for href in hrefs:
        address = href.split("#")[0].split("?")[0]
        if address not in pages:
            pages.append(address)
    field.fill("")
    return pages


def score(page, home: str, lang: str, directory_urls: bool) -> dict:
    """Open `home` (the language's home page) and run that language's queries; `home`'s
    folder is where the expected pages' addresses start."""
    page.goto(home)
    folder = home.rsplit("/", 1)[0] + "/"
    ranks, misses = [], []
    for case in QUERIES[lang]:
        expected = folder + page_url(case["page"], directory_urls)
        pages = found_pages(page, case["query"])
        rank = pages.index(expected) + 1 if expected in pages else None
        ranks.append(rank)
        if rank is None or rank > 3:
            misses.append(f"{case['query']} -> {case['page']} (rank {rank})")
    total = len(ranks)
    return {
        "queries": total,
        "success@1": sum(1 for r in ranks if r == 1) / total,
        "success@3": sum(1 for r in ranks if r and r <= 3) / total,
        "mrr": sum(1 / r for r in ranks if r) / total,
        "misses": misses,
    }
