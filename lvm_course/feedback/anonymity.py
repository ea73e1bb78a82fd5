"""The 360-degree report, built under the anonymity rules: pure, no widgets, no files.

The rules (thresholds from ``data/feedback.yaml``; never below
:data:`~lvm_course.content.MIN_ANONYMITY`, here as in ``lvm-course check``):

1. **A group is shown on its own only with at least k raters** (``min_group_size``,
   default 3). The manager alone may be shown when ``allow_manager_alone`` is true (off
   by default).
2. **Smaller groups are merged into "All others"**, the line of every rater combined,
   which is itself shown only with at least k raters in all.
3. **No subtraction gives anyone away.** "All others" minus the groups shown on their
   own is the average of the raters who were merged. If that leaves 1 or 2 raters
   (fewer than k, but not none), their answers could be worked out, so the smallest
   group shown is merged too, until the raters left over are none or at least k. With
   three peers and one manager, for example, the peers are not shown on their own:
   "All others" minus "Peers" would be the manager's own answers. (Statistical
   offices call this *complementary suppression*.)
4. **The same rules hold for every number drawn.** A rater may answer "not able to
   rate", so each dimension is checked again with the raters who scored it; a
   question's spread and the gaps table use all others combined, and only questions
   at least k raters rated.
5. **Comments are shown only when at least** ``min_comments`` **raters wrote one**, in
   random order and without their group.

Raters' answers are re-scored here from their items with the course's own scoring
(:func:`~lvm_course.scoring.score`); nothing a rater's form computed is used.
"""

from __future__ import annotations

import math
import random
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..content import MIN_ANONYMITY
from ..scoring import score

if TYPE_CHECKING:
    from ..content import Course
    from ..model import FeedbackRules, Item

__all__ = ["ALL", "SELF", "GroupCount", "ItemRow", "Line", "Rating", "Report",
           "build_report", "disclose", "threshold"]

SELF = "self"
ALL = "all"


@dataclass(frozen=True)
class Rating:
    """One rater's answers (1-5; "not able to rate" is absent) and comment."""

    group: str
    answers: Mapping[str, int]
    comment: str = ""


@dataclass(frozen=True)
class Line:
    """One line of the radar: you, a group shown on its own, or all others."""

    key: str  # SELF, ALL or a group id
    label: str
    raters: int
    scores: Mapping[str, float | None]  # dimension id -> score; None: not shown


@dataclass(frozen=True)
class GroupCount:
    """How many raters a group has, and whether it is shown on its own (and why not)."""

    id: str
    label: str
    raters: int
    shown: bool
    why: str


@dataclass(frozen=True)
class ItemRow:
    """One question: your answer, and all others' answers if at least k rated it."""

    item: Item
    yours: int | None
    rated: int  # how many others rated it
    mean: float | None = None  # others' mean answer (1-5, as given)
    low: int | None = None
    high: int | None = None
    spread: float | None = None

    @property
    def shown(self) -> bool:
        return self.mean is not None

    def scored(self, value: float) -> float:
        """An answer as it counts for the dimension (reverse-keyed items turn round)."""
        return 6 - value if self.item.reverse else value

    @property
    def gap(self) -> float | None:
        """You minus all others, as the items count for their dimension."""
        if self.yours is None or self.mean is None:
            return None
        return self.scored(self.yours) - self.scored(self.mean)

    @property
    def agreement(self) -> str:
        if self.spread is None:
            return ""
        return ("close agreement" if self.spread < 0.75 else "some difference"
                if self.spread < 1.25 else "wide difference")


@dataclass
class Report:
    """Everything the report page and the handout show, already cleared by the rules."""

    k: int
    counts: list[GroupCount]
    total: int
    lines: list[Line]  # you first (if answered), then groups shown, then all others
    items: list[ItemRow]
    blind_spots: list[ItemRow]
    hidden_strengths: list[ItemRow]
    comments: list[str] | None  # None: too few wrote one (see comments_note)
    comments_note: str
    notes: list[str] = field(default_factory=list)

    @property
    def combined(self) -> bool:
        return any(line.key == ALL for line in self.lines)


def threshold(rules: FeedbackRules) -> int:
    """The group size the rules ask for, never below :data:`MIN_ANONYMITY`."""
    return max(MIN_ANONYMITY, int(rules.min_group_size))


def disclose(counts: Mapping[str, int], k: int, alone: Collection[str] = (), *,
             candidates: Collection[str] | None = None,
             order: Sequence[str] = ()) -> tuple[frozenset[str], bool]:
    """Which groups may be shown on their own, and whether "all others" may be.

    Args:
        counts: raters per group (for one number: those who answered it).
        k: the minimum group size (raised to :data:`MIN_ANONYMITY` if lower).
        alone: groups that may be shown with a single rater (the manager, if allowed).
        candidates: only these groups may be shown (e.g. those shown overall).
        order: the groups' order; of two equal groups, the later one is merged first.

    Returns:
        ``(groups shown, all others shown)``; see rules 1-3 in the module docstring.
    """
    k = max(MIN_ANONYMITY, k)
    total = sum(counts.values())
    combined = total >= k
    pool = set(counts if candidates is None else candidates)
    shown = {g for g in pool if counts.get(g, 0) >= k or (g in alone and counts.get(g, 0) >= 1)}
    rank = {g: n for n, g in enumerate(order)}
    if combined:
        while shown:
            left = total - sum(counts[g] for g in shown)
            if left == 0 or left >= k:
                break
            shown.remove(min(shown, key=lambda g: (counts[g], -rank.get(g, 0))))
    return frozenset(shown), combined


