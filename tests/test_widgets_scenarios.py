"""The branching scenarios of 03 (lvm_course.widgets.scenarios), driven without a
browser: set ``.value`` and ``.click()``. Every branch of every scenario in the data is
played to an ending; what happens next shows before the feedback; progress comes back
when the activity is built again over the same home (a kernel restart, a reload in the
room); the old linear ward round's saved progress does not break it."""

from __future__ import annotations

import re

import ipywidgets as w
import pytest

from lvm_course.branching import is_ending, node, walks
from lvm_course.model import Scenario as ScenarioModel
from lvm_course.store import Store
from lvm_course.widgets import common
from lvm_course.widgets.scenario_text import STALE_NOTE, VERDICTS
from lvm_course.widgets.scenarios import Scenario, scenario

from .conftest import DATA

EVIL = "<script>alert('x')</script>"


def _ids():
    from lvm_course.content import load_course

    return [s.id for s in load_course(DATA).scenarios]


def take(s: Scenario, choice_id: str, why: str | None = None) -> None:
    """Pick a choice as a trainee does (radio, optional reason, then the button)."""
    if why is not None:
        s.view.why.value = why
    s.view.choice.value = choice_id
    s.view.choose_button.click()


def cover(sc) -> list[list[tuple[str, str]]]:
    """Paths from the first step to an ending that between them take every choice of
    every step (a loop once) and reach every ending."""
    chosen, seen = [], set()
    for path in walks(sc):
        new = set(path) | {("end", node_id_after(sc, path))}
        if not new <= seen:
            chosen.append(path)
            seen |= new
    return chosen


def node_id_after(sc, path) -> str:
    step, choice = path[-1]
    return next(c.next for c in node(sc, step).choices if c.id == choice)


def option(sc, step_id, choice_id):
    return next(c for c in node(sc, step_id).choices if c.id == choice_id)


def _html(widget) -> str:
    out, stack = [], [widget]
    while stack:
        x = stack.pop()
        if isinstance(x, w.HTML):
            out.append(x.value)
        stack.extend(getattr(x, "children", ()))
    return "\n".join(out)


# --- every branch ---------------------------------------------------------------------

@pytest.mark.parametrize("scenario_id", _ids())
def test_every_branch_plays_to_an_ending(course, home, tmp_path, scenario_id):
    """Each choice of each step is taken on some path, by the widget's own controls,
    and every path reaches one of the endings, which shows the whole path."""
    sc = course.scenario(scenario_id)
    paths = cover(sc)
    every = {(s.id, c.id) for s in sc.steps for c in s.choices}
    assert set().union(*map(set, paths)) == every  # every branch is covered
    assert {node_id_after(sc, p) for p in paths} == {e.id for e in sc.endings}
    for n, path in enumerate(paths):
        s = scenario(scenario_id, store=Store(f"scenario-{scenario_id}", tmp_path / str(n)))
        assert isinstance(s, Scenario)
        for k, (step_id, choice_id) in enumerate(path, 1):
            assert s.at == step_id and not s.done
            assert f"Step {k}</div>" in s.view.box.children[0].value
            assert s.next_button.disabled and s.view.outcome.value == ""
            take(s, choice_id, why=f"reason {k}")
            opt = option(sc, step_id, choice_id)
            assert common.md(opt.consequence) in s.view.outcome.value
            assert common.md(opt.feedback) in s.view.outcome.value
            assert VERDICTS[opt.verdict][1] in s.view.outcome.value
            assert not s.next_button.disabled
            assert s.next_button.description == (
                "See how it ends ▶" if is_ending(sc, opt.next) else "Next step ▶")
            s.next_button.click()
        ending = node(sc, s.at)
        assert s.done and s.view is None and is_ending(sc, ending.id)
        summary = s.summary.value
        assert common.esc(ending.title) in summary and common.md(ending.text) in summary
        assert common.md(sc.takeaway.text) in summary
        assert f"Your path: {len(path)} decision" in summary
        best = sum(option(sc, *p).verdict == "best" for p in path)
        assert f"{best} best call" in summary
        rows = re.findall(r"<tr><td [^>]*>(\d+)</td>", summary)
        assert rows == [str(k) for k in range(1, len(path) + 1)]
        last = {step_id: k for k, (step_id, _) in enumerate(path, 1)}  # a loop: one box
        for step_id, choice_id in path:
            assert common.md(option(sc, step_id, choice_id).label) in summary
            assert f"reason {last[step_id]}" in summary
        assert s.next_button.layout.display == "none"


