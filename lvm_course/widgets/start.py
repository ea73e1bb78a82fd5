"""Notebook 00: where your answers live, what is shared (nothing, unless you choose),
and how far you have got in each part."""

from __future__ import annotations

from pathlib import Path

import ipywidgets as w

from ..paths import account, home_dir, shared_dir, surface
from .common import Activity, esc, get_course, guarded, message

__all__ = ["Welcome", "welcome"]

# activity store -> the notebook it belongs to
_PARTS = {
    "quiz": "01_two_roles", "explorer": "01_two_roles", "skill_sort": "02_key_differences",
    "skill_sort-growth": "02_key_differences", "sort-key-differences": "02_key_differences",
    "sort-areas": "02_key_differences", "sort-contrasts": "02_key_differences",
    "sort-qualities": "02_key_differences", "recall-04_lead_or_manage": "04_lead_or_manage",
    "scenario-ward-round": "03_ward_round", "scenario-new-process": "03_ward_round",
    "simulator": "04_lead_or_manage",
    "cases": "04_lead_or_manage", "questionnaire": "05_self_profile",
    "action_plan": "06_action_plan",
}


class Welcome(Activity):
    """A short status panel: the parts with your progress, and where answers are kept.

    The words depend on where the course is shown (:func:`~..paths.surface`):
    JupyterLab names the folder on this computer; the room shows the trainee's
    resume code and links each part; Voila links each part and names no folder.
    """

    def __init__(self) -> None:
        course = get_course()
        home = home_dir()
        where = surface()
        answers = home / "answers"
        started = {p.stem for p in answers.glob("*.json")} if answers.is_dir() else set()
        rows = []
        for nb in course.notebooks:
            mine = [k for k, v in _PARTS.items() if v == nb.id and k in started]
            state = "started — your answers are saved" if mine else "not started"
            if nb.id == "05_self_profile" and "questionnaire" in started:
                state = f"{self._answered(answers)} of {len(course.items)} statements rated"
            title = esc(nb.title)
            if where != "lab":
                title = f'<a href="{esc(_href(nb.id, where))}">{title}</a>'
            rows.append(f"<tr><td>{esc(nb.id[:2])}</td><td>{title}</td>"
                        f"<td>{nb.minutes} min</td><td>{state}</td></tr>")
        total = sum(nb.minutes for nb in course.notebooks)
        signed_in = account() if where == "room" else None
        self.resume_code = signed_in.resume_code() if signed_in else None
        self.status = w.HTML(
            "<table class='lvm-table' style='border-collapse:collapse'>"
            "<caption style='text-align:left;font-weight:bold'>Your course "
            f"(about {total // 60} h {total % 60:02d} min)</caption><thead><tr>"
            "<th scope='col'>Part</th><th scope='col'>Title</th><th scope='col'>Time</th>"
            "<th scope='col'>Your progress</th></tr></thead><tbody>" + "".join(rows) +
            "</tbody></table>" + self._where_text(where, home))
        self.widget = w.VBox([self.status])
        self.new_code: w.Button | None = None
        if self.resume_code:
            self.new_code = w.Button(
                description="Get a new resume code", icon="refresh",
                tooltip="Ends your old code and signs out every other browser that used it")
            self.new_code.on_click(self._renew)
            self.renewed = w.HTML()
            self.widget.children = (self.status, w.HTML(
                "<p class='lvm-small'>Read your code out, or used it on a shared computer? "
                "A new one ends the old code and signs out every other browser that used "
                "it; this one carries on.</p>"), self.new_code, self.renewed)

    def _renew(self, _button: object = None) -> None:
        signed_in = account()
        if signed_in is None:
            return
        old = self.resume_code or ""
        self.resume_code = signed_in.new_resume_code()
        self.status.value = self.status.value.replace(esc(old), esc(self.resume_code), 1)
        self.renewed.value = message(f"Your new resume code is {self.resume_code}. The old "
                                     "one no longer works, and your other browsers are "
                                     "signed out.", "ok")

    @staticmethod
    def _answered(answers: Path) -> int:
        from ..store import Store

        store = Store("questionnaire", answers)
        saved, skipped = store.get("answers"), store.get("not_applicable")
        return (len(saved) if isinstance(saved, dict) else 0) + \
            (len(skipped) if isinstance(skipped, list) else 0)  # "not applicable" counts

    def _where_text(self, where: str, home: Path) -> str:
        if where == "room":
            code = (f"<p class='lvm-resume'>Your resume code: <strong>{esc(self.resume_code)}"
                    "</strong>. To carry on from another phone or computer, open the join "
                    "address there and choose <a href='/resume'>Carry on from another "
                    "device</a>. Keep the code to yourself: it opens your answers.</p>"
                    if self.resume_code else "")
            return ("<p>Your answers are saved as you go, on the workshop's server, in a "
                    "private space that only this browser can open. Closing the tab or "
                    "losing the connection loses nothing.</p>" + code +
                    "<p>Sharing is optional and happens only when you tick the consent box "
                    "in part 05; an anonymous copy of your scores then goes to the "
                    "facilitator's group board.</p>")
        if where == "voila":
            return ("<p>Your answers are saved as you go. Closing the tab or reloading "
                    "the page loses nothing.</p><p>Sharing is optional and happens only "
                    "when you tick the consent box in part 05.</p>")
        return (f"<p>Your answers are saved as you go, on this machine only, in "
                f"<code>{esc(home)}</code>. Closing the tab or restarting loses nothing.</p>"
                f"<p>Sharing is optional and happens only when you tick the consent box in "
                f"part 05; an anonymous copy then goes to the group folder "
                f"<code>{esc(shared_dir())}</code>.</p>")


def _href(part_id: str, where: str) -> str:
    if where == "room":
        from ..room.notebook import room_href

        return room_href(part_id)
    return f"{part_id}.ipynb"


@guarded
def welcome() -> Welcome:
    """Show the course map with your progress and where answers are kept."""
    return Welcome()
