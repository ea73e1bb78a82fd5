"""What a set of scores means, in the course's words: shared by the notebook view,
the handouts and the action plan, so they never disagree. No widgets, no charts."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from . import model as m
    from .content import Course
    from .scoring import Scores

__all__ = ["balance_reading", "lowest_dimensions"]


def balance_reading(course: Course, scores: Scores) -> tuple[str, str, str]:
    """``(key, sentence, source)`` for the leadership - management balance.

    ``key`` is ``balanced``, ``leans_leadership``, ``leans_management`` or
    ``incomplete``; the threshold comes from ``data/dimensions.yaml``.
    """
    b, t = scores.balance, course.balance.threshold
    if b is None:
        return "incomplete", "Answer at least half of each dimension's items to see it.", ""
    key = "balanced" if abs(b) < t else ("leans_leadership" if b > 0 else "leans_management")
    text = getattr(course.balance, key)
    return key, text.text, text.source


def lowest_dimensions(course: Course, scores: Scores, n: int = 2) -> list[m.Dimension]:
    """The ``n`` complete dimensions with the lowest scores (ties in course order)."""
    complete = [(scores.dimensions[d.id].score, k, d) for k, d in enumerate(course.dimensions)
                if scores.dimensions[d.id].score is not None]
    return [d for _, _, d in sorted(complete, key=lambda x: (x[0], x[1]))[:n]]
