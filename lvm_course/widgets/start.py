"""Notebook 00: where your answers live, what is shared (nothing, unless you choose),
and how far you have got in each part."""

from __future__ import annotations

import ipywidgets as w

from ..paths import home_dir, shared_dir
from .common import Activity, esc, get_course, guarded

__all__ = ["Welcome", "welcome"]

# activity store -> the notebook it belongs to
_PARTS = {
    "quiz": "01_two_roles", "explorer": "01_two_roles", "skill_sort": "02_key_differences",
    "scenario-ward-round": "03_ward_round", "simulator": "04_lead_or_manage",
    "cases": "04_lead_or_manage", "questionnaire": "05_self_profile",
    "action_plan": "06_action_plan",
}


class Welcome(Activity):
    """A short status panel: folders, and which parts already have saved answers."""

    def __init__(self) -> None:
        course = get_course()
        home = home_dir()
        answers = home / "answers"
        started = {p.stem for p in answers.glob("*.json")} if answers.is_dir() else set()
        rows = []
        for nb in course.notebooks:
            mine = [k for k, v in _PARTS.items() if v == nb.id and k in started]
            state = "started — your answers are saved" if mine else "not started"
            rows.append(f"<tr><td>{esc(nb.id[:2])}</td><td>{esc(nb.title)}</td>"
                        f"<td>{nb.minutes} min</td><td>{state}</td></tr>")
        total = sum(nb.minutes for nb in course.notebooks)
        self.status = w.HTML(
            "<table class='lvm-table' style='border-collapse:collapse'>"
            "<caption style='text-align:left;font-weight:bold'>Your course "
            f"(about {total // 60} h {total % 60:02d} min)</caption><thead><tr>"
            "<th scope='col'>Part</th><th scope='col'>Title</th><th scope='col'>Time</th>"
            "<th scope='col'>Your progress</th></tr></thead><tbody>" + "".join(rows) +
            "</tbody></table>"
            f"<p>Your answers are saved as you go, on this machine only, in "
            f"<code>{esc(home)}</code>. Closing the tab or restarting loses nothing.</p>"
            f"<p>Sharing is optional and happens only when you tick the consent box in part "
            f"05; an anonymous copy then goes to the group folder <code>{esc(shared_dir())}"
            f"</code>.</p>")
        self.widget = w.VBox([self.status])


@guarded
def welcome() -> Welcome:
    """Show the course map with your progress and where answers are kept."""
    return Welcome()
