"""The stage: what the projector shows while the room answers (``/stage``).

The question in large type, how many of those connected have answered, the results
drawing themselves as answers arrive (:mod:`.drawing`), and the join code in a corner
for latecomers. Never who answered: counts, distributions, approved words and
approved questions only, and nothing by option below three answers. The look is in
``room.css`` (``.lvm-stage``): sized for 1920x1080 and readable from the back of a
room, in greyscale too (every bar carries its number).
"""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as w

from ..widgets.common import esc
from .drawing import bars, questions_list, word_cloud
from .session import LiveSession

__all__ = ["Stage"]


class Stage:
    """The projector's view of the live session.

    Args:
        session: the room's live session.
        join: the join address (shown with its QR code, for latecomers).
        qr: the join address's QR code as inline SVG (with its own text alternative).
        connected: how many trainees are connected now.
    """

    def __init__(self, session: LiveSession, *, join: str, qr: str = "",
                 connected: Callable[[], int] = lambda: 0):
        self.session = session
        self.join, self.qr, self.connected = join, qr, connected
        self.view = w.HTML()
        self.widget = w.VBox([self.view])
        self.widget.add_class("lvm-stage")
        self.update()

    def update(self) -> None:
        self.view.value = self.html()

    def html(self) -> str:
        s = self.session
        q, phase = s.question, s.phase
        corner = (f"<aside class='lvm-stage-join' aria-label='Join the course'>{self.qr}"
                  f"<p>Join: <a href='{esc(self.join)}'>{esc(self.join)}</a></p></aside>")
        run = s.scenario_run()
        if q is None and phase == "ending" and run:
            sc = s.course.scenario(run["scenario"])
            ending = next((e for e in sc.endings if e.id == run.get("ending")), None)
            body = (f"<p class='lvm-stage-kicker'>The room's scenario: {esc(sc.title)}</p>"
                    f"<h1 class='lvm-stage-q'>{esc(ending.title if ending else '')}</h1>"
                    f"<p class='lvm-stage-text'>{esc(ending.text if ending else '')}</p>"
                    f"<p class='lvm-stage-text'>{esc(sc.takeaway.text)}</p>")
            return f"<div class='lvm-stage-main'>{body}</div>{corner}"
        if q is None:
            return (f"<div class='lvm-stage-main'><p class='lvm-stage-kicker'>Leadership and "
                    f"management</p><h1 class='lvm-stage-q'>Join the course on your phone"
                    f"</h1><p class='lvm-stage-text'>Scan the code, or type "
                    f"{esc(self.join)}</p></div>{corner}")
        res = s.results()
        connected = self.connected()
        count = (f"<p class='lvm-stage-count' role='status'><strong>{res['n']}</strong> of "
                 f"{connected} connected ha{'s' if res['n'] == 1 else 've'} answered"
                 + (" · answers closed" if phase != "open" else "") + "</p>")
        if q.kind == "scenario":
            kicker = f"The room's scenario: {esc(q.title)}"
        else:
            kicker = {"choice": "Live question", "scale": "Live question",
                      "words": "A few words", "questions": "Your questions"}[q.kind]
        parts = [f"<p class='lvm-stage-kicker'>{kicker}</p>",
                 f"<h1 class='lvm-stage-q'>{esc(q.text)}</h1>"]
        if q.kind in ("words", "questions"):
            waiting = (f"<p class='lvm-stage-count' role='status'><strong>{res['n']}</strong> "
                       f"answer{'s' if res['n'] != 1 else ''} in; shown once the facilitator "
                       "has read them</p>") if q.kind == "words" else ""
            parts.append(waiting or "<p class='lvm-stage-count' role='status'>Ask on your "
                         "phone, and vote up the questions you want answered</p>")
            parts.append(word_cloud(res["words"]) if q.kind == "words"
                         else questions_list(res["questions"]))
        else:
            parts.append(count)
            reveal = phase == "revealed" and q.kind != "scenario"
            parts.append(bars(q, res, reveal=reveal))
            if q.kind == "scenario" and phase in ("consequence", "revealed"):
                chosen = q.option(s.chosen() or "")
                if chosen is not None:
                    parts.append(f"<p class='lvm-stage-text'><strong>The room chose:</strong> "
                                 f"{esc(chosen.label)}. {esc(chosen.consequence)}</p>")
                    if phase == "revealed":
                        parts.append(f"<p class='lvm-stage-text'>{esc(chosen.feedback)}</p>")
            elif reveal and q.has_answer:
                answer = q.option(q.answers[0])
                parts.append(f"<p class='lvm-stage-text'><strong>The course's answer: "
                             f"{esc(answer.label if answer else '')}.</strong> "
                             f"{esc(q.explanation)}</p>")
                if q.differ:
                    parts.append(f"<p class='lvm-stage-text'><strong>Where the sources "
                                 f"differ:</strong> {esc(q.differ)}</p>")
        return f"<div class='lvm-stage-main'>{''.join(parts)}</div>{corner}"
