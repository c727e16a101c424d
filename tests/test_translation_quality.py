"""Both languages say the same thing in the same words: each check fails on a mutation of
the real content, and the real content passes."""
from __future__ import annotations

import re

import pytest

from macros.check import translation_quality as tq
from macros.check.project import find_problems
from macros.load.yaml_source import load


def test_real_content_passes_every_translation_check():
    problems, _ = tq.check()
    assert problems == [], "\n".join(map(str, problems))


def pairs(project, keep):
    found = [pair for pair in tq.all_pairs(project) if keep(pair)]
    assert found, "the real content should have a pair to mutate"
    return found


def rewrite(project, pair, side, new_text):
    """Replace the English or Chinese of one data pair in its file, as an editor would."""
    path = project / pair.where[0]
    text = path.read_text(encoding="utf-8")
    old = getattr(pair, side)
    assert old in text, f"{pair.key}: its {side} text is not on one line of {path.name}"
    path.write_text(text.replace(old, new_text, 1), encoding="utf-8")


def errors_for(project, pair_key):
    problems, _ = tq.check(project)
    return [p for p in problems if p.message.startswith(pair_key + ":")]


def one_line_data_pair(pair):
    return pair.key.startswith("data/") and "\n" not in pair.zh


def test_a_changed_amount_is_caught_at_the_chinese_line(project):
    pair = pairs(project, lambda p: one_line_data_pair(p) and tq._numbers_en(p.en) and re.search(r"\d", p.zh))[0]
    rewrite(project, pair, "zh", re.sub(r"\d+", lambda m: str(int(m.group(0)) + 1), pair.zh))
    found = errors_for(project, pair.key)
    assert any("numbers or dates differ" in p.message for p in found)
    problem = next(p for p in found if "numbers" in p.message)
    assert (problem.file, problem.line) == pair.where[:2] and problem.fix


def test_chinese_amounts_in_wan_and_month_names_count_as_the_same_numbers():
    assert tq._numbers_zh("协议金额达到或超过25万美元") == tq._numbers_en("The agreement is worth $250,000 or more.")
    assert tq._numbers_zh("通常在5月或6月") == tq._numbers_en("Usually in May or June") == tq._numbers_zh("五、六月")
    assert tq._numbers_en("May this agreement need review?") == set()


def test_an_email_address_missing_from_the_chinese_is_caught(project):
    address = next(c["email"] for c in load(project / "data/contacts.yaml").value["contacts"] if "email" in c)
    pair = pairs(project, lambda p: one_line_data_pair(p) and "@" not in p.en)[0]
    rewrite(project, pair, "en", f"{pair.en} Write to {address}.")
    assert any("e-mail addresses differ" in p.message for p in errors_for(project, pair.key))


def test_a_web_address_missing_from_the_chinese_page_is_caught(project):
    pair = pairs(project, lambda p: p.key.startswith("docs/") and "https://" in p.en)[0]
    chinese = project / pair.where[0]
    chinese.write_text(re.sub(r"https://[^)\s]+", "https://example.invalid/", chinese.read_text(encoding="utf-8")),
                       encoding="utf-8")
    assert any("web addresses differ" in p.message for p in errors_for(project, pair.key))


def test_an_acronym_dropped_from_the_chinese_is_caught(project):
    glossary = {form for term in tq.glossary_terms(project) for form in term.en_forms}

    def acronym_kept(pair):
        return [a for a in tq.ACRONYM.findall(pair.en) if a in pair.zh and a not in glossary]
    pair = pairs(project, lambda p: one_line_data_pair(p) and acronym_kept(p))[0]
    acronym = acronym_kept(pair)[0]
    rewrite(project, pair, "zh", pair.zh.replace(acronym, "该机构"))
    assert any(f"acronym {acronym}" in p.message for p in errors_for(project, pair.key))


def test_text_standing_where_the_district_name_belongs_is_caught(project):
    district = next(t for t in load(project / "data/glossary.yaml").value["terms"] if t["id"] == "sps")
    name = district["term"]["zh"]
    pair = pairs(project, lambda p: one_line_data_pair(p) and any(tq._has_form(p.en, f) for f in district["en_forms"])
                  and name in p.zh and "SPS" not in p.zh)[0]
    rewrite(project, pair, "zh", pair.zh.replace(name, "某个App"))
    found = errors_for(project, pair.key)
    assert any("glossary" in p.message for p in found)
    assert any(name in p.fix for p in found)


@pytest.mark.parametrize("term_id", ["lead-partner", "check-in", "personal-services-contract"])
def test_a_term_translated_differently_from_the_glossary_is_caught(project, term_id):
    term = next(t for t in load(project / "data/glossary.yaml").value["terms"] if t["id"] == term_id)
    pair = pairs(project, lambda p: one_line_data_pair(p) and p.where[0] != "data/glossary.yaml"
                 and any(tq._has_form(p.en, f) for f in term["en_forms"])
                 and any(f in p.zh for f in term["zh_forms"]))[0]
    mutated = pair.zh
    for form in sorted(term["zh_forms"], key=len, reverse=True):
        mutated = mutated.replace(form, "合作方")
    rewrite(project, pair, "zh", mutated)
    assert any("glossary" in p.message for p in errors_for(project, pair.key))


def test_a_chinese_text_left_in_english_is_caught(project):
    pair = pairs(project, lambda p: one_line_data_pair(p) and len(p.en) > 40)[0]
    rewrite(project, pair, "zh", pair.en)
    assert any("not recognised as Chinese" in p.message for p in errors_for(project, pair.key))


def test_a_chinese_text_much_longer_than_its_english_is_a_warning_not_an_error(project):
    pair = pairs(project, lambda p: one_line_data_pair(p) and len(p.en) >= tq.RATIO_MIN_ENGLISH
                 and tq.USUAL_RATIO[0] <= len(p.zh) / len(p.en) <= tq.USUAL_RATIO[1])[0]
    rewrite(project, pair, "zh", pair.zh * 3)
    problems, warnings = tq.check(project)
    assert any(pair.key in w and "times the length" in w for w in warnings)
    assert not any(p.message.startswith(pair.key + ":") for p in problems)


def test_make_check_reports_translation_errors_with_file_line_and_column(project):
    pair = pairs(project, lambda p: one_line_data_pair(p) and tq._numbers_en(p.en) and re.search(r"\d", p.zh))[0]
    rewrite(project, pair, "zh", re.sub(r"\d", "", pair.zh))
    found = [p for p in find_problems(project) if pair.key in p.message]
    assert found and str(found[0]).startswith(f"{pair.where[0]}:{pair.where[1]}:{pair.where[2]}: ")
