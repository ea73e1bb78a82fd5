"""Calendar reminders for the action plan (06): an iCalendar file a trainee imports
into Outlook, Google Calendar or a phone, so the plan comes back when it is due.

One all-day event per commitment on its review date, and two check-ins, two and six
weeks after the day the file is made, each with a question to think about. Every
event carries a reminder at 09:00 on the day. Pure logic: no widgets, no files.

The file is built with the ``icalendar`` library, which escapes text values as
RFC 5545 asks (commas, semicolons, backslashes, line breaks), so a commitment
cannot add lines, events or properties of its own. Before that, :func:`clean_text`
drops control characters and bidirectional overrides and evens out line endings.
Event ids are stable for one plan (``plan_id``), so importing a newer file again
updates the events in most calendars instead of adding copies.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from .content import Course

__all__ = ["CHECKINS", "REVIEW_PROMPT", "REVIEW_WEEKS", "CheckIn", "checkins", "clean_text",
           "default_review", "plan_calendar", "review_dates"]

#: how far ahead a new commitment's review date is set
REVIEW_WEEKS = 4
MAX_TEXT = 2000
REVIEW_PROMPT = ("Did you do what you planned? What happened, and what will you keep, "
                 "change or stop? Write down your next small step.")


class CheckIn(NamedTuple):
    """A check-in on the whole plan: when, its title, and the question it asks."""

    weeks: int
    title: str
    prompt: str


CHECKINS = (
    CheckIn(2, "Action plan: two-week check-in",
            "Which of your commitments have you started? What got in the way, and what "
            "one step will you take this week?"),
    CheckIn(6, "Action plan: six-week check-in",
            "What has changed in how you lead and manage? Ask a colleague who sees you "
            "at work to rate you again, and compare it with your own profile."),
)

# C0/C1 controls but tab and line feed, and the bidirectional overrides and isolates
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def clean_text(text: object, limit: int = MAX_TEXT) -> str:
    """Trainee text made safe to carry in a calendar: line endings evened out to
    ``\\n``, control characters and bidirectional overrides dropped, trimmed."""
    out = str(text).replace("\r\n", "\n").replace("\r", "\n")
    out = _UNSAFE.sub("", out).strip()
    return out if len(out) <= limit else out[:limit] + "…"


def default_review(today: date) -> date:
    """The review date a new commitment starts with."""
    return today + timedelta(weeks=REVIEW_WEEKS)


def checkins(today: date) -> list[tuple[date, CheckIn]]:
    """The check-ins of a plan made ``today``: (date, check-in)."""
    return [(today + timedelta(weeks=c.weeks), c) for c in CHECKINS]


def review_dates(plan: Mapping[str, Any]) -> dict[str, date]:
    """The plan's review dates as dates (``plan["reviews"]`` holds ISO strings);
    unreadable ones are left out."""
    out = {}
    raw = plan.get("reviews")
    for dim, value in (raw.items() if isinstance(raw, Mapping) else ()):
        try:
            out[str(dim)] = date.fromisoformat(str(value))
        except ValueError:
            continue
    return out


def _event(uid: str, day: date, summary: str, description: str, stamp: datetime) -> Any:
    from icalendar import Alarm, Event

    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    event.add("summary", summary)
    event.add("description", description)
    event.add("transp", "TRANSPARENT")  # a reminder, not a busy slot
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", summary)
    alarm.add("trigger", timedelta(hours=9))  # 09:00 on the day of an all-day event
    event.add_component(alarm)
    return event


def plan_calendar(course: Course, plan: Mapping[str, Any], *, today: date,
                  plan_id: str = "plan", now: datetime | None = None) -> bytes:
    """The plan's reminders as an iCalendar file (bytes).

    Args:
        plan: ``dimensions`` (chosen dimension ids), ``commitments`` ({id: text}) and
            ``reviews`` ({id: ISO date}); a commitment without a review date gets no
            event of its own.
        today: the day the check-ins count from.
        plan_id: a stable id for this trainee's plan (makes the event ids stable).
    """
    from icalendar import Calendar

    stamp = now or datetime.now(UTC)
    safe_id = re.sub(r"[^A-Za-z0-9-]", "", plan_id)[:40] or "plan"
    cal = Calendar()
    cal.add("prodid", "-//lvm-course//action plan//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", "My action plan")
    known = {d.id: d for d in course.dimensions}
    chosen = [known[d] for d in plan.get("dimensions", []) if d in known]
    commitments = plan.get("commitments") or {}
    reviews = review_dates(plan)
    lines = []
    for dim in chosen:
        text = clean_text(commitments.get(dim.id, "")) or "(nothing written yet)"
        lines.append(f"{dim.name}: {text}")
        if dim.id in reviews:
            cal.add_component(_event(
                f"{safe_id}-review-{dim.id}@lvm-course", reviews[dim.id],
                f"Review my commitment: {dim.name}",
                f"I will: {text}\n\n{REVIEW_PROMPT}", stamp))
    summary = "\n".join(f"- {line}" for line in lines) or "(no commitments yet)"
    for day, check in checkins(today):
        cal.add_component(_event(
            f"{safe_id}-checkin-{check.weeks}w@lvm-course", day, check.title,
            f"{check.prompt}\n\nMy commitments:\n{summary}", stamp))
    return cal.to_ical()
