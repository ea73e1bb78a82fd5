"""lvm_course.situations: the lead-or-manage rule, on the real factors and on a small
made-up set whose numbers are easy to check by hand."""

from __future__ import annotations

import itertools
from types import SimpleNamespace

import pytest

from lvm_course.errors import LvmCourseError
from lvm_course.model import Factor
from lvm_course.situations import LEAD_FROM, MANAGE_UPTO, OWN_READING, SituationError, recommend

SRC = "000_ae9b90a7715787bc.txt"


def _factor(id_, leans):
    levels = [{"id": lv, "label": f"{lv} {id_}", "lean": lean, "reason": f"{id_} is {lv}"}
              for lv, lean in zip(("low", "medium", "high"), leans, strict=True)]
    return Factor.model_validate({"id": id_, "label": f"{id_}?", "levels": levels,
                                  "source": SRC})


@pytest.fixture
def toy():
    """Two factors leaning opposite ways: experience (-2,0,2) and urgency (1,0,-2)."""
    return SimpleNamespace(factors=(_factor("experience", (-2, 0, 2)),
                                    _factor("urgency", (1, 0, -2))))


def _extreme(course, pick):
    return {f.id: pick(f.levels, key=lambda lv: lv.lean).id for f in course.factors}


def test_all_high_leads_and_all_low_manages(course):
    """Every factor set to 'high' calls for leading, every factor 'low' for managing."""
    high = recommend(course, {f.id: "high" for f in course.factors})
    low = recommend(course, {f.id: "low" for f in course.factors})
    assert high.verdict == "lead" and low.verdict == "manage"
    assert high.lead_share > 50 > low.lead_share
    assert high.lean > 0 > low.lean


def test_strongest_levels_reach_the_ends_of_the_scale(course):
    """The most managing level of every factor gives 0%; the most leading gives the
    highest share any combination can (below 100 where a factor leans further to
    managing than to leading: no deadline leans only weakly to leading, by the course's
    own reading, while a tight deadline leans fully to managing, by article 003)."""
    top = recommend(course, _extreme(course, max))
    bottom = recommend(course, _extreme(course, min))
    assert (top.verdict, bottom.verdict) == ("lead", "manage")
    ids = [f.id for f in course.factors]
    best = max(recommend(course, dict(zip(ids, combo, strict=True))).lead_share
               for combo in itertools.product(("low", "medium", "high"), repeat=len(ids)))
    assert top.lead_share == best and bottom.lead_share == 0 and bottom.manage_share == 100
    assert len(top.reasons) == len(course.factors)


def test_reasons_the_articles_do_not_give_are_marked_as_the_courses_own(course):
    """No deadline leaning to leading is not in article 003: the reason says so."""
    rec = recommend(course, {"deadline": "low"})
    assert rec.reasons[0].endswith(OWN_READING)
    assert not recommend(course, {"deadline": "high"}).reasons[0].endswith(OWN_READING)


def test_share_stays_within_0_and_100_for_every_combination(course):
    """Whatever the levels, the share is a percentage and the verdict follows it."""
    ids = [f.id for f in course.factors]
    for combo in itertools.product(("low", "medium", "high"), repeat=len(ids)):
        rec = recommend(course, dict(zip(ids, combo, strict=True)))
        assert 0 <= rec.lead_share <= 100
        expected = "lead" if rec.lead_share >= LEAD_FROM else \
            "manage" if rec.lead_share <= MANAGE_UPTO else "both"
        assert rec.verdict == expected and rec.sentence


def test_rule_by_hand(toy):
    """lean = sum; share = 50 + 50 * lean / largest possible lean (2 + 2 here)."""
    rec = recommend(toy, {"experience": "high", "urgency": "low"})
    assert (rec.lean, rec.lead_share, rec.verdict) == (3, 87.5, "lead")
    rec = recommend(toy, {"experience": "medium", "urgency": "high"})
    assert (rec.lean, rec.lead_share, rec.verdict) == (-2, 25.0, "manage")
    rec = recommend(toy, {"experience": "high", "urgency": "high"})
    assert (rec.lean, rec.lead_share, rec.verdict) == (0, 50.0, "both")


def test_reasons_strongest_first(toy):
    """A lean of 2 is listed before a lean of 1; equal leans keep the factor order."""
    rec = recommend(toy, {"urgency": "low", "experience": "low"})
    assert rec.reasons == ["experience is low", "urgency is low"]
    rec = recommend(toy, {"urgency": "high", "experience": "high"})
    assert rec.reasons == ["experience is high", "urgency is high"]


def test_nothing_chosen_is_an_even_balance(toy):
    """No factor set: 50%, 'both', no reasons; a partial choice counts only what is set."""
    rec = recommend(toy, {})
    assert (rec.lean, rec.lead_share, rec.verdict, rec.reasons) == (0, 50.0, "both", [])
    assert recommend(toy, {"experience": "high"}).lead_share == 100


@pytest.mark.parametrize(("levels", "named"), [
    ({"experiense": "high"}, "experiense"),
    ({"experience": "very high"}, "very high"),
])
def test_unknown_factor_or_level_is_named(toy, levels, named):
    """A typo raises the course's own error, naming what is unknown."""
    with pytest.raises(SituationError, match=named) as info:
        recommend(toy, levels)
    assert isinstance(info.value, LvmCourseError)
