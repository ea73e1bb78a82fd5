"""Journey 2: a trainee in Voila (code hidden) does the quiz of 01 and the ward round of 03.

Everything is done by clicking, as in the room: each answer shows its feedback, the
round ends with the score, and the score on screen matches the feedback seen on the
way. The ward round is stepped through to its summary table.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .conftest import front_end_errors, open_voila, shot

pytestmark = pytest.mark.browser

QUIZ_TIPS = {  # the quiz buttons' tooltips: unique on the page
    "Leadership": "Mainly about direction, people and change",
    "Management": "Mainly about plans, structure and control",
    "Both": "It takes leading and managing together",
}
FEEDBACK = re.compile(r"^[✔✘] (Correct|Not quite):")


def test_quiz_answered_by_clicking_to_the_final_score(page, voila):
    voila.forget("quiz")
    open_voila(page, voila, "01_two_roles.ipynb", "Leadership, management or both?")
    body = page.locator("body").inner_text()  # nothing to run on a Voila page: no such text
    assert "Run All Cells" not in body and "Shift + Enter" not in body
    expect(page.get_by_role("link", name="02 · Key differences and skills")).to_have_attribute(
        "href", "02_key_differences.ipynb")
    feedback = page.locator("[role=status]").filter(has_text=FEEDBACK)
    right = 0
    for n in range(1, 13):
        expect(page.get_by_text(re.compile(rf"^Statement {n} of 12"))).to_be_visible()
        expect(feedback).to_have_count(0)
        label = list(QUIZ_TIPS)[n % 3]
        page.locator(f'button[title="{QUIZ_TIPS[label]}"]').click()
        expect(feedback).to_have_count(1)
        title = feedback.inner_text().splitlines()[0]
        assert label in title, title  # "Correct: X." or "Not quite: you chose X; ..."
        right += title.startswith("✔")
        for tip in QUIZ_TIPS.values():  # one answer per statement
            expect(page.locator(f'button[title="{tip}"]')).to_be_disabled()
        if n < 12:
            page.get_by_role("button", name="Next statement ▶").click()
    score = page.get_by_text(f"You classified {right} of 12 correctly.")
    expect(score).to_be_visible()
    expect(page.get_by_role("button", name="New round")).to_be_visible()
    expect(page.get_by_role("button", name="Next statement ▶")).to_be_hidden()
    assert front_end_errors(page) == []
    shot(page, "voila_01_quiz_score")


def test_ward_round_stepped_through_to_the_summary(page, voila):
    voila.forget("scenario-ward-round")
    open_voila(page, voila, "03_ward_round.ipynb", "The morning ward round")
    first = page.get_by_text(re.compile(r"^Step 1 of \d+$"))
    expect(first).to_be_visible()
    total = int(first.inner_text().split()[-1])
    assert total >= 3
    calls = ["Lead", "Manage", "Both"]
    good = 0
    for n in range(1, total + 1):
        expect(page.get_by_text(f"Step {n} of {total}", exact=True)).to_be_visible()
        nxt = page.get_by_role("button", name=re.compile(r"^(Next step|See the summary) ▶$"))
        expect(nxt).to_be_disabled()  # a call must be checked first
        page.get_by_role("radio", name=calls[n % 3], exact=True).check()
        if n == 1:
            page.get_by_role("textbox", name="Why? (optional)").fill("The team needs a plan")
        page.get_by_role("button", name="Check", exact=True).click()
        verdict = page.locator("[role=status]").filter(
            has_text=re.compile(r"^[✔✘] (Good call\.|Worth another look)"))
        expect(verdict).to_have_count(1)
        if n == 1:
            expect(verdict).to_contain_text("You wrote: “The team needs a plan”")
        good += verdict.inner_text().startswith("✔")
        expect(nxt).to_be_enabled()
        nxt.click()
    caption = page.get_by_text(f"Your calls: {good} of {total} match the article")
    expect(caption).to_be_visible()
    expect(page.get_by_text("Takeaway")).to_be_visible()
    rows = page.locator("table:has(caption) tbody tr")
    expect(rows).to_have_count(total)
    expect(rows.first).to_contain_text("The team needs a plan")
    expect(page.get_by_role("button", name="Start the scenario again")).to_be_visible()
    assert front_end_errors(page) == []
    shot(page, "voila_03_ward_round_summary")
