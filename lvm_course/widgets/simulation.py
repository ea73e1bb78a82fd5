"""Notebook 04: set the situation, see whether it calls for leading or managing.

The rule is :func:`lvm_course.situations.recommend`; this module only shows it. The
bar is plain HTML/CSS with a text alternative (no chart library, sharp on a
projector, read out by screen readers).
"""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from ..display import POLE_TEXT
from ..palette import LEADERSHIP, MANAGEMENT
from ..situations import Recommendation, recommend
from ..store import Store
from . import common
from .common import Activity, cite, esc, guarded, md, message
from .quizzes import heading

__all__ = ["Simulator", "lean_bar", "simulator"]

_LEVELS = ("low", "medium", "high")
_VERDICT_TITLE = {"lead": "Lead", "manage": "Manage", "both": "Lead and manage"}


def lean_bar(rec: Recommendation) -> str:
    """The 'Lead ◀──●──▶ Manage' bar: the dot sits nearer the side that wins."""
    lead = round(rec.lead_share)
    left = 100 - rec.lead_share  # leading is drawn on the left
    label = f"{lead}% leading, {100 - lead}% managing"
    return (f'<div role="img" aria-label="{esc(label)}" style="display:flex;'
            f'align-items:center;gap:0.6em;margin:0.6em 0;max-width:640px">'
            f'<span style="font-weight:700;color:{LEADERSHIP}">Lead ◀</span>'
            f'<div style="position:relative;flex:1;height:14px;border-radius:7px;'
            f'background:linear-gradient(90deg,{LEADERSHIP},#dddddd 50%,{MANAGEMENT})">'
            f'<div style="position:absolute;left:calc({left:.1f}% - 11px);top:-5px;'
            f'width:18px;height:18px;border-radius:50%;background:#fff;'
            f'border:3px solid #222"></div></div>'
            f'<span style="font-weight:700;color:{POLE_TEXT["management"]}">▶ Manage</span></div>'
            f'<div style="font-size:0.95em;color:#333">{esc(label)}</div>')


class Simulator(Activity):
    """One Low/Medium/High control per factor and a live recommendation."""

    def __init__(self, course: Any, store: Store | None = None) -> None:
        self.course = course
        self.store = store if store is not None else Store("simulator")
        saved = self.store.get("levels")
        saved = saved if isinstance(saved, dict) else {}
        self.controls: dict[str, w.ToggleButtons] = {}
        rows = []
        for factor in course.factors:
            by_id = {lv.id: lv for lv in factor.levels}
            value = saved.get(factor.id)
            ctrl = w.ToggleButtons(
                options=[(lv.title(), lv) for lv in _LEVELS],
                value=value if value in _LEVELS else "medium",
                description=factor.label,
                tooltips=[by_id[lv].label for lv in _LEVELS],
                style={"description_width": "initial", "button_width": "6.5em"})
            ctrl.observe(lambda _c: self._update(), names="value")
            self.controls[factor.id] = ctrl
            hint = " · ".join(f"{lv.title()}: {esc(by_id[lv].label)}" for lv in _LEVELS)
            rows.append(w.VBox([ctrl, w.HTML(f'<div style="font-size:0.85em;color:#555;'
                                             f'margin:0 0 0.6em 0.3em">{hint}</div>')]))
        self.result = w.HTML()
        self.recommendation: Recommendation | None = None
        self.note = w.HTML(message(self.store.problem, "warn") if self.store.problem else "")
        sources = sorted({f.source for f in course.factors} |
                         {lv.source for f in course.factors for lv in f.levels if lv.source})
        self.widget = w.VBox([
            w.HTML(heading("Lead or manage?", "Describe the situation with the buttons; "
                           "the bar shows which it calls for more.")),
            self.note, *rows, self.result,
            w.HTML("".join(cite(course, s) for s in sources))],
            layout=w.Layout(max_width="900px"))
        self._update()

    @property
    def levels(self) -> dict[str, str]:
        """factor id -> the level chosen."""
        return {fid: ctrl.value for fid, ctrl in self.controls.items()}

    def _update(self) -> None:
        levels = self.levels
        if self.store.get("levels") != levels:
            self.store.set("levels", levels)
        rec = self.recommendation = recommend(self.course, levels)
        reasons = "".join(f"<li>{md(r)}</li>" for r in rec.reasons)
        self.result.value = (
            f'<div role="status" aria-live="polite" style="border:1px solid #ccc;'
            f'border-radius:6px;padding:0.6em 1em;margin-top:0.4em">'
            f'<div style="font-size:1.1em;font-weight:600">Verdict: '
            f"{_VERDICT_TITLE[rec.verdict]}</div>{lean_bar(rec)}"
            f'<p style="margin:0.5em 0">{esc(rec.sentence)}</p>'
            f'<div style="font-weight:600">Why</div>'
            f'<ul style="margin:0.2em 0 0 1.2em;padding:0">{reasons}</ul></div>')


@guarded
def simulator(*, store: Store | None = None) -> Simulator | w.HTML:
    """Start the lead-or-manage simulator (your levels are restored)."""
    return Simulator(common.get_course(), store)
