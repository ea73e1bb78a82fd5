"""Notebook 02: sort short cards into leadership, management, or both / it depends.

Part 02 is read in short pieces, each followed by a quick sort of what was just read:
the phrases of the key-differences table, the five areas, the eleven contrasts, the
qualities of each role, and the skills. Rounds are short (8 cards by default in the notebook); "Next
round" draws the cards seen least often first, so a few rounds cover the lot.

Built on the quiz's :class:`~lvm_course.widgets.quizzes.CardRound`: the shuffled order,
the position and every answer are saved, so a restart shows the same card. Where the
articles place an item differently (its ``accepts`` and ``differ`` in the data), more
than one answer counts and the feedback says how the sources differ.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import ipywidgets as w

from ..errors import LvmCourseError
from ..palette import POLE_TEXT
from ..store import Store
from . import common
from .common import cite_item, esc, guarded, md
from .quizzes import CardRound

__all__ = ["KINDS", "Phrase", "SkillSort", "phrase_sort", "skill_sort"]

_SETS = ("core", "growth")
#: what ``phrase_sort`` can sort, with the title of each activity
KINDS = {"key-differences": "Sort the key differences",
         "areas": "Sort the five areas",
         "contrasts": "Sort the contrasts",
         "qualities": "Sort the qualities"}


@dataclass(frozen=True)
class Phrase:
    """One side of a row (a key difference, a contrast) or a quality, as a card."""

    id: str
    name: str
    description: str
    pole: str
    source: str
    see_also: tuple[str, ...] = ()
    accepts: tuple[str, ...] = ()
    differ: str | None = None


class SkillSort(CardRound):
    """Cards one at a time: leadership, management, or both / it depends?"""

    noun = "skill"
    title = "Sort the skills"
    intro = ("Is each one mainly **leadership**, mainly **management**, or does it "
             "depend?")
    new_round_label = "Next round"
    share_activity = "skill-sort"
    choices = (
        ("leadership", "Leadership", "Mainly used to lead: direction, people, change"),
        ("management", "Management", "Mainly used to manage: plans, structure, control"),
        ("both", "Both / it depends", "Used to lead and to manage, depending on the moment"),
    )

    def __init__(self, course: Any, set: str = "core", *, n: int | None = None,
                 seed: int | str | None = None, store: Store | None = None,
                 cards: dict[str, Any] | None = None, name: str | None = None,
                 title: str | None = None, noun: str | None = None) -> None:
        self.title = title or self.title
        self.noun = noun or self.noun
        if cards is None:
            if set not in _SETS:
                raise LvmCourseError(f"unknown skill set '{set}' (use core or growth)")
            cards = {s.id: s for s in course.skills if s.set == set}
            name = "skill_sort" if set == "core" else f"skill_sort-{set}"
        self.course = course
        super().__init__(cards, store if store is not None else Store(name or "sort"),
                         n or len(cards), seed)

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
                + cite_item(self.course, card))

    def score_sentence(self) -> str:
        return f"You sorted {self.score} of {len(self.ids)} in a way the sources support."


def phrases(course: Any, kind: str) -> dict[str, Phrase]:
    """The cards of one ``kind`` (see :data:`KINDS`), by id."""
    if kind == "qualities":
        return {q.id: Phrase(q.id, q.text, f"a quality of a good {_role(q.pole)}.", q.pole,
                             q.source, q.see_also, q.accepts, q.differ)
                for q in course.qualities}
    rows = {"key-differences": course.key_differences, "areas": course.areas,
            "contrasts": course.contrasts}.get(kind)
    if rows is None:
        raise LvmCourseError(f"unknown sort '{kind}' (use {', '.join(KINDS)})")
    out = {}
    for row in rows:
        for pole, other in (("leadership", "management"), ("management", "leadership")):
            text = getattr(row, pole)
            out[f"{row.id}.{pole}"] = Phrase(
                f"{row.id}.{pole}", text,
                f"on the {pole} side; the {_role(other)}'s side reads "
                f"*{getattr(row, other)}*.", pole, row.source, row.see_also)
    return out


def _role(pole: str) -> str:
    return "leader" if pole == "leadership" else "manager"


@guarded
def skill_sort(set: str = "core", *, n: int | None = None, seed: int | str | None = None,
               store: Store | None = None) -> SkillSort | w.HTML:
    """Start the skill sort for the ``core`` or ``growth`` skills (``n`` a round)."""
    return SkillSort(common.get_course(), set, n=n, seed=seed, store=store)


@guarded
def phrase_sort(kind: str, n: int = 8, *, seed: int | str | None = None,
                store: Store | None = None) -> SkillSort | w.HTML:
    """Start a quick sort of ``kind``: key-differences, areas, contrasts or qualities."""
    course = common.get_course()
    cards = phrases(course, kind)
    return SkillSort(course, cards=cards, n=n, seed=seed, store=store, name=f"sort-{kind}",
                     title=KINDS[kind], noun="card")
