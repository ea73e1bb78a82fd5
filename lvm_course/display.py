"""Static course content as HTML for the notebooks: objectives, tables, skill lists.

Each function returns an ``IPython.display.HTML`` object (a notebook cell's last
value shows it). All text comes from ``data/``, is escaped, then given the content
files' light markdown (``**bold**``, ``*italic*``). Every row names its article: a
numbered superscript that points to a "Sources" line under the table or list.
If the content cannot be read, the function returns a friendly message instead of
raising, like the activities do.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from typing import Any

from .errors import LvmCourseError
from .look import style_tag
from .palette import LEADERSHIP, MANAGEMENT, POLE_TEXT
from .widgets import common
from .widgets.common import cite_item, esc, md

__all__ = ["POLE_TEXT", "areas", "concepts", "contrasts", "course_map", "key_differences",
           "key_points", "objectives", "pairs_table", "practice", "qualities", "skills"]

_POLES = (("leadership", "Leadership", LEADERSHIP), ("management", "Management", MANAGEMENT))
_POLE_CLASS = {LEADERSHIP: "lvm-leadership", MANAGEMENT: "lvm-management"}


def _pole_class(colour: str) -> str:
    """A column head's class attribute: the role's colour comes from the stylesheet."""
    name = _POLE_CLASS.get(colour)
    return f' class="{name}"' if name else ""


def _html(text: str) -> Any:
    from IPython.display import HTML

    return HTML(text)


def _shown(func: Callable[..., str]) -> Callable[..., Any]:
    """Wrap a function building HTML: return a display object, or a friendly message."""
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return _html(func(*args, **kwargs))
        except Exception as exc:  # a room of people: a message, never a traceback
            return _html(common.friendly(exc).value)
    return wrapper


def _lookup(getter: Callable[[str], Any], id_: str) -> Any:
    try:
        return getter(id_)
    except KeyError as exc:
        raise LvmCourseError(str(exc).strip("'\"")) from None


class _Refs:
    """Numbered source references: ``ref()`` per row, ``footer()`` once at the end."""

    def __init__(self, course: Any) -> None:
        self.course, self.order = course, []

    def _title(self, source: str) -> str:
        try:
            return self.course.source_title(source)
        except KeyError:
            return source

    def ref(self, source: str) -> str:
        if source not in self.order:
            self.order.append(source)
        n = self.order.index(source) + 1
        return (f'<sup title="Source: {esc(self._title(source))}" '
                f'class="lvm-ref">[{n}]</sup>')

    def item(self, it: Any) -> str:
        """The references of a content item: its source, then its ``see_also``."""
        return "".join(self.ref(s) for s in dict.fromkeys((it.source, *it.see_also)))

    def footer(self) -> str:
        refs = "; ".join(f"[{n}] {esc(self._title(s))}"
                         for n, s in enumerate(self.order, start=1))
        return f'<div class="lvm-sources">Sources: {refs}</div>'


def _table(caption: str, headers: Iterable[tuple[str, str]],
           rows: Iterable[Iterable[str]], refs: _Refs, row_heads: bool = False) -> str:
    """An accessible table: caption, column headers (label, colour), optional row heads."""
    head = "".join(f'<th scope="col"{_pole_class(colour)}>{esc(label)}</th>'
                   for label, colour in headers)
    body = []
    for cells in rows:
        cells = list(cells)
        first = f'<th scope="row">{cells[0]}</th>' if row_heads else f"<td>{cells[0]}</td>"
        body.append("<tr>" + first + "".join(f"<td>{c}</td>" for c in cells[1:]) + "</tr>")
    return (f'<table class="lvm-table"><caption>{esc(caption)}</caption>'
            f'<thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'
            f"{refs.footer()}")


def _box(title: str, lines: Iterable[str], kind: str) -> str:
    items = "".join(f"<li>{md(x)}</li>" for x in lines)
    return (f'<div role="note" aria-label="{esc(title)}" class="lvm-box lvm-box--{kind}">'
            f'<div class="lvm-box__title">{esc(title)}</div><ul>{items}</ul></div>')


@_shown
def objectives(notebook_id: str) -> str:
    """The "In this part you will…" box of a notebook (from course.yaml)."""
    nb = _lookup(common.get_course().notebook, notebook_id)
    # the first cell of every notebook: it carries the course's stylesheet (see look.py)
    return style_tag() + _box("In this part you will…", nb.objectives, "objectives")


@_shown
def key_points(notebook_id: str) -> str:
    """The "Key points" box that closes a notebook (from course.yaml)."""
    nb = _lookup(common.get_course().notebook, notebook_id)
    return _box("Key points", nb.key_points, "keypoints")


@_shown
def concepts(*ids: str) -> str:
    """Concepts by id (all of them when no id is given): title, text and source."""
    course = common.get_course()
    chosen = [_lookup(course.concept, i) for i in ids] if ids else list(course.concepts)
    return "".join(
        f'<div class="lvm-concept"><div class="lvm-concept__title">{esc(c.title)}</div>'
        f"<p>{md(c.text)}</p>{cite_item(course, c)}</div>" for c in chosen)


@_shown
def pairs_table() -> str:
    """The three pairs: each leadership process beside its management process."""
    course = common.get_course()
    refs = _Refs(course)
    rows = [(f"{esc(p.title)}{refs.ref(p.source)}",
             f"<strong>{esc(p.leadership.name)}</strong><br>{md(p.leadership.definition)}",
             f"<strong>{esc(p.management.name)}</strong><br>{md(p.management.definition)}")
            for p in course.pairs]
    return _table("The three pairs", [("Pair", "#222"), *[(lbl, c) for _, lbl, c in _POLES]],
                  rows, refs, row_heads=True)


def _two_columns(caption: str, rows: Iterable[Any]) -> str:
    refs = _Refs(common.get_course())
    cells = [(md(r.leadership), f"{md(r.management)}{refs.ref(r.source)}") for r in rows]
    return _table(caption, [(lbl, c) for _, lbl, c in _POLES], cells, refs)


@_shown
def key_differences() -> str:
    """The key differences, leadership beside management."""
    return _two_columns("Key differences", common.get_course().key_differences)


@_shown
def contrasts() -> str:
    """The contrasts between leaders and managers, row by row."""
    return _two_columns("Leaders and managers compared", common.get_course().contrasts)


@_shown
def areas() -> str:
    """The areas of difference: how each role approaches them."""
    course = common.get_course()
    refs = _Refs(course)
    rows = [(f"{esc(a.title)}{refs.ref(a.source)}", md(a.leadership), md(a.management))
            for a in course.areas]
    return _table("Areas of difference", [("Area", "#222"), *[(lbl, c) for _, lbl, c in _POLES]],
                  rows, refs, row_heads=True)


def _differ(item: Any) -> str:
    """A disputed item's note, under it in a list (how the sources differ)."""
    if not getattr(item, "differ", None):
        return ""
    return (f'<div class="lvm-small"><em>Where the sources differ:</em> '
            f"{md(item.differ)}</div>")


