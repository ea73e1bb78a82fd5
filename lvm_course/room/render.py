"""Room pages as widgets: a part's blocks become one ``VBox`` per visitor.

Static course text (``show.*``: tables, objectives, key points) depends only on the
content files, so its HTML is made once per process and shared by every visitor;
only the small ``HTML`` widget that carries it is per visitor. Activities
(``widgets.*``) are built per visitor, in that visitor's folder.

Any failure while building a block becomes the same friendly message the notebooks
show (:func:`~..widgets.common.friendly`): one broken activity never takes a page,
let alone the room, down.
"""

from __future__ import annotations

import threading
from typing import Any

import ipywidgets as w

from ..widgets.common import Activity, friendly, get_course
from .notebook import Call, Markdown, Part

__all__ = ["PartView", "block_widget", "build_part", "warm_up"]

class _StaticHtml:
    """``show.<name>(...)`` as HTML, made once per course version, shared by everyone."""

    def __init__(self) -> None:
        self._course: Any = None  # the content the cache was made from
        self._html: dict[tuple[Any, ...], str] = {}
        self._lock = threading.Lock()

    def __call__(self, call: Call) -> str:
        from .. import display

        course = get_course()  # a new object when a content file changed
        key = (call.name, call.args, call.kwargs)
        with self._lock:
            if self._course is not course:
                self._html.clear()
                self._course = course
            found = self._html.get(key)
        if found is None:
            found = getattr(display, call.name)(*call.args, **dict(call.kwargs)).data
            with self._lock:
                self._html[key] = found
        return found


_static_html = _StaticHtml()


class PartView:
    """One visitor's page: the widget to show, and the activities behind it."""

    def __init__(self, part: Part):
        self.part = part
        self.activities: list[Activity] = []
        children = [self._block(b) for b in part.blocks]
        self.widget = w.VBox(children, _dom_classes=("lvm-part",))

    def _block(self, block: Markdown | Call) -> w.Widget:
        try:
            return block_widget(block, self.activities)
        except Exception as exc:  # a room of people: a message, never a traceback
            return friendly(exc)


def block_widget(block: Markdown | Call, activities: list[Activity] | None = None) -> w.Widget:
    """The widget for one block (an activity built here is appended to ``activities``)."""
    if isinstance(block, Markdown):
        return w.HTML(block.html, _dom_classes=("lvm-md",))
    if block.module == "show":
        return w.HTML(_static_html(block), _dom_classes=("lvm-static",))
    from .. import widgets

    made = getattr(widgets, block.name)(*block.args, **dict(block.kwargs))
    if isinstance(made, Activity):
        if activities is not None:
            activities.append(made)
        return made.widget
    if isinstance(made, w.Widget):  # the friendly message of a guarded activity
        return made
    return w.HTML(str(getattr(made, "data", made)))


def build_part(part: Part) -> PartView:
    """Build ``part`` for the visitor of the current page."""
    return PartView(part)


def warm_up(part_ids: list[str]) -> int:
    """Get the room ready before anyone joins; return how many parts were checked.

    Reads every part (so a notebook cell the room cannot show stops the room at start,
    with the notebook and cell named, instead of showing an error to a room of
    people), makes the static HTML of every part, imports every activity's module and
    draws one radar, so the first visitors do not pay for imports and caches.

    Raises:
        ContentError: every problem in every part, at once.
    """
    from importlib import import_module

    from ..charts import RadarChart
    from ..errors import ContentError
    from ..widgets import _ACTIVITIES
    from .notebook import read_part

    problems = []
    for part_id in part_ids:
        try:
            part = read_part(part_id)
        except ContentError as exc:
            problems.extend(exc.problems)
            continue
        for block in part.blocks:
            if isinstance(block, Call) and block.module == "show":
                _static_html(block)
            elif isinstance(block, Call):
                import_module(f"..widgets.{_ACTIVITIES[block.name]}", __package__)
    if problems:
        raise ContentError(problems)
    from ..scoring import score

    course = get_course()
    chart = RadarChart(course)
    chart.update(score(course, {}))
    chart.png()
    return len(part_ids)
