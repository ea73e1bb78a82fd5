"""Notebook 04: short cases: lead, manage or both? Check each, then see the score.

Calls and checks are saved on every click; a restart shows the same calls, the same
feedback and the same score.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from ..store import Store
from . import common
from .common import Activity, cite_item, differ_html, guarded, md, message
from .quizzes import feedback_box, heading

__all__ = ["CHOICES", "CaseView", "Cases", "cases"]

CHOICES = {"lead": "Lead", "manage": "Manage", "both": "Both / it depends"}


def call_radio(value: Any = None) -> w.RadioButtons:
    """Lead / Manage / Both or it depends, labelled "Your call", nothing chosen yet."""
    return w.RadioButtons(options=[(label, key) for key, label in CHOICES.items()],
                          value=value if value in CHOICES else None,
                          description="Your call", style={"description_width": "initial"},
                          layout=w.Layout(width="auto", margin="0 2em 0.3em 0"))


def accepted(case: Any) -> tuple[str, ...]:
    """The suggested call, then any other call the course accepts for this case."""
    return (case.best, *case.accepts)


class CaseView:
    """One case's controls: ``choice`` (radio), ``check_button``, ``feedback``."""

    def __init__(self, owner: Cases, case: Any, number: int) -> None:
        self.case = case
        self.choice = call_radio(owner.choices.get(case.id))
        self.check_button = w.Button(description="Check", button_style="primary",
                                     tooltip=f"Check your call for case {number}")
        self.feedback = w.HTML()
        self.choice.observe(lambda c: owner._chosen(case.id, c["new"]), names="value")
        self.check_button.on_click(lambda _b: owner.check(case.id))
        self.box = w.VBox([
            w.HTML(f'<div style="font-weight:600;margin-top:0.8em">Case {number}</div>'
                   f'<p style="margin:0.2em 0 0.4em">{md(case.text)}</p>'),
            w.HBox([self.choice, self.check_button],
                   layout=w.Layout(align_items="center", flex_flow="row wrap")),
            self.feedback], layout=w.Layout(border_bottom="1px solid #ddd",
                                            padding="0 0 0.5em 0"))


class Cases(Activity):
    """Every short case with its own call and check; a score once all are checked."""

    def __init__(self, course: Any, store: Store | None = None) -> None:
        self.course = course
        self.store = store if store is not None else Store("cases")
        ids = {c.id for c in course.cases}
        raw = self.store.get("choices")
        raw = raw if isinstance(raw, dict) else {}
        self.choices: dict[str, str] = {k: v for k, v in raw.items()
                                        if k in ids and v in CHOICES}
        checked = self.store.get("checked")
        self.checked: set[str] = {i for i in checked if i in self.choices} \
            if isinstance(checked, list) else set()
        self.views = {c.id: CaseView(self, c, n) for n, c in enumerate(course.cases, 1)}
        self.score_html = w.HTML()
        self.restart_button = w.Button(description="Start again",
                                       tooltip="Clear your calls for every case")
        self.restart_button.on_click(lambda _b: self.restart())
        self.note = w.HTML(message(self.store.problem, "warn") if self.store.problem else "")
        self.widget = w.VBox([
            w.HTML(heading("Lead, manage or both?", "For each case, make your call, then "
                           "press **Check**.")),
            self.note, *(v.box for v in self.views.values()), self.score_html,
            self.restart_button], layout=w.Layout(max_width="820px"))
        for case_id in self.checked:
            self._feedback(case_id)
        self._score()

    @property
    def done(self) -> bool:
        return len(self.checked) == len(self.views)

    @property
    def score(self) -> int:
        """Checked cases whose call is one the course accepts."""
        return sum(1 for i in self.checked if self.choices[i] in accepted(self.views[i].case))

    def _chosen(self, case_id: str, value: str | None) -> None:
        if value is None:
            self.choices.pop(case_id, None)
        else:
            self.choices[case_id] = value
        self.checked.discard(case_id)  # a changed call needs a new check
        self.views[case_id].feedback.value = ""
        self.store.update({"choices": self.choices, "checked": sorted(self.checked)})
        self._score()

    def check(self, case_id: str) -> None:
        """Feedback for one case's call."""
        view = self.views[case_id]
        if view.choice.value is None:
            view.feedback.value = feedback_box(None, "Choose Lead, Manage or Both / it "
                                                     "depends first.")
            return
        self.checked.add(case_id)
        self.store.set("checked", sorted(self.checked))
        self._feedback(case_id)
        self._score()

    def _feedback(self, case_id: str) -> None:
        view = self.views[case_id]
        case, choice = view.case, self.choices[case_id]
        calls = " or ".join(CHOICES[c] for c in accepted(case))
        if choice == case.best:
            title = f"Good call: {CHOICES[case.best]}."
        elif choice in case.accepts:
            title = f"That call fits too: you chose {CHOICES[choice]}; the course suggests " \
                f"{CHOICES[case.best]}."
        else:
            title = f"Not quite: you chose {CHOICES[choice]}; the suggested call is {calls}."
        view.feedback.value = feedback_box(
            choice in accepted(case), title,
            f"<p style='margin:0.3em 0'>{md(case.explanation)}</p>{differ_html(case)}"
            f"{cite_item(self.course, case)}")

    def _score(self) -> None:
        total = len(self.views)
        if self.done:
            self.score_html.value = feedback_box(
                None, f"Your call fitted in {self.score} of {total} cases.",
                "<p style='margin:0.3em 0'>The right call depends on the situation: "
                "most real cases need some of both.</p>")
        else:
            self.score_html.value = (f'<div style="color:#555;margin-top:0.6em">'
                                     f"{len(self.checked)} of {total} cases checked.</div>")
        self.restart_button.layout.display = "" if self.checked else "none"

    def restart(self) -> None:
        """Clear every call and check."""
        for view in self.views.values():
            view.choice.value = None
        self.store.clear()
        self._score()


@guarded
def cases(*, store: Store | None = None) -> Cases | w.HTML:
    """Start the short cases (your calls are restored)."""
    return Cases(common.get_course(), store)
