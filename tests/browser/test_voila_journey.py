"""Journey 2: a trainee in Voila (code hidden) does the quiz of 01 and the ward round of 03.

Everything is done by clicking, as in the room: each answer shows its feedback, the
round ends with the score, and the score on screen matches the feedback seen on the
way. The ward round is walked down one branch to its ending and path table.
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
# "Counts:" when the statement accepts more than one answer (where the articles differ);
# each trainee's round is a fresh random draw, so any of the three can come up.
FEEDBACK = re.compile(r"^[✔✘] (Correct|Counts|Not quite):")


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


# The ward round path walked below: a branch off the best line (the team is trusted to
# handle a deteriorating patient), which leads through the late-escalation step.
WARD_PATH = [("wr-board", "both"), ("wr-bedside", "lead"), ("wr-deteriorates", "trust-team"),
             ("wr-escalate-late", "take-charge"), ("wr-allocate", "manage"),
             ("wr-afternoon", "both")]
VERDICT = re.compile(r"^[✔✘] (Good call\.|Defensible\.|Worth another look\.)")


def test_ward_round_branches_to_an_ending_with_the_path(page, voila):
    """Each choice shows what happens next, then the verdict; a rethink choice takes the
    story down another branch; the ending shows the path with the reason typed."""
    from lvm_course.branching import node
    from lvm_course.content import load_course

    ward = load_course().scenario("ward-round")
    voila.forget("scenario-ward-round", "scenario-new-process")
    open_voila(page, voila, "03_ward_round.ipynb", "The morning ward round")
    expect(page.get_by_role("heading", name="A new way of working: nurse-led discharge",
                            level=3)).to_be_visible()  # the second activity
    act = page.locator(".widget-vbox").filter(
        has=page.get_by_role("heading", name=ward.title, level=3)).first
    go = act.get_by_role("button", name="Go with this choice", exact=True)
    nxt = act.get_by_role("button", name=re.compile(r"^(Next step|See how it ends) ▶$"))
    for n, (step_id, choice_id) in enumerate(WARD_PATH, 1):
        step = node(ward, step_id)
        option = next(c for c in step.choices if c.id == choice_id)
        expect(act.get_by_role("heading", name=step.title, level=4)).to_be_visible()
        expect(act.get_by_text(f"Step {n}", exact=True)).to_be_visible()
        expect(nxt).to_be_disabled()  # a choice must be taken first
        act.get_by_role("radio", name=option.label, exact=True).check()
        if n == 1:
            act.get_by_role("textbox", name="Why? (optional)").fill("Sickest first")
        go.click()
        story = act.locator(".lvm-consequence")
        expect(story).to_contain_text(option.consequence[:60])
        verdict = act.locator("[role=status]").filter(has_text=VERDICT)
        expect(verdict).to_have_count(1)
        outcome = act.locator(".widget-html").filter(
            has=page.locator(".lvm-consequence")).inner_text()
        assert outcome.index("What happens next") < outcome.index(
            verdict.inner_text().splitlines()[0][2:])  # the story, then the verdict
        if n == 1:
            expect(verdict).to_contain_text("You wrote: “Sickest first”")
        expect(act.get_by_role("radio", name=option.label, exact=True)).to_be_disabled()
        if option.verdict == "rethink":
            shot(page, "voila_03_ward_round_branch")
        expect(nxt).to_be_enabled()
        nxt.click()
    expect(act.get_by_role("heading", name=re.compile(r"^The end: "), level=4)).to_be_visible()
    best = sum(next(c for c in node(ward, s).choices if c.id == c_id).verdict == "best"
               for s, c_id in WARD_PATH)
    expect(act.get_by_text(re.compile(
        rf"^Your path: {len(WARD_PATH)} decisions, {best} best calls"))).to_be_visible()
    expect(act.get_by_text("Takeaway")).to_be_visible()
    rows = act.locator("table.lvm-path tbody tr")
    expect(rows).to_have_count(len(WARD_PATH))
    expect(rows.first).to_contain_text("Sickest first")
    expect(rows.nth(2)).to_contain_text("worth another look")
    act.get_by_role("button", name="Start over…").click()  # asks first
    expect(act.get_by_role("button", name="Yes, start over")).to_be_visible()
    act.get_by_role("button", name="No, carry on").click()
    expect(rows).to_have_count(len(WARD_PATH))
    assert front_end_errors(page) == []
    shot(page, "voila_03_ward_round_ending")
