"""The facilitator's group board: the room's shared profiles, live, above a threshold.

Decisions:

- **Anonymity first.** Below the minimum group (default 5, never below 3) the board
  shows one sentence, "N profiles shared; X more needed before anything is shown", and
  nothing else: no chart, no per-dimension number, no export. The same holds for quiz
  results ("what the room found hardest").
- **Live without blocking.** The *Live* toggle starts an asyncio task on the kernel's
  running loop (ipykernel and Voila both run one); the folder is read in a worker
  thread (``run_in_executor``) and the widgets are updated back on the loop, so the
  notebook stays responsive while a room of people share. With no running loop (a
  plain script or test) the toggle says so and :meth:`GroupBoard.refresh` does the
  work on demand.
- **Cheap refreshes.** Each reading keeps a :class:`~..group.Snapshot` (file name, mtime,
  size); the charts are redrawn only when something changed, and the board says what
  ("3 new since last refresh").
- **Facilitators only on a hub.** On a JupyterHub every trainee has the board notebook
  too; :func:`group_board` asks the hub first (:func:`~..hub.access.board_access`: an
  admin or a member of the facilitators' group) and shows anyone else one sentence,
  without reading the group folder.
- **Everything escaped.** Cohort names are sanitised (:func:`~..sharing.clean_cohort`);
  file names, reasons and statement texts pass through :func:`~.common.esc`.
"""

from __future__ import annotations

import asyncio
import base64
import logging
from datetime import datetime
from pathlib import Path
from typing import Any

import ipywidgets as w

from ..content import Course
from ..errors import LvmCourseError
from ..group import (
    MIN_GROUP,
    GroupData,
    GroupError,
    GroupSummary,
    Snapshot,
    check_min_group,
    list_cohorts,
    read_folder,
    summarise,
)
from ..look import style_tag
from ..paths import home_dir, shared_dir
from ..scoring import Scores
from ..sharing import clean_cohort
from .common import Activity, esc, get_course, guarded, md, message

__all__ = ["BoardRefused", "GroupBoard", "group_board"]

log = logging.getLogger("lvm_course")
_SHOW_SKIPPED = 20  # names listed; the rest are counted


def _img(png: bytes, alt: str, max_width: str = "640px") -> str:
    data = base64.b64encode(png).decode("ascii")
    return (f'<img src="data:image/png;base64,{data}" alt="{esc(alt)}" '
            f'style="width:100%;max-width:{max_width};height:auto" class="lvm-chart">')


def _figure_html(png: bytes, alt: str, max_width: str = "640px") -> str:
    """The chart, then the same numbers as visible text (for everyone, not only readers)."""
    return (_img(png, alt, max_width) +
            f'<p class="lvm-alt" style="font-size:0.9em;color:#333;max-width:{max_width}">'
            f"{esc(alt)}</p>")


