"""Notebook 05: the self-assessment questionnaire, in pages, with a live radar.

Every click is saved at once (see :mod:`.session`) and the radar is redrawn on a
reused figure (only the data moves), so an answer shows on the chart in tens of
milliseconds. The radar is an ``<img>`` with an ``alt`` text, and the same numbers
are written beside it in words.

The scale is how often (``scale`` in ``data/questionnaire.yaml``); items marked
``may_not_apply`` get one more answer, "Not applicable to my role", which is saved
but never scored. The same class shows a colleague rating (06) in observer wording
("They ..."), with "I have not seen this" on every item and no radar.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import ipywidgets as w

from ..content import Course
from .common import Activity, cite, esc, get_course, guarded, message
from .session import NOT_APPLICABLE, ProfileSession, session

__all__ = ["Questionnaire", "disclaimer_html", "questionnaire"]


def disclaimer_html(course: Course) -> str:
    """What the questionnaire is and is not, as a note box (from the content)."""
    note = course.disclaimer
    if note is None:
        return ""
    return ('<div role="note" aria-label="About this questionnaire" class="lvm-disclaimer" '
            'style="border-left:6px solid #E69F00;background:#ffffff;padding:0.5em 0.9em;'
            'margin:0.3em 0 0.6em;max-width:900px">'
            "<strong>About this questionnaire.</strong> "
            f"{esc(note.text)}{cite(course, note.source)}</div>")


class Questionnaire(Activity):
    """The items page by page, a progress line, and the radar redrawn as answers come in
    (no radar for a colleague rating: the rater answers, the colleague compares)."""

    def __init__(self, sess: ProfileSession, page_size: int = 6):
        self.session = sess
        course = sess.course
        observer = sess.voice == "observer"
        self.items = list(course.items)
        self.pages = [self.items[i:i + page_size] for i in range(0, len(self.items), page_size)]
        self.chart = None
        if not observer:
            from ..charts import RadarChart

            self.chart = RadarChart(course, title="Your profile")
        self._options = [(label, n) for n, label in enumerate(course.scale, start=1)]
        self._skip_label = course.not_seen if observer else course.not_applicable
        self._built: dict[str, tuple[w.VBox, w.ToggleButtons]] = {}
        self.controls = _Rows(self, 1)
        self.rows = _Rows(self, 0)
        self.progress = w.HTML()
        self.bar = w.IntProgress(min=0, max=len(self.items), description="Answered",
                                 style={"bar_color": "#0072B2"})
        self.previous = w.Button(description="◀ Previous page", tooltip="Previous page")
        self.next = w.Button(description="Next page ▶", tooltip="Next page")
        self.page_label = w.HTML()
        self.previous.on_click(lambda _: self.show_page(self.page - 1))
        self.next.on_click(lambda _: self.show_page(self.page + 1))
        self.page_box = w.VBox()
        self.radar = w.HTML()
        self.radar_text = w.HTML()
        self.start_over = w.Button(description="Start over…", icon="",
                                   tooltip="Clear every answer (asks first)")
        self.confirm_yes = w.Button(description="Yes, clear my answers", button_style="danger")
        self.confirm_no = w.Button(description="No, keep them")
        question = ("Clear this rating, to rate someone else? " if observer else
                    "Clear all your questionnaire answers? ")
        self.confirm = w.HBox([w.HTML(question), self.confirm_yes, self.confirm_no],
                              layout=w.Layout(display="none"))
        self.start_over.on_click(lambda _: self._ask(True))
        self.confirm_no.on_click(lambda _: self._ask(False))
        self.confirm_yes.on_click(lambda _: self.clear())
        notes = [w.HTML(message(sess.problem, "warn"))] if sess.problem else []
        self.disclaimer = w.HTML(disclaimer_html(course))
        left = w.VBox([self.page_box, w.HBox([self.previous, self.page_label, self.next])],
                      layout=w.Layout(flex="1 1 420px", min_width="320px"))
        right = w.VBox([self.radar, self.radar_text],
                       layout=w.Layout(flex="1 1 360px", min_width="300px"))
        body = [left, right] if self.chart is not None else [left]
        self.widget = w.VBox([*notes, self.disclaimer, w.HBox([self.bar, self.progress]),
                              w.HBox(body, layout=w.Layout(flex_flow="row wrap")),
                              w.HBox([self.start_over]), self.confirm])
        self.page = min(sess.store.get("page", 0), len(self.pages) - 1)
        self.show_page(self.page)
        sess.observe(self._refresh)
        self._refresh(sess)

    def _row(self, item_id: str) -> tuple[w.VBox, w.ToggleButtons]:
        """An item's text and scale, made the first time its page is shown (a page of a
        room holds fewer widgets, and the browser has fewer to draw)."""
        found = self._built.get(item_id)
        if found is None:
            n = next(k for k, i in enumerate(self.items, start=1) if i.id == item_id)
            item = self.items[n - 1]
            options = list(self._options)
            tips = [f"{v}: {label}" for label, v in options]
            if item_id in self.session.may_skip:
                options.append((self._skip_label, NOT_APPLICABLE))
                tips.append(f"{self._skip_label} (not scored)")
            ctrl = w.ToggleButtons(options=options,
                                   value=self.session.value_of(item_id),
                                   description=f"Item {n}", tooltips=tips,
                                   style={"button_width": "auto", "description_width": "4em"})
            ctrl.observe(self._on_answer, names="value")
            words = item.observer if self.session.voice == "observer" else item.text
            text = w.HTML(f'<div style="margin-top:0.6em"><strong>{n}.</strong> '
                          f"{esc(words)}</div>")
            found = self._built[item_id] = (w.VBox([text, ctrl]), ctrl)
        return found

    def show_page(self, page: int) -> None:
        """Show one page of items (clamped to the pages there are)."""
        self.page = max(0, min(page, len(self.pages) - 1))
        self.page_box.children = [self.rows[i.id] for i in self.pages[self.page]]
        self.page_label.value = (f'<span style="padding:0 1em">Page {self.page + 1} of '
                                 f"{len(self.pages)}</span>")
        self.previous.disabled = self.page == 0
        self.next.disabled = self.page == len(self.pages) - 1
        if self.session.store.get("page") != self.page:
            self.session.store.set("page", self.page)

    def _on_answer(self, change: dict) -> None:
        item_id = next(k for k, (_, c) in self._built.items() if c is change["owner"])
        self.session.set_answer(item_id, change["new"])

    def _refresh(self, sess: ProfileSession) -> None:
        from ..charts import img_html

        for item_id, (_, ctrl) in self._built.items():  # after "start over", another view
            if ctrl.value != sess.value_of(item_id):
                ctrl.value = sess.value_of(item_id)
        done, total, skipped = sess.responded, len(self.items), len(sess.not_applicable)
        self.bar.value = done
        finished = ""
        if done == total:
            finished = (" — all done: save the answer file below." if self.chart is None
                        else " — all done: see your results below.")
        aside = ""
        if skipped:
            aside = (f" ({skipped} not seen)" if self.chart is None else
                     f" ({skipped} not applicable to your role)")
        self.progress.value = f'<span style="padding-left:1em">{done} of {total} ' \
                              f"answered{aside}{finished}</span>"
        if self.chart is None:
            return
        self.chart.update(sess.scores, label=sess.label)
        alt = self.chart.alt_text()
        self.radar.value = img_html(self.chart.png(), alt)
        self.radar_text.value = f'<p style="font-size:0.9em;color:#333">{esc(alt)}</p>'

    def _ask(self, show: bool) -> None:
        self.confirm.layout.display = "flex" if show else "none"

    def clear(self) -> None:
        """Forget all answers (after the confirmation button)."""
        self._ask(False)
        self.session.clear()
        self.show_page(0)


class _Rows(Mapping[str, Any]):
    """``Questionnaire.rows`` / ``.controls``: item id -> widget, built on first use."""

    def __init__(self, owner: Questionnaire, part: int):
        self._owner, self._part = owner, part

    def __getitem__(self, item_id: str) -> Any:
        if not any(i.id == item_id for i in self._owner.items):
            raise KeyError(item_id)
        return self._owner._row(item_id)[self._part]

    def __iter__(self) -> Iterator[str]:
        return (i.id for i in self._owner.items)

    def __len__(self) -> int:
        return len(self._owner.items)


@guarded
def questionnaire(page_size: int = 6) -> Questionnaire:
    """Start the self-assessment questionnaire (answers restored from the last session)."""
    return Questionnaire(session(get_course()), page_size=page_size)
