"""Notebook 05, second half: what the scores mean, tips, handout, snapshot and sharing.

Kept apart from the questionnaire so each stays small; both follow one
:class:`~.session.ProfileSession`, so the interpretation updates as answers change.
Sharing needs an explicit consent tick and writes an *anonymous* copy (no label
unless the trainee also ticks that box) to the group folder.
"""

from __future__ import annotations

import base64
from collections.abc import Collection
from datetime import UTC, datetime
from pathlib import Path

import ipywidgets as w

from ..content import Course
from ..errors import LvmCourseError
from ..interpret import lowest_dimensions, profile_reading
from ..palette import POLE_TEXT
from ..paths import home_dir, shared_dir, surface
from ..profile import save_profile
from ..scoring import Scores
from ..store import Store
from .common import Activity, cite, cohort_field, esc, get_course, guarded, md, message
from .session import ProfileSession, session

__all__ = ["ProfileResults", "download_link", "interpretation_html", "profile_results"]


def download_link(path: Path, label: str) -> str:
    """An HTML link that downloads ``path`` from the page itself (Lab and Voila alike)."""
    mime = {".pdf": "application/pdf", ".png": "image/png", ".md": "text/markdown",
            ".csv": "text/csv", ".json": "application/json",
            ".ics": "text/calendar"}.get(path.suffix, "application/octet-stream")
    data = base64.b64encode(path.read_bytes()).decode("ascii")
    saved = (f' <span style="color:#555">(also saved as {esc(path)})</span>'
             if surface() == "lab" else "")
    return (f'<a download="{esc(path.name)}" href="data:{mime};base64,{data}" '
            f'style="font-weight:bold">{esc(label)}</a>{saved}')


def interpretation_html(course: Course, scores: Scores,
                        not_applicable: Collection[str] = ()) -> str:
    """A table: each dimension's score, band and what it means; how the whole profile
    reads (:func:`~..interpret.profile_reading`); tips for the two lowest dimensions.
    ``not_applicable``: items answered "not applicable", named where a dimension has
    too few answers for a score."""
    rows = []
    for dim in course.dimensions:
        d = scores.dimensions[dim.id]
        if d.score is None:
            skipped = sum(1 for i in course.items_of(dim.id) if i.id in not_applicable)
            aside = f" ({skipped} not applicable to your role)" if skipped else ""
            value, band, text = "—", "not enough answers yet", \
                f"Answered {d.answered} of {d.total}{aside}; a score needs at least half " \
                "answered on the scale."
        else:
            b = course.band(d.score)
            value, band, text = f"{d.score:.1f}", b.label, getattr(dim.interpretation, b.id)
        colour = POLE_TEXT[dim.pole]
        rows.append(f'<tr><th scope="row" style="text-align:left;color:{colour}">'
                    f"{esc(dim.name)}<br><small>{esc(dim.pole)}</small></th>"
                    f"<td>{value}</td><td>{esc(band)}</td><td>{md(text)}</td></tr>")
    table = ('<table style="border-collapse:collapse;width:100%" class="lvm-table">'
             "<caption style='text-align:left;font-weight:bold'>Your six dimensions "
             "(1 to 5)</caption><thead><tr><th scope='col'>Dimension</th>"
             "<th scope='col'>Score</th><th scope='col'>Band</th>"
             "<th scope='col'>What it suggests</th></tr></thead><tbody>"
             + "".join(rows) + "</tbody></table>")
    reading = profile_reading(course, scores)
    poles = ""
    if scores.balance is not None:
        poles = (f"<p><strong>Leadership {scores.leadership:.1f}</strong> · "
                 f"<strong>Management {scores.management:.1f}</strong></p>")
    note = f" {esc(reading.note)}" if reading.note else ""
    balance = (f"<h3>Leading and managing together</h3>{poles}<p>{md(reading.text)}{note}</p>"
               + (cite(course, reading.source) if reading.source else ""))
    tips = ""
    lowest = lowest_dimensions(course, scores)
    if lowest:
        parts = [f"<h4>{esc(d.name)}</h4><ul>" + "".join(
            f"<li>{md(t.text)}{cite(course, t.source)}</li>" for t in d.tips) + "</ul>"
            for d in lowest]
        tips = "<h3>Where to grow first: tips for your two lowest dimensions</h3>" + \
            "".join(parts)
    return table + balance + tips


