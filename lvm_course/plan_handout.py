"""The action plan a trainee takes away (06), as an A4 page (PDF/PNG) and as Markdown.

A plan is plain data (what :meth:`~.widgets.planning.ActionPlan.plan` returns):
``dimensions`` (chosen ids), ``commitments`` ({id: text}), ``reviews`` ({id: ISO
date}), ``checkins`` ([{date, title, prompt}]), ``reflections`` ([{part, prompt,
text}], the notes written in the earlier parts) and ``created``. Both exports show
all of it. The trainee's words are drawn with ``parse_math=False`` on the page and
HTML-escaped in the Markdown, so a pasted ``<script>`` stays text when it is rendered.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .handout import _Pages, _radar, _sources, _stamp
from .palette import NEUTRAL, POLE_COLOURS

if TYPE_CHECKING:
    from .content import Course
    from .scoring import Scores

__all__ = ["MAX_COMMITMENT", "plan_markdown", "plan_pages", "write_plan_handout"]

MAX_COMMITMENT = 1500  # characters of one commitment drawn on the page (Markdown keeps all)
MAX_NOTE = 800         # characters of one reflection drawn on the page


def _plan_dims(course: Course, plan: Mapping[str, Any]) -> list[Any]:
    known = {d.id: d for d in course.dimensions}
    return [known[d] for d in plan.get("dimensions", []) if d in known]


def _day(value: object) -> str | None:
    """An ISO date as "20 December 2026"; ``None`` when missing or unreadable."""
    try:
        return date.fromisoformat(str(value)).strftime("%d %B %Y").lstrip("0")
    except ValueError:
        return None


def _part_title(course: Course, part: object) -> str:
    try:
        nb = course.notebook(str(part))
    except KeyError:
        return str(part)
    return f"{nb.id[:2]} {nb.title}"


def _notes(plan: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    raw = plan.get("reflections") or []
    return [n for n in raw if isinstance(n, Mapping) and str(n.get("text", "")).strip()]


def _checkins(plan: Mapping[str, Any]) -> list[tuple[str, str, str]]:
    out = []
    for c in plan.get("checkins") or []:
        when = _day(c.get("date")) if isinstance(c, Mapping) else None
        if when:
            out.append((when, str(c.get("title", "")), str(c.get("prompt", ""))))
    return out


def write_plan_handout(course: Course, plan: Mapping[str, Any], scores: Scores,
                       out_path: Path | str, *, dpi: int = 150) -> Path:
    """The action plan as a page: radar, each chosen dimension's tips, commitment and
    review date, the check-ins, then the notes from earlier parts."""
    return plan_pages(course, plan, scores, dpi=dpi).save(Path(out_path))


def plan_pages(course: Course, plan: Mapping[str, Any], scores: Scores, *,
               dpi: int = 150) -> _Pages:
    """Lay out the action plan handout (``.figures``; ``.texts()`` for what it says)."""
    page = _Pages(dpi)
    created = plan.get("created")
    try:
        when = datetime.fromisoformat(created) if isinstance(created, str) else None
    except ValueError:
        when = None
    page.text("Leadership and management: my action plan", size=16, bold=True, wrap=None,
              gap=0.2)
    page.text(_stamp(when), size=10, colour="#555555", gap=0.5)
    if scores.answered:
        page.image(_radar(course, scores, None), 0.27)
    commitments = plan.get("commitments", {})
    reviews = plan.get("reviews") or {}
    used: list[str] = []
    for dim in _plan_dims(course, plan):
        d = scores.dimensions[dim.id]
        now = f" (now {d.score:.1f})" if d.score is not None else ""
        page.text(f"{dim.name}{now}", size=12, bold=True,
                  colour=POLE_COLOURS.get(dim.pole, NEUTRAL), gap=0.2)
        for tip in dim.tips:
            page.text("• " + tip.text, indent=0.02, gap=0.1)
            used.append(tip.source)
        text = str(commitments.get(dim.id, "")).strip()
        if len(text) > MAX_COMMITMENT:
            text = text[:MAX_COMMITMENT] + "… (full text in the Markdown version)"
        page.text("I will:", size=10, bold=True, gap=0.1)
        for para in (text or "(nothing written yet)").splitlines() or [""]:
            page.text(para, indent=0.02, gap=0.1)
        review = _day(reviews.get(dim.id))
        page.text(f"Review on: {review or 'no date set'}", size=10, bold=True, gap=0.4)
    checks = _checkins(plan)
    if checks:
        page.text("Check-ins", size=12, bold=True, gap=0.2)
        for day, title, prompt in checks:
            page.text(f"{day}, {title}: {prompt}", indent=0.02, gap=0.2)
        page.text("", gap=0.2)
    notes = _notes(plan)
    if notes:
        page.text("What I noted along the way", size=12, bold=True, gap=0.2)
        for note in notes:
            page.text(f"{_part_title(course, note.get('part'))}: {note.get('prompt', '')}",
                      size=9.5, bold=True, gap=0.1)
            text = str(note.get("text", "")).strip()
            if len(text) > MAX_NOTE:
                text = text[:MAX_NOTE] + "… (full text in the Markdown version)"
            for para in text.splitlines():
                page.text(para, indent=0.02, gap=0.1)
            page.text("", gap=0.2)
    _sources(page, course, used)
    return page


def _quoted(text: str) -> list[str]:
    """Trainee text as a Markdown quote, HTML-escaped line by line."""
    return [f"> {html.escape(line, quote=False)}" if line.strip() else ">"
            for line in text.splitlines()]


def plan_markdown(course: Course, plan: Mapping[str, Any], scores: Scores) -> str:
    """The action plan as Markdown; the trainee's text is HTML-escaped."""
    out = ["# My action plan: leadership and management", ""]
    created = plan.get("created")
    if isinstance(created, str):
        out += [f"*{html.escape(created[:10])}*", ""]
    if scores.balance is not None:
        out += [f"Leadership {scores.leadership:.1f} · management {scores.management:.1f} "
                f"· balance {scores.balance:+.1f}", ""]
    commitments = plan.get("commitments", {})
    reviews = plan.get("reviews") or {}
    for dim in _plan_dims(course, plan):
        d = scores.dimensions[dim.id]
        now = f" (now {d.score:.1f})" if d.score is not None else ""
        out += [f"## {dim.name}{now}", "", "Tips:", ""]
        out += [f"- {tip.text} ({course.source_title(tip.source)})" for tip in dim.tips]
        text = str(commitments.get(dim.id, "")).strip()
        out += ["", "I will:", ""]
        out += _quoted(text or "(nothing written yet)")
        review = _day(reviews.get(dim.id))
        out += ["", f"**Review on:** {review or 'no date set'}", ""]
    checks = _checkins(plan)
    if checks:
        out += ["## Check-ins", ""]
        out += [f"- **{day}**, {title}: {prompt}" for day, title, prompt in checks]
        out.append("")
    notes = _notes(plan)
    if notes:
        out += ["## What I noted along the way", ""]
        for note in notes:
            out += [f"**{html.escape(_part_title(course, note.get('part')))}**: "
                    f"*{html.escape(str(note.get('prompt', '')))}*", ""]
            out += _quoted(str(note.get("text", "")).strip())
            out.append("")
    return "\n".join(out)
