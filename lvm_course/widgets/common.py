"""What every activity shares: safe HTML from trainee text, citations, and a guard
that turns any failure into a friendly message instead of a stack trace."""

from __future__ import annotations

import functools
import html
import logging
import re
import traceback
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

import ipywidgets as w

from ..content import Course, load_course
from ..errors import LvmCourseError
from ..look import activity
from ..paths import fixed_cohort, home_dir, surface

__all__ = ["Activity", "cite", "cite_item", "cohort_field", "differ_html", "esc", "friendly",
           "get_course", "guarded", "md", "message"]

log = logging.getLogger("lvm_course")
T = TypeVar("T")


def esc(text: object) -> str:
    """Escape any text for HTML: trainee text is data, never markup."""
    return html.escape(str(text), quote=True)


def md(text: str) -> str:
    """Escape, then allow the content files' **bold** and *italic* only."""
    out = esc(text)
    out = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", out)
    return re.sub(r"(?<![*\w])\*(?!\s)(.+?)(?<!\s)\*(?![*\w])", r"<em>\1</em>", out)


def get_course() -> Course:
    """The course content (cached; reloaded when a data file changes)."""
    return load_course()


def cite(course: Course, source: str, also: Iterable[str] = ()) -> str:
    """A small 'Source:' line naming the article an item comes from (and ``also``, the
    articles it cites besides: ``see_also``). The course's own additions say so."""
    def name(src: str) -> str:
        try:
            title = course.source_title(src)
        except KeyError:
            title = src
        if src == "course":
            return esc(title)
        return f'{esc(title)} <span class="lvm-file">({esc(src)})</span>'

    sources = [source, *[a for a in also if a != source]]
    label = "Source" if len(sources) == 1 else "Sources"
    return (f'<div class="lvm-source">{label}: '
            + "; ".join(name(s) for s in sources) + "</div>")


def cite_item(course: Course, item: Any) -> str:
    """:func:`cite` for a content item: its ``source`` and ``see_also``."""
    return cite(course, item.source, getattr(item, "see_also", ()))


def differ_html(item: Any) -> str:
    """Why more than one answer is accepted for ``item`` (empty when only one is)."""
    text = getattr(item, "differ", None)
    if not text:
        return ""
    return (f'<p class="lvm-differ"><strong>More than one answer counts here.</strong> '
            f"{md(text)}</p>")


def message(text: str, kind: str = "info") -> str:
    """A coloured note box (info, ok, warn, error) as HTML; ``text`` is escaped."""
    kind = kind if kind in ("info", "ok", "warn", "error") else "info"
    return f'<div role="status" class="lvm-note lvm-note--{kind}">{esc(text)}</div>'


def friendly(exc: BaseException) -> w.HTML:
    """The message a trainee sees when an activity cannot start."""
    if isinstance(exc, LvmCourseError):
        detail = str(exc).splitlines()[0]
    else:
        detail = "an unexpected problem"
        try:
            logfile = home_dir() / "errors.log"
            with open(logfile, "a", encoding="utf-8") as fh:
                fh.write("".join(traceback.format_exception(exc)) + "\n")
            detail += f" (details saved in {logfile})" if surface() == "lab" else ""
        except Exception:  # noqa: BLE001,S110 - the message matters more than the log
            pass
    retry = "running the cell again" if surface() == "lab" else "reloading the page"
    return w.HTML(message(f"This activity could not start: {detail}. Try {retry}; if it "
                          "persists, tell your facilitator.", "error"))


def cohort_field(saved: object) -> w.Text:
    """The "Group name" box of a sharing panel: the name used last time (or
    "workshop"), or, where the set-up fixes the group (the room), that name, hidden."""
    fixed = fixed_cohort()
    box = w.Text(value=fixed or (saved if isinstance(saved, str) else "workshop"),
                 description="Group name", style={"description_width": "8em"})
    if fixed:
        box.layout.display = "none"
    return box


def guarded(func: Callable[..., T]) -> Callable[..., Any]:
    """Run an activity builder; on any failure return a friendly message widget."""
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except Exception as exc:  # a room of people: show a message, never a traceback
            log.debug("activity %s failed", func.__name__, exc_info=True)
            return friendly(exc)
    return wrapper


class Activity:
    """Base for activities: shows ``self.widget`` when it is a cell's last value.

    The widget assigned to ``self.widget`` is marked as an activity's card
    (:func:`lvm_course.look.activity`), so the stylesheet draws every activity alike.
    """

    widget: w.Widget

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "widget":
            activity(value)
        super().__setattr__(name, value)

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)
