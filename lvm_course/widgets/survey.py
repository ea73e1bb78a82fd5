"""Notebook 05: the self-assessment questionnaire, in pages, with a live radar.

Every click is saved at once (see :mod:`.session`) and the radar is redrawn on a
reused figure (only the data moves), so an answer shows on the chart in tens of
milliseconds. The radar is an ``<img>`` with an ``alt`` text, and the same numbers
are written beside it in words.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import ipywidgets as w

from .common import Activity, esc, get_course, guarded, message
from .session import ProfileSession, session

__all__ = ["Questionnaire", "questionnaire"]


class Questionnaire(Activity):
    """The items page by page, a progress line, and the radar redrawn as answers come in."""

    def __init__(self, sess: ProfileSession, page_size: int = 6):
        from ..charts import RadarChart

        self.session = sess
        course = sess.course
        self.items = list(course.items)
        self.pages = [self.items[i:i + page_size] for i in range(0, len(self.items), page_size)]
        self.chart = RadarChart(course, title="Your profile")
        self._options = [(label, n) for n, label in enumerate(course.scale, start=1)]
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
        self.confirm = w.HBox([w.HTML("Clear all your questionnaire answers? "),
                               self.confirm_yes, self.confirm_no],
                              layout=w.Layout(display="none"))
        self.start_over.on_click(lambda _: self._ask(True))
        self.confirm_no.on_click(lambda _: self._ask(False))
        self.confirm_yes.on_click(lambda _: self.clear())
        notes = [w.HTML(message(sess.problem, "warn"))] if sess.problem else []
        left = w.VBox([self.page_box, w.HBox([self.previous, self.page_label, self.next])],
                      layout=w.Layout(flex="1 1 420px", min_width="320px"))
        right = w.VBox([self.radar, self.radar_text],
                       layout=w.Layout(flex="1 1 360px", min_width="300px"))
        self.widget = w.VBox([*notes, w.HBox([self.bar, self.progress]),
                              w.HBox([left, right], layout=w.Layout(flex_flow="row wrap")),
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
            options = self._options
            ctrl = w.ToggleButtons(options=options,
                                   value=self.session.answers.get(item_id),
                                   description=f"Item {n}",
                                   tooltips=[f"{v}: {label}" for label, v in options],
                                   style={"button_width": "8.5em", "description_width": "4em"})
            ctrl.observe(self._on_answer, names="value")
            text = w.HTML(f'<div style="margin-top:0.6em"><strong>{n}.</strong> '
                          f"{esc(self.items[n - 1].text)}</div>")
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
            if ctrl.value != sess.answers.get(item_id):
                ctrl.value = sess.answers.get(item_id)
        done, total = sess.answered, len(self.items)
        self.bar.value = done
        finished = " — all done: see your results below." if done == total else ""
        self.progress.value = f'<span style="padding-left:1em">{done} of {total} ' \
                              f"answered{finished}</span>"
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