def _mean(xs: Sequence[float]) -> float:
    return math.fsum(xs) / len(xs)


def build_report(course: Course, ratings: Sequence[Rating],
                 self_answers: Mapping[str, int] | None = None, *,
                 rules: FeedbackRules | None = None,
                 shuffle: random.Random | None = None) -> Report:
    """The report of a closed round: counts, lines, questions, gaps and comments.

    ``ratings`` are re-scored here; ratings for a group the rules no longer list count
    in "All others" only.
    """
    rules = rules or course.feedback
    k = threshold(rules)
    order = [g.id for g in rules.groups]
    labels = {g.id: g.label for g in rules.groups}
    alone = {"manager"} if rules.allow_manager_alone else set()
    ratings = [r for r in ratings if r.answers or r.comment.strip()]
    counts = {g: sum(1 for r in ratings if r.group == g) for g in order}
    counts["?"] = sum(1 for r in ratings if r.group not in labels)
    shown, combined = disclose(counts, k, alone, candidates=order, order=order)
    rater_scores = [score(course, {i: v for i, v in r.answers.items() if course.has_item(i)})
                    for r in ratings]

    group_counts = []
    for g in order:
        n = counts[g]
        if g in shown:
            why = "shown" if n >= k else "shown on their own: your programme allows it"
        elif n == 0:
            why = "no answers"
        elif n >= k or (g in alone and n >= 1):
            why = ("merged into all others: showing them on their own would reveal the "
                   f"answers of the fewer than {k} other raters merged")
        else:
            why = f"fewer than {k}: merged into all others"
        group_counts.append(GroupCount(g, labels[g], n, g in shown, why))

    lines: list[Line] = []
    if self_answers:
        own = score(course, self_answers)
        lines.append(Line(SELF, "You", 1, {d.id: own.dimensions[d.id].score
                                           for d in course.dimensions}))
    per_group: dict[str, dict[str, float | None]] = {g: {} for g in shown}
    everyone: dict[str, float | None] = {}
    for dim in course.dimensions:
        got = [(r.group, s.dimensions[dim.id].score) for r, s in zip(ratings, rater_scores,
                                                                      strict=True)]
        got = [(g if g in labels else "?", v) for g, v in got if v is not None]
        counts_d = {g: sum(1 for x, _ in got if x == g) for g in counts}
        shown_d, combined_d = disclose(counts_d, k, alone, candidates=shown, order=order)
        for g in shown:
            values = [v for x, v in got if x == g]
            per_group[g][dim.id] = _mean(values) if g in shown_d and values else None
        everyone[dim.id] = _mean([v for _, v in got]) if combined and combined_d else None
    for g in order:
        if g in shown:
            lines.append(Line(g, labels[g], counts[g], per_group[g]))
    if combined:
        lines.append(Line(ALL, "All others", len(ratings), everyone))

    items = []
    for item in course.items:
        given = [r.answers[item.id] for r in ratings if item.id in r.answers]
        yours = (self_answers or {}).get(item.id)
        if combined and len(given) >= k:
            mean = _mean(given)
            spread = math.sqrt(_mean([(v - mean) ** 2 for v in given]))
            items.append(ItemRow(item, yours, len(given), mean, min(given), max(given),
                                 spread))
        else:
            items.append(ItemRow(item, yours, len(given)))
    gapped = [row for row in items if row.gap is not None]
    blind = sorted((r for r in gapped if r.gap >= rules.min_gap), key=lambda r: -r.gap)
    hidden = sorted((r for r in gapped if r.gap <= -rules.min_gap), key=lambda r: r.gap)

    written = [r.comment.strip() for r in ratings if r.comment.strip()]
    need = max(MIN_ANONYMITY, int(rules.min_comments))
    if len(written) >= need:
        comments: list[str] | None = list(written)
        (shuffle or random.SystemRandom()).shuffle(comments)
        comments_note = (f"{len(written)} raters wrote a comment. They are shown in random "
                         "order, without their group.")
    else:
        comments = None
        comments_note = (f"{len(written)} rater(s) wrote a comment. Comments are shown only "
                         f"when at least {need} have, so that none can be traced to its "
                         "writer.")
    notes = []
    if not combined:
        more = k - len(ratings)
        notes.append(f"{len(ratings)} answer(s) so far: the others' view is shown from {k} "
                     f"raters on ({more} more needed).")
    return Report(k, group_counts, len(ratings), lines, items,
                  blind[:rules.largest_gaps], hidden[:rules.largest_gaps], comments,
                  comments_note, notes)
