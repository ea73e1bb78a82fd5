"""Notebook 06: choose 1-3 dimensions to grow, read their tips, write commitments with
a review date, see the notes written in earlier parts, compare with an earlier self or
a colleague's rating, and take the plan away (Markdown, PDF, calendar reminders).

Everything is saved as it is typed or picked, in ``Store("action_plan")``:
``dimensions``, ``commitments`` ({id: text}), ``reviews`` ({id: ISO date}; a newly
chosen dimension gets one :data:`~..reminders.REVIEW_WEEKS` weeks ahead) and
``plan_id`` (a random id that keeps the calendar events' ids stable between exports).
Comparing lives in :mod:`.comparing`, the colleague's side in :mod:`.rating`.
"""

from __future__ import annotations

import secrets
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import ipywidgets as w

from ..paths import home_dir
from ..reminders import checkins, default_review, review_dates
from ..store import Store
from .common import Activity, cite, esc, get_course, guarded, md, message
from .comparing import ComparePanel
from .journal import saved_reflections
from .results import download_link
from .session import ProfileSession, session

__all__ = ["ActionPlan", "MAX_CHOICES", "action_plan", "reflections_html"]

MAX_CHOICES = 3


def reflections_html(course: Any, notes: list[Any]) -> str:
    """The notes written in earlier parts, in course order; the trainee's text escaped."""
    if not notes:
        return message("Nothing noted yet. Your answers to the \"Think it over\" questions "
                       "at the end of each part come back here.")
    rows = []
    for note in notes:
        try:
            nb = course.notebook(note.part)
            part = f"{nb.id[:2]} {nb.title}"
        except KeyError:
            part = note.part
        text = "<br>".join(esc(line) for line in note.text.splitlines())
        rows.append(f'<li style="margin:0.4em 0"><strong>{esc(part)}</strong>: '
                    f"<em>{esc(note.prompt)}</em><br>{text}</li>")
    return f'<ul class="lvm-notes" style="margin:0.3em 0 0 1.2em;padding:0">{"".join(rows)}</ul>'


