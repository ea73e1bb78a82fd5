"""What a set of scores means, in the course's words: shared by the notebook view,
the handouts and ``lvm-course score --explain``, so they never disagree. No widgets,
no charts.

**How a profile is read.** Article 000 ties the risks to *lacking* one side (too few
standards; stifled morale) and says a senior post needs someone good at both. So the
reading depends on the level of each side as well as on the gap between them, never
on the gap alone:

1. the weaker side is itself *Strong* (the top band): **both strong**, whatever the
   gap (leadership 5.0 with management 4.0 is two strengths, not a warning);
2. otherwise, the sides are at least ``reading.gap`` apart (0.75 on the 1-5 scale):
   the lower side **lags** (``management_lags`` or ``leadership_lags``), with the
   risks the article ties to lacking it;
3. otherwise they are close: **both developing** when the weaker side is in the middle
   band, **both low** when it is in the lowest (2.0 everywhere is not "balanced, what
   senior roles ask for": it is two sides still to build).

A side's level is the mean of its three dimensions; the bands are those of
``data/dimensions.yaml``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from . import model as m
    from .content import Course
    from .scoring import Scores

__all__ = ["READINGS", "Reading", "explain", "lowest_dimensions", "profile_reading"]

#: every reading a complete profile can get, in the order of the module docstring
READINGS = ("both_strong", "management_lags", "leadership_lags", "both_developing",
            "both_low")


class Reading(NamedTuple):
    """``key`` (one of :data:`READINGS`, or ``incomplete``), the text to show, its source
    and, for two strong sides far apart, a short note on which is stronger."""

    key: str
    text: str
    source: str
    note: str = ""


def profile_reading(course: Course, scores: Scores) -> Reading:
    """How the profile reads (see the module docstring for the rules)."""
    lead, manage = scores.leadership, scores.management
    if lead is None or manage is None:
        return Reading("incomplete", "Answer at least half of each dimension's items to see "
                       "how your profile reads.", "")
    rules = course.reading
    weaker = course.band(min(lead, manage)).id
    gap = lead - manage
    note = ""
    if weaker == "high":
        key = "both_strong"
        if abs(gap) >= rules.gap:
            note = ("Your leading scores higher than your managing, though both are strong."
                    if gap > 0 else
                    "Your managing scores higher than your leading, though both are strong.")
    elif abs(gap) >= rules.gap:
        key = "management_lags" if gap > 0 else "leadership_lags"
    else:
        key = "both_developing" if weaker == "medium" else "both_low"
    text = getattr(rules, key)
    return Reading(key, text.text, text.source, note)


def lowest_dimensions(course: Course, scores: Scores, n: int = 2) -> list[m.Dimension]:
    """The ``n`` complete dimensions with the lowest scores (ties in course order)."""
    complete = [(scores.dimensions[d.id].score, k, d) for k, d in enumerate(course.dimensions)
                if scores.dimensions[d.id].score is not None]
    return [d for _, _, d in sorted(complete, key=lambda x: (x[0], x[1]))[:n]]


def explain(course: Course, scores: Scores) -> list[str]:
    """The profile in words, line by line: each dimension with its band and what it
    suggests, how the whole profile reads, and tips for the two lowest dimensions.
    The notebook (05) and the handout show these same texts."""
    lines = []
    for dim in course.dimensions:
        d = scores.dimensions[dim.id]
        if d.score is None:
            lines.append(f"{dim.name} ({dim.pole}): not enough answers yet "
                         f"({d.answered} of {d.total}).")
            continue
        band = course.band(d.score)
        lines.append(f"{dim.name} ({dim.pole}): {d.score:.1f}, {band.label}. "
                     f"{getattr(dim.interpretation, band.id)}")
    reading = profile_reading(course, scores)
    if scores.leadership is not None and scores.management is not None:
        lines.append(f"Leadership {scores.leadership:.1f}, management "
                     f"{scores.management:.1f}.")
    lines.append(" ".join(x for x in (reading.text, reading.note) if x))
    for dim in lowest_dimensions(course, scores):
        lines.append(f"To grow {dim.name.lower()}: " + " ".join(t.text for t in dim.tips))
    return [_plain(x) for x in lines]


def _plain(text: str) -> str:
    """The content files' light markdown (**bold**, *italic*) as plain text."""
    return text.replace("**", "").replace("*", "")
