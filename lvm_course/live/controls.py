"""The facilitator's controls for the live session (on the facilitator's page only).

The run of show for the part in hand (each activity with *Ask the room* and its
discussion prompt), *Close answers*, *Show the answer*, *Next*, the moderation queue
for words and questions, a question of one's own written on the spot, and the
session's export. Usable from a phone: every control is a labelled button or field.

Every action asks ``allowed()`` first, which the room answers by checking the
facilitator's session again (it may have ended since the page opened), so the
controls are worth nothing on a page that is not the facilitator's: and they only
ever exist on one (a trainee's page never builds them).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import ipywidgets as w

from ..widgets.common import esc, message
from .questions import activities_of, question_for
from .session import LiveSession, Refused

__all__ = ["Controls"]

_PHASE = {"open": "taking answers", "closed": "answers closed",
          "consequence": "showing what happens", "revealed": "answer shown",
          "ending": "the scenario has ended", "idle": "nothing asked"}


class Controls:
    """The facilitator's controls.

    Args:
        session: the room's live session.
        allowed: whether the facilitator's session still holds (checked on every action).
        connected: how many trainees are connected now.
        export_to: the facilitator's folder, where exports are written.
    """

    def __init__(self, session: LiveSession, *, allowed: Callable[[], bool],
                 connected: Callable[[], int] = lambda: 0, export_to: Path | None = None):
        self.session, self.allowed, self.connected = session, allowed, connected
        self.export_to = export_to
        parts = [(f"{nb.id[:2]} · {nb.title}", nb.id) for nb in session.course.notebooks
                 if activities_of(session.course, nb.id)]
        wide = {"description_width": "initial"}
        self.part = w.Dropdown(options=parts, description="Part", style=wide,
                               value=session.state["part"] if session.state["part"] in
                               dict(parts).values() else (parts[0][1] if parts else None))
        self.run = w.VBox()
        self.now = w.HTML()
        self.close = w.Button(description="Close answers", icon="lock")
        self.reveal = w.Button(description="Show the answer", icon="eye")
        self.next = w.Button(description="Next", icon="forward")
        self.end = w.Button(description="Put it away", icon="times")
        self.tie = w.ToggleButtons(options=[], value=None, style=wide,
                                   description="Tied: the room's choice")
        self.queue = w.VBox()
        self.feedback = w.HTML()
        self.own_kind = w.Dropdown(options=[("A choice", "choice"), ("A few words", "words")],
                                   description="Kind", style=wide)
        self.own_text = w.Text(description="Question", placeholder="What would you ask?",
                               style=wide)
        self.own_options = w.Textarea(description="Options", style=wide,
                                      placeholder="one per line (2 to 5), for a choice")
        self.own_ask = w.Button(description="Ask this", icon="bullhorn")
        self.export = w.Button(description="Export the session", icon="download")
        self.files = w.HTML()
        self.widget = w.VBox([
            w.HTML("<h2>Ask the room</h2><p>Put a question to every phone. The stage "
                   "(<a href='/stage' target='_blank' rel='noopener'>open it on the "
                   "projector</a>) shows the answers as they come, never who gave them.</p>"),
            self.part, self.run,
            w.HTML("<h3>Now</h3>"), self.now,
            w.HBox([self.close, self.reveal, self.next, self.end]), self.tie,
            self.queue, self.feedback,
            w.HTML("<h3>A question of your own</h3>"),
            self.own_kind, self.own_text, self.own_options, self.own_ask,
            w.HTML("<h3>For the programme's report</h3><p>Counts per question (CSV) and a "
                   "one-page summary (PNG): no names, nothing below three answers.</p>"),
            self.export, self.files])
        self.widget.add_class("lvm-live-controls")
        self._quiet = False
        self.part.observe(self._on_part, names="value")
        self.close.on_click(lambda _b: self._act(self.session.close))
        self.reveal.on_click(lambda _b: self._act(self.session.reveal))
        self.next.on_click(lambda _b: self._act(self.session.next))
        self.end.on_click(lambda _b: self._act(self.session.end))
        self.tie.observe(self._on_tie, names="value")
        self.own_ask.on_click(self._on_own)
        self.export.on_click(self._on_export)
        self._drawn_part: str | None = None
        self.update()

    # --- acting ------------------------------------------------------------------------
    def _act(self, action: Callable[[], Any]) -> bool:
        if not self.allowed():
            self.feedback.value = message("Your facilitator session has ended: open the "
                                          "facilitator link again.", "error")
            return False
        try:
            action()
        except Refused as exc:
            self.feedback.value = message(f"{str(exc)[:1].upper()}{str(exc)[1:]}.", "warn")
            return False
        self.feedback.value = ""
        self.update()
        return True

    def _on_part(self, _change: dict[str, Any]) -> None:
        if not self._quiet:
            self._act(lambda: self.session.set_part(self.part.value))

    def ask(self, activity_id: str) -> bool:
        """*Ask the room* for one activity of the run of show."""
        return self._act(lambda: self.session.ask(activity_id))

    def _on_tie(self, change: dict[str, Any]) -> None:
        if change["new"] is not None:
            self._act(lambda: self.session.pick(change["new"]))

    def _on_own(self, _button: object = None) -> None:
        options = [line for line in self.own_options.value.splitlines() if line.strip()]
        if self._act(lambda: self.session.ask_own(self.own_kind.value, self.own_text.value,
                                                  options)):
            self.own_text.value = self.own_options.value = ""

    def _on_export(self, _button: object = None) -> None:
        if not self.allowed():
            self.feedback.value = message("Your facilitator session has ended.", "error")
            return
        from ..widgets.results import download_link
        from .export import write_export

        csv_path, png_path = write_export(self.session, self.export_to or
                                          self.session.folder)
        self.files.value = (download_link(csv_path, f"Download {csv_path.name}") + " · " +
                            download_link(png_path, f"Download {png_path.name}"))

    # --- what is shown -----------------------------------------------------------------
    def _draw_run(self) -> None:
        part = self.part.value
        if part == self._drawn_part:
            return
        self._drawn_part = part
        rows = []
        for act in activities_of(self.session.course, part):
            q = question_for(self.session.course, act.id)
            button = w.Button(description="Ask the room", icon="bullhorn",
                              tooltip=f"Ask the room: {q.text[:80]}")
            button.on_click(lambda _b, aid=act.id: self.ask(aid))
            kind = {"choice": "Choice", "scenario": "The room's scenario", "scale": "Scale",
                    "words": "Words", "questions": "Questions"}[q.kind]
            shown = self.session.course.scenario(q.scenario).title if q.scenario else q.text
            rows.append(w.VBox([w.HTML(
                f"<p class='lvm-live-act'><strong>{kind}:</strong> {esc(shown)}<br>"
                f"<span class='lvm-small'>Discuss: {esc(act.prompt)}</span></p>"), button]))
        self.run.children = tuple(rows)

    def update(self) -> None:
        """Show the session as it is now (called on every change)."""
        s = self.session
        if s.state["part"] != self.part.value and s.state["part"] in \
                [v for _k, v in self.part.options]:
            self._quiet = True
            try:
                self.part.value = s.state["part"]
            finally:
                self._quiet = False
        self._draw_run()
        q, phase = s.question, s.phase
        res = s.results()
        if q is None:
            run = s.scenario_run()
            self.now.value = ("<p>The room's scenario has reached its ending: it is on "
                              "every phone and the stage. Put it away when you are done.</p>"
                              if phase == "ending" and run else "<p>Nothing is asked now.</p>")
        else:
            counted = f"{res['n']} of {self.connected()} connected answered"
            if q.kind in ("words", "questions"):
                counted += f"; {res['waiting']} waiting for you, {res['held']} held back " \
                           "by the blocklist"
            self.now.value = (f"<p><strong>{esc(q.title or q.text)}</strong><br>"
                              f"{_PHASE.get(phase, phase)} · {counted}</p>"
                              + (f"<p class='lvm-small'>Discuss: {esc(q.prompt)}</p>"
                                 if q.prompt else ""))
        self.close.disabled = phase != "open"
        self.reveal.disabled = q is None or phase in ("open", "revealed")
        self.reveal.description = "Show what happens" if q is not None and \
            q.kind == "scenario" and phase == "closed" else "Show the answer"
        self.next.disabled = phase not in ("revealed", "consequence", "closed") or q is None
        self.end.disabled = phase == "idle"
        tied = s.state["tie"]
        if q is not None and len(tied) > 1:
            self.tie.options = [(o.label, o.id) for o in q.options if o.id in tied]
            self.tie.value = None
            self.tie.layout.display = None
        else:
            self.tie.layout.display = "none"
        self._draw_queue(q.kind if q is not None else None)

    def _draw_queue(self, kind: str | None) -> None:
        rows: list[w.Widget] = []
        if kind == "words":
            for item in self.session.queue():
                if item["status"] != "pending":
                    continue
                # a few words each: the button says which answer it shows or hides
                show = w.Button(description=f"Show: {item['text']}", icon="check")
                hide = w.Button(description=f"Hide: {item['text']}", icon="times")
                show.on_click(lambda _b, e=item["id"]: self._act(
                    lambda: self.session.moderate_words(e, True)))
                hide.on_click(lambda _b, e=item["id"]: self._act(
                    lambda: self.session.moderate_words(e, False)))
                rows.append(w.HBox([w.HTML(f"<span class='lvm-live-q'>{esc(item['text'])}"
                                           "</span>"), show, hide]))
        elif kind == "questions":
            for item in self.session.question_queue():
                if item["status"] not in ("pending", "shown") or item["answered"]:
                    continue
                actions = [("approve", "Show", "check"), ("hide", "Hide", "times")] \
                    if item["status"] == "pending" else \
                    [("unpin" if item["pinned"] else "pin",
                      "Unpin" if item["pinned"] else "Pin", "thumb-tack"),
                     ("answered", "Answered", "check"), ("hide", "Hide", "times")]
                buttons = []
                for action, label, icon in actions:
                    b = w.Button(description=label, icon=icon, tooltip=f"{label}: {item['text']}")
                    b.on_click(lambda _b, qid=item["id"], a=action: self._act(
                        lambda: self.session.moderate_question(qid, a)))
                    buttons.append(b)
                votes = f" ({item['votes']} votes)" if item["status"] == "shown" else ""
                rows.append(w.HBox([w.HTML(f"<span class='lvm-live-q'>{esc(item['text'])}"
                                           f"</span>{votes}"), *buttons]))
        heading = "<h3>Waiting for you</h3>" if rows else ""
        self.queue.children = ((w.HTML(heading),) if heading else ()) + tuple(rows)
