"""Notebook 06: choose 1-3 dimensions to grow, read their tips, write commitments,
compare with an earlier self or a colleague's rating, and export the plan.

Commitments are saved as they are typed. A colleague's rating is an ordinary
profile file (they answer the questionnaire *about you* and send the JSON); it is
read with the size-limited, validating profile loader, never trusted blindly.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import ipywidgets as w

from ..errors import LvmCourseError
from ..paths import home_dir
from ..profile import decode_json, load_profile, parse_profile, save_profile
from ..store import Store
from .common import Activity, cite, esc, get_course, guarded, md, message
from .results import download_link
from .session import ProfileSession, session

__all__ = ["ActionPlan", "MAX_CHOICES", "action_plan"]

MAX_CHOICES = 3


class ActionPlan(Activity):
    """Pick dimensions, commit in writing, compare profiles, export Markdown and PDF."""

    def __init__(self, sess: ProfileSession, store: Store | None = None):
        from ..charts import RadarChart

        self.session = sess
        self.store = store or Store("action_plan")
        course = sess.course
        chosen = [d for d in self.store.get("dimensions", []) if d in
                  {x.id for x in course.dimensions}]
        self.checks: dict[str, w.Checkbox] = {}
        self.commit: dict[str, w.Textarea] = {}
        saved = self.store.get("commitments", {})
        for dim in course.dimensions:
            box = w.Checkbox(value=dim.id in chosen, indent=False, description=dim.name)
            box.observe(self._on_choice, names="value")
            self.checks[dim.id] = box
            area = w.Textarea(value=saved.get(dim.id, ""), description="I will…",
                              placeholder="What will you do, by when, and how will you know?",
                              layout=w.Layout(width="95%", height="5em"))
            area.observe(self._on_text, names="value")
            self.commit[dim.id] = area
        self.choice_note = w.HTML()
        self.plan_box = w.VBox()
        self.compare = w.Dropdown(description="Compare with", options=[("nobody", "")],
                                  style={"description_width": "8em"})
        self.compare.observe(lambda _: self.draw(), names="value")
        self.upload = w.FileUpload(accept=".json", multiple=False,
                                   description="Add a colleague's rating")
        self.upload.observe(self._on_upload, names="value")
        self.compare_note = w.HTML()
        self.chart = RadarChart(course, title="You, compared")
        self.radar = w.HTML()
        self.radar_text = w.HTML()
        self.md_button = w.Button(description="Export plan (Markdown)")
        self.pdf_button = w.Button(description="Export plan (PDF)")
        self.files = w.HTML()
        self.md_button.on_click(lambda _: self.export(".md"))
        self.pdf_button.on_click(lambda _: self.export(".pdf"))
        boxes = w.VBox([w.HTML("<h3>1. Choose one to three dimensions to grow</h3>"),
                        *self.checks.values(), self.choice_note])
        self.widget = w.VBox([
            boxes, w.HTML("<h3>2. Your commitments</h3>"), self.plan_box,
            w.HTML("<h3>3. Compare</h3>"), w.HBox([self.compare, self.upload]),
            self.compare_note, self.radar, self.radar_text,
            w.HTML("<h3>4. Take it with you</h3>"), w.HBox([self.md_button, self.pdf_button]),
            self.files])
        self._fill_compare()
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
        self._layout_plan()

    def _on_text(self, _change: dict) -> None:
        self.store.set("commitments", {k: a.value for k, a in self.commit.items() if a.value})

    def _layout_plan(self) -> None:
        course, scores = self.session.course, self.session.scores
        parts: list[w.Widget] = []
        for dim_id in self.chosen:
            dim = course.dimension(dim_id)
            s = scores.dimensions[dim_id].score
            now = f"now {s:.1f} of 5" if s is not None else "not scored yet"
            tips = "".join(f"<li>{md(t.text)}{cite(course, t.source)}</li>" for t in dim.tips)
            parts += [w.HTML(f"<h4>{esc(dim.name)} ({now})</h4><ul>{tips}</ul>"),
                      self.commit[dim_id]]
        self.plan_box.children = parts or [w.HTML(message(
            "Tick a dimension above: its tips and a space for your commitment appear here."))]

    def plan(self) -> dict:
        """The plan as plain data (what exports and tests use)."""
        return {"dimensions": self.chosen,
                "commitments": {k: self.commit[k].value for k in self.chosen
                                if self.commit[k].value.strip()},
                "created": datetime.now(UTC).isoformat(timespec="seconds")}

    # --- comparing ---------------------------------------------------------------
    def _fill_compare(self) -> None:
        options = [("nobody", "")]
        for folder, kind in ((home_dir() / "profiles", "earlier self"),
                             (home_dir() / "colleagues", "colleague")):
            for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
                options.append((f"{kind}: {path.stem}", str(path)))
        current = self.compare.value
        self.compare.options = options
        self.compare.value = current if current in dict(options).values() else ""

    def _on_upload(self, change: dict) -> None:
        files = change["new"]
        if not files:
            return
        upload = files[0]
        name = Path(str(upload.get("name", "colleague.json"))).name
        raw = bytes(upload.get("content", b""))
        try:
            if len(raw) > 1024 * 1024:
                raise LvmCourseError(f"{name}: too large to be a profile")
            profile = parse_profile(self.session.course, decode_json(raw, name), name)
        except LvmCourseError as exc:
            self.compare_note.value = message(f"Not added: {exc}", "error")
            return
        safe = "".join(ch for ch in Path(name).stem if ch.isalnum() or ch in "-_")[:40] or "x"
        path = save_profile(profile, home_dir() / "colleagues" / f"{safe}.json")
        self._fill_compare()
        self.compare.value = str(path)
        self.compare_note.value = message(f"Added {name} as a colleague's rating.", "ok")

    def draw(self) -> None:
        """Redraw the radar: you, plus the chosen comparison if any."""
        from ..charts import img_html

        overlay = label = None
        if self.compare.value:
            try:
                overlay = load_profile(self.session.course, self.compare.value).scores
                label = self.compare.label
            except LvmCourseError as exc:
                self.compare_note.value = message(f"Cannot compare: {exc}", "error")
        self.chart.update(self.session.scores, overlay=overlay, overlay_label=label)
        alt = self.chart.alt_text()
        self.radar.value = img_html(self.chart.png(), alt)
        self.radar_text.value = f'<p style="font-size:0.9em">{esc(alt)}</p>'

    # --- exporting ---------------------------------------------------------------
    def export(self, suffix: str) -> Path | None:
        from ..fileio import atomic_write_bytes
        from ..handout import plan_markdown, write_plan_handout

        if not self.chosen:
            self.files.value = message("Choose at least one dimension first.", "warn")
            return None
        path = home_dir() / "exports" / f"my-action-plan{suffix}"
        course, scores = self.session.course, self.session.scores
        try:
            if suffix == ".md":
                atomic_write_bytes(path, plan_markdown(course, self.plan(), scores)
                                   .encode("utf-8"))
            else:
                write_plan_handout(course, self.plan(), scores, path)
        except OSError as exc:
            self.files.value = message(f"Could not write the plan: {exc.strerror}", "error")
            return None
        self.files.value = download_link(path, f"Download {path.name}")
        return path


@guarded
def action_plan() -> ActionPlan:
    """Start the action plan (choices and commitments restored from last time)."""
    return ActionPlan(session(get_course()))