@pytest.mark.parametrize("scenario_id", _ids())
def test_consequence_is_shown_before_the_feedback(course, home, scenario_id):
    """What happens next comes first on screen, then the verdict, reasoning and source."""
    sc = course.scenario(scenario_id)
    s = scenario(scenario_id)
    first = sc.steps[0]
    for choice in first.choices:
        s.restart()
        take(s, choice.id)
        out = s.view.outcome.value
        story = out.index(common.md(choice.consequence))
        verdict = out.index(VERDICTS[choice.verdict][1])
        assert out.index("What happens next") < story < verdict < out.index(
            common.md(choice.feedback)) < out.index("Source:")
        title = common.esc(course.source_title(choice.source))
        assert title in out
        if choice.verdict != "best":  # the best call is named
            best = next(c for c in first.choices if c.verdict == "best")
            assert f"The best call here: {common.md(best.label)}" in out


def test_a_choice_must_be_picked_before_going_on(course, home):
    s = scenario()
    s.view.choose_button.click()
    assert "Pick one of the choices first" in s.view.outcome.value
    assert s.path == [] and s.next_button.disabled


def test_a_loop_returns_to_its_step_with_nothing_picked(course, home):
    """A choice that leads back to its own step shows that step again, one step on."""
    sc = course.scenario("ward-round")
    loops = [(st, c) for st in sc.steps for c in st.choices if c.next == st.id]
    assert loops, "the ward round keeps one 'think again' loop"
    step, loop = loops[0]
    path = next(p for p in walks(sc) if (step.id, loop.id) in p)
    s = scenario("ward-round")
    for step_id, choice_id in path[: path.index((step.id, loop.id)) + 1]:
        assert s.at == step_id
        take(s, choice_id)
        s.next()
    assert s.at == step.id and s.view.choice.value is None
    assert s.path[-1] == (step.id, loop.id) and s.path[-2][0] != step.id


# --- controls --------------------------------------------------------------------------

def test_controls_are_labelled_buttons_and_radios_and_headings_nest(course, home):
    """No sliders; every control has text; headings inside are h3 (title) and h4."""
    s = scenario()
    sc = course.scenario("ward-round")
    for step_id, choice_id in cover(sc)[0]:
        assert isinstance(s.view.choice, w.RadioButtons)
        assert s.view.choice.description == "Your choice"
        assert [label for label, _ in s.view.choice.options] == \
            [c.label for c in node(sc, step_id).choices]
        take(s, choice_id)
        s.next()
    stack, seen = [s.widget], []
    while stack:
        x = stack.pop()
        seen.append(x)
        stack.extend(getattr(x, "children", ()))
    assert not any(isinstance(x, (w.IntSlider, w.FloatSlider, w.SelectionSlider)) for x in seen)
    for button in (s.back_button, s.next_button, s.start_over, s.confirm_yes, s.confirm_no):
        assert button.description.strip()
    html = _html(s.widget)
    assert "<h3" in html and "<h4" in html
    assert not re.search(r"<h[1256]", html)


# --- saving, restoring, starting over ----------------------------------------------------

def test_progress_comes_back_when_built_again(course, home):
    """Path, the reason typed, the choice picked but not taken, and an outcome on screen."""
    sc = course.scenario("ward-round")
    path = cover(sc)[0]
    s = scenario()
    take(s, path[0][1], why="Sickest first")
    s.next_button.click()
    take(s, path[1][1])  # outcome on screen, Next not pressed
    again = scenario()
    assert again.path == s.path == path[:2] and again.at == path[1][0]
    assert again.view.outcome.value == s.view.outcome.value != ""
    assert again.view.choice.value == path[1][1] and again.view.choice.disabled
    again.next_button.click()
    third = node(sc, again.at)
    again.view.choice.value = third.choices[-1].id  # picked, not taken
    again.view.why.value = "Half typed"
    back = scenario()
    assert back.at == third.id and back.view.outcome.value == ""
    assert back.view.choice.value == third.choices[-1].id
    assert back.view.why.value == "Half typed" and back.whys[path[0][0]] == "Sickest first"
    assert back.note.value == ""


def test_change_my_last_choice(course, home):
    """Back undoes the last choice: its step again, that choice still picked."""
    sc = course.scenario("ward-round")
    s = scenario()
    assert s.back_button.disabled
    first = sc.steps[0]
    take(s, first.choices[-1].id)
    s.next()
    s.back_button.click()
    assert s.at == first.id and s.path == [] and s.back_button.disabled
    assert s.view.choice.value == first.choices[-1].id and s.view.outcome.value == ""
    take(s, first.choices[0].id)
    assert s.path == [(first.id, first.choices[0].id)]
    assert scenario().path == s.path


def test_start_over_asks_first(course, home):
    s = scenario()
    take(s, course.scenario("ward-round").steps[0].choices[0].id, why="x")
    s.start_over.click()
    assert s.confirm.layout.display == "flex" and s.path
    s.confirm_no.click()
    assert s.confirm.layout.display == "none" and s.path
    s.start_over.click()
    s.confirm_yes.click()
    assert s.path == [] and s.whys == {} and s.at == course.scenario("ward-round").steps[0].id
    assert s.store.as_dict() == {} and s.confirm.layout.display == "none"
    assert scenario().path == []