class GroupBoard(Activity):
    """Pick a cohort; see its group radar, distributions, balance and hardest statements."""

    def __init__(self, course: Course, cohort: str | None = None, *,
                 min_group: int = MIN_GROUP, folder: Path | str | None = None,
                 interval: float = 5.0):
        self.course = course
        self.min_group = check_min_group(min_group)
        self.base = Path(folder) if folder is not None else shared_dir()
        self.interval = interval
        self.cohort: str | None = clean_cohort(cohort) if cohort else None
        self.data: GroupData | None = None
        self.summary: GroupSummary | None = None
        self.changes: dict[str, int] | None = None
        self.own: Scores | None = None
        self.refreshes = 0
        self._snapshot: Snapshot | None = None
        self._task: asyncio.Task[None] | None = None
        self._busy = False
        self._syncing = False

        options = list_cohorts(self.base)
        if self.cohort and self.cohort not in options:
            options = sorted([*options, self.cohort])
        if self.cohort is None and len(options) == 1:
            self.cohort = options[0]
        self.choose = w.Dropdown(options=[("(choose a group)", "")] + [(o, o) for o in options],
                                 value=self.cohort or "", description="Group",
                                 style={"description_width": "5em"})
        self.typed = w.Text(value="", placeholder="or type the group name trainees used",
                            description="Name", continuous_update=False,
                            style={"description_width": "5em"})
        self.cohort_note = w.HTML()
        self.refresh_button = w.Button(description="Refresh", icon="refresh",
                                       tooltip="Read the group folder again")
        self.live = w.ToggleButton(value=False, description=f"Live (every {interval:g} s)",
                                   icon="play", tooltip="Re-read the folder every few seconds")
        self.live_note = w.HTML()
        self.status = w.HTML()
        self.news = w.HTML()
        self.skipped_note = w.HTML()
        self.overlay = w.Checkbox(value=False, indent=False,
                                  description="Show my own profile on the radar")
        self.overlay_note = w.HTML()
        self.radar = w.HTML()
        self.distributions = w.HTML()
        self.balance = w.HTML()
        self.hardest = w.HTML()
        self.export_buttons = {kind: w.Button(description=f"Export {kind.upper()}",
                                              icon="download", disabled=True,
                                              tooltip=f"Save the group report as {kind}")
                               for kind in ("png", "pdf", "csv")}
        self.files = w.HTML()

        self.choose.observe(self._on_choose, names="value")
        self.typed.observe(self._on_typed, names="value")
        self.refresh_button.on_click(lambda _b: self.refresh())
        self.live.observe(self._on_live, names="value")
        self.overlay.observe(lambda _c: self._on_overlay(), names="value")
        for kind, button in self.export_buttons.items():
            button.on_click(lambda _b, kind=kind: self.export(kind))

        self.charts = w.VBox([self.overlay, self.overlay_note, self.radar, self.distributions,
                              self.balance, self.hardest])
        self.widget = w.VBox([
            # the board's notebook has no objectives cell: it carries the stylesheet itself
            w.HTML(f"{style_tag()}<h2>Group board</h2>"),
            w.HBox([self.choose, self.typed]), self.cohort_note,
            w.HBox([self.refresh_button, self.live]), self.live_note,
            self.status, self.news, self.skipped_note, self.charts,
            w.HBox(list(self.export_buttons.values())), self.files,
        ], layout=w.Layout(max_width="980px"))
        self.refresh()

    # --- choosing a cohort -------------------------------------------------------------
    def _set_options(self, names: list[str]) -> None:
        current = self.choose.value
        if current and current not in names:
            names = sorted([*names, current])
        wanted = [("(choose a group)", "")] + [(n, n) for n in names]
        if list(self.choose.options) != wanted:
            self._syncing = True
            try:
                self.choose.options = wanted
                self.choose.value = current
            finally:
                self._syncing = False

    def _on_choose(self, change: dict[str, Any]) -> None:
        if not self._syncing:
            self.select(change["new"] or None)

    def _on_typed(self, change: dict[str, Any]) -> None:
        if change["new"].strip():
            self.select(change["new"])

    def select(self, cohort: str | None) -> None:
        """Show ``cohort`` (sanitised); a name with nothing usable is refused."""
        if cohort is None:
            self.cohort = None
        else:
            try:
                name = clean_cohort(cohort)
            except LvmCourseError as exc:
                self.cohort_note.value = message(str(exc), "warn")
                return
            self.cohort_note.value = "" if name == cohort else message(
                f"Showing group '{name}' (group names use letters, digits, - and _).")
            self.cohort = name
            self._set_options(sorted({*list_cohorts(self.base), name}))
            if self.choose.value != name:
                self._syncing = True
                try:
                    self.choose.value = name
                finally:
                    self._syncing = False
        self._snapshot = None
        self.refresh()

    # --- reading -----------------------------------------------------------------------
    def _read(self, cohort: str) -> GroupData | None:
        try:
            return read_folder(self.course, self.base / cohort)
        except GroupError:
            return None  # no folder yet: nobody has shared

    def refresh(self) -> GroupSummary | None:
        """Re-read the cohort's folder and update the board; return the summary."""
        self._set_options(list_cohorts(self.base))
        if not self.cohort:
            self._apply(None, None)
            return None
        cohort = self.cohort
        self._apply(cohort, self._read(cohort))
        return self.summary

    def _apply(self, cohort: str | None, data: GroupData | None) -> None:
        self.refreshes += 1
        snapshot = data.snapshot if data is not None else Snapshot()
        first = self._snapshot is None
        self.changes = None if first else snapshot.diff(self._snapshot)
        changed = first or any(self.changes.values())  # type: ignore[union-attr]
        self._snapshot = snapshot
        self.data = data
        if cohort is None:
            self.summary = None
            self.status.value = message(
                f"Choose the group, or type the name trainees used when sharing "
                f"(group folder: {self.base}).")
            self.news.value = ""
            self._clear()
            return
        if data is None:
            data = GroupData(self.base / cohort, [], _empty(self.course), [], [], snapshot)
        self.summary = summarise(self.course, data, min_group=self.min_group)
        self.news.value = self._news_html()
        if changed:
            self._render()

    def _news_html(self) -> str:
        stamp = datetime.now().strftime("%H:%M:%S")
        if self.changes is None:
            return ""
        parts = []
        if self.changes["new"]:
            parts.append(f"{self.changes['new']} new")
        if self.changes["changed"]:
            parts.append(f"{self.changes['changed']} updated")
        if self.changes["removed"]:
            parts.append(f"{self.changes['removed']} withdrawn")
        text = ", ".join(parts) + " since last refresh" if parts else \
            "No change since last refresh"
        return f'<div role="status" aria-live="polite" style="color:#333">{esc(text)} ' \
               f'<span style="color:#666">({stamp})</span></div>'

    # --- drawing -----------------------------------------------------------------------
    def _clear(self) -> None:
        for box in (self.radar, self.distributions, self.balance, self.hardest,
                    self.skipped_note):
            box.value = ""
        self.charts.layout.display = "none"
        for button in self.export_buttons.values():
            button.disabled = True

    def _render(self) -> None:
        s = self.summary
        assert s is not None
        self._clear()
        self.skipped_note.value = self._skipped_html(s)
        if not s.ready:
            self.status.value = message(
                f"{s.n} profile{'s' if s.n != 1 else ''} shared in group '{s.cohort}'; "
                f"{s.needed} more needed before anything is shown.")
            return
        self.status.value = (
            f'<div style="font-size:1.4em;font-weight:600">{s.n} profiles shared in group '
            f"'{esc(s.cohort)}'</div>")
        self.charts.layout.display = ""
        self._draw()
        for button in self.export_buttons.values():
            button.disabled = False

    def _draw(self) -> None:
        from ..group_report import (
            balance_alt,
            balance_figure,
            distribution_alt,
            distribution_figure,
            figure_png,
            radar_alt,
            radar_figure,
        )

        s, c = self.summary, self.course
        assert s is not None and s.ready
        own, label = (self.own, "you (facilitator)") if self.overlay.value else (None, None)
        self.radar.value = _figure_html(
            figure_png(radar_figure(c, s, overlay=own, overlay_label=label), dpi=80),
            radar_alt(c, s, overlay=own, overlay_label=label))
        self.distributions.value = _figure_html(
            figure_png(distribution_figure(c, s), dpi=80), distribution_alt(c, s), "720px")
        self.balance.value = _figure_html(
            figure_png(balance_figure(c, s), dpi=80), balance_alt(c, s), "720px")
        self.hardest.value = self._hardest_html(s)

    def _hardest_html(self, s: GroupSummary) -> str:
        if s.quiz_n == 0:
            return ""
        if not s.hardest:
            return message(f"Quiz results shared by {s.quiz_n}; shown from {s.min_group}.")
        rows = []
        for statement_id, share, asked in s.hardest[:5]:
            if share == 0:
                break
            text = self.course.statement(statement_id).text
            rows.append(f"<li>“{md(text)}” — <strong>{share:.0%}</strong> answered wrong "
                        f"({asked} answers)</li>")
        body = "<ol>" + "".join(rows) + "</ol>" if rows else \
            "<p>Nobody got any statement wrong.</p>"
        return f"<h3>What the room found hardest ({s.quiz_n} shared quiz results)</h3>{body}"

    def _skipped_html(self, s: GroupSummary) -> str:
        if not s.skipped:
            return ""
        items = "".join(f"<li><code>{esc(k.name)}</code>: {esc(k.reason)}</li>"
                        for k in s.skipped[:_SHOW_SKIPPED])
        more = len(s.skipped) - _SHOW_SKIPPED
        tail = f"<li>and {more} more</li>" if more > 0 else ""
        return (f'<details style="color:#7a4b00"><summary>{len(s.skipped)} file(s) could not '
                f"be used and were left out</summary><ul>{items}{tail}</ul></details>")

    # --- overlay -----------------------------------------------------------------------
    def _on_overlay(self) -> None:
        from ..profile import load_profile

        self.own, self.overlay_note.value = None, ""
        if self.overlay.value:
            path = home_dir() / "profile.json"
            try:
                self.own = load_profile(self.course, path).scores
            except LvmCourseError:
                self.overlay_note.value = message(
                    "You have no saved profile of your own yet (answer the questionnaire "
                    "in 05 first).", "warn")
        if self.summary is not None and self.summary.ready:
            self._draw()

    # --- live --------------------------------------------------------------------------
    def _on_live(self, change: dict[str, Any]) -> None:
        if change["new"]:
            self.start_live()
        else:
            self.stop_live()

    def start_live(self) -> bool:
        """Start re-reading every ``interval`` seconds on the running event loop."""
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            self.live_note.value = message(
                "Live refresh needs a running notebook (Jupyter or Voila); press Refresh "
                "instead.", "warn")
            self.live.value = False
            return False
        if self._task is None or self._task.done():
            self._task = loop.create_task(self._live_loop())
        self.live.icon = "pause"
        self.live_note.value = ""
        return True

    def stop_live(self) -> None:
        """Stop the live refresh (the task is cancelled)."""
        if self._task is not None:
            self._task.cancel()
            self._task = None
        self.live.icon = "play"

    async def _live_loop(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            await asyncio.sleep(self.interval)
            cohort = self.cohort
            if not cohort or self._busy:
                continue
            self._busy = True
            try:
                data = await loop.run_in_executor(None, self._read, cohort)
                if cohort == self.cohort:
                    self._apply(cohort, data)
                self._set_options(list_cohorts(self.base))  # cohorts created meanwhile
                self.live_note.value = ""
            except Exception as exc:  # a background task must never die silently
                log.debug("live refresh failed", exc_info=True)
                self.live_note.value = message(f"Live refresh hit a problem ({exc}); "
                                               "retrying.", "warn")
            finally:
                self._busy = False

    # --- export ------------------------------------------------------------------------
    def export(self, kind: str) -> Path | None:
        """Save the report (png, pdf) or the scores (csv) under ``<home>/exports``."""
        from ..group_report import write_csv, write_report
        from .results import download_link

        s = self.summary
        if s is None or not s.ready:
            needed = s.needed if s is not None else self.min_group
            self.files.value = message(f"Nothing to export: {needed} more profile(s) needed.",
                                       "warn")
            return None
        stamp = s.made.strftime("%Y-%m-%d-%H%M")
        path = home_dir() / "exports" / f"group-{s.cohort}-{stamp}.{kind}"
        try:
            if kind == "csv":
                write_csv(s, path)
            else:
                own = self.own if self.overlay.value else None
                write_report(self.course, s, path, overlay=own,
                             overlay_label="you (facilitator)" if own else None)
        except LvmCourseError as exc:
            self.files.value = message(str(exc), "error")
            return None
        except OSError as exc:
            self.files.value = message(f"Could not write {path.name}: "
                                       f"{exc.strerror or exc}", "error")
            return None
        self.files.value = download_link(path, f"Download {path.name}")
        return path


def _empty(course: Course) -> Any:
    import numpy as np

    return np.zeros((0, len(course.items)), dtype=np.int8)


class BoardRefused(Activity):
    """What a non-facilitator sees instead of the board (on a hub): why, and who may."""

    def __init__(self, reason: str):
        self.reason = reason
        self.widget = w.HTML("<h2>Group board</h2>" + message(reason, "warn"))


@guarded
def group_board(cohort: str | None = None, *, min_group: int = MIN_GROUP,
                folder: Path | str | None = None) -> GroupBoard | BoardRefused:
    """The facilitator's board for ``cohort`` (or a choice of the cohorts found); on a
    JupyterHub only for its admins and the facilitators' group."""
    from ..hub.access import board_access

    access = board_access()
    if not access.allowed:
        log.info("group board refused to %s", access.user)
        return BoardRefused(access.reason)
    return GroupBoard(get_course(), cohort, min_group=min_group, folder=folder)
