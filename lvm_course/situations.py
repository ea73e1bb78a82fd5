"""When to lead and when to manage: the simulator's rule, as pure logic (no widgets).

The rule, in plain words:

1. Each factor of the situation (``course.factors``: how experienced the team is, how
   urgent the work is, ...) is set to one level: ``low``, ``medium`` or ``high``.
   Every level carries a ``lean`` from -2 (calls for managing) to +2 (calls for
   leading) and a one-sentence ``reason``.
2. ``lean`` is the sum of the chosen levels' leans.
3. ``lead_share`` places that sum on a 0-100 scale: ``50 + 50 * lean / most``, where
   ``most`` is the largest lean the chosen factors could add up to (for each factor,
   its level with the largest absolute lean). 100 means every factor points to
   leading as strongly as it can; 0, to managing; 50, an even balance.
4. ``verdict`` is ``"lead"`` when ``lead_share`` is at least :data:`LEAD_FROM`,
   ``"manage"`` when it is at most :data:`MANAGE_UPTO`, otherwise ``"both"``.
5. ``reasons`` are the chosen levels' reasons, strongest lean first (ties keep the
   order of the factors in the content file). A level whose ``source`` is ``course``
   (article 003 says nothing about it) has its reason marked as the course's own
   reading (:data:`OWN_READING`).

Factors left out of ``levels`` simply do not count (nothing chosen gives 50%,
``"both"``). An unknown factor or level raises :class:`SituationError` naming it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from .errors import LvmCourseError

if TYPE_CHECKING:
    from .content import Course

__all__ = ["LEAD_FROM", "MANAGE_UPTO", "OWN_READING", "VERDICTS", "Recommendation",
           "SituationError", "recommend"]

#: added to a reason the articles do not give (the level's source is ``course``)
OWN_READING = " *(The course's own reading, not from the articles.)*"
LEAD_FROM = 60
MANAGE_UPTO = 40
Verdict = Literal["lead", "manage", "both"]

#: the sentence shown for each verdict (plain words for trainees)
VERDICTS: dict[str, str] = {
    "lead": "This situation calls mainly for leading: share where you are heading, bring "
            "people with you and let them use their judgement, while keeping the "
            "essential routines running.",
    "manage": "This situation calls mainly for managing: plan the work, organise who does "
              "what and check progress closely, while still explaining why it matters.",
    "both": "This situation calls for both in balance: keep the plan and the checks in "
            "place, and lead the people through the change.",
}


class SituationError(LvmCourseError, ValueError):
    """A factor or level that the course does not know."""


@dataclass(frozen=True)
class Recommendation:
    """What the simulator shows for one set of levels."""

    lean: int
    lead_share: float
    verdict: Verdict
    reasons: list[str] = field(default_factory=list)

    @property
    def manage_share(self) -> float:
        """The rest of the scale: 100 - ``lead_share``."""
        return 100 - self.lead_share

    @property
    def sentence(self) -> str:
        """The verdict in one plain sentence."""
        return VERDICTS[self.verdict]


def recommend(course: Course, levels: Mapping[str, str]) -> Recommendation:
    """Weigh the chosen level of each factor into a lead/manage recommendation.

    Args:
        course: the loaded course (its ``factors``).
        levels: factor id -> ``"low"``, ``"medium"`` or ``"high"``.

    Raises:
        SituationError: an unknown factor id or level, named in the message.
    """
    factors = {f.id: f for f in course.factors}
    chosen = []  # (order, lean, reason)
    most = 0
    for factor_id, level_id in levels.items():
        factor = factors.get(factor_id)
        if factor is None:
            known = ", ".join(factors) or "none"
            raise SituationError(f"unknown factor '{factor_id}' (known factors: {known})")
        level = next((lv for lv in factor.levels if lv.id == level_id), None)
        if level is None:
            raise SituationError(f"unknown level '{level_id}' for factor '{factor_id}' "
                                 "(use low, medium or high)")
        order = list(factors).index(factor_id)
        reason = level.reason + (OWN_READING if level.source == "course" else "")
        chosen.append((order, level.lean, reason))
        most += max(abs(lv.lean) for lv in factor.levels)
    lean = sum(c[1] for c in chosen)
    share = 50.0 if most == 0 else 50 + 50 * lean / most
    share = round(min(100.0, max(0.0, share)), 1)
    verdict: Verdict = "lead" if share >= LEAD_FROM else \
        "manage" if share <= MANAGE_UPTO else "both"
    reasons = [c[2] for c in sorted(chosen, key=lambda c: (-abs(c[1]), c[0]))]
    return Recommendation(lean=lean, lead_share=share, verdict=verdict, reasons=reasons)
