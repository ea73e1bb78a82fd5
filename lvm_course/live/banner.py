"""The live question on a trainee's page: on top of whatever part they are in.

It appears when the facilitator asks the room, is answered with one tap (changeable
until the answers close), and goes away when the question is put away or the trainee
hides it; after the reveal it shows the course's answer and how the room answered.
It never touches the trainee's own saved answers or the group board: a live answer
lives in the room's session only (:mod:`.session`), anonymously.

The room wraps it in a polite live region, so a screen reader hears a new question
without losing its place. Each control carries its own text (toggle buttons for the
answers, like the questionnaire's), at least 44 px high (``room.css``).
"""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from ..widgets.common import esc, message
from .drawing import bars, questions_list, word_cloud
from .questions import LiveQuestion
from .session import LiveSession, Refused

__all__ = ["Banner"]

_VERDICT = {"best": "the course's best call", "accepted": "a call that can work",
            "rethink": "a call to rethink"}


class Banner:
    """The live question for one trainee's page.

    Args:
        session: the room's live session.
        trainee: who answers here (their trainee id; the session keeps only a hash).
    """

    def __init__(self, session: LiveSession, trainee: str):
        self.session = session
        self.trainee = trainee
        self.heading = w.HTML()
        self.text = w.HTML()
        self.choices = w.ToggleButtons(options=[], value=None, description="Your answer",
                                       style={"description_width": "initial"})
        self.choices.add_class("lvm-live-choices")
        self.words = w.Text(description="Your words", placeholder="a word or two",
                            style={"description_width": "initial"})
        self.send = w.Button(description="Send", icon="paper-plane")
        self.ask = w.Textarea(description="Your question", placeholder="Ask the facilitator",
                              style={"description_width": "initial"})
        self.ask_button = w.Button(description="Ask", icon="question")
        self.votes = w.VBox()
        self.status = w.HTML()
        self.results = w.HTML()
        self.hide = w.Button(description="Hide this question", icon="times")
        self.hide.add_class("lvm-live-hide")
        self.words_box = w.HBox([self.words, self.send])
        self.ask_box = w.HBox([self.ask, self.ask_button])
        self.widget = w.VBox([self.heading, self.text, self.choices, self.words_box,
                              self.ask_box, self.votes, self.status, self.results, self.hide])
        self.widget.add_class("lvm-live")
        self._key: tuple[Any, ...] = ()
        self._hidden_for: str | None = None
        self._setting = False
        self.choices.observe(self._on_choice, names="value")
        self.send.on_click(self._on_send)
        self.ask_button.on_click(self._on_ask)
        self.hide.on_click(self._on_hide)
        self.update()

    # --- what is shown ----------------------------------------------------------------
    @property
    def shown(self) -> bool:
        return self.widget.layout.display != "none"

    def update(self) -> None:
        """Show what the session holds now (called on every change the room makes)."""
        s = self.session
        q, phase = s.question, s.phase
        run = s.scenario_run()
        key = (q.id if q else None, phase, s.state["room_version"] if q and q.kind ==
               "questions" else 0, run.get("ending") if run else None)
        if key == self._key:
            return
        self._key = key
        if q is None and not (phase == "ending" and run):
            self._show(False)
            return
        if self._hidden_for is not None and self._hidden_for == (q.id if q else "ending"):
            self._show(False)
            return
        self._hidden_for = None
        self._show(True)
        if q is None:
            self._ending(run or {})
            return
        self.heading.value = f"<h2 class='lvm-live-h'>{self._title(q)}</h2>"
        self.text.value = f"<p class='lvm-live-text'>{esc(q.text)}</p>"
        for box in (self.choices, self.words_box, self.ask_box):
            box.layout.display = "none"
        self.votes.children = ()
        if q.kind in ("choice", "scale", "scenario"):
            self._choices(q, phase)
        elif q.kind == "words":
            self._words_box(phase == "open")
        elif q.kind == "questions":
            self._questions(phase == "open")
        self._after(q, phase)

    def _title(self, q: LiveQuestion) -> str:
        if q.kind == "scenario":
            return f"The room's scenario: {esc(q.title)}"
        return {"words": "Live: a few words", "questions": "Live: ask the facilitator"}.get(
            q.kind, "Live question from the facilitator")

    def _show(self, visible: bool) -> None:
        self.widget.layout.display = None if visible else "none"

    def _choices(self, q: LiveQuestion, phase: str) -> None:
        mine = self.session.mine(self.trainee)
        self._setting = True
        try:
            self.choices.options = [(o.label, o.id) for o in q.options]
            self.choices.value = mine if mine in {o.id for o in q.options} else None
        finally:
            self._setting = False
        self.choices.disabled = phase != "open"
        self.choices.layout.display = None
        if phase == "open":
            self.status.value = message("Tap your answer. You can change it until the "
                                        "facilitator closes the answers." if mine is None
                                        else "Your answer is in. You can change it until "
                                        "the facilitator closes the answers.", "info")
        else:
            self.status.value = message("Answers are closed." + (
                "" if mine else " You did not answer this one."), "info")

    def _words_box(self, open_: bool) -> None:
        parent = self.words_box
        parent.layout.display = None if open_ else "none"
        mine = self.session.mine(self.trainee)
        q = self.session.question
        limit = q.max_words if q else 3
        self.status.value = message(
            (f"You sent: {mine}. The facilitator shows answers once they have read them."
             if mine else f"Up to {limit} word{'s' if limit > 1 else ''}. Nothing is shown "
             "with your name, and nothing until the facilitator approves it.")
            if open_ else "Answers are closed.", "info")

    def _questions(self, open_: bool) -> None:
        self.ask_box.layout.display = None if open_ else "none"
        voted = self.session.voted(self.trainee)
        rows = []
        for item in self.session.shown_questions():
            mark = w.ToggleButton(value=item["id"] in voted,
                                  description=f"Vote up ({item['votes']})",
                                  tooltip=f"Vote for: {item['text']}")
            mark.observe(lambda ch, qid=item["id"]: self._on_vote(qid, ch), names="value")
            rows.append(w.HBox([w.HTML(f"<span class='lvm-live-q'>{esc(item['text'])}</span>"
                                       + (" <em>(answered)</em>" if item["answered"] else "")),
                                mark]))
        self.votes.children = tuple(rows)
        self.status.value = message("Questions are anonymous, and shown once the "
                                    "facilitator has read them. Vote up the ones you want "
                                    "answered.", "info") if open_ else ""

    def _after(self, q: LiveQuestion, phase: str) -> None:
        """After the reveal: the answer and why, and how the room answered."""
        s = self.session
        if phase not in ("revealed", "consequence"):
            self.results.value = ""
            return
        res = s.results()
        parts = ["<h3>How the room answered</h3>"]
        if q.kind in ("choice", "scale", "scenario"):
            parts.append(bars(q, res, reveal=phase == "revealed" and q.kind != "scenario"))
        if q.kind == "words":
            parts.append(word_cloud(res["words"]))
        if q.kind == "questions":
            parts.append(questions_list(res["questions"]))
        if q.kind == "scenario":
            chosen = q.option(s.chosen() or "")
            if chosen is not None:
                parts.append(f"<p><strong>The room chose:</strong> {esc(chosen.label)}</p>"
                             f"<p><strong>What happens:</strong> {esc(chosen.consequence)}</p>")
                if phase == "revealed":
                    parts.append(f"<p><strong>That was {_VERDICT.get(chosen.verdict, '')}."
                                 f"</strong> {esc(chosen.feedback)}</p>")
        elif q.has_answer and phase == "revealed":
            answer = q.option(q.answers[0])
            parts.append(f"<p><strong>The course's answer:</strong> "
                         f"{esc(answer.label if answer else '')}. {esc(q.explanation)}</p>")
            if q.differ:
                parts.append(f"<p><strong>Where the sources differ:</strong> "
                             f"{esc(q.differ)}</p>")
        if q.source:
            parts.append(f"<p class='lvm-small'>Source: {esc(self._source(q.source))}</p>")
        self.results.value = "".join(parts)

    def _source(self, source: str) -> str:
        if source == "course":
            return "the course's own addition"
        try:
            return self.session.course.source_title(source)
        except KeyError:
            return source

    def _ending(self, run: dict[str, Any]) -> None:
        sc = self.session.course.scenario(run["scenario"])
        ending = next((e for e in sc.endings if e.id == run.get("ending")), None)
        self.heading.value = f"<h2 class='lvm-live-h'>The room's scenario: {esc(sc.title)}</h2>"
        self.text.value = (f"<p><strong>{esc(ending.title if ending else '')}</strong> "
                           f"{esc(ending.text if ending else '')}</p>"
                           f"<p>{esc(sc.takeaway.text)}</p>")
        for box in (self.choices, self.words_box, self.ask_box):
            box.layout.display = "none"
        self.votes.children = ()
        self.status.value = ""
        self.results.value = ""

    # --- what the trainee does --------------------------------------------------------
    def _on_choice(self, change: dict[str, Any]) -> None:
        if self._setting or change["new"] is None:
            return
        try:
            self.session.answer(self.trainee, change["new"])
        except Refused as exc:
            self.status.value = message(f"Not taken: {exc}.", "warn")
            return
        self.status.value = message("Your answer is in. You can change it until the "
                                    "facilitator closes the answers.", "ok")

    def _on_send(self, _button: object = None) -> None:
        try:
            sent = self.session.send_words(self.trainee, self.words.value)
        except Refused as exc:
            self.status.value = message(f"Not sent: {exc}.", "warn")
            return
        self.words.value = ""
        self.status.value = message(f"You sent: {sent}. The facilitator shows answers once "
                                    "they have read them.", "ok")

    def _on_ask(self, _button: object = None) -> None:
        try:
            self.session.ask_question(self.trainee, self.ask.value)
        except Refused as exc:
            self.status.value = message(f"Not sent: {exc}.", "warn")
            return
        self.ask.value = ""
        self.status.value = message("Your question is with the facilitator. It is shown "
                                    "without your name once they have read it.", "ok")

    def _on_vote(self, qid: str, change: dict[str, Any]) -> None:
        if self._setting:
            return
        try:
            now = self.session.vote(self.trainee, qid)
        except Refused as exc:
            self.status.value = message(f"Not taken: {exc}.", "warn")
            return
        if now != change["new"]:
            self._setting = True
            try:
                change["owner"].value = now
            finally:
                self._setting = False

    def _on_hide(self, _button: object = None) -> None:
        q = self.session.question
        self._hidden_for = q.id if q else "ending"
        self._show(False)
