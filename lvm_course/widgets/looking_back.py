"""A short recall quiz on earlier parts (04 and 06): retrieval beats re-reading.

Questions live in ``data/recall.yaml``, a few per notebook, each naming the part it
recalls. One answer and one *Check* per question; feedback names the part to look
back at; the score shows once all are checked. Choices and checks are saved as they
are made (``Store("recall-<notebook>")``) and come back on a restart.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from ..errors import LvmCourseError
from ..store import Store
from . import common
from .common import Activity, cite_item, esc, guarded, md, message
from .quizzes import feedback_box, heading

__all__ = ["Recall", "recall"]


class Recall(Activity):
    """The recall questions of one notebook, each checked on its own."""

    def __init__(self, course: Any, notebook_id: str, store: Store | None = None) -> None:
        found = [r for r in course.recall if r.notebook == notebook_id]
        if not found:
            raise LvmCourseError(f"no recall questions for '{notebook_id}' in recall.yaml")
        self.course = course
        self.questions = {q.id: q for q in found[0].questions}
        self.store = store if store is not None else Store(f"recall-{notebook_id}")
        raw = self.store.get("choices")
        raw = raw if isinstance(raw, dict) else {}
        self.choices: dict[str, str] = {k: v for k, v in raw.items() if k in self.questions
                                        and v in self.questions[k].options}
        checked = self.store.get("checked")
        self.checked: set[str] = {i for i in checked if i in self.choices} \
            if isinstance(checked, list) else set()
        titles = {nb.id: nb.title for nb in course.notebooks}
        parts = sorted({q.recalls for q in self.questions.values()})
        self.radios: dict[str, w.RadioButtons] = {}
        self.feedback: dict[str, w.HTML] = {}
        rows: list[w.Widget] = [w.HTML(heading(
            "Quick recall", "A few questions on " + ", ".join(
                f"{p[:2]} ({titles.get(p, p)})" for p in parts)
            + ". Answer from memory, then press **Check**."))]
        if self.store.problem:
            rows.append(w.HTML(message(self.store.problem, "warn")))
        for n, q in enumerate(self.questions.values(), start=1):
            radio = w.RadioButtons(options=list(q.options), value=self.choices.get(q.id),
                                   description=f"Answer {n}",
                                   style={"description_width": "initial"},
                                   layout=w.Layout(width="auto"))
            radio.observe(lambda c, qid=q.id: self._chosen(qid, c["new"]), names="value")
            check = w.Button(description="Check", tooltip=f"Check your answer to question {n}")
            check.on_click(lambda _b, qid=q.id: self.check(qid))
            self.radios[q.id], self.feedback[q.id] = radio, w.HTML()
            rows += [w.HTML(f"<h4 style='margin:0.8em 0 0.2em'>{n}. {esc(q.text)}</h4>"),
                     radio, check, self.feedback[q.id]]
        self.score_html = w.HTML()
        self.titles = titles
        self.widget = w.VBox([*rows, self.score_html], layout=w.Layout(max_width="820px"))
        for qid in self.checked:
            self._feedback(qid)
        self._score()

    @property
    def score(self) -> int:
        return sum(1 for i in self.checked if self.choices[i] == self.questions[i].answer)

    @property
    def done(self) -> bool:
        return len(self.checked) == len(self.questions)

    def _chosen(self, qid: str, value: str | None) -> None:
        if value is None:
            self.choices.pop(qid, None)
        else:
            self.choices[qid] = value
        self.checked.discard(qid)  # a changed answer needs a new check
        self.feedback[qid].value = ""
        self.store.update({"choices": self.choices, "checked": sorted(self.checked)})
        self._score()

    def check(self, qid: str) -> None:
        """Feedback for one question."""
        if qid not in self.choices:
            self.feedback[qid].value = feedback_box(None, "Choose an answer first.")
            return
        self.checked.add(qid)
        self.store.set("checked", sorted(self.checked))
        self._feedback(qid)
        self._score()

    def _feedback(self, qid: str) -> None:
        q, choice = self.questions[qid], self.choices[qid]
        part = f"{q.recalls[:2]} · {self.titles.get(q.recalls, q.recalls)}"
        ok = choice == q.answer
        title = "Right." if ok else f"Not quite: the answer is “{q.answer}”."
        self.feedback[qid].value = feedback_box(
            ok, title, f"<p style='margin:0.3em 0'>{md(q.explanation)}</p>"
                       f"<p style='margin:0.3em 0;color:#444'>From part {esc(part)}.</p>"
                       f"{cite_item(self.course, q)}")

    def _score(self) -> None:
        total = len(self.questions)
        if self.done:
            missed = sorted({self.questions[i].recalls for i in self.checked
                             if self.choices[i] != self.questions[i].answer})
            again = ("Worth a second look: " + ", ".join(
                f"{p[:2]} ({esc(self.titles.get(p, p))})" for p in missed) + ".") \
                if missed else "All remembered."
            self.score_html.value = feedback_box(
                None, f"You recalled {self.score} of {total}.",
                f"<p style='margin:0.3em 0'>{again}</p>")
        else:
            self.score_html.value = (f'<div style="color:#555;margin-top:0.6em">'
                                     f"{len(self.checked)} of {total} checked.</div>")


@guarded
def recall(notebook_id: str) -> Recall:
    """The recall quiz shown in ``notebook_id`` (your answers are restored)."""
    return Recall(common.get_course(), notebook_id)
