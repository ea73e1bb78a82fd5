"""Reflection prompts in the notebooks: a question or two for each trainee, answered
privately, saved like every other answer and carried into the action plan (06).

The prompts live in ``data/course.yaml`` (``reflection`` under each notebook). Notes
are saved as they are typed in ``Store("reflections")``, one entry per prompt id:
``{"text": ..., "part": <notebook id>}``, so the plan can show them in course order
and a prompt an author later removes is simply no longer listed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

import ipywidgets as w

from ..content import Course
from ..errors import LvmCourseError
from ..store import Store
from .common import Activity, esc, get_course, guarded, message

__all__ = ["Note", "Reflection", "reflection", "saved_reflections"]

STORE = "reflections"


class Note(NamedTuple):
    """One saved reflection: the part it belongs to, the prompt, what was written."""

    part: str
    prompt: str
    text: str


class Reflection(Activity):
    """The reflection prompts of one notebook, each with a text box saved as you type."""

    def __init__(self, course: Course, notebook_id: str, store: Store | None = None):
        try:
            nb = course.notebook(notebook_id)
        except KeyError:
            raise LvmCourseError(f"no notebook '{notebook_id}' in course.yaml") from None
        self.store = store or Store(STORE)
        self.notebook = nb
        self.boxes: dict[str, w.Textarea] = {}
        rows: list[w.Widget] = [w.HTML("<h3>Think it over (just for you)</h3><p>A few "
                                       "words are enough. Only you see them; they come "
                                       "back in your action plan (part 06).</p>")]
        if self.store.problem:
            rows.append(w.HTML(message(self.store.problem, "warn")))
        for n, prompt in enumerate(nb.reflection, start=1):
            saved = self.store.get(prompt.id)
            text = saved.get("text", "") if isinstance(saved, dict) else ""
            box = w.Textarea(value=text if isinstance(text, str) else "",
                             description=f"Note {n}", placeholder="Your thoughts…",
                             layout=w.Layout(width="95%", height="4.5em"))
            box.observe(self._saver(prompt.id), names="value")
            self.boxes[prompt.id] = box
            rows += [w.HTML(f"<p class='lvm-prompt'><strong>{n}.</strong> "
                            f"{esc(prompt.text)}</p>"), box]
        if not nb.reflection:
            rows.append(w.HTML(message("This part has no reflection questions.")))
        self.widget = w.VBox(rows, layout=w.Layout(max_width="820px"))

    def _saver(self, prompt_id: str) -> Callable[[dict[str, Any]], None]:
        def save(change: dict[str, Any]) -> None:
            self.store.set(prompt_id, {"text": change["new"], "part": self.notebook.id})
        return save


def saved_reflections(course: Course, store: Store | None = None) -> list[Note]:
    """Every reflection written so far, in course order (empty notes left out)."""
    store = store or Store(STORE)
    out = []
    for nb in course.notebooks:
        for prompt in nb.reflection:
            saved = store.get(prompt.id)
            text = saved.get("text") if isinstance(saved, dict) else None
            if isinstance(text, str) and text.strip():
                out.append(Note(nb.id, prompt.text, text.strip()))
    return out


@guarded
def reflection(notebook_id: str) -> Reflection:
    """Show this notebook's reflection prompts (your notes come back as you left them)."""
    return Reflection(get_course(), notebook_id)