class ProfileResults(Activity):
    """Interpretation, label, snapshot, handout export and consent-based sharing."""

    def __init__(self, sess: ProfileSession):
        self.session = sess
        self.sharing = Store("sharing")
        self.report = w.HTML()
        self.label = w.Text(value=sess.label or "", description="Your label",
                            placeholder="optional: a name or nickname; stays on this machine",
                            style={"description_width": "8em"},
                            layout=w.Layout(width="32em"))
        self.label.observe(lambda c: sess.set_label(c["new"]), names="value")
        self.snapshot = w.Button(description="Save a snapshot", icon="camera",
                                 tooltip="Keep today's profile to compare with later")
        self.pdf = w.Button(description="Handout (PDF)", tooltip="One-page handout as PDF")
        self.png = w.Button(description="Handout (PNG)", tooltip="One-page handout as image")
        self.files = w.HTML()
        self.snapshot.on_click(lambda _: self.save_snapshot())
        self.pdf.on_click(lambda _: self.export(".pdf"))
        self.png.on_click(lambda _: self.export(".png"))
        self.consent = w.Checkbox(value=False, indent=False,
                                  description="I agree to share an anonymous copy of my scores "
                                              "with my group")
        self.with_label = w.Checkbox(value=False, indent=False,
                                     description="Also include my label")
        self.cohort = cohort_field(self.sharing.get("cohort"))
        self.share = w.Button(description="Share with my group", button_style="primary",
                              disabled=True, icon="share")
        self.withdraw = w.Button(description="Withdraw my shared copy", icon="undo")
        self.share_status = w.HTML()
        self.consent.observe(lambda c: setattr(self.share, "disabled", not c["new"]),
                             names="value")
        self.share.on_click(lambda _: self.do_share())
        self.withdraw.on_click(lambda _: self.do_withdraw())
        sharing = w.VBox([
            w.HTML("<h3>Share with the group (optional)</h3><p>Your facilitator can show "
                   "the room's <em>combined</em> profile. Only if you tick the box below is "
                   "an anonymous copy of your scores written to the group folder"
                   + (f" (<code>{esc(shared_dir())}</code>)" if surface() == "lab" else "")
                   + ". Nothing is shown until enough people have shared.</p>"),
            self.consent, self.with_label, self.cohort, w.HBox([self.share, self.withdraw]),
            self.share_status])
        self.widget = w.VBox([self.report, w.HTML("<h3>Keep it</h3>"), self.label,
                              w.HBox([self.snapshot, self.pdf, self.png]), self.files,
                              sharing])
        sess.observe(self._refresh)
        self._refresh(sess)

    def _refresh(self, sess: ProfileSession) -> None:
        if sess.answered == 0:
            self.report.value = message("Answer the questionnaire above: your results "
                                        "appear here as you go.")
        else:
            self.report.value = interpretation_html(sess.course, sess.scores,
                                                    sess.not_applicable)

    def save_snapshot(self) -> Path | None:
        """Save today's profile under ``<home>/profiles/`` for a later before/after."""
        if not self.session.answered:
            self.files.value = message("Answer some items first.", "warn")
            return None
        stamp = datetime.now(UTC).strftime("%Y-%m-%d-%H%M%S")
        path = save_profile(self.session.profile(), home_dir() / "profiles" / f"{stamp}.json")
        self.files.value = message(f"Snapshot saved: {path.name}. Compare with it in "
                                   "06 Action plan.", "ok")
        return path

    def export(self, suffix: str) -> Path | None:
        """Write the one-page handout and offer it for download."""
        from ..handout import write_profile_handout

        sess = self.session
        if not sess.answered:
            self.files.value = message("Answer some items first.", "warn")
            return None
        path = home_dir() / "exports" / f"my-profile{suffix}"
        try:
            write_profile_handout(sess.course, sess.scores, path, label=sess.label,
                                  created=datetime.fromisoformat(sess.created),
                                  not_applicable=len(sess.not_applicable))
        except OSError as exc:
            self.files.value = message(f"Could not write the handout: {exc.strerror}", "error")
            return None
        self.files.value = download_link(path, f"Download {path.name}")
        return path

    def do_share(self) -> Path | None:
        """Write the anonymous copy (only after consent)."""
        from ..sharing import share_profile

        if not self.consent.value:
            self.share_status.value = message("Tick the consent box first.", "warn")
            return None
        if not self.session.complete:
            self.share_status.value = message(
                "Answer at least half of each dimension's items before sharing.", "warn")
            return None
        try:
            path = share_profile(self.session.profile(), self.cohort.value,
                                 include_label=self.with_label.value)
        except LvmCourseError as exc:
            self.share_status.value = message(f"{exc} Your own copy is safe.", "error")
            return None
        self.sharing.set("cohort", self.cohort.value)
        self.share_status.value = message(
            f"Shared with group '{path.parent.name}'. Share again after changing answers "
            "to update it; withdraw at any time.", "ok")
        return path

    def do_withdraw(self) -> None:
        from ..sharing import unshare

        try:
            removed = unshare(self.cohort.value)
        except LvmCourseError as exc:
            self.share_status.value = message(str(exc), "error")
            return
        self.share_status.value = message(
            "Your shared copy was removed." if removed else "You had nothing shared there.",
            "ok")


@guarded
def profile_results() -> ProfileResults:
    """Show what the profile means, with handout export and optional sharing."""
    return ProfileResults(session(get_course()))
