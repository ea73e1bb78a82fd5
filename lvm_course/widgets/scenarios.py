"""Notebook 03: a branching scenario (the ward round, or any in scenarios.yaml).

At each step the trainee picks a choice (and may say why), sees what happens next in
the story, then the feedback: a verdict, the reasoning and its source. Choices lead to
different steps, and every path ends at one of the scenario's endings, where the
takeaway and the trainee's whole path are shown. A new scenario in
``data/scenarios.yaml`` needs no Python.

The path, the choice picked but not yet taken, the reasons typed and whether the
outcome is on screen are saved at once in ``Store("scenario-<id>")``, so building the
activity again shows the same screen. Saved progress that no longer fits the scenario
(the old linear ward round, or a step since removed) is dropped with a short note.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from ..branching import is_ending, node
from ..errors import LvmCourseError
from ..store import Store
from . import common
from .common import Activity, cite, esc, guarded, md, message
from .quizzes import feedback_box, heading
from .scenario_text import OLD_KEYS, STALE_NOTE, outcome_html, summary_html

__all__ = ["CHOICES", "Scenario", "StepView", "call_radio", "scenario"]

#: the three calls of the short cases in 04 (:mod:`.casework`)
CHOICES = {"lead": "Lead", "manage": "Manage", "both": "Both"}


def call_radio(value: Any = None) -> w.RadioButtons:
    """Lead / Manage / Both, labelled "Your call", nothing chosen until a click."""
    return w.RadioButtons(options=[(label, key) for key, label in CHOICES.items()],
                          value=value if value in CHOICES else None,
                          description="Your call", style={"description_width": "initial"},
                          layout=w.Layout(width="auto", margin="0 2em 0.3em 0"))


def _fit() -> w.Layout:
    """A button as wide as its label (ipywidgets' fixed width cuts longer ones off)."""
    return w.Layout(width="auto")


class StepView:
    """One step on screen: ``choice`` (radio), ``why`` (text), ``choose_button`` and
    ``outcome`` (what happens next, then the feedback)."""

    def __init__(self, owner: Scenario, step: Any, number: int, picked: str | None) -> None:
        self.step = step
        ids = [c.id for c in step.choices]
        self.choice = w.RadioButtons(options=[(c.label, c.id) for c in step.choices],
                                     value=picked if picked in ids else None,
                                     description="Your choice",
                                     style={"description_width": "initial"},
                                     layout=w.Layout(width="auto", margin="0 0 0.3em 0"))
        self.why = w.Textarea(value=owner.whys.get(step.id, ""), description="Why? (optional)",
                              placeholder="A few words on your reasons (saved as you type)",
                              style={"description_width": "initial"},
                              layout=w.Layout(width="100%", max_width="640px", height="4.5em"))
        self.choose_button = w.Button(description="Go with this choice", button_style="primary",
                                      tooltip="See what happens next, then the feedback",
                                      layout=_fit())
        self.outcome = w.HTML()
        self.choice.observe(lambda c: owner._picked(self, c["new"]), names="value")
        self.why.observe(lambda c: owner._typed(step.id, c["new"]), names="value")
        self.choose_button.on_click(lambda _b: owner.choose())
        self.box = w.VBox([
            w.HTML(f'<div style="color:#555">Step {number}</div>'
                   f'<h4 style="font-size:1.05em;font-weight:600;color:#222;margin:0.2em 0">'
                   f"{esc(step.title)}</h4>"
                   f'<p style="margin:0.3em 0 0.2em">{md(step.situation)}</p>'
                   f"{cite(owner.course, step.source)}"),
            self.choice, self.why, self.choose_button, self.outcome])

    def lock(self, taken: bool) -> None:
        self.choice.disabled = taken
        self.choose_button.layout.display = "none" if taken else ""


class Scenario(Activity):
    """A scenario's intro, then one step at a time along the trainee's path; at an
    ending, the takeaway and the path taken."""

    def __init__(self, course: Any, scenario_id: str = "ward-round",
                 store: Store | None = None) -> None:
        self.course = course
        self.scenario = course.scenario(scenario_id)
        self.steps = {s.id: s for s in self.scenario.steps}
        self.store = store if store is not None else Store(f"scenario-{scenario_id}")
        notes = [self.store.problem] if self.store.problem else []
        if not self._restore():
            notes.append(STALE_NOTE)
        self.view: StepView | None = None
        self.back_button = w.Button(description="◀ Change my last choice", layout=_fit(),
                                    tooltip="Go back one step and choose again")
        self.next_button = w.Button(description="Next step ▶", tooltip="Go on with the story",
                                    layout=_fit())
        self.start_over = w.Button(description="Start over…", layout=_fit(),
                                   tooltip="Clear your path through this scenario (asks first)")
        self.confirm_yes = w.Button(description="Yes, start over", button_style="danger",
                                    layout=_fit())
        self.confirm_no = w.Button(description="No, carry on", layout=_fit())
        self.confirm = w.HBox([w.HTML("Clear your choices and reasons in this scenario? "),
                               self.confirm_yes, self.confirm_no],
                              layout=w.Layout(display="none"))
        self.back_button.on_click(lambda _b: self.back())
        self.next_button.on_click(lambda _b: self.next())
        self.start_over.on_click(lambda _b: self._ask(True))
        self.confirm_no.on_click(lambda _b: self._ask(False))
        self.confirm_yes.on_click(lambda _b: self.restart())
        self.stage = w.VBox()
        self.summary = w.HTML()
        self.note = w.HTML("".join(message(n, "warn") for n in notes))
        self.widget = w.VBox([
            w.HTML(heading(self.scenario.title) +
                   f'<p style="margin:0 0 0.3em">{md(self.scenario.intro)}</p>'
                   f"{cite(course, self.scenario.source)}"),
            self.note, self.stage, self.summary,
            w.HBox([self.back_button, self.next_button]),
            w.HBox([self.start_over]), self.confirm], layout=w.Layout(max_width="820px"))
        self._show()

    # --- saved progress ------------------------------------------------------------------
    def _restore(self) -> bool:
        """Read the saved path; ``False`` (and a clean start) when it does not fit."""
        data = self.store.as_dict()
        path = self._valid_path(data.get("path", []))
        if path is None or any(k in data for k in OLD_KEYS):
            self.path, self.open, self.whys, self.picked = [], False, {}, {}
            if data:
                self.store.clear()
            return False
        self.path = path
        self.open = bool(path) and data.get("open") is True
        whys, picked = data.get("why"), data.get("picked")
        self.whys = {k: v for k, v in whys.items() if k in self.steps and isinstance(v, str)} \
            if isinstance(whys, dict) else {}
        self.picked = {k: v for k, v in picked.items() if k in self.steps and any(
            c.id == v for c in self.steps[k].choices)} if isinstance(picked, dict) else {}
        return True

    def _valid_path(self, raw: Any) -> list[tuple[str, str]] | None:
        """The saved path if every entry follows from the one before, else ``None``."""
        if not isinstance(raw, list):
            return None
        path, at = [], self.scenario.steps[0].id
        for entry in raw:
            step = self.steps.get(entry.get("step")) if isinstance(entry, dict) else None
            option = next((c for c in step.choices if c.id == entry.get("choice")), None) \
                if step is not None and step.id == at else None
            if option is None:
                return None
            path.append((step.id, option.id))
            at = option.next
        return path

    def _save(self) -> None:
        self.store.update({"path": [{"step": s, "choice": c} for s, c in self.path],
                           "open": self.open, "picked": self.picked})

    # --- where the trainee is ----------------------------------------------------------
    def option(self, step_id: str, choice_id: str) -> Any:
        return next(c for c in self.steps[step_id].choices if c.id == choice_id)

    @property
    def at(self) -> str:
        """The id of the step or ending on screen."""
        if not self.path:
            return self.scenario.steps[0].id
        step_id, choice_id = self.path[-1]
        return step_id if self.open else self.option(step_id, choice_id).next

    @property
    def done(self) -> bool:
        """An ending is on screen."""
        return is_ending(self.scenario, self.at)

    def _show(self, focus: bool = False) -> None:
        at = self.at
        self.back_button.disabled = not self.path
        if self.done:
            self.view = None
            self.stage.children = []
            self.summary.value = summary_html(self.course, self.scenario, node(self.scenario, at),
                                              self.path, self.whys)
            self.next_button.layout.display = "none"
            return
        self.summary.value = ""
        self.next_button.layout.display = ""
        taken = self.path[-1][1] if self.open else None
        number = len(self.path) + (0 if self.open else 1)
        self.view = StepView(self, self.steps[at], number, taken or self.picked.get(at))
        self.stage.children = [self.view.box]
        self._outcome()
        if focus:
            self.view.choice.focus()

    def _outcome(self) -> None:
        """Show (or clear) the outcome of the step on screen and set the Next button."""
        view = self.view
        assert view is not None
        taken = self.open and self.path[-1][0] == view.step.id
        view.lock(taken)
        self.next_button.disabled = not taken
        if not taken:
            view.outcome.value = ""
            self.next_button.description = "Next step ▶"
            return
        option = self.option(*self.path[-1])
        view.outcome.value = outcome_html(self.course, view.step, option,
                                          self.whys.get(view.step.id, ""))
        self.next_button.description = "See how it ends ▶" \
            if is_ending(self.scenario, option.next) else "Next step ▶"

    # --- what the trainee does ---------------------------------------------------------
    def _picked(self, view: StepView, value: str | None) -> None:
        if view is not self.view or (self.open and self.path[-1][0] == view.step.id):
            return  # an old screen, or the choice is already taken
        if value is None:
            self.picked.pop(view.step.id, None)
        else:
            self.picked[view.step.id] = value
        view.outcome.value = ""
        self.store.set("picked", self.picked)

    def _typed(self, step_id: str, text: str) -> None:
        self.whys[step_id] = text
        self.store.set("why", self.whys)

    def choose(self) -> None:
        """Take the picked choice: what happens next, then the feedback."""
        view = self.view
        if view is None or self.open and self.path[-1][0] == view.step.id:
            return
        if view.choice.value is None:
            view.outcome.value = feedback_box(None, "Pick one of the choices first.")
            return
        self.path.append((view.step.id, view.choice.value))
        self.picked.pop(view.step.id, None)  # taken now; a loop back starts unpicked
        self.open = True
        self._save()
        self._outcome()
        self.next_button.focus()

    def next(self) -> None:
        """Go on to where the choice leads (a step, or an ending and the summary)."""
        if not self.open:
            return
        self.open = False
        self._save()
        self._show(focus=True)

    def back(self) -> None:
        """Undo the last choice: its step again, with that choice still picked."""
        if not self.path:
            return
        step_id, choice_id = self.path.pop()
        self.picked[step_id] = choice_id
        self.open = False
        self._save()
        self._show(focus=True)

    def _ask(self, show: bool) -> None:
        self.confirm.layout.display = "flex" if show else "none"

    def restart(self) -> None:
        """Forget the path, the picks and the reasons; begin at the first step."""
        self._ask(False)
        self.store.clear()
        self.path, self.open, self.whys, self.picked = [], False, {}, {}
        self.note.value = ""
        self._show(focus=True)

    @property
    def verdicts(self) -> list[str]:
        """The verdict of each choice on the path so far."""
        return [self.option(s, c).verdict for s, c in self.path]


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

