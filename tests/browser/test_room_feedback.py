"""Others' view in the room, end to end: a trainee invites four colleagues by link from
part 06; each rates on a phone, in a browser context of their own (no room cookie,
nothing to install); the trainee sees the count grow, closes the round and reads a
report that shows what the rules allow and hides what they do not."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from lvm_course.content import load_course
from lvm_course.room.identity import Room

from .conftest import shot
from .test_room import KEY, complete_profile, trainee

pytestmark = pytest.mark.browser

SCALE = ["Never", "Rarely", "Sometimes", "Often", "Always"]


def rate(browser, room, link: str, value: int, comment: str) -> tuple:
    """A colleague on their phone: open the link, answer every statement, send."""
    course = load_course()
    ctx, page = trainee(browser, room, phone=True)
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Feedback for Dr Ade Okoye")
    for n, item in enumerate(course.items):
        group = page.get_by_role("group", name=re.compile(re.escape(item.observer)))
        label = "Not able to rate" if n == 0 else SCALE[value - 1]
        group.get_by_label(label, exact=True).tap()
    expect(page.locator("#progress")).to_have_text("24 of 24 answered")
    if comment:
        page.get_by_label(re.compile("A comment for")).fill(comment)
    page.get_by_role("button", name="Send my answers").tap()
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
    assert not [c for c in ctx.cookies() if c["name"] == KEY]  # a rater never joins
    return ctx, page


def test_four_colleagues_rate_by_link_and_the_report_keeps_the_rules(browser, room):
    key = complete_profile(room, lambda n: 4)
    joined = len(Room(room.root).trainees())
    ctx, me = trainee(browser, room, cookie=key)
    me.goto(f"{room.url}/part/06_action_plan")
    me.get_by_label("Your name").wait_for(timeout=90_000)
    me.get_by_label("Your name").fill("Dr Ade Okoye")
    me.get_by_label("Rater group").select_option(label="Peers")
    me.get_by_label("How many").select_option("3")
    me.get_by_role("button", name="Make invitations").click()
    expect(me.get_by_role("cell", name="Peers 3", exact=True)).to_be_visible()
    me.get_by_label("Rater group").select_option(label="Manager")
    me.get_by_label("How many").select_option("1")
    me.get_by_role("button", name="Make invitations").click()
    expect(me.get_by_role("cell", name="Manager 1", exact=True)).to_be_visible()
    me.get_by_role("button", name="Show the invitations again").click()
    expect(me.locator("code", has_text="/rate/")).to_have_count(4)
    links = me.locator("code", has_text="/rate/").all_inner_texts()
    assert all(link.startswith(f"{room.url}/rate/") for link in links)

    raters = [rate(browser, room, link, value, comment) for link, value, comment in zip(
        links, [2, 2, 3, 5], ["Clear at handover", "", "Asks before changing rotas",
                              "Calm <b>in a crisis</b>"], strict=True)]
    ctx_r, again = raters[0]
    again.goto(links[0])  # the same link a second time
    expect(again.get_by_role("heading", name="Already answered")).to_be_visible()
    assert len(Room(room.root).trainees()) == joined  # nobody joined by rating

    me.get_by_role("button", name="Check for new answers").click()
    expect(me.get_by_text("Answers received: 4")).to_be_visible()
    report_radar = me.locator(".lvm-feedback-report img.lvm-chart")
    expect(report_radar).to_have_count(0)  # nothing shown before closing
    me.get_by_role("button", name="Close the round and see the report").click()
    me.get_by_role("button", name="Yes, close it and show the report").click()
    radar = report_radar.first
    expect(radar).to_have_attribute("alt", re.compile(r"You: Direction .*All others \(4 "
                                                      r"raters\)"))
    body = me.locator(".lvm-main").inner_text()
    assert "Peers (3 raters)" not in body and "Manager (1 rater)" not in body
    assert "would reveal the answers of the fewer than 3 other raters merged" in body
    assert "Calm <b>in a crisis</b>" in body  # a comment, as text, among three
    assert "Asks before changing rotas" in body and "Clear at handover" in body
    shot(me, "room_feedback_report")
    me.get_by_role("button", name="Handout (PDF)").click()
    expect(me.locator('a[download="others-view.pdf"]')).to_be_visible()
    assert str(room.root) not in me.locator("body").inner_text()
    gone = "Failed to load resource: the server responded with a status of 410 (Gone)"
    assert again.front_end_errors == [gone]  # the used link's page, and nothing else
    for context, page in raters:
        assert page is again or page.front_end_errors == []
        context.close()
    assert me.front_end_errors == []
    ctx.close()
