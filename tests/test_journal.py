"""Reflection prompts: written privately in a notebook, saved as typed, restored, and
listed in course order for the action plan."""

from __future__ import annotations

import ipywidgets as w

from lvm_course.store import Store
from lvm_course.widgets import reflection
from lvm_course.widgets.journal import Reflection, saved_reflections


def test_every_part_but_the_plan_asks_something(course):
    asked = {nb.id for nb in course.notebooks if nb.reflection}
    assert asked == {nb.id for nb in course.notebooks} - {"06_action_plan"}
    ids = [p.id for nb in course.notebooks for p in nb.reflection]
    assert len(ids) == len(set(ids))


def test_notes_are_saved_as_typed_and_come_back(course, home):
    first = reflection("05_self_profile")
    assert isinstance(first, Reflection)
    prompts = course.notebook("05_self_profile").reflection
    assert len(first.boxes) == len(prompts) == 2
    first.boxes[prompts[0].id].value = "That I scored myself low on planning."
    again = reflection("05_self_profile")  # the notebook reopened, the kernel restarted
    assert again.boxes[prompts[0].id].value == "That I scored myself low on planning."
    assert again.boxes[prompts[1].id].value == ""
    for prompt in prompts:  # each prompt is shown, in the course's words
        assert any(prompt.text in getattr(x, "value", "") for x in again.widget.children)


def test_saved_reflections_list_what_was_written_in_course_order(course, home):
    reflection("05_self_profile").boxes["surprise"].value = "  planning  "
    reflection("01_two_roles").boxes["my-week"].value = "mostly managing"
    reflection("03_ward_round").boxes["my-setting"].value = "   "  # blank: left out
    notes = saved_reflections(course)
    assert [(n.part, n.text) for n in notes] == [("01_two_roles", "mostly managing"),
                                                 ("05_self_profile", "planning")]
    assert notes[0].prompt == course.notebook("01_two_roles").reflection[0].text


def test_a_removed_prompt_is_no_longer_listed(course, home):
    Store("reflections").set("gone-prompt", {"text": "old note", "part": "01_two_roles"})
    assert saved_reflections(course) == []


def test_trainee_text_stays_in_the_text_box_never_in_markup(course, home):
    box = reflection("01_two_roles").boxes["my-week"]
    box.value = "<img src=x onerror=alert(1)>"
    again = reflection("01_two_roles")
    assert again.boxes["my-week"].value == "<img src=x onerror=alert(1)>"
    html = " ".join(x.value for x in again.widget.children if isinstance(x, w.HTML))
    assert "<img" not in html


def test_an_unknown_part_is_a_friendly_message(home):
    shown = reflection("99_nowhere")
    assert isinstance(shown, w.HTML) and "99_nowhere" in shown.value
