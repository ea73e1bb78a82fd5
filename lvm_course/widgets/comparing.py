"""Part of notebook 06: compare your profile with an earlier self or a colleague's rating.

An earlier self is a snapshot saved in 05 (``<home>/profiles/``). A colleague's rating
is the answer file a colleague saved with *Rate a colleague* (:mod:`.rating`): an
ordinary profile file, answered in observer wording. It is added with the upload
button, read with the size-limited, validating profile loader (never trusted
blindly) and kept under ``<home>/colleagues/``. Answers to items the questionnaire no
longer asks (a snapshot or file from an older version) are left out, not refused.
"""

from __future__ import annotations

from pathlib import Path

import ipywidgets as w

from ..errors import LvmCourseError
from ..paths import home_dir
from ..profile import Profile, decode_json, load_profile, parse_profile, save_profile
from .common import esc, message
from .session import ProfileSession

__all__ = ["ComparePanel", "MAX_UPLOAD"]

MAX_UPLOAD = 1024 * 1024


class ComparePanel:
    """A "Compare with" choice, the colleague upload and the radar of both."""

    def __init__(self, sess: ProfileSession):
        from ..charts import RadarChart

        self.session = sess
        self.compare = w.Dropdown(description="Compare with", options=[("nobody", "")],
                                  style={"description_width": "8em"})
        self.compare.observe(lambda _: self.draw(), names="value")
        self.upload = w.FileUpload(accept=".json", multiple=False,
                                   description="Add a colleague's rating")
        self.upload.observe(self.on_upload, names="value")
        self.note = w.HTML()
        self.chart = RadarChart(sess.course, title="You, compared")
        self.radar = w.HTML()
        self.radar_text = w.HTML()
        self.widget = w.VBox([w.HBox([self.compare, self.upload]), self.note, self.radar,
                              self.radar_text])
        self.fill()

    def fill(self) -> None:
        """List the snapshots and colleagues' ratings there are."""
        options = [("nobody", "")]
        for folder, kind in ((home_dir() / "profiles", "earlier self"),
                             (home_dir() / "colleagues", "colleague")):
            for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
                options.append((f"{kind}: {path.stem}", str(path)))
        current = self.compare.value
        self.compare.options = options
        self.compare.value = current if current in dict(options).values() else ""

    def on_upload(self, change: dict) -> None:
        """Check an uploaded answer file and keep it as a colleague's rating."""
        files = change["new"]
        if not files:
            return
        upload = files[0]
        name = Path(str(upload.get("name", "colleague.json"))).name
        raw = bytes(upload.get("content", b""))
        course = self.session.course
        try:
            if len(raw) > MAX_UPLOAD:
                raise LvmCourseError(f"{name}: too large to be a profile")
            data = decode_json(raw, name)
            profile = parse_profile(course, data, name, drop_unknown=True)
            if not profile.answers:
                raise LvmCourseError(f"{name}: it answers none of this questionnaire's items")
        except LvmCourseError as exc:
            self.note.value = message(f"Not added: {exc}", "error")
            return
        given = data.get("answers") if isinstance(data, dict) else None
        dropped = len(given) - len(profile.answers) if isinstance(given, dict) else 0
        path = self._keep(Path(name).stem, profile)
        self.fill()
        self.compare.value = str(path)
        aside = (f" {dropped} answer(s) to items the questionnaire no longer asks were "
                 "left out." if dropped else "")
        self.note.value = message(f"Added {name} as a colleague's rating.{aside}", "ok")

    def _keep(self, stem: str, profile: Profile) -> Path:
        """Save under ``colleagues/``: a safe name, never overwriting another rating
        (the same file added twice is kept once)."""
        folder = home_dir() / "colleagues"
        safe = "".join(ch for ch in stem if ch.isalnum() or ch in "-_")[:40] or "x"
        path, n = folder / f"{safe}.json", 2
        while path.exists():
            try:
                same = load_profile(self.session.course, path, drop_unknown=True)
            except LvmCourseError:
                same = None
            if same is not None and (same.answers, same.label, same.created) == (
                    profile.answers, profile.label, profile.created):
                return path
            path, n = folder / f"{safe}-{n}.json", n + 1
        return save_profile(profile, path)

    def draw(self) -> None:
        """Redraw the radar: you, plus the chosen comparison if any."""
        from ..charts import img_html

        overlay = label = None
        if self.compare.value:
            try:
                overlay = load_profile(self.session.course, self.compare.value,
                                       drop_unknown=True).scores
                label = self.compare.label
            except LvmCourseError as exc:  # named by file name: no server folder shown
                chosen = self.compare.value
                self.note.value = message("Cannot compare: " + str(exc).replace(
                    chosen, Path(chosen).name), "error")
        self.chart.update(self.session.scores, overlay=overlay, overlay_label=label)
        alt = self.chart.alt_text()
        self.radar.value = img_html(self.chart.png(), alt)
        self.radar_text.value = f'<p style="font-size:0.9em">{esc(alt)}</p>'
