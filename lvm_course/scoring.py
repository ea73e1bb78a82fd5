"""Pure scoring: questionnaire answers in, dimension scores out. No Jupyter, no files.

Rules (the questionnaire contract in ``data/README.md``):

- An answer is a whole number 1-5. A reverse-keyed item scores ``6 - answer``.
- A dimension's score is the mean of its answered items, on 1-5, with the number
  answered and a spread (the population standard deviation of those item scores),
  so a chart can show how uncertain a short scale is.
- A dimension with fewer than half of its items answered is *incomplete*: its score
  is ``None``, never a guess from one or two answers.
- "Not applicable to my role" (or, in a colleague's rating, "I have not seen this") is
  never an answer here: the page keeps it apart (:mod:`.widgets.session`), so such an
  item simply counts as unanswered and the half-answered rule above applies.
- ``leadership`` and ``management`` are the means of their three dimensions (``None``
  if any of them is incomplete); ``balance = leadership - management`` (positive
  leans to leadership).

:func:`score` handles one response; :func:`score_many` scores an ``(n, items)`` array
of many responses at once with numpy (0 marks an unanswered item).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .errors import AnswerError

if TYPE_CHECKING:  # numpy loads only when many responses are scored
    import numpy as np

    from .content import Course

__all__ = [
    "DimensionScore", "Scores", "ScoreTable", "score", "score_many", "validate_answers",
]


@dataclass(frozen=True)
class DimensionScore:
    """One dimension of one response."""

    dimension: str
    score: float | None
    answered: int
    total: int
    spread: float | None

    @property
    def complete(self) -> bool:
        return self.score is not None


@dataclass(frozen=True)
class Scores:
    """All the scores of one response."""

    dimensions: Mapping[str, DimensionScore]
    leadership: float | None
    management: float | None
    balance: float | None
    answered: int
    total: int

    def summary(self) -> dict[str, float | None]:
        """Dimension id -> score, plus ``leadership``, ``management`` and ``balance``."""
        out: dict[str, float | None] = {k: _round(v.score) for k, v in self.dimensions.items()}
        out.update(leadership=_round(self.leadership), management=_round(self.management),
                   balance=_round(self.balance))
        return out

    def detail(self) -> dict[str, Any]:
        """Everything, as plain JSON-ready values."""
        return {
            "dimensions": {
                k: {"score": _round(v.score), "answered": v.answered, "total": v.total,
                    "spread": _round(v.spread)}
                for k, v in self.dimensions.items()
            },
            "leadership": _round(self.leadership),
            "management": _round(self.management),
            "balance": _round(self.balance),
            "answered": self.answered,
            "total": self.total,
        }


def _round(x: float | None) -> float | None:
    return None if x is None else round(x, 4)


def validate_answers(course: Course, answers: Mapping[str, Any]) -> dict[str, int]:
    """Check every answer; return them as ``{item id: int}``.

    Raises:
        AnswerError: naming the first unknown item, non-integer or out-of-range answer.
    """
    if not isinstance(answers, Mapping):
        raise AnswerError(f"answers must be a mapping of item id to 1-5, "
                          f"not {type(answers).__name__}")
    clean: dict[str, int] = {}
    for item_id, value in answers.items():
        if not isinstance(item_id, str) or not course.has_item(item_id):
            raise AnswerError(f"unknown questionnaire item {str(item_id)[:60]!r}",
                              item=str(item_id)[:60])
        if isinstance(value, bool) or not isinstance(value, int):
            raise AnswerError(f"item '{item_id}': answer must be a whole number 1-5, "
                              f"not {value!r:.40}", item=item_id)
        if not 1 <= value <= 5:
            raise AnswerError(f"item '{item_id}': answer {value} is outside 1-5", item=item_id)
        clean[item_id] = value
    return clean


def _mean(xs: list[float]) -> float:
    return math.fsum(xs) / len(xs)


def score(course: Course, answers: Mapping[str, Any]) -> Scores:
    """Score one response (any subset of the items may be answered)."""
    clean = validate_answers(course, answers)
    dims: dict[str, DimensionScore] = {}
    for dim in course.dimensions:
        items = course.items_of(dim.id)
        values = [6 - clean[i.id] if i.reverse else clean[i.id] for i in items if i.id in clean]
        mean = spread = None
        if values and 2 * len(values) >= len(items):
            mean = _mean(values)
            spread = math.sqrt(_mean([(v - mean) ** 2 for v in values]))
        dims[dim.id] = DimensionScore(dim.id, mean, len(values), len(items), spread)

    def pole(name: str) -> float | None:
        got = [dims[d.id].score for d in course.dimensions_of(name)]
        return None if any(s is None for s in got) else _mean(got)  # type: ignore[arg-type]

    lead, man = pole("leadership"), pole("management")
    balance = None if lead is None or man is None else lead - man
    return Scores(dims, lead, man, balance, len(clean), len(course.items))


@dataclass(frozen=True)
class ScoreTable:
    """Scores of many responses: arrays of length n, NaN where incomplete."""

    dimensions: Mapping[str, np.ndarray]
    answered: Mapping[str, np.ndarray]
    leadership: np.ndarray
    management: np.ndarray
    balance: np.ndarray


def score_many(course: Course, matrix: Any) -> ScoreTable:
    """Score an ``(n, len(course.items))`` array of answers at once.

    Columns follow ``course.items``; 0 means unanswered. Same rules as :func:`score`.

    Raises:
        AnswerError: the shape is wrong, or a value is not a whole number 0-5
            (the message names the first bad item and row).
    """
    import numpy as np

    a = np.asarray(matrix)
    n_items = len(course.items)
    if a.ndim != 2 or a.shape[1] != n_items:
        raise AnswerError(f"expected an array of shape (n, {n_items}), got {a.shape}")
    if a.dtype.kind not in "iu":
        if a.dtype.kind != "f" or not np.all(np.isfinite(a)) or np.any(a != np.round(a)):
            bad = np.argwhere(~np.isfinite(a) | (a != np.round(a))) if a.dtype.kind == "f" \
                else np.zeros((1, 2), int)
            row, col = bad[0]
            raise AnswerError(f"row {row}, item '{course.items[col].id}': "
                              "answers must be whole numbers", item=course.items[col].id)
        a = a.astype(np.int16)
    if a.size and (a.min() < 0 or a.max() > 5):
        row, col = np.argwhere((a < 0) | (a > 5))[0]
        raise AnswerError(f"row {row}, item '{course.items[col].id}': answer {a[row, col]} "
                          "is outside 1-5 (0 = unanswered)", item=course.items[col].id)
    answered = a > 0
    reverse = np.array([i.reverse for i in course.items])
    values = np.where(reverse, 6 - a, a).astype(np.float64)
    values[~answered] = 0.0
    dims, counts = {}, {}
    for dim in course.dimensions:
        cols = np.array([i.dimension == dim.id for i in course.items])
        n = answered[:, cols].sum(axis=1)
        total = values[:, cols].sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            mean = total / n
        dims[dim.id] = np.where(2 * n >= cols.sum(), mean, np.nan)
        dims[dim.id][n == 0] = np.nan
        counts[dim.id] = n
    lead = np.mean([dims[d.id] for d in course.dimensions_of("leadership")], axis=0)
    man = np.mean([dims[d.id] for d in course.dimensions_of("management")], axis=0)
    return ScoreTable(dims, counts, lead, man, lead - man)
