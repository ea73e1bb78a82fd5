"""Notebook 02: sort skills into leadership and management, one at a time.

Built on the quiz's :class:`~lvm_course.widgets.quizzes.CardRound`: the shuffled order,
the position and every answer are saved, so a restart shows the same skill.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from ..display import POLE_TEXT
from ..errors import LvmCourseError
from ..store import Store
from . import common
from .common import cite, esc, guarded, md
from .quizzes import CardRound

__all__ = ["SkillSort", "skill_sort"]

_SETS = ("core", "growth")


class SkillSort(CardRound):
    """Each skill of one set: is it mainly a leadership or a management skill?"""

    noun = "skill"
    title = "Sort the skills"
    intro = "Is each skill mainly a **leadership** skill or a **management** skill?"
    new_round_label = "Start again"
    share_activity = "skill-sort"
    choices = (
        ("leadership", "Leadership", "Mainly used to lead: direction, people, change"),
        ("management", "Management", "Mainly used to manage: plans, structure, control"),
    )

    def __init__(self, course: Any, set: str = "core", *, seed: int | str | None = None,
                 store: Store | None = None) -> None:
        if set not in _SETS:
            raise LvmCourseError(f"unknown skill set '{set}' (use core or growth)")
        self.course = course
        cards = {s.id: s for s in course.skills if s.set == set}
        name = "skill_sort" if set == "core" else f"skill_sort-{set}"
        super().__init__(cards, store if store is not None else Store(name), len(cards),
                         seed)

    def correct_of(self, card: Any) -> str:
        return card.pole

    def card_html(self, card: Any, brief: bool = False) -> str:
        if brief:
            return f"<strong>{esc(card.name)}</strong>"
        return (f'<div style="font-size:1.2em;font-weight:600;padding:0.6em 1em;'
                f'margin:0.3em 0;border:1px solid #ccc;border-radius:6px;'
                f'background:#fafafa">{esc(card.name)}</div>')

    def explain_html(self, card: Any) -> str:
        colour = POLE_TEXT[card.pole]
        return (f'<p style="margin:0.2em 0"><strong style="color:{colour}">'
                f"{esc(card.name)}</strong>: {md(card.description)}</p>"
                + cite(self.course, card.source))

    def score_sentence(self) -> str:
        return f"You sorted {self.score} of {len(self.ids)} skills correctly."


@guarded
def skill_sort(set: str = "core", *, seed: int | str | None = None,
               store: Store | None = None) -> SkillSort | w.HTML:
    """Start the skill sort for the ``core`` or ``growth`` skills."""
    return SkillSort(common.get_course(), set, seed=seed, store=store)
