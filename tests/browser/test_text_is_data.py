"""Journey 6: trainee text is data, never markup, in JupyterLab, Voila and on the board.

Markup that would run script if it were ever inserted as HTML is typed into the
results label (05), an action-plan commitment (06) and a group name (05's sharing,
then the board). No dialog may open, no element may be created from it, and the text
must be shown literally: in the inputs, in the radar's description (the label), in
the saved files, and as the cleaned group name on the board.
"""

from __future__ import annotations

import json
import re
import time

import pytest
from playwright.sync_api import expect

from lvm_course.sharing import clean_cohort

from .conftest import HOSTILE, lab_reset, open_lab, open_voila

pytestmark = pytest.mark.browser

TEXT = " ".join(HOSTILE)  # <img src=x onerror=alert(1)> <script>alert(2)</script>


def no_markup_ran(page) -> None:
    """No dialog so far, and nothing in the page was built from the typed markup."""
    assert page.dialogs == [], page.dialogs
    expect(page.locator('img[src="x"]')).to_have_count(0)
    expect(page.locator("script", has_text="alert(2)")).to_have_count(0)


def seed_answers(home, course) -> None:
    """A complete questionnaire in the trainee's folder (the answering is journey 1)."""
    folder = home / "answers"
    folder.mkdir(parents=True, exist_ok=True)
    answers = {item.id: 1 + k % 5 for k, item in enumerate(course.items)}
    (folder / "questionnaire.json").write_text(json.dumps(
        {"answers": answers, "created": "2026-11-20T09:00:00+00:00"}), encoding="utf-8")


def label_in_results(page) -> None:
    """05: type the label, change one answer: the radar's description names it literally."""
    label = page.get_by_role("textbox", name="Your label")
    label.fill(TEXT)
    page.locator(".widget-toggle-buttons").first.get_by_role(
        "button", name="Sometimes", exact=True).click()
    expect(page.get_by_text(f"Radar chart of {TEXT} on six dimensions")).to_be_visible()
    expect(page.locator("img.lvm-chart").first).to_have_attribute(
        "alt", re.compile("^Radar chart of " + re.escape(TEXT)))
    expect(label).to_have_value(TEXT)
    no_markup_ran(page)


def commitment_in_plan(page, course, home) -> None:
    """06: tick a dimension, write the commitment; it is kept as typed."""
    dim = course.dimensions[0]
    page.get_by_role("checkbox", name=dim.name, exact=True).check()
    area = page.get_by_role("textbox", name="I will…").first
    area.fill(TEXT)
    expect(area).to_have_value(TEXT)
    assert_saved(home / "answers" / "action_plan.json", ["commitments", dim.id], TEXT)
    no_markup_ran(page)


def assert_saved(path, keys, expected, tries: int = 200) -> None:
    """The kernel saves on every change: poll its file briefly (no page event to wait on)."""
    value = None
    for _ in range(tries):
        try:
            value = json.loads(path.read_text(encoding="utf-8"))
            for k in keys:
                value = value[k]
        except (OSError, ValueError, KeyError, TypeError):
            value = None
        if value == expected:
            return
        time.sleep(0.05)
    raise AssertionError(f"{path.name}: {keys} is {value!r}, expected {expected!r}")


def test_text_is_data_in_jupyterlab(page, lab, course):
    lab_reset(lab, "questionnaire", "action_plan", "sharing")
    seed_answers(lab.home, course)
    open_lab(page, lab, "05_self_profile.ipynb", "Your label")
    label_in_results(page)
    assert_saved(lab.home / "answers" / "questionnaire.json", ["label"], TEXT)

    open_lab(page, lab, "06_action_plan.ipynb", "Choose one to three dimensions to grow")
    commitment_in_plan(page, course, lab.home)


def test_text_is_data_in_voila_and_on_the_board(page, voila, course):
    voila.forget("questionnaire", "action_plan", "sharing", "share-tokens")
    seed_answers(voila.home, course)
    cleaned = clean_cohort(TEXT)
    assert re.fullmatch(r"[a-z0-9_-]+", cleaned)

    open_voila(page, voila, "05_self_profile.ipynb", "Your label")
    label_in_results(page)
    page.get_by_role("checkbox", name=re.compile(r"^I agree to share")).check()
    cohort = page.get_by_role("textbox", name="Group name").first
    cohort.fill(TEXT)
    expect(cohort).to_have_value(TEXT)
    page.get_by_role("button", name="Share with my group").click()
    expect(page.get_by_text(f"Shared with group '{cleaned}'.")).to_be_visible()
    no_markup_ran(page)

    open_voila(page, voila, "06_action_plan.ipynb", "Choose one to three dimensions to grow")
    commitment_in_plan(page, course, voila.home)
    page.reload()  # a new kernel reads the saved plan: the text comes back as typed
    area = page.get_by_role("textbox", name="I will…").first
    expect(area).to_have_value(TEXT, timeout=90_000)
    no_markup_ran(page)

    open_voila(page, voila, "facilitator/group_board.ipynb", "Refresh")
    name = page.get_by_role("textbox", name="Name")
    name.fill(TEXT)
    name.press("Enter")
    expect(page.get_by_text(f"Showing group '{cleaned}'")).to_be_visible()
    expect(page.get_by_text(f"1 profile shared in group '{cleaned}'; 4 more needed")
           ).to_be_visible()
    expect(name).to_have_value(TEXT)
    no_markup_ran(page)
