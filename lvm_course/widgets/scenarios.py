"""Notebook 03: a scenario step by step (the ward round, or any in scenarios.yaml).

At each step the trainee makes a call (lead, manage or both), may say why, and checks
it against the article. Calls, the "why" text (saved as it is typed), checked steps
and the step on screen are all saved, so a restart resumes on the same screen.
A new scenario in ``data/scenarios.yaml`` needs no Python.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from ..errors import LvmCourseError
from ..store import Store
from . import common
from .common import Activity, cite, esc, guarded, md, message
from .quizzes import feedback_box, heading

__all__ = ["CHOICES", "Scenario", "StepView", "scenario"]

CHOICES = {"lead": "Lead", "manage": "Manage", "both": "Both"}


def call_radio(value: Any = None) -> w.RadioButtons:
    """Lead / Manage / Both, labelled "Your call", nothing chosen until a click."""
    return w.RadioButtons(options=[(label, key) for key, label in CHOICES.items()],
                          value=value if value in CHOICES else None,
                          description="Your call", style={"description_width": "initial"},
                          layout=w.Layout(width="auto", margin="0 2em 0.3em 0"))


class StepView:
    """The controls of one step: ``choice`` (radio), ``why`` (text), ``check_button``,
    ``feedback``."""

    def __init__(self, owner: Scenario, step: Any, number: int) -> None:
        self.owner, self.step = owner, step
        self.choice = call_radio(owner.choices.get(step.id))
        self.why = w.Textarea(value=owner.whys.get(step.id, ""), description="Why? (optional)",
                              placeholder="A few words on your reasons (saved as you type)",
                              style={"description_width": "initial"},
                              layout=w.Layout(width="100%", max_width="640px", height="4.5em"))
        self.check_button = w.Button(description="Check", button_style="primary",
                                     tooltip="Compare your call with the article's")
        self.feedback = w.HTML()
        self.choice.observe(lambda c: owner._chosen(step.id, c["new"]), names="value")
        self.why.observe(lambda c: owner._typed(step.id, c["new"]), names="value")
        self.check_button.on_click(lambda _b: owner.check())
        total = len(owner.scenario.steps)
        self.box = w.VBox([
            w.HTML(f'<div style="color:#555">Step {number} of {total}</div>'
                   f'<div style="font-size:1.1em;font-weight:600;margin:0.2em 0">'
                   f"{esc(step.title)}</div>"
                   f'<p style="margin:0.3em 0 0.6em">{md(step.situation)}</p>'),
            self.choice, self.why, self.check_button, self.feedback])


class Scenario(Activity):
    """A scenario's intro, its steps one at a time, then the takeaway and a summary."""

    def __init__(self, course: Any, scenario_id: str = "ward-round",
                 store: Store | None = None) -> None:
        self.course = course
        self.scenario = course.scenario(scenario_id)
        self.store = store if store is not None else Store(f"scenario-{scenario_id}")
        ids = [s.id for s in self.scenario.steps]
        self.choices = self._saved_map("choices", lambda v: v in CHOICES, ids)
        self.whys = self._saved_map("why", lambda v: isinstance(v, str), ids)
        checked = self.store.get("checked")
        self.checked: set[str] = {i for i in checked if i in self.choices} \
            if isinstance(checked, list) else set()
        step = self.store.get("step")
        self.step_index = step if isinstance(step, int) and 0 <= step <= len(ids) else 0
        self.views = [StepView(self, s, n) for n, s in enumerate(self.scenario.steps, 1)]
        self.back_button = w.Button(description="◀ Previous step", tooltip="Go back a step")
        self.next_button = w.Button(description="Next step ▶", tooltip="Go to the next step")
        self.restart_button = w.Button(description="Start the scenario again",
                                       tooltip="Clear your calls and begin at step 1")
        self.back_button.on_click(lambda _b: self.go(self.step_index - 1))
        self.next_button.on_click(lambda _b: self.go(self.step_index + 1))
        self.restart_button.on_click(lambda _b: self.restart())
        self.stage = w.VBox()
        self.summary = w.HTML()
        self.note = w.HTML(message(self.store.problem, "warn") if self.store.problem else "")
        self.widget = w.VBox([
            w.HTML(heading(self.scenario.title) +
                   f'<p style="margin:0 0 0.6em">{md(self.scenario.intro)}</p>'),
            self.note, self.stage, w.HBox([self.back_button, self.next_button]),
            self.summary, self.restart_button], layout=w.Layout(max_width="820px"))
        for view in self.views:
            if view.step.id in self.checked:
                self._feedback(view)
        self.go(self.step_index)

    def _saved_map(self, key: str, ok: Any, ids: list[str]) -> dict[str, Any]:
        raw = self.store.get(key)
        raw = raw if isinstance(raw, dict) else {}
        return {k: v for k, v in raw.items() if k in ids and ok(v)}

    @property
    def view(self) -> StepView | None:
        """The step on screen (``None`` on the final summary)."""
        return self.views[self.step_index] if self.step_index < len(self.views) else None

    @property
    def done(self) -> bool:
        return len(self.checked) == len(self.views)

    @property
    def score(self) -> int:
        """Steps whose checked call is the article's best call."""
        return sum(1 for v in self.views
                   if v.step.id in self.checked and self.choices.get(v.step.id) == v.step.best)

    def _chosen(self, step_id: str, value: str | None) -> None:
        if value is None:
            self.choices.pop(step_id, None)
        else:
            self.choices[step_id] = value
        self.checked.discard(step_id)  # a new call needs a new check
        self.store.update({"choices": self.choices, "checked": sorted(self.checked)})
        view = next(v for v in self.views if v.step.id == step_id)
        view.feedback.value = ""
        self._buttons()

    def _typed(self, step_id: str, text: str) -> None:
        self.whys[step_id] = text
        self.store.set("why", self.whys)

    def check(self) -> None:
        """Give feedback on the call made at the current step."""
        view = self.view
        if view is None:
            return
        if view.choice.value is None:
            view.feedback.value = feedback_box(None, "Choose Lead, Manage or Both first.")
            return
        self.checked.add(view.step.id)
        self.store.set("checked", sorted(self.checked))
        self._feedback(view)
        self._buttons()

    def _feedback(self, view: StepView) -> None:
        step, choice = view.step, self.choices.get(view.step.id)
        if choice is None:
            return
        best = CHOICES[step.best]
        title = "Good call." if choice == step.best else \
            f"Worth another look: the article's call here is {best}."
        why = self.whys.get(step.id, "").strip()
        echo = f'<p style="margin:0.3em 0;color:#444">You wrote: “{esc(why)}”</p>' \
            if why else ""
        view.feedback.value = feedback_box(
            choice == step.best, title,
            f"{echo}<p style='margin:0.3em 0'>{md(getattr(step.feedback, choice))}</p>"
            f"<p style='margin:0.3em 0'>{md(step.explanation)}</p>{cite(self.course, step.source)}")

    def go(self, index: int) -> None:
        """Show step ``index`` (the summary after the last step)."""
        self.step_index = max(0, min(index, len(self.views)))
        if self.store.get("step") != self.step_index:
            self.store.set("step", self.step_index)
        view = self.view
        self.stage.children = [view.box] if view is not None else []
        self.summary.value = "" if view is not None else self._summary_html()
        self._buttons()

    def _buttons(self) -> None:
        view = self.view
        self.back_button.disabled = self.step_index == 0
        self.next_button.disabled = view is None or view.step.id not in self.checked
        last = self.step_index == len(self.views) - 1
        self.next_button.description = "See the summary ▶" if last else "Next step ▶"
        self.restart_button.layout.display = "" if view is None else "none"

    def _summary_html(self) -> str:
        cell = "style='text-align:left;vertical-align:top;padding:0.25em 0.9em 0.25em 0'"
        rows = []
        for v in self.views:
            call = self.choices.get(v.step.id)
            best = v.step.best
            mark = "✔" if call == best else "✘" if call else "–"
            colour = "#1e5e34" if call == best else "#8a1c12" if call else "#555"
            why = esc(self.whys.get(v.step.id, "").strip()) or "—"
            rows.append(f"<tr><th scope='row' {cell}>{esc(v.step.title)}</th>"
                        f"<td {cell}><span style='color:{colour}'>{mark}</span> "
                        f"{CHOICES.get(call or '', 'not answered')}</td>"
                        f"<td {cell}>{CHOICES[best]}</td><td {cell}>{why}</td></tr>")
        table = (f"<table style='border-collapse:collapse;margin:0.4em 0'><caption "
                 f"style='text-align:left;font-weight:600'>Your calls: {self.score} of "
                 f"{len(self.views)} match the article</caption><thead><tr>"
                 f"<th scope='col' {cell}>Step</th><th scope='col' {cell}>Your call</th>"
                 f"<th scope='col' {cell}>Article's call</th><th scope='col' {cell}>"
                 f"Your reasons</th></tr></thead><tbody>{''.join(rows)}</tbody></table>")
        return feedback_box(None, "Takeaway",
                            f"<p style='margin:0.3em 0'>{md(self.scenario.takeaway)}</p>"
                            f"{cite(self.course, self.scenario.source)}") + table

    def restart(self) -> None:
        """Clear every call and reason and begin again at step 1."""
        self.store.clear()
        self.choices, self.whys, self.checked = {}, {}, set()
        for v in self.views:
            v.choice.value = None
            v.why.value = ""
            v.feedback.value = ""
        self.go(0)


@guarded
def scenario(scenario_id: str = "ward-round", *,
             store: Store | None = None) -> Scenario | w.HTML:
    """Start a scenario from data/scenarios.yaml (resumes where you left off)."""
    course = common.get_course()
    try:
        course.scenario(scenario_id)
    except KeyError:
        known = ", ".join(s.id for s in course.scenarios)
        raise LvmCourseError(f"there is no scenario '{scenario_id}' "
                                    f"(known: {known})") from None
    return Scenario(course, scenario_id, store)
