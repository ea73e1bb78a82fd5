"""The action plan's review dates, its calendar reminders (parsed back with icalendar)
and the reflection notes it carries; see test_widgets_profile for choosing,
committing, comparing and the Markdown/PDF basics."""

from __future__ import annotations

import re
from datetime import date, timedelta

import ipywidgets as w
import pytest
from icalendar import Calendar

from lvm_course.plan_handout import plan_markdown, plan_pages
from lvm_course.reminders import CHECKINS, REVIEW_PROMPT, clean_text, plan_calendar
from lvm_course.store import Store
from lvm_course.widgets import reflection
from lvm_course.widgets import session as session_mod
from lvm_course.widgets.planning import action_plan

HOSTILE = ("Ask Sam; then Jo, weekly \\ <script>alert(1)</script>\r\nEND:VEVENT\r\n"
           "BEGIN:VEVENT\r\nSUMMARY:pwned\nATTACH:http://evil\rX-INJECTED:1\x00\u202eodd")


@pytest.fixture(autouse=True)
def _fresh_sessions():
    session_mod.forget_sessions()
    yield
    session_mod.forget_sessions()


def restart():
    session_mod.forget_sessions()


def _events(raw: bytes) -> list:
    return Calendar.from_ical(raw).walk("VEVENT")


# --- review dates ----------------------------------------------------------------------
def test_each_commitment_gets_a_labelled_review_date_four_weeks_ahead(course, home):
    plan = action_plan()
    dim = course.dimensions[0].id
    picker = plan.review[dim]
    assert isinstance(picker, w.DatePicker) and picker.description == "Review on"
    assert picker not in plan.plan_box.children  # shown with its commitment only
    plan.checks[dim].value = True
    assert picker in plan.plan_box.children
    assert picker.value == plan.today + timedelta(weeks=4)
    assert Store("action_plan").get("reviews") == {dim: picker.value.isoformat()}
    plan.checks[dim].value = False
    assert Store("action_plan").get("reviews") == {}


def test_review_dates_are_saved_and_restored(course, home):
    plan = action_plan()
    a, b = course.dimensions[0].id, course.dimensions[3].id
    plan.checks[a].value = plan.checks[b].value = True
    plan.review[a].value = date(2027, 1, 15)
    restart()
    again = action_plan()
    assert again.chosen == [a, b]
    assert again.review[a].value == date(2027, 1, 15)
    assert again.review[b].value == again.today + timedelta(weeks=4)
    again.review[b].value = None  # cleared: not kept, and the calendar says so
    assert again.plan()["reviews"] == {a: "2027-01-15"}
    again.export(".ics")
    assert "No review date" in again.files.value and course.dimensions[3].name in \
        again.files.value
    restart()
    reopened = action_plan()  # a cleared date stays cleared
    assert reopened.plan()["reviews"] == {a: "2027-01-15"} and reopened.review[b].value is None


def test_a_plan_saved_before_review_dates_gets_the_default(course, home):
    dim = course.dimensions[1].id
    Store("action_plan").update({"dimensions": [dim], "commitments": {dim: "Ask"}})
    plan = action_plan()
    assert plan.plan()["reviews"] == {dim: (plan.today + timedelta(weeks=4)).isoformat()}


# --- the calendar file -----------------------------------------------------------------
def test_the_calendar_has_a_review_per_commitment_and_two_check_ins(course, home):
    plan = action_plan()
    a, b = course.dimensions[0].id, course.dimensions[4].id
    plan.checks[a].value = plan.checks[b].value = True
    plan.commit[a].value = "Share the quarter's aims at Monday huddle"
    plan.review[b].value = date(2027, 2, 1)
    path = plan.export(".ics")
    assert path == home / "exports" / "my-action-plan-reminders.ics"
    assert 'download="my-action-plan-reminders.ics"' in plan.files.value
    assert "data:text/calendar;base64," in plan.files.value
    events = {str(e["uid"]): e for e in _events(path.read_bytes())}
    assert len(events) == 4
    by_summary = {str(e["summary"]): e for e in events.values()}
    review_a = by_summary[f"Review my commitment: {course.dimensions[0].name}"]
    assert review_a.decoded("dtstart") == plan.today + timedelta(weeks=4)
    assert "Share the quarter's aims at Monday huddle" in str(review_a["description"])
    assert REVIEW_PROMPT in str(review_a["description"])
    review_b = by_summary[f"Review my commitment: {course.dimensions[4].name}"]
    assert review_b.decoded("dtstart") == date(2027, 2, 1)
    assert "(nothing written yet)" in str(review_b["description"])
    for weeks, check in zip((2, 6), CHECKINS, strict=True):
        event = by_summary[check.title]
        assert event.decoded("dtstart") == plan.today + timedelta(weeks=weeks)
        assert check.prompt in str(event["description"])
        assert course.dimensions[0].name in str(event["description"])
    for event in events.values():
        assert event.walk("VALARM"), "each event reminds on the day"
    again = {str(e["uid"]) for e in _events(plan.export(".ics").read_bytes())}
    assert again == set(events)  # stable ids: re-importing updates, never duplicates


