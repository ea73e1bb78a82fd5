"""Notebook 01: explore the three pairs, leadership and management side by side."""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from ..display import POLE_TEXT
from ..palette import LEADERSHIP, MANAGEMENT
from ..store import Store
from . import common
from .common import Activity, cite, esc, guarded, md, message
from .quizzes import heading

__all__ = ["PairExplorer", "pair_explorer", "side_card"]


def side_card(pole: str, side: Any) -> str:
    """One side of a pair as a card with a coloured border (name, definition, actions,
    everyday example)."""
    colour = LEADERSHIP if pole == "leadership" else MANAGEMENT
    text = POLE_TEXT[pole]
    actions = "".join(f"<li>{md(a)}</li>" for a in side.actions)
    return (f'<section aria-label="{esc(pole.title())}: {esc(side.name)}" '
            f'style="flex:1 1 300px;min-width:260px;border:2px solid {colour};'
            f'border-top:8px solid {colour};border-radius:6px;padding:0.6em 1em;'
            f'background:#fff">'
            f'<div style="text-transform:uppercase;letter-spacing:0.05em;font-size:0.8em;'
            f'font-weight:700;color:{text}">{esc(pole.title())}</div>'
            f'<div style="font-size:1.15em;font-weight:600;margin:0.2em 0 0.4em">'
            f"{esc(side.name)}</div>"
            f'<p style="margin:0.3em 0">{md(side.definition)}</p>'
            f'<div style="font-weight:600;margin-top:0.5em">What it looks like</div>'
            f'<ul style="margin:0.2em 0 0.4em 1.2em;padding:0">{actions}</ul>'
            f'<div style="font-weight:600">An everyday example</div>'
            f'<p style="margin:0.2em 0;font-style:italic">{md(side.example)}</p></section>')


class PairExplorer(Activity):
    """Pick one of the pairs; both sides show as two cards. The last pick is kept."""

    def __init__(self, course: Any, store: Store | None = None) -> None:
        self.course = course
        self.store = store if store is not None else Store("explorer")
        self.pairs = {p.id: p for p in course.pairs}
        saved = self.store.get("pair")
        first = saved if saved in self.pairs else next(iter(self.pairs))
        self.picker = w.ToggleButtons(
            options=[(p.title, p.id) for p in course.pairs], value=first,
            description="Pair", tooltips=[f"Show the pair: {p.title}" for p in course.pairs],
            style={"button_width": "auto", "description_width": "3em"})
        self.cards = w.HTML()
        self.picker.observe(lambda _c: self._show(), names="value")
        self.note = w.HTML(message(self.store.problem, "warn") if self.store.problem else "")
        self.widget = w.VBox([
            w.HTML(heading("The three pairs", "Choose a pair to compare its leadership "
                           "side with its management side.")),
            self.note, self.picker, self.cards], layout=w.Layout(max_width="900px"))
        self._show()

    @property
    def pair(self) -> Any:
        """The pair on screen."""
        return self.pairs[self.picker.value]

    def _show(self) -> None:
        pair = self.pair
        if self.store.get("pair") != pair.id:
            self.store.set("pair", pair.id)
        self.cards.value = (
            f'<h4 style="margin:0.6em 0 0.3em">{esc(pair.title)}</h4>'
            f'<div style="display:flex;flex-wrap:wrap;gap:1em">'
            f'{side_card("leadership", pair.leadership)}'
            f'{side_card("management", pair.management)}</div>'
            f'<div style="margin-top:0.4em">{cite(self.course, pair.source)}</div>')


@guarded
def pair_explorer(*, store: Store | None = None) -> PairExplorer | w.HTML:
    """Start the pair explorer (opens on the pair picked last time)."""
    return PairExplorer(common.get_course(), store)