def _columns(per_pole: dict[str, list[str]], refs: _Refs, title: str) -> str:
    cols = []
    for pole, label, _colour in _POLES:
        items = "".join(f"<li>{x}</li>" for x in per_pole[pole])
        # the label names the list too: a page with two such lists has unique landmarks
        cols.append(f'<section aria-label="{esc(title)}: {esc(label)}" class="lvm-pole-{pole}">'
                    f'<div class="lvm-{pole}-title">{esc(label)}</div><ul>{items}</ul>'
                    f"</section>")
    return (f'<div class="lvm-list-block"><div class="lvm-block-title">{esc(title)}</div>'
            f'<div class="lvm-columns">{"".join(cols)}</div>{refs.footer()}</div>')


@_shown
def skills(set: str = "core") -> str:
    """The skills of one set (``core`` or ``growth``) in two columns."""
    course = common.get_course()
    if set not in ("core", "growth"):
        raise LvmCourseError(f"unknown skill set '{set}' (use core or growth)")
    refs = _Refs(course)
    per_pole: dict[str, list[str]] = {"leadership": [], "management": []}
    for s in course.skills:
        if s.set == set:
            per_pole[s.pole].append(f"<strong>{esc(s.name)}</strong>: "
                                    f"{md(s.description)}{refs.item(s)}{_differ(s)}")
    title = "Core skills" if set == "core" else "Skills to grow"
    return _columns(per_pole, refs, title)


@_shown
def qualities() -> str:
    """The qualities of each role, in two columns."""
    course = common.get_course()
    refs = _Refs(course)
    per_pole: dict[str, list[str]] = {"leadership": [], "management": []}
    for q in course.qualities:
        per_pole[q.pole].append(f"{md(q.text)}{refs.item(q)}{_differ(q)}")
    return _columns(per_pole, refs, "Qualities")


@_shown
def practice() -> str:
    """The practice themes: how to get better at both roles."""
    course = common.get_course()
    refs = _Refs(course)
    items = "".join(f"<li><strong>{esc(p.title)}</strong>"
                    f"{refs.ref(p.source)}: {md(p.text)}</li>" for p in course.practice)
    return (f'<div class="lvm-list-block"><div class="lvm-block-title">Putting it into '
            f"practice</div><ul>{items}</ul>{refs.footer()}</div>")


@_shown
def course_map() -> str:
    """The notebooks in order with their time: the map shown in 00_start_here."""
    nbs = common.get_course().notebooks
    total = sum(nb.minutes for nb in nbs)
    rows = "".join(f"<tr><td>{esc(nb.id[:2])}</td><th scope=\"row\">{esc(nb.title)}</th>"
                   f"<td>{nb.minutes} min</td></tr>" for nb in nbs)
    head = "".join(f'<th scope="col">{h}</th>' for h in ("Part", "Title", "Time"))
    return (f'<table class="lvm-table"><caption>'
            f"The course: {len(nbs)} parts, about {total // 60} h {total % 60:02d} min"
            f"</caption><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>")