def test_hostile_text_cannot_add_lines_or_events_to_the_calendar(course):
    dim = course.dimensions[2].id
    plan = {"dimensions": [dim], "commitments": {dim: HOSTILE},
            "reviews": {dim: "2027-03-01"}}
    raw = plan_calendar(course, plan, today=date(2027, 1, 1), plan_id="abc")
    events = _events(raw)
    assert len(events) == 3 and not any("pwned" in str(e["summary"]) for e in events)
    lines = raw.decode("utf-8").split("\r\n")
    unfolded = re.sub(r"\r\n[ \t]", "", raw.decode("utf-8")).split("\r\n")
    assert unfolded.count("BEGIN:VEVENT") == 3
    assert not any(x.startswith(("ATTACH", "X-INJECTED", "SUMMARY:pwned")) for x in unfolded)
    assert all("\n" not in x and "\r" not in x and "\x00" not in x for x in lines)
    review = next(e for e in events if "Review" in str(e["summary"]))
    text = str(review["description"])
    assert "Ask Sam; then Jo, weekly \\ <script>alert(1)</script>\nEND:VEVENT" in text
    assert "\x00" not in text and "\u202e" not in text and "\r" not in text


def test_clean_text_keeps_words_and_line_breaks_only():
    assert clean_text("a\r\nb\rc\n\x07d\u202e\u2066e\tf ") == "a\nb\nc\nde\tf"
    assert clean_text("x" * 3000).endswith("…") and len(clean_text("x" * 3000)) == 2001


# --- reflections -----------------------------------------------------------------------
def test_reflection_notes_are_shown_escaped_and_exported(course, home):
    empty = action_plan()
    assert "Nothing noted yet" in empty.notes.value
    reflection("01_two_roles").boxes["my-week"].value = "Mostly <b>managing</b> &\nsome $x$"
    reflection("05_self_profile").boxes["surprise"].value = "<img src=x onerror=alert(1)>"
    plan = action_plan()
    shown = plan.notes.value
    assert "<img" not in shown and "&lt;img src=x onerror=alert(1)&gt;" in shown
    assert "Mostly &lt;b&gt;managing&lt;/b&gt; &amp;<br>some $x$" in shown
    assert course.notebook("01_two_roles").reflection[0].text in shown
    assert shown.index("01 The two roles") < shown.index("05 ")  # course order
    plan.checks[course.dimensions[0].id].value = True
    md = plan.export(".md").read_text(encoding="utf-8")
    assert "## What I noted along the way" in md
    assert "&lt;img src=x onerror=alert(1)&gt;" in md and "<img" not in md
    assert "> Mostly &lt;b&gt;managing&lt;/b&gt; &amp;" in md and "> some $x$" in md
    data = plan.plan()
    assert [n["part"] for n in data["reflections"]] == ["01_two_roles", "05_self_profile"]
    page = "\n".join(plan_pages(course, data, plan.session.scores).texts())
    assert "What I noted along the way" in page and "<img src=x onerror=alert(1)>" in page
    assert "Mostly <b>managing</b> &" in page
    assert plan.export(".pdf").read_bytes()[:4] == b"%PDF"


def test_exports_show_review_dates_and_check_ins(course, home):
    plan = action_plan()
    dim = course.dimensions[5].id
    plan.checks[dim].value = True
    plan.review[dim].value = date(2027, 4, 9)
    data = plan.plan()
    md = plan_markdown(course, data, plan.session.scores)
    assert "**Review on:** 9 April 2027" in md and "## Check-ins" in md
    two = (plan.today + timedelta(weeks=2)).strftime("%d %B %Y").lstrip("0")
    assert f"**{two}**, {CHECKINS[0].title}" in md
    page = "\n".join(plan_pages(course, data, plan.session.scores).texts())
    assert "Review on: 9 April 2027" in page and CHECKINS[1].title in page
