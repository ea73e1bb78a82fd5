"""lvm_course.scoring: hand-worked examples, properties, and the vectorised path."""

from __future__ import annotations

import math
import random

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from lvm_course.errors import AnswerError
from lvm_course.scoring import score, score_many

from .conftest import all_answers


def test_all_threes_give_three_everywhere(course):
    """The neutral answer is neutral whatever the keying."""
    s = score(course, all_answers(course, 3))
    assert all(d.score == 3 and d.spread == 0 for d in s.dimensions.values())
    assert (s.leadership, s.management, s.balance) == (3, 3, 0)


def test_hand_worked_dimension(course):
    """Direction answered 5, 4, 2 on forward items and 1 on a reverse one."""
    items = course.items_of("direction")
    forward = [i for i in items if not i.reverse]
    reverse = [i for i in items if i.reverse]
    answers = {}
    chosen = [5, 4, 2][: len(forward)]
    for item, value in zip(forward, chosen, strict=False):
        answers[item.id] = value
    answers[reverse[0].id] = 1          # scores 6 - 1 = 5
    expected = (sum(chosen) + 5) / (len(chosen) + 1)
    d = score(course, answers).dimensions["direction"]
    assert d.score == pytest.approx(expected)
    assert d.answered == len(chosen) + 1
    vals = [*chosen, 5]
    assert d.spread == pytest.approx(math.sqrt(sum((v - expected) ** 2 for v in vals) / len(vals)))


def test_leadership_management_and_balance(course):
    """Leadership = mean of its three dimensions; balance = leadership - management."""
    answers = {}
    for item in course.items:
        high = course.dimension(item.dimension).pole == "leadership"
        value = 5 if high else 2
        answers[item.id] = 6 - value if item.reverse else value
    s = score(course, answers)
    assert s.leadership == pytest.approx(5)
    assert s.management == pytest.approx(2)
    assert s.balance == pytest.approx(3)
    assert s.summary()["balance"] == 3


def test_fewer_than_half_answered_is_incomplete(course):
    """One answer of four is never scored: score None, pole scores None."""
    item = course.items_of("motivation")[0]
    s = score(course, {item.id: 5})
    d = s.dimensions["motivation"]
    assert d.score is None and d.answered == 1 and not d.complete
    assert s.leadership is None and s.balance is None
    two = course.items_of("motivation")[:2]
    assert score(course, {i.id: 4 for i in two}).dimensions["motivation"].complete


@pytest.mark.parametrize("value, words", [
    (0, "outside 1-5"), (6, "outside 1-5"), (3.5, "whole number"), ("4", "whole number"),
    (True, "whole number"), (None, "whole number"),
])
def test_bad_answer_names_the_item(course, value, words):
    item = course.items[0]
    with pytest.raises(AnswerError, match=words) as info:
        score(course, {item.id: value})
    assert item.id in str(info.value) and info.value.item == item.id


def test_unknown_item_named(course):
    with pytest.raises(AnswerError, match="unknown questionnaire item 'q-nope'"):
        score(course, {"q-nope": 3})


answer_values = st.integers(min_value=1, max_value=5)


@st.composite
def responses(draw, course):
    ids = [i.id for i in course.items]
    chosen = draw(st.lists(st.sampled_from(ids), unique=True))
    return {i: draw(answer_values) for i in chosen}


@given(data=st.data())
def test_mirrored_answers_give_mirrored_scores(course, data):
    """Answering 6 - x everywhere turns every score s into 6 - s."""
    answers = data.draw(responses(course))
    a, b = score(course, answers), score(course, {k: 6 - v for k, v in answers.items()})
    for dim in course.dimensions:
        x, y = a.dimensions[dim.id].score, b.dimensions[dim.id].score
        assert (x is None) == (y is None)
        if x is not None:
            assert x + y == pytest.approx(6)
            assert a.dimensions[dim.id].spread == pytest.approx(b.dimensions[dim.id].spread)
    if a.balance is not None:
        assert a.balance == pytest.approx(-b.balance)


@given(data=st.data())
def test_order_of_answers_never_matters(course, data):
    answers = data.draw(responses(course))
    keys = list(answers)
    random.Random(data.draw(st.integers())).shuffle(keys)
    assert score(course, answers) == score(course, {k: answers[k] for k in keys})


@given(data=st.data())
def test_scores_stay_on_the_scale(course, data):
    s = score(course, data.draw(responses(course)))
    for d in s.dimensions.values():
        assert d.score is None or 1 <= d.score <= 5
        assert d.spread is None or 0 <= d.spread <= 2


@given(data=st.data())
def test_vectorised_equals_one_by_one(course, data):
    """score_many gives exactly what score gives, response by response."""
    rows = data.draw(st.lists(responses(course), min_size=1, max_size=8))
    ids = [i.id for i in course.items]
    matrix = np.array([[r.get(i, 0) for i in ids] for r in rows])
    table = score_many(course, matrix)
    for n, r in enumerate(rows):
        one = score(course, r)
        for dim, d in one.dimensions.items():
            got = table.dimensions[dim][n]
            assert (d.score is None and np.isnan(got)) or d.score == pytest.approx(got)
            assert table.answered[dim][n] == d.answered
        if one.balance is None:
            assert np.isnan(table.balance[n])
        else:
            assert table.balance[n] == pytest.approx(one.balance)


def test_score_many_rejects_bad_matrices(course):
    n = len(course.items)
    with pytest.raises(AnswerError, match="shape"):
        score_many(course, np.zeros((2, n + 1)))
    bad = np.full((3, n), 3)
    bad[2, 4] = 7
    with pytest.raises(AnswerError, match=f"row 2, item '{course.items[4].id}'"):
        score_many(course, bad)
    half = np.full((1, n), 3.0)
    half[0, 1] = 2.5
    with pytest.raises(AnswerError, match="whole numbers"):
        score_many(course, half)
    assert np.all(score_many(course, np.full((2, n), 3.0)).leadership == 3)