def test_old_linear_ward_round_progress_is_tolerated(course, home):
    """What the ward round saved before it branched (same store name) does not crash:
    the scenario starts clean with a short note, once."""
    old = Store("scenario-ward-round")
    old.update({"choices": {"wr-review": "both", "wr-plan": "lead"},
                "why": {"wr-review": "old reason", "wr-plan": 7},
                "checked": ["wr-review", "wr-plan"], "step": 2})
    s = scenario()
    assert isinstance(s, Scenario) and s.path == [] and s.whys == {}
    assert s.at == course.scenario("ward-round").steps[0].id
    assert common.esc(STALE_NOTE) in s.note.value
    assert Store("scenario-ward-round").as_dict() == {}
    assert scenario().note.value == ""  # said once


@pytest.mark.parametrize("saved", [
    {"path": [{"step": "wr-gone", "choice": "x"}]},
    {"path": [{"step": "wr-board", "choice": "no-such-choice"}]},
    {"path": [{"step": "wr-allocate", "choice": "manage"}]},  # skips the steps before it
    {"path": "wr-board"},
    {"path": [["wr-board", "both"]]},
])
def test_saved_path_that_no_longer_fits_starts_clean(course, home, saved):
    Store("scenario-ward-round").update({**saved, "open": True})
    s = scenario()
    assert isinstance(s, Scenario) and s.path == [] and STALE_NOTE[:30] in s.note.value


def test_odd_picks_and_reasons_are_ignored(course, home):
    Store("scenario-ward-round").update({"path": [], "open": "yes", "picked": {
        "wr-board": "nope", "wr-gone": "both"}, "why": {"wr-board": ["x"], "wr-gone": "y"}})
    s = scenario()
    assert s.path == [] and not s.open and s.picked == {} and s.whys == {}
    assert s.view.choice.value is None and s.note.value == ""


def test_each_trainee_has_their_own_progress(course, tmp_path, monkeypatch):
    """Nothing per trainee lives in the module: two homes (two trainees of the room)
    each get their own path, and a rebuild reads the right one."""
    for who in ("a", "b"):
        monkeypatch.setenv("LVM_COURSE_HOME", str(tmp_path / who))
        s = scenario()
        assert s.path == []
        take(s, s.view.step.choices[0 if who == "a" else 1].id)
    for who, k in (("a", 0), ("b", 1)):
        monkeypatch.setenv("LVM_COURSE_HOME", str(tmp_path / who))
        first = course.scenario("ward-round").steps[0]
        assert scenario().path == [(first.id, first.choices[k].id)]


def test_typed_reason_is_escaped_wherever_it_is_echoed(course, home):
    """A <script> in the 'why' box is shown as text in the feedback and the path."""
    s = scenario()
    for step_id, choice_id in cover(course.scenario("ward-round"))[0]:
        assert s.at == step_id
        take(s, choice_id, why=EVIL)
        assert "<script>" not in s.view.outcome.value
        assert "You wrote: “&lt;script&gt;" in s.view.outcome.value
        s.next()
    assert "<script>" not in s.summary.value and "&lt;script&gt;" in s.summary.value


# --- any scenario ------------------------------------------------------------------------

def test_a_new_scenario_needs_no_python(course, home, monkeypatch):
    """A made-up scenario from plain data: one step, two choices, two endings."""
    import dataclasses

    extra = ScenarioModel.model_validate({
        "id": "handover", "title": "Handover", "intro": "Shift change.", "source": "course",
        "takeaway": {"text": "Ask what the team needs.", "source": "course"},
        "steps": [{"id": "ho-1", "title": "Only step", "situation": "Busy.", "source": "course",
                   "choices": [
                       {"id": "a", "label": "Manage: one list", "consequence": "Calm.",
                        "verdict": "best", "feedback": "Clear.", "next": "ho-end-a",
                        "source": "course"},
                       {"id": "b", "label": "Lead: a pep talk", "consequence": "Late.",
                        "verdict": "rethink", "feedback": "Not now.", "next": "ho-end-b",
                        "source": "course"}]}],
        "endings": [{"id": "ho-end-a", "title": "On time", "text": "Done.", "source": "course"},
                    {"id": "ho-end-b", "title": "Late", "text": "Overran.",
                     "source": "course"}]})
    new = dataclasses.replace(course, scenarios=(*course.scenarios, extra))
    monkeypatch.setattr(common, "get_course", lambda: new)
    s = scenario("handover")
    assert isinstance(s, Scenario) and s.store.name == "scenario-handover"
    take(s, "b")
    assert s.next_button.description.startswith("See how it ends")
    s.next_button.click()
    assert s.done and "The end: Late" in s.summary.value
    assert "0 best calls" in s.summary.value and "1 worth another look" in s.summary.value
    assert "could not start" in scenario("nope").value and "nope" in scenario("nope").value
