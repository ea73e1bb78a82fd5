"""Finish every activity of the course for one trainee, by driving the widgets.

Run as ``python -m tests.browser.finish_course`` with ``LVM_COURSE_HOME`` set: every
notebook is read the way the room reads it, each activity is built and driven to
its end through its own controls (``.value``, ``.click()``), and its answers are
saved where the trainee's pages load them from. A page opened afterwards shows the
finished state: every answer given, every feedback panel, the results and the plan.
Used by ``test_screens`` to scan pages in their finished state.
"""

from __future__ import annotations

import sys
from datetime import date

from lvm_course.content import load_course
from lvm_course.room.notebook import read_part
from lvm_course.room.render import build_part
from lvm_course.widgets.session import session

PARTS = ["00_start_here", "01_two_roles", "02_key_differences", "03_ward_round",
         "04_lead_or_manage", "05_self_profile", "06_action_plan"]


def finish(activity) -> str:
    """Drive one activity to its end; return what was done (for the log)."""
    kind = type(activity).__name__
    if hasattr(activity, "buttons") and hasattr(activity, "next_button") and \
            hasattr(activity, "ids"):  # a card round: the quiz and the sorts
        while True:
            card = activity.cards[activity.ids[activity.index]]
            activity.buttons[activity.accepted(card)[0]].click()
            if activity.done:
                return f"{kind}: {activity.score} of {len(activity.ids)}"
            activity.next_button.click()
    if kind == "Scenario":
        for _ in range(50):
            if activity.done:
                return f"{kind}: ending reached"
            view = activity.view
            best = next((c for c in view.step.choices if c.verdict == "best"),
                        view.step.choices[0])
            view.why.value = "Because the team needs it now."
            view.choice.value = best.id
            view.choose_button.click()
            activity.next_button.click()
        raise RuntimeError("scenario did not end")
    if kind == "Cases":
        for case_id, view in activity.views.items():
            view.choice.value = view.case.best
            activity.check(case_id)
        return f"{kind}: {activity.score} of {len(activity.views)}"
    if kind == "Recall":
        for q in activity.questions.values():
            activity.radios[q.id].value = q.answer
            activity.check(q.id)
        return f"{kind}: {activity.score}"
    if kind == "Reflection":
        for box in activity.boxes.values():
            box.value = "Leading on the ward round, managing the rota."
        return f"{kind}: {len(activity.boxes)} notes"
    if kind == "ActionPlan":
        dims = [d.id for d in activity.session.course.dimensions][:2]
        for dim in dims:
            activity.checks[dim].value = True
            activity.commit[dim].value = "Share the aim at Monday's huddle"
            activity.review[dim].value = date(2027, 1, 15)
        return f"{kind}: {dims}"
    return f"{kind}: nothing to finish"


def main() -> int:
    course = load_course()
    sess = session(course)
    for n, item in enumerate(course.items):  # the questionnaire, every item answered
        sess.set_answer(item.id, 2 + n % 4)
    for part_id in PARTS:
        view = build_part(read_part(part_id))
        for activity in view.activities:
            print(part_id, finish(activity))
    return 0


if __name__ == "__main__":
    sys.exit(main())
