"""Policy 4270's conditions are one rule: the reader's browser and the build give the same
answer for every input, including a condition whose operator the rule does not know."""
from __future__ import annotations

import itertools
import random

import pytest
from conftest import PLAYBOOK, UI

from macros.load.model import condition_met

pytestmark = pytest.mark.browser
REVIEW = PLAYBOOK.board_review


def numbers_around_the_thresholds(answer: str) -> list[int]:
    thresholds = [int(c.threshold) for c in REVIEW.conditions if c.input == answer and c.threshold is not None]
    near = {max(0, t + step) for t in thresholds for step in (-1, 0, 1)}
    rng = random.Random(answer)
    return sorted(near | {0} | {rng.randrange(0, 2 * max(thresholds, default=10) + 2) for _ in range(2)})


CASES = list(itertools.product(numbers_around_the_thresholds("value_usd"),
                               numbers_around_the_thresholds("duration_months"), (False, True)))


def browser_answer(page, value: int, months: int, lead: bool) -> list[str]:
    page.get_by_label(REVIEW.questions.value_usd.en).fill(str(value))
    page.get_by_label(REVIEW.questions.duration_months.en).fill(str(months))
    page.get_by_label(REVIEW.questions.lead_autonomy.en).set_checked(lead)
    page.get_by_role("button", name=UI["board_submit"].en).click()
    return sorted(el.get_attribute("data-met") for el in page.locator("[data-pb-board-result] [data-met]").all())


def test_the_browser_and_the_build_agree_on_every_input(page, site_url):
    page.goto(f"{site_url}/lead-partners/")
    disagreements = []
    for value, months, lead in CASES:
        expected = sorted(c.id for c in REVIEW.conditions_met(value, months, lead))
        found = browser_answer(page, value, months, lead)
        if found != expected:
            disagreements.append(((value, months, lead), expected, found))
    assert disagreements == []
    assert len({tuple(sorted(c.id for c in REVIEW.conditions_met(*case))) for case in CASES}) > 2, \
        "the inputs must reach more than 'all' and 'none'"


def test_an_operator_the_rule_does_not_know_is_never_met_in_either(page, site_url):
    page.goto(f"{site_url}/lead-partners/")
    condition = next(c for c in REVIEW.conditions if c.threshold is not None)
    page.locator(f'[data-condition="{condition.id}"]').evaluate("el => el.setAttribute('data-operator', 'at_most')")
    answers = {"value_usd": 10**9, "duration_months": 10**3, "lead_autonomy": True}
    found = browser_answer(page, answers["value_usd"], answers["duration_months"], True)
    assert condition.id not in found
    assert condition_met("at_most", condition.threshold, answers[condition.input]) is False
    assert condition_met(condition.operator, condition.threshold, answers[condition.input]) is True


@pytest.mark.parametrize("value", [None, "12", True, float("nan")])
def test_an_unreadable_answer_meets_no_numeric_condition(value):
    for condition in REVIEW.conditions:
        if condition.threshold is not None:
            assert condition_met(condition.operator, condition.threshold, value) is False
