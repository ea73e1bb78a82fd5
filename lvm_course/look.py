"""The course's look: one stylesheet (``static/course.css``) for every surface.

How each surface gets it:

- **the room** links it (``/room-static/course.css``) from every page it serves;
- **Voila pages and slides, and JupyterLab**: the first cell of each notebook
  (``show.objectives``) and the facilitator's board put it in their output as one
  ``<style>`` element. A kernel's output reaches every template, so Voila's stock
  templates (``/voila/render/`` on a hub), our own ``lvm`` / ``lvm-slides`` and
  JupyterLab all look the same with no install step. JupyterLab shows a style
  from an output only while the output is trusted: it is, for outputs the trainee's
  own kernel made in this session (notebooks are stored without outputs).

Widgets carry class names (:func:`activity` marks an activity's outer box
``lvm-activity``) and HTML built by the course uses ``lvm-*`` classes; colours and
sizes live in the stylesheet, not in the widgets.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TypeVar

from .paths import surface

__all__ = ["STYLESHEET", "activity", "style_tag", "stylesheet"]

STYLESHEET = Path(__file__).parent / "static" / "course.css"
W = TypeVar("W")


@functools.lru_cache(maxsize=1)
def stylesheet() -> str:
    """The stylesheet's text."""
    return STYLESHEET.read_text(encoding="utf-8")


def style_tag() -> str:
    """The stylesheet as a ``<style>`` element for a kernel's output; empty in the room,
    whose pages link it instead."""
    if surface() == "room":
        return ""
    return f'<style id="lvm-course-css">{stylesheet()}</style>'


def activity(widget: W) -> W:
    """Mark ``widget`` as an activity's outer box (the card the stylesheet draws)."""
    add = getattr(widget, "add_class", None)
    if add is not None:
        add("lvm-activity")
    return widget