class ActionPlan(Activity):
    """Pick dimensions, commit in writing with a review date, compare, export."""

    def __init__(self, sess: ProfileSession, store: Store | None = None):
        self.session = sess
        self.store = store or Store("action_plan")
        course = sess.course
        self.today = date.today()
        chosen = [d for d in self.store.get("dimensions", []) if d in
                  {x.id for x in course.dimensions}]
        self.checks: dict[str, w.Checkbox] = {}
        self.commit: dict[str, w.Textarea] = {}
        self.review: dict[str, w.DatePicker] = {}
        saved = self.store.get("commitments", {})
        reviews = review_dates(self.store.as_dict())
        kept = self.store.get("reviews")
        kept = kept if isinstance(kept, dict) else {}
        for dim in course.dimensions:
            box = w.Checkbox(value=dim.id in chosen, indent=False, description=dim.name)
            box.observe(self._on_choice, names="value")
            self.checks[dim.id] = box
            area = w.Textarea(value=saved.get(dim.id, ""), description="I will…",
                              placeholder="What will you do, by when, and how will you know?",
                              layout=w.Layout(width="95%", height="5em"))
            area.observe(self._on_text, names="value")
            self.commit[dim.id] = area
            cleared = dim.id in kept and kept[dim.id] is None
            picker = w.DatePicker(value=None if cleared else
                                  reviews.get(dim.id, default_review(self.today)),
                                  description="Review on",
                                  tooltip=f"When to look back at your {dim.name.lower()} "
                                          "commitment",
                                  style={"description_width": "6em"})
            picker.observe(self._on_date, names="value")
            self.review[dim.id] = picker
        if any(d not in kept for d in chosen):  # a plan saved before review dates
            self._save_dates()
        self.choice_note = w.HTML()
        self.plan_box = w.VBox()
        self.notes = w.HTML(reflections_html(course, saved_reflections(course)))
        self.comparing = ComparePanel(sess)
        self.compare, self.upload = self.comparing.compare, self.comparing.upload
        self.compare_note = self.comparing.note
        self.radar, self.radar_text = self.comparing.radar, self.comparing.radar_text
        self.md_button = w.Button(description="Export plan (Markdown)")
        self.pdf_button = w.Button(description="Export plan (PDF)")
        self.ics_button = w.Button(description="Calendar reminders (.ics)",
                                   tooltip="Review dates and check-ins for your calendar")
        self.files = w.HTML()
        self.md_button.on_click(lambda _: self.export(".md"))
        self.pdf_button.on_click(lambda _: self.export(".pdf"))
        self.ics_button.on_click(lambda _: self.export(".ics"))
        boxes = w.VBox([w.HTML("<h3>1. Choose one to three dimensions to grow</h3>"),
                        *self.checks.values(), self.choice_note])
        self.widget = w.VBox([
            boxes, w.HTML("<h3>2. Your commitments and when to review them</h3>"),
            self.plan_box,
            w.HTML("<h3>3. What you noted along the way</h3>"), self.notes,
            w.HTML("<h3>4. Compare</h3>"), self.comparing.widget,
            w.HTML("<h3>5. Take it with you</h3><p>The calendar file holds a reminder on "
                   "each review date, and two check-ins, two and six weeks from the day "
                   "you make it.</p>"),
            w.HBox([self.md_button, self.pdf_button, self.ics_button]), self.files])
        self._layout_plan()
        self.draw()

    # --- choosing and committing -------------------------------------------------
    @property
    def chosen(self) -> list[str]:
        return [k for k, box in self.checks.items() if box.value]

    def _on_choice(self, change: dict) -> None:
        if change["new"] and len(self.chosen) > MAX_CHOICES:
            change["owner"].value = False
            self.choice_note.value = message(f"Pick at most {MAX_CHOICES}: focus beats "
                                             "breadth. Untick one to choose another.", "warn")
            return
        self.choice_note.value = ""
        self.store.set("dimensions", self.chosen)
        self._save_dates()
        self._layout_plan()

    def _on_text(self, _change: dict) -> None:
        self.store.set("commitments", {k: a.value for k, a in self.commit.items() if a.value})

    def _on_date(self, _change: dict) -> None:
        self._save_dates()

    def _save_dates(self) -> None:
        """Keep the review dates of the chosen dimensions (``None`` for one the trainee
        cleared, so it stays cleared rather than getting the default again)."""
        self.store.set("reviews", {
            k: self.review[k].value.isoformat() if isinstance(self.review[k].value, date)
            else None for k in self.chosen})

    def _layout_plan(self) -> None:
        course, scores = self.session.course, self.session.scores
        parts: list[w.Widget] = []
        for dim_id in self.chosen:
            dim = course.dimension(dim_id)
            s = scores.dimensions[dim_id].score
            now = f"now {s:.1f} of 5" if s is not None else "not scored yet"
            tips = "".join(f"<li>{md(t.text)}{cite(course, t.source)}</li>" for t in dim.tips)
            parts += [w.HTML(f"<h4>{esc(dim.name)} ({now})</h4><ul>{tips}</ul>"),
                      self.commit[dim_id], self.review[dim_id]]
        self.plan_box.children = parts or [w.HTML(message(
            "Tick a dimension above: its tips, a space for your commitment and a review "
            "date appear here."))]

    def plan(self) -> dict:
        """The plan as plain data (what the exports and tests use)."""
        course = self.session.course
        return {"dimensions": self.chosen,
                "commitments": {k: self.commit[k].value for k in self.chosen
                                if self.commit[k].value.strip()},
                "reviews": {k: self.review[k].value.isoformat() for k in self.chosen
                            if isinstance(self.review[k].value, date)},
                "checkins": [{"date": day.isoformat(), "title": c.title, "prompt": c.prompt}
                             for day, c in checkins(self.today)],
                "reflections": [n._asdict() for n in saved_reflections(course)],
                "created": datetime.now(UTC).isoformat(timespec="seconds")}

    # --- comparing (see .comparing) ----------------------------------------------
    def _on_upload(self, change: dict) -> None:
        self.comparing.on_upload(change)

    def draw(self) -> None:
        """Redraw the radar: you, plus the chosen comparison if any."""
        self.comparing.draw()

    # --- exporting ---------------------------------------------------------------
    def _plan_id(self) -> str:
        plan_id = self.store.get("plan_id")
        if not isinstance(plan_id, str) or not plan_id:
            plan_id = secrets.token_hex(8)
            self.store.set("plan_id", plan_id)
        return plan_id

    def export(self, suffix: str) -> Path | None:
        """Write the plan (``.md``, ``.pdf``) or its reminders (``.ics``) under the
        trainee's exports and offer it for download."""
        from ..fileio import atomic_write_bytes
        from ..plan_handout import plan_markdown, write_plan_handout
        from ..reminders import plan_calendar

        if not self.chosen:
            self.files.value = message("Choose at least one dimension first.", "warn")
            return None
        course, scores = self.session.course, self.session.scores
        plan = self.plan()
        self.notes.value = reflections_html(course, saved_reflections(course))
        name = "my-action-plan-reminders.ics" if suffix == ".ics" else \
            f"my-action-plan{suffix}"
        path = home_dir() / "exports" / name
        try:
            if suffix == ".md":
                atomic_write_bytes(path, plan_markdown(course, plan, scores).encode("utf-8"))
            elif suffix == ".ics":
                atomic_write_bytes(path, plan_calendar(course, plan, today=self.today,
                                                       plan_id=self._plan_id()))
            else:
                write_plan_handout(course, plan, scores, path)
        except OSError as exc:
            self.files.value = message(f"Could not write the plan: {exc.strerror}", "error")
            return None
        link = download_link(path, f"Download {path.name}")
        if suffix == ".ics":
            undated = [course.dimension(k).name for k in self.chosen
                       if k not in plan["reviews"]]
            if undated:
                link += message("No review date, so no reminder, for: " + ", ".join(undated)
                                + ".", "warn")
        self.files.value = link
        return path


@guarded
def action_plan() -> ActionPlan:
    """Start the action plan (choices, commitments and dates restored from last time)."""
    return ActionPlan(session(get_course()))
