"""The room, part 06 on a phone: a commitment's review date is picked in the browser's
own date control and saved, and the calendar reminders come as a download link that
names no server folder."""

from __future__ import annotations

import json
import re
import time
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from lvm_course.content import load_course
from lvm_course.room.identity import Room

from .conftest import shot
from .test_room import trainee

pytestmark = pytest.mark.browser


def test_a_review_date_is_picked_saved_and_exported_as_calendar_reminders(browser, room):
    course = load_course()
    dim = course.dimensions[3]
    key, who = Room(room.root).join()
    answers = who.home / "answers"
    answers.mkdir(parents=True, exist_ok=True)
    (answers / "questionnaire.json").write_text(json.dumps(
        {"answers": {i.id: 3 for i in course.items}}), encoding="utf-8")
    (answers / "action_plan.json").write_text(json.dumps(
        {"dimensions": [dim.id], "commitments": {dim.id: "Plan the rota a week ahead"}}),
        encoding="utf-8")
    ctx, page = trainee(browser, room, phone=True, cookie=key)
    page.goto(f"{room.url}/part/06_action_plan")
    picker = page.get_by_label("Review on")
    picker.wait_for(timeout=90_000)
    assert picker.bounding_box()["height"] >= 44 - 0.5
    default = date.today() + timedelta(weeks=4)
    expect(picker).to_have_value(default.isoformat())
    picker.fill("2027-03-05")
    saved = answers / "action_plan.json"
    deadline = time.monotonic() + 20
    while json.loads(saved.read_text())["reviews"].get(dim.id) != "2027-03-05":
        assert time.monotonic() < deadline, saved.read_text()
        time.sleep(0.2)
    page.get_by_role("button", name="Calendar reminders (.ics)").click()
    link = page.locator('a[download="my-action-plan-reminders.ics"]')
    expect(link).to_be_visible()
    expect(link).to_have_attribute("href", re.compile(r"^data:text/calendar;base64,"))
    assert str(room.root) not in page.locator("body").inner_text()
    assert (who.home / "exports" / "my-action-plan-reminders.ics").is_file()
    shot(page, "room_phone_06_review_date")
    assert page.front_end_errors == []
    ctx.close()
